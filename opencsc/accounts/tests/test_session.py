"""Signing out after inactivity, and the keep-alive the warning banner calls."""

import datetime

import pytest
import time_machine
from django.conf import settings

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
PASSWORD = "correct horse battery staple"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def idle(clock, seconds):
    clock.shift(datetime.timedelta(seconds=seconds))


def test_keep_alive_answers_204_for_a_signed_in_user(client, personas):
    client.force_login(personas["social.worker"])
    response = client.get("/session/keep-alive/")
    assert response.status_code == 204
    assert response.content == b""


def test_keep_alive_does_not_revive_a_stranger(client, trust):
    response = client.get("/session/keep-alive/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_idle_longer_than_the_session_age_signs_out(client, personas, clock):
    client.force_login(personas["social.worker"])
    assert client.get("/children/").status_code == 200
    idle(clock, settings.SESSION_COOKIE_AGE + 1)
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"] == "/login/?next=/children/"
    assert client.get("/session/keep-alive/").status_code == 302


def test_idle_just_under_the_session_age_stays_signed_in(client, personas, clock):
    client.force_login(personas["social.worker"])
    idle(clock, settings.SESSION_COOKIE_AGE - 5)
    assert client.get("/children/").status_code == 200


def test_each_request_restarts_the_clock(client, personas, clock):
    client.force_login(personas["social.worker"])
    for _ in range(3):  # 3 x 20 minutes is longer than the session, but never idle for it
        idle(clock, settings.SESSION_COOKIE_AGE * 2 // 3)
        assert client.get("/session/keep-alive/").status_code == 204
    idle(clock, settings.SESSION_COOKIE_AGE * 2 // 3)
    assert client.get("/children/").status_code == 200


def test_keep_alive_extends_the_session_like_any_page(client, personas, clock):
    client.force_login(personas["social.worker"])
    idle(clock, settings.SESSION_COOKIE_AGE - 60)
    client.get("/session/keep-alive/")
    idle(clock, settings.SESSION_COOKIE_AGE - 60)
    assert client.get("/children/").status_code == 200


def test_every_page_carries_the_timings_for_the_warning(client, personas):
    client.force_login(personas["social.worker"])
    html = client.get("/home/").content.decode()
    assert f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"' in html
    assert f'data-warning-seconds="{settings.SESSION_WARNING_SECONDS}"' in html
    assert 'href="/session/keep-alive/" data-stay-signed-in' in html
    assert settings.SESSION_WARNING_SECONDS < settings.SESSION_COOKIE_AGE


def test_the_session_cookie_is_not_readable_by_scripts_and_ends_with_the_browser(client, trust):
    response = client.post("/login/", {"username": "social.worker", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["max-age"] == ""  # a browser-session cookie: gone when the browser closes


def test_signing_in_issues_a_new_session_id(client, trust):
    client.get("/login/")
    client.cookies[settings.SESSION_COOKIE_NAME] = "planted-by-an-attacker"
    client.post("/login/", {"username": "social.worker", "password": PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "planted-by-an-attacker"
