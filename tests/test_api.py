"""The read API at /api/v1/: scoped and audited like the pages, JSON for every answer."""

import datetime
import json
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from opencsc.accounts.actions import create_api_token, revoke_api_token
from opencsc.accounts.models import ApiToken
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.people import actions
from opencsc.people.models import Address, Person

pytestmark = pytest.mark.django_db

VALID_NHS_NUMBER = "9434765919"  # the NHS's own example; its check digit is right
VALID_UPN = "A123456789012"  # check letter A for these twelve characters


def _json(response):
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def _bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def worker(login, personas):
    return login(personas["social.worker"])


# --- The OpenAPI document ---------------------------------------------------------------


def test_openapi_document_lists_the_paths():
    document = _json(Client().get("/api/v1/openapi.json"))
    assert {"/api/v1/children", "/api/v1/children/{child_id}", "/api/v1/me"} <= set(
        document["paths"]
    )
    search = document["paths"]["/api/v1/children"]["get"]
    assert {p["name"] for p in search["parameters"]} >= {
        "name",
        "date_of_birth",
        "nhs_number",
        "upn",
        "postcode",
        "limit",
    }
    assert {"401", "403", "422"} <= set(search["responses"])


def test_openapi_document_declares_bearer_and_session_auth():
    schemes = _json(Client().get("/api/v1/openapi.json"))["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    assert any(s.get("scheme") == "bearer" for s in schemes.values())


# --- /children: search, scoped and audited ----------------------------------------------


def test_search_finds_only_children_in_scope(worker, make_child):
    mine = make_child(worker="social.worker", given="Ottilie", family="Brannagh")
    make_child(
        worker="other.worker", team="Assessment Team East", given="Ottilie", family="Brannagh"
    )
    found = _json(worker.get("/api/v1/children", {"name": "brannagh ottilie"}))
    assert [c["id"] for c in found] == [mine.pk]


def test_search_never_finds_a_restricted_record_the_caller_is_not_named_on(
    worker, make_child, personas
):
    hidden = make_child(worker="social.worker", given="Ottilie", family="Brannagh")
    actions.restrict_record(
        hidden, actor=personas["team.manager"], restriction="adoption", named_users=[]
    )
    assert _json(worker.get("/api/v1/children", {"name": "Ottilie Brannagh"})) == []
    assert _json(worker.get("/api/v1/children")) == []


def test_search_by_identifiers(worker, make_child):
    child = make_child(
        worker="social.worker",
        nhs_number=VALID_NHS_NUMBER,
        upn=VALID_UPN,
        dob=datetime.date(2017, 8, 9),
    )
    make_child(worker="social.worker", dob=datetime.date(2017, 8, 10))
    Address.objects.create(
        person=child,
        line_1="2 Test Street",
        postcode="B1 1AA",
        start_date=datetime.date(2020, 1, 1),
    )
    for query in (
        {"nhs_number": "943 476 5919"},
        {"upn": VALID_UPN.lower()},
        {"date_of_birth": "2017-08-09"},
        {"postcode": "b11aa"},
    ):
        assert [c["id"] for c in _json(worker.get("/api/v1/children", query))] == [child.pk]


def test_search_honours_the_limit(worker, make_child):
    for _ in range(3):
        make_child(worker="social.worker")
    assert len(_json(worker.get("/api/v1/children", {"limit": 2}))) == 2


def test_search_is_audited_with_the_criteria(worker):
    worker.get("/api/v1/children", {"name": "Quilliam"})
    entry = AuditEntry.objects.filter(action=AuditAction.SEARCH).last()
    assert entry.actor_username == "social.worker"
    assert "Quilliam" in entry.reason


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "admin"])
def test_roles_without_children_get_403_on_search(persona, login, personas):
    response = login(personas[persona]).get("/api/v1/children")
    assert response.status_code == 403
    assert _json(response)["detail"]


def test_partner_agency_finds_only_what_is_shared(login, personas, make_child, trust):
    shared = make_child(team="Child Protection Team South")
    make_child(team="Child Protection Team South")
    actions.share_with_agency(
        shared,
        actor=personas["head.of.service"],
        agency=trust.police,
        purpose="Joint visit",
        legal_basis="Children Act 1989 s47",
    )
    police = login(personas["police.partner"])
    assert [c["id"] for c in _json(police.get("/api/v1/children"))] == [shared.pk]


# --- /children/{id}: 404 outside scope, audited -----------------------------------------


def test_reading_a_child_returns_the_record(worker, make_child):
    child = make_child(
        worker="social.worker", given="Amara", family="Quilliam", nhs_number=VALID_NHS_NUMBER
    )
    record = _json(worker.get(f"/api/v1/children/{child.pk}"))
    assert (record["given_names"], record["family_name"]) == ("Amara", "Quilliam")
    assert record["nhs_number"] == VALID_NHS_NUMBER
    assert record["allocated_team"] == "Child Protection Team North"
    assert record["allocated_worker"] == "social.worker"
    assert record["responsible_council_la_code"] == "330"


def test_reading_a_child_is_audited_with_the_readers_username(worker, make_child):
    child = make_child(worker="social.worker")
    worker.get(f"/api/v1/children/{child.pk}")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=child.pk).get()
    assert (entry.actor_username, entry.reason) == ("social.worker", "API")


def test_child_outside_scope_is_404_exactly_like_a_missing_one(login, personas, make_child):
    elsewhere = make_child(worker="other.worker", team="Assessment Team East")
    client = login(personas["social.worker"])
    outside = client.get(f"/api/v1/children/{elsewhere.pk}")
    missing = client.get(f"/api/v1/children/{elsewhere.pk + 1000}")
    assert outside.status_code == missing.status_code == 404
    assert outside.content == missing.content
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=elsewhere.pk).exists()


def test_restricted_child_is_404_unless_named(login, personas, make_child):
    child = make_child(worker="social.worker")
    actions.restrict_record(
        child, actor=personas["team.manager"], restriction="high_profile", named_users=[]
    )
    assert login(personas["social.worker"]).get(f"/api/v1/children/{child.pk}").status_code == 404
    assert login(personas["team.manager"]).get(f"/api/v1/children/{child.pk}").status_code == 200


def test_a_related_adult_is_not_a_child_record(worker, make_child, personas):
    child = make_child(worker="social.worker")
    link = actions.add_relationship(
        child,
        actor=personas["social.worker"],
        other=None,
        new_person={"given_names": "Adult", "family_name": "Parent"},
        kind="mother",
    )
    assert worker.get(f"/api/v1/children/{link.other.pk}").status_code == 404


# --- /me --------------------------------------------------------------------------------


def test_me_returns_the_callers_own_details(worker):
    me = _json(worker.get("/api/v1/me"))
    assert me == {
        "username": "social.worker",
        "name": "Sam Okafor",
        "role": "social_worker",
        "teams": ["Child Protection Team North"],
        "employer": "Fernbridge Children's Trust",
        "employment_type": "permanent",
    }


# --- Authentication ---------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/children", "/api/v1/children/1", "/api/v1/me"])
def test_anonymous_gets_401_json(url, trust):
    response = Client().get(url)
    assert response.status_code == 401
    assert _json(response)["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_bearer_token_authenticates_as_its_owner(personas, make_child):
    child = make_child(worker="social.worker")
    key = create_api_token(personas["social.worker"], name="case tool")
    client = Client()
    assert _json(client.get("/api/v1/me", **_bearer(key)))["username"] == "social.worker"
    assert client.get(f"/api/v1/children/{child.pk}", **_bearer(key)).status_code == 200
    assert ApiToken.objects.get(name="case tool").last_used_at is not None


def test_bearer_token_is_scoped_like_its_owner(personas, make_child):
    child = make_child(worker="social.worker")
    key = create_api_token(personas["other.worker"], name="elsewhere")
    assert Client().get(f"/api/v1/children/{child.pk}", **_bearer(key)).status_code == 404


def test_revoked_token_gets_401(personas):
    user = personas["social.worker"]
    key = create_api_token(user, name="lost laptop")
    revoke_api_token(user, ApiToken.objects.get(name="lost laptop"))
    response = Client().get("/api/v1/me", **_bearer(key))
    assert response.status_code == 401
    assert _json(response)["detail"]


def test_token_of_someone_who_has_left_gets_401(personas):
    user = personas["social.worker"]
    key = create_api_token(user, name="before leaving")
    assert Client().get("/api/v1/me", **_bearer(key)).status_code == 200
    user.staff.end_date = timezone.localdate() - datetime.timedelta(days=1)
    user.staff.save(update_fields=["end_date"])
    response = Client().get("/api/v1/me", **_bearer(key))
    assert response.status_code == 401
    assert _json(response)["detail"]


def test_token_of_a_deactivated_user_gets_401(personas):
    user = personas["social.worker"]
    key = create_api_token(user, name="leaver")
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert Client().get("/api/v1/me", **_bearer(key)).status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer ", "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ocsc_" + "x" * 5000, "bearer"],
)
def test_malformed_or_unknown_credentials_get_401(header, trust):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert _json(response)["detail"]


def test_session_authenticates(worker):
    assert worker.get("/api/v1/me").status_code == 200


def test_session_still_waiting_for_its_second_factor_gets_json_403(login, personas):
    user = personas["social.worker"]
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    response = login(user).get("/api/v1/me")
    assert response.status_code == 403
    assert _json(response)["detail"]


# --- Malformed requests: 4xx with a JSON body, never a 500 -------------------------------


@pytest.mark.parametrize(
    "query, status",
    [
        ({"limit": "abc"}, 422),
        ({"limit": "0"}, 422),
        ({"limit": "-5"}, 422),
        ({"limit": "201"}, 422),
        ({"limit": "9" * 40}, 422),
        ({"limit": "1e3"}, 422),
        ({"date_of_birth": "2019-02-30"}, 422),
        ({"date_of_birth": "27/03/2019"}, 422),
        ({"date_of_birth": "1553644800"}, 422),
        ({"date_of_birth": "99999-01-01"}, 422),
        ({"nhs_number": "9434765918"}, 422),
        ({"nhs_number": "12345"}, 422),
        ({"upn": "B123456789012"}, 422),
        ({"postcode": "not a postcode"}, 422),
        ({"name": "x" * 201}, 422),
        ({"name": "a\x00b"}, 422),
        ({"upn": "\x00"}, 422),
        ({"name": "Zoë Ní Bhriain"}, 200),
        ({"name": "王秀英"}, 200),
        ({"name": "😀"}, 200),
        ({"unknown": "ignored"}, 200),
    ],
)
def test_malformed_search_gets_a_json_4xx(worker, query, status):
    response = worker.get("/api/v1/children", query)
    assert response.status_code == status
    body = _json(response)
    if status == 422:
        assert body["detail"] and body["errors"][0]["loc"][0] == "query"


def test_wrong_check_digit_is_refused_with_the_reason(worker):
    body = _json(worker.get("/api/v1/children", {"nhs_number": "9434765918"}))
    assert "check digit is wrong" in body["errors"][0]["msg"]


@pytest.mark.parametrize(
    "child_id, status",
    [
        ("abc", 422),
        ("1.5", 422),
        ("0x10", 422),
        ("%20", 422),
        ("-1", 404),
        ("0", 404),
        ("9" * 30, 404),
        (quote("é"), 422),
    ],
)
def test_malformed_child_id_gets_a_json_4xx(worker, child_id, status):
    response = worker.get(f"/api/v1/children/{child_id}")
    assert response.status_code == status
    assert _json(response)["detail"]


@pytest.mark.parametrize(
    "url", ["/api/v1/", "/api/v1/nothing", "/api/v1/children/", "/api/v1/children/1/extra"]
)
def test_unknown_address_gets_a_json_404(worker, url):
    response = worker.get(url)
    assert response.status_code == 404
    assert _json(response)["detail"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_methods_get_a_json_405(worker, make_child, method):
    child = make_child(worker="social.worker")
    before = Person.objects.count()
    response = getattr(worker, method)(f"/api/v1/children/{child.pk}")
    assert response.status_code == 405
    assert _json(response)["detail"]
    assert "GET" in response["Allow"]
    assert Person.objects.count() == before


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
QUERY = st.dictionaries(
    st.sampled_from(["name", "date_of_birth", "nhs_number", "upn", "postcode", "limit", "page"])
    | TEXT,
    TEXT | st.integers().map(str),
    max_size=5,
)
FUZZ = settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FUZZ
@given(query=QUERY)
def test_any_search_query_gets_json_and_never_a_500(worker, query):
    response = worker.get(f"/api/v1/children?{urlencode(query)}")
    assert response.status_code in (200, 422)
    body = _json(response)
    assert isinstance(body, list) if response.status_code == 200 else body["detail"]


@FUZZ
@given(child_id=TEXT.filter(lambda s: s and "/" not in s))
def test_any_child_id_gets_json_and_never_a_500(worker, child_id):
    response = worker.get(f"/api/v1/children/{quote(child_id, safe='')}")
    assert response.status_code in (404, 422)
    assert _json(response)["detail"]


@FUZZ
@given(token=TEXT)
def test_any_bearer_token_gets_json_401(trust, token):
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401
    assert _json(response)["detail"]
