"""Signing in with a password: hashing, lock-out, audit, the form and safe redirects."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.test import override_settings

from opencsc.core.models import AuditAction, AuditEntry

PASSWORD = "correct horse battery staple"
ARGON2 = ["django.contrib.auth.hashers.Argon2PasswordHasher"]


def _sign_in(client, username, password=PASSWORD, **extra):
    return client.post("/login/", {"username": username, "password": password, **extra})


def _fail(client, username, times):
    return [_sign_in(client, username, "wrong password").status_code for _ in range(times)]


def _signed_in_as(client):
    return client.get("/session/keep-alive/").status_code == 204 and client.session.get(
        "_auth_user_id"
    )


# Passwords -------------------------------------------------------------------------------


def test_real_settings_hash_passwords_with_argon2_first():
    from opencsc.config.settings import base

    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@override_settings(PASSWORD_HASHERS=ARGON2)
def test_a_password_set_with_real_settings_is_stored_as_argon2(client, personas):
    user = personas["social.worker"]
    user.set_password("a new long passphrase for testing")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2")
    assert "a new long passphrase" not in user.password
    assert _sign_in(client, "social.worker", "a new long passphrase for testing").status_code == 302


@override_settings(PASSWORD_HASHERS=[*ARGON2, "django.contrib.auth.hashers.MD5PasswordHasher"])
def test_an_older_hash_is_upgraded_to_argon2_at_sign_in(client, personas):
    assert personas["social.worker"].password.startswith("md5")
    assert _sign_in(client, "social.worker").status_code == 302
    personas["social.worker"].refresh_from_db()
    assert personas["social.worker"].password.startswith("argon2")


# The form --------------------------------------------------------------------------------


def test_right_password_signs_in_and_goes_home(client, personas):
    response = _sign_in(client, "social.worker")
    assert response.status_code == 302
    assert response["Location"] == "/home/"
    assert _signed_in_as(client) == str(personas["social.worker"].pk)


def test_wrong_password_shows_error_summary_and_keeps_the_username(client, personas):
    response = _sign_in(client, "social.worker", "not the password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct username and password" in html
    assert 'value="social.worker"' in html
    assert "not the password" not in html
    assert "(error)" in html  # the page title says so too, for screen reader users


def test_empty_form_says_what_to_enter(client, trust):
    html = client.post("/login/", {"username": "", "password": ""}).content.decode()
    assert "govuk-error-summary" in html
    assert 'href="#id_username">Enter your username' in html
    assert 'href="#id_password">Enter your password' in html


def test_inactive_account_cannot_sign_in(client, personas):
    personas["social.worker"].is_active = False
    personas["social.worker"].save()
    response = _sign_in(client, "social.worker")
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# Safe redirects --------------------------------------------------------------------------


def test_next_path_on_this_site_is_followed(client, personas):
    response = _sign_in(client, "social.worker", next="/children/?name=smith")
    assert response["Location"] == "/children/?name=smith"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "https:///evil.example",
    ],
)
def test_next_off_this_site_is_ignored(client, personas, target):
    response = _sign_in(client, "social.worker", next=target)
    assert response.status_code == 302
    assert response["Location"] == "/home/"


def test_next_from_the_query_string_reaches_the_form(client, trust):
    html = client.get("/login/?next=/children/").content.decode()
    assert 'name="next" value="/children/"' in html


def test_unsafe_next_is_not_echoed_into_the_form(client, trust):
    html = client.get("/login/?next=https://evil.example/").content.decode()
    assert "evil.example" not in html


def test_pages_send_strangers_to_sign_in_and_back(client, trust):
    response = client.get("/children/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/children/")


# Audit -----------------------------------------------------------------------------------


def test_failed_sign_in_is_audited_with_the_username_tried(client, trust):
    _sign_in(client, "social.worker", "wrong")
    _sign_in(client, "nobody.here", "wrong")
    failed = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED)
    assert sorted(failed.values_list("object_id", flat=True)) == ["nobody.here", "social.worker"]
    assert all(e.actor_id is None for e in failed)


def test_sign_in_and_sign_out_are_audited(client, personas):
    _sign_in(client, "social.worker")
    client.post("/logout/")
    actions = list(
        AuditEntry.objects.filter(actor=personas["social.worker"]).values_list("action", flat=True)
    )
    assert actions == [AuditAction.SIGN_IN, AuditAction.SIGN_OUT]


def test_sign_out_needs_a_post(client, personas):
    client.force_login(personas["social.worker"])
    assert client.get("/logout/").status_code == 405
    assert _signed_in_as(client)


# Lock-out --------------------------------------------------------------------------------


def test_five_failures_lock_the_account(client, personas):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert _fail(client, "social.worker", 5) == [200, 200, 200, 200, 429]


def test_locked_out_page_is_the_sign_in_page_saying_what_to_do(client, personas):
    _fail(client, "social.worker", 5)
    response = _sign_in(client, "social.worker", "wrong again")
    html = response.content.decode()
    assert response.status_code == 429
    assert "govuk-error-summary" in html
    assert "Wait 15 minutes, then sign in again" in html
    assert "ask your administrator to unlock it" in html
    assert 'value="social.worker"' in html
    assert 'name="password"' in html


def test_right_password_during_lock_out_still_fails(client, personas):
    _fail(client, "social.worker", 5)
    response = _sign_in(client, "social.worker")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lock_out_is_audited(client, personas):
    _fail(client, "social.worker", 5)
    _sign_in(client, "social.worker")
    failed = AuditEntry.objects.filter(action=AuditAction.SIGN_IN_FAILED, object_id="social.worker")
    assert failed.count() >= 5
    assert not AuditEntry.objects.filter(action=AuditAction.SIGN_IN).exists()


def test_another_user_at_the_same_address_is_unaffected(client, personas):
    _fail(client, "social.worker", 6)
    response = _sign_in(client, "other.worker")
    assert response.status_code == 302
    assert _signed_in_as(client) == str(personas["other.worker"].pk)


def test_fewer_failures_then_success_resets_the_count(client, personas):
    _fail(client, "social.worker", 4)
    assert _sign_in(client, "social.worker").status_code == 302
    client.post("/logout/")
    assert _fail(client, "social.worker", 4) == [200, 200, 200, 200]
    assert _sign_in(client, "social.worker").status_code == 302


def test_lock_lifts_after_a_quiet_cool_off(client, personas):
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as clock:
        _fail(client, "social.worker", 5)
        clock.shift(datetime.timedelta(minutes=14))
        assert _sign_in(client, "social.worker").status_code == 429
        # That try restarted the wait, as the page warned.
        clock.shift(datetime.timedelta(minutes=14))
        assert _sign_in(client, "social.worker").status_code == 429
        clock.shift(datetime.timedelta(minutes=16))
        assert _sign_in(client, "social.worker").status_code == 302
