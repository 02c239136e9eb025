"""The provider register's pages, and a child's care history in the read API."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from opencsc.accounts.actions import create_api_token
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions
from opencsc.looked_after.models import Provider

from .history import D, long_history, make_providers

TODAY = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def providers(db):
    return make_providers()


# --- The provider register --------------------------------------------------------------

def test_the_register_lists_and_searches_providers_by_name_and_kind(providers, personas, login):
    client = login(personas["social.worker"])
    page = client.get(reverse("looked_after:providers")).content.decode()
    assert "3 providers" in page and "Larchfield House" in page and "SC123456" in page
    found = client.get(reverse("looked_after:providers"), {"q": "osei"}).content.decode()
    assert "Brightwater Fostering" in found and "Larchfield House" not in found
    homes = client.get(reverse("looked_after:providers"),
                       {"kind": "childrens_home"}).content.decode()
    assert "Larchfield House" in homes and "Ashworth" not in homes


@pytest.mark.parametrize("persona", ["police.partner", "analyst", "council.viewer", "admin"])
def test_people_who_do_not_record_on_children_cannot_use_the_register(persona, personas, login):
    client = login(personas[persona])
    assert client.get(reverse("looked_after:providers")).status_code == 403
    assert client.post(reverse("looked_after:provider_new"), {"name": "X"}).status_code == 403
    assert not Provider.objects.exists()


def test_a_social_worker_adds_a_provider_through_an_audited_action(personas, login):
    response = login(personas["social.worker"]).post(reverse("looked_after:provider_new"), {
        "name": "Hollybank Children's Home", "kind": "childrens_home", "provider_code": "PR4",
        "urn": "sc654321", "postcode": "b12 9qq", "local_authority": "330"})
    assert response.status_code == 302
    provider = Provider.objects.get(name="Hollybank Children's Home")
    assert (provider.urn, provider.postcode) == ("SC654321", "B12 9QQ")
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="looked_after.provider")
    assert entry.actor_username == "social.worker"


@pytest.mark.parametrize("urn", ["SC12345", "AB123456", "12345678", "SC1234567"])
def test_an_ofsted_urn_that_is_not_sc_and_6_digits_or_7_digits_is_refused(urn, personas, login):
    response = login(personas["team.manager"]).post(reverse("looked_after:provider_new"), {
        "name": "Typed name", "kind": "childrens_home", "urn": urn})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_urn">Enter an Ofsted URN as SC and 6 digits' in page
    assert 'value="Typed name"' in page
    assert not Provider.objects.exists()


@pytest.mark.parametrize("urn", ["SC123456", "1234567"])
def test_an_ofsted_urn_of_either_form_is_accepted(urn, personas, login):
    login(personas["team.manager"]).post(reverse("looked_after:provider_new"), {
        "name": "A home", "kind": "childrens_home", "urn": urn})
    assert Provider.objects.get().urn == urn


# --- The API ------------------------------------------------------------------------------

@time_machine.travel(TODAY, tick=False)
def test_the_api_returns_periods_episodes_reviews_and_visits_and_audits_the_view(
        make_child, providers, personas):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2008, 1, 1))
    long_history(child, worker, providers, episodes=3)
    period = child.periods_of_care.get()
    actions.cease_care(period, actor=worker, end_date=D(2017, 1, 10), reason_ceased="E4A")
    key = create_api_token(worker, name="test")
    response = Client().get(f"/api/v1/children/{child.pk}/care",
                            HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200
    body = response.json()
    [period_out] = body["periods_of_care"]
    assert [(e["RNE"], e["LS"], e["REC"]) for e in period_out["episodes"]] == [
        ("S", "C1", "X1"), ("P", "C1", "X1"), ("L", "C2", "E4A")]
    assert period_out["episodes"][0]["REASON_PLACE_CHANGE"] == "CARPL"
    assert period_out["episodes"][0]["HOME_POST"] == "B11 1AA"
    first = period_out["episodes"][0]
    assert (first["PL_LA"], first["PL_LOCATION"], first["PL_DISTANCE"]) == (
        "E08000025", "OUT", 2.4)
    assert [r["participation"] for r in period_out["reviews"]] == ["PN1", "PN1"]
    assert len(period_out["visits"]) == 2
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=child.pk,
                                     actor_username="social.worker").exists()


def test_the_api_answers_404_for_a_child_outside_the_callers_scope(make_child, personas, login):
    child = make_child(worker="social.worker")
    response = login(personas["other.worker"]).get(f"/api/v1/children/{child.pk}/care")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
