"""The administration page: locked accounts can be unlocked, by administrators only."""

import pytest

from opencsc.core.models import AuditAction, AuditEntry


def _lock(client, username):
    for _ in range(5):
        client.post("/login/", {"username": username, "password": "wrong"})


@pytest.fixture
def admin_client(client, personas):
    _lock(client, "social.worker")
    client.force_login(personas["admin"])
    return client


def test_locked_accounts_are_listed(admin_client):
    html = admin_client.get("/administration/").content.decode()
    assert 'name="unlock" value="social.worker"' in html
    assert 'value="other.worker"' not in html


def test_no_locked_accounts_says_so(client, personas):
    client.force_login(personas["admin"])
    assert "No account is locked" in client.get("/administration/").content.decode()


def test_administrator_unlocks_an_account_and_it_is_audited(admin_client, personas, client):
    response = admin_client.post("/administration/", {"unlock": "social.worker"})
    assert response.status_code == 302
    page = admin_client.get("/administration/").content.decode()
    assert "social.worker can sign in again" in page
    entry = AuditEntry.objects.get(actor=personas["admin"], object_id="social.worker")
    assert entry.action == AuditAction.CONFIGURE
    admin_client.logout()
    signed_in = client.post(
        "/login/", {"username": "social.worker", "password": "correct horse battery staple"}
    )
    assert signed_in.status_code == 302


def test_unlocking_an_account_that_is_not_locked_does_nothing(admin_client, personas):
    admin_client.post("/administration/", {"unlock": "other.worker"})
    assert not AuditEntry.objects.filter(
        actor=personas["admin"], action=AuditAction.CONFIGURE
    ).exists()


def test_a_manager_cannot_unlock(client, personas):
    _lock(client, "social.worker")
    client.force_login(personas["team.manager"])
    assert client.post("/administration/", {"unlock": "social.worker"}).status_code == 403
    client.logout()
    locked = client.post(
        "/login/", {"username": "social.worker", "password": "correct horse battery staple"}
    )
    assert locked.status_code == 429


def test_staff_are_listed_with_their_employer(client, personas):
    client.force_login(personas["admin"])
    html = client.get("/administration/").content.decode()
    assert "other.worker" in html
    assert "Fernbridge City Council" in html  # the council viewer stays a council employee
