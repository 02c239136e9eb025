import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.accounts.actions import create_api_token

pytestmark = pytest.mark.django_db


def test_worklist_lists_my_items_with_their_status(login, personas, make_child, deadline,
                                                   today):
    child = make_child(worker="social.worker")
    late = deadline(child, "assessment", -1)
    deadline(child, "cp_visit", 1)
    deadline(child, "rcpc_first", 40)
    deadline(child, "core_group", -9, met=today)
    deadline(make_child(worker=None), "icpc", -2)  # a teammate's child, not mine
    response = login(personas["social.worker"]).get("/api/v1/worklist/")
    assert response.status_code == 200
    assert response.json() == [
        {"child_id": child.pk, "what": "Complete the assessment", "rule": "assessment",
         "due_date": "2026-06-09", "status": "overdue", "referral_id": late.referral_id},
        {"child_id": child.pk, "what": "Visit the child (child protection)", "rule": "cp_visit",
         "due_date": "2026-06-11", "status": "due soon", "referral_id": late.referral_id},
        {"child_id": child.pk, "what": "Hold the first review conference", "rule": "rcpc_first",
         "due_date": "2026-07-20", "status": "on track", "referral_id": late.referral_id},
    ]


def test_worklist_accepts_a_bearer_token(client, personas, make_child, deadline, today):
    child = make_child(worker="social.worker")
    deadline(child, days=-1)
    key = create_api_token(personas["social.worker"], name="phone")
    response = client.get("/api/v1/worklist/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    assert [item["child_id"] for item in response.json()] == [child.pk]


def test_worklist_without_credentials_is_401_json(client):
    response = client.get("/api/v1/worklist/")
    assert response.status_code == 401
    assert "detail" in response.json()


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "police.partner", "admin"])
def test_worklist_is_403_for_roles_that_hold_no_cases(login, personas, persona):
    assert login(personas[persona]).get("/api/v1/worklist/").status_code == 403


def test_worklist_issues_the_same_queries_for_1_or_30_children(login, personas, make_child,
                                                               deadline, today):
    client = login(personas["social.worker"])

    def count(n):
        for _ in range(n):
            deadline(make_child(worker="social.worker"), "cin_visit", 3)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/worklist/").status_code == 200
        return len(queries)

    assert count(1) == count(29)
    assert len(client.get("/api/v1/worklist/").json()) == 30


def test_worklist_is_described_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/worklist/" in paths
