"""API tokens: created on the account page, shown once, stored only as a hash, revoked."""

import hashlib
import re

import pytest

from opencsc.accounts.models import ApiToken
from opencsc.core.models import AuditAction, AuditEntry

TOKEN = re.compile(r"<code>(ocsc_[A-Za-z0-9_-]{20,})</code>")


def create(client, name="Caseload report"):
    response = client.post("/account/tokens/", {"name": name})
    assert response.status_code == 302
    return TOKEN.search(client.get("/account/").content.decode()).group(1)


def api_me(client, key):
    return client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def worker(client, personas):
    client.force_login(personas["social.worker"])
    return personas["social.worker"]


def test_a_new_token_is_shown_once(client, worker):
    key = create(client)
    again = client.get("/account/").content.decode()
    assert key not in again
    assert TOKEN.search(again) is None
    assert "Caseload report" in again  # still listed, by name and prefix
    assert f"<code>ocsc_{key[5:13]}</code>" in again


def test_only_a_hash_of_the_token_is_kept(client, worker):
    key = create(client)
    token = ApiToken.objects.get(user=worker)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    stored = [str(v) for v in ApiToken.objects.values().get().values()]
    assert key not in stored


def test_the_token_reads_the_api_as_its_owner(client, worker):
    key = create(client)
    client.logout()
    response = api_me(client, key)
    assert response.status_code == 200
    assert response.json()["username"] == "social.worker"
    assert ApiToken.objects.get(user=worker).last_used_at is not None


def test_a_wrong_token_gets_401_json(client, trust):
    response = api_me(client, "ocsc_not-a-real-token-at-all-123456")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_revoked_token_stops_working(client, worker):
    key = create(client)
    token = ApiToken.objects.get(user=worker)
    response = client.post(f"/account/tokens/{token.pk}/revoke/")
    assert response.status_code == 302
    assert "no longer works" in client.get("/account/").content.decode()
    client.logout()
    assert api_me(client, key).status_code == 401


def test_creating_and_revoking_are_audited(client, worker):
    create(client, "Nightly export")
    token = ApiToken.objects.get(user=worker)
    client.post(f"/account/tokens/{token.pk}/revoke/")
    changes = [
        e.changes for e in AuditEntry.objects.filter(actor=worker, action=AuditAction.CONFIGURE)
    ]
    assert changes == [
        {"api token": [None, "Nightly export"]},
        {"api token revoked": ["Nightly export", None]},
    ]


def test_nobody_can_revoke_another_users_token(client, personas, worker):
    create(client)
    token = ApiToken.objects.get(user=worker)
    client.force_login(personas["team.manager"])
    assert client.post(f"/account/tokens/{token.pk}/revoke/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_needs_a_post(client, worker):
    create(client)
    token = ApiToken.objects.get(user=worker)
    assert client.get(f"/account/tokens/{token.pk}/revoke/").status_code == 405


def test_a_token_needs_a_name(client, worker):
    client.post("/account/tokens/", {"name": ""})
    assert not ApiToken.objects.exists()
    assert "Enter what the token is for" in client.get("/account/").content.decode()


def test_a_deactivated_users_token_stops_working(client, worker):
    key = create(client)
    worker.is_active = False
    worker.save()
    client.logout()
    assert api_me(client, key).status_code == 401
