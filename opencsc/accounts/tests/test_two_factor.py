"""Two-step sign-in with an authenticator app (TOTP), by choice or required per role."""

import datetime

import pytest
import time_machine
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.roles import Role
from opencsc.organisations.models import RoleSecurityPolicy

PASSWORD = "correct horse battery staple"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
STEP = datetime.timedelta(seconds=31)  # a fresh 30-second code; each code works once


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def wrong_code_for(device: TOTPDevice) -> str:
    return f"{(int(code_for(device)) + 500_000) % 1_000_000:06d}"


def turn_on(client, user, clock) -> TOTPDevice:
    """Set up an authenticator app the way a user does, through the page."""
    client.force_login(user)
    assert client.get("/account/two-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    client.post("/account/two-factor/", {"code": code_for(device)})
    device.refresh_from_db()
    assert device.confirmed
    client.post("/logout/")
    clock.shift(STEP)
    return device


def sign_in(client, username, **extra):
    return client.post("/login/", {"username": username, "password": PASSWORD, **extra})


# Turning it on ---------------------------------------------------------------------------


def test_setup_page_shows_a_qr_code_and_the_key(client, personas, clock):
    client.force_login(personas["social.worker"])
    html = client.get("/account/two-factor/").content.decode()
    assert "<svg" in html
    assert "QR code for your authenticator app" in html
    device = TOTPDevice.objects.get(user=personas["social.worker"])
    assert not device.confirmed
    import base64

    assert base64.b32encode(device.bin_key).decode().rstrip("=") in html


def test_user_turns_it_on_with_a_code_from_their_app(client, personas, clock):
    user = personas["social.worker"]
    client.force_login(user)
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=user)
    response = client.post("/account/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/account/"
    device.refresh_from_db()
    assert device.confirmed
    assert 'Two-step sign-in</dt><dd class="govuk-summary-list__value">On' in (
        client.get("/account/").content.decode()
    )
    assert AuditEntry.objects.filter(
        actor=user, action=AuditAction.CONFIGURE, changes__has_key="two-step sign-in"
    ).exists()


def test_setup_accepts_the_code_as_the_app_shows_it_with_a_space(client, personas, clock):
    client.force_login(personas["social.worker"])
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=personas["social.worker"])
    code = code_for(device)
    client.post("/account/two-factor/", {"code": f"{code[:3]} {code[3:]}"})
    device.refresh_from_db()
    assert device.confirmed


def test_wrong_code_at_setup_leaves_it_off_and_says_why(client, personas, clock):
    client.force_login(personas["social.worker"])
    client.get("/account/two-factor/")
    device = TOTPDevice.objects.get(user=personas["social.worker"])
    response = client.post("/account/two-factor/", {"code": wrong_code_for(device)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "The code is not right" in html
    device.refresh_from_db()
    assert not device.confirmed


@pytest.mark.parametrize("typed", ["12345", "1234567", "abcdef", ""])
def test_a_code_that_is_not_six_digits_says_so(client, personas, clock, typed):
    client.force_login(personas["social.worker"])
    client.get("/account/two-factor/")
    html = client.post("/account/two-factor/", {"code": typed}).content.decode()
    assert "govuk-error-summary" in html
    assert "6-digit code" in html or "The code is 6 digits" in html


# Signing in once it is on ----------------------------------------------------------------


def test_after_the_password_every_page_asks_for_the_code(client, personas, clock):
    turn_on(client, personas["social.worker"], clock)
    response = sign_in(client, "social.worker", next="/children/?name=smith")
    assert response.status_code == 302
    for path in ("/children/?name=smith", "/home/", "/account/", "/session/keep-alive/"):
        page = client.get(path)
        assert page.status_code == 302, path
        assert page["Location"].startswith("/login/verify/?next="), path
    assert client.get("/children/?name=smith")["Location"] == (
        "/login/verify/?next=%2Fchildren%2F%3Fname%3Dsmith"
    )


def test_the_right_code_completes_sign_in_and_returns_to_the_page(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    response = client.post("/login/verify/?next=/children/", {"code": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == "/children/"
    assert client.get("/children/").status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message_and_audited(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    response = client.post("/login/verify/", {"code": wrong_code_for(device)})
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "The code is not right" in html
    assert client.get("/children/").status_code == 302
    assert AuditEntry.objects.filter(
        action=AuditAction.SIGN_IN_FAILED, actor=personas["social.worker"]
    ).exists()


def test_repeated_wrong_codes_make_the_user_wait_and_say_how_long(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    for wait in (1, 2, 0):  # each wrong code doubles the wait: 1, 2, then 4 seconds
        client.post("/login/verify/", {"code": wrong_code_for(device)})
        clock.shift(datetime.timedelta(seconds=wait))
    html = client.post("/login/verify/", {"code": code_for(device)}).content.decode()
    assert "Too many wrong codes. Wait 4 seconds" in html
    assert client.get("/children/").status_code == 302
    clock.shift(datetime.timedelta(seconds=5))
    client.post("/login/verify/", {"code": code_for(device)})
    assert client.get("/children/").status_code == 200


def test_a_code_cannot_be_used_twice(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    code = code_for(device)
    client.post("/login/verify/", {"code": code})
    client.post("/logout/")
    sign_in(client, "social.worker")
    html = client.post("/login/verify/", {"code": code}).content.decode()
    assert "The code is not right" in html


def test_an_unverified_user_cannot_swap_in_a_new_device(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    response = client.get("/account/two-factor/")
    assert response["Location"].startswith("/login/verify/")
    assert list(TOTPDevice.objects.filter(user=personas["social.worker"])) == [device]


def test_user_without_a_device_is_not_asked_for_a_code(client, personas):
    assert sign_in(client, "social.worker").status_code == 302
    assert client.get("/children/").status_code == 200


def test_api_without_the_second_factor_gets_403_json(client, personas, clock):
    device = turn_on(client, personas["social.worker"], clock)
    sign_in(client, "social.worker")
    response = client.get("/api/v1/me")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert "second factor" in response.json()["detail"]
    client.post("/login/verify/", {"code": code_for(device)})
    assert client.get("/api/v1/me").status_code == 200


# Required by role ------------------------------------------------------------------------


def _require_for(client, admin, roles):
    client.force_login(admin)
    return client.post("/administration/", {"roles": roles})


def test_administrator_requires_it_for_a_role(client, personas):
    response = _require_for(client, personas["admin"], [Role.SOCIAL_WORKER])
    assert response.status_code == 302
    required = set(
        RoleSecurityPolicy.objects.filter(require_second_factor=True).values_list("role", flat=True)
    )
    assert required == {Role.SOCIAL_WORKER}
    entry = AuditEntry.objects.filter(actor=personas["admin"], action=AuditAction.CONFIGURE).get()
    assert entry.changes == {"two-step sign-in required for social_worker": [False, True]}
    assert 'value="social_worker" checked' in client.get("/administration/").content.decode()


def test_user_of_that_role_without_a_device_is_sent_to_set_it_up(client, personas, clock):
    _require_for(client, personas["admin"], [Role.SOCIAL_WORKER])
    client.post("/logout/")
    sign_in(client, "social.worker")
    response = client.get("/children/")
    assert response["Location"] == "/account/two-factor/?next=%2Fchildren%2F"
    assert client.get("/api/v1/me").status_code == 403
    client.get("/account/two-factor/?next=/children/")
    device = TOTPDevice.objects.get(user=personas["social.worker"])
    response = client.post("/account/two-factor/?next=/children/", {"code": code_for(device)})
    assert response["Location"] == "/children/"
    assert client.get("/children/").status_code == 200


def test_other_roles_are_unaffected(client, personas):
    _require_for(client, personas["admin"], [Role.SOCIAL_WORKER])
    client.post("/logout/")
    sign_in(client, "team.manager")
    assert client.get("/children/").status_code == 200


def test_lifting_the_requirement_lets_the_role_in_without_a_device(client, personas):
    _require_for(client, personas["admin"], [Role.SOCIAL_WORKER])
    _require_for(client, personas["admin"], [])
    client.post("/logout/")
    sign_in(client, "social.worker")
    assert client.get("/children/").status_code == 200


@pytest.mark.parametrize(
    "username",
    [
        "social.worker",
        "team.manager",
        "head.of.service",
        "analyst",
        "council.viewer",
        "police.partner",
    ],
)
def test_only_an_administrator_can_change_the_rule(client, personas, username):
    client.force_login(personas[username])
    assert client.get("/administration/").status_code == 403
    assert client.post("/administration/", {"roles": [Role.ANALYST]}).status_code == 403
    assert not RoleSecurityPolicy.objects.filter(require_second_factor=True).exists()
