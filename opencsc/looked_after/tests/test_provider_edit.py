"""Changing a provider in the register: the same people as add one, through an action that
audits each changed field; placements already made keep what they were recorded with."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions
from opencsc.looked_after.models import Placement, Provider

from .history import D, make_providers, start_care

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)


@pytest.fixture
def providers(db):
    return make_providers()


def edit_url(provider) -> str:
    return reverse("looked_after:provider_edit", args=[provider.pk])


def answers(provider, **changes) -> dict:
    values = {"name": provider.name, "kind": provider.kind,
              "provider_code": provider.provider_code, "urn": provider.urn,
              "postcode": provider.postcode, "local_authority": provider.local_authority,
              "active": "on" if provider.active else ""}
    return {**values, **changes}


def test_the_edit_page_shows_the_providers_details_to_change(providers, personas, login):
    home = providers["home"]
    page = login(personas["social.worker"]).get(edit_url(home)).content.decode()
    assert "Change Larchfield House" in page
    assert 'value="SC123456"' in page and 'value="WS1 1AA"' in page
    assert "Save the changes" in page
    listing = login(personas["social.worker"]).get(reverse("looked_after:providers"))
    assert edit_url(home) in listing.content.decode()


@time_machine.travel(NOW, tick=False)
def test_a_worker_changes_a_provider_through_an_audited_action_and_placements_keep_theirs(
        providers, personas, login, make_child):
    foster = providers["foster"]
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    start_care(child, personas["social.worker"], providers)
    response = login(personas["team.manager"]).post(edit_url(foster), answers(
        foster, name="The Ashworth-Kaur household", postcode="b30 1aa", active=""))
    assert response.status_code == 302
    foster.refresh_from_db()
    assert (foster.name, foster.postcode, foster.active) == (
        "The Ashworth-Kaur household", "B30 1AA", False)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="looked_after.provider")
    assert entry.actor_username == "team.manager"
    assert entry.changes == {"name": ["The Ashworth household", "The Ashworth-Kaur household"],
                             "postcode": ["B15 2TT", "B30 1AA"], "active": [True, False]}
    assert Placement.objects.get(child=child).postcode == "B15 2TT"


def test_saving_without_a_change_writes_no_audit_entry(providers, personas, login):
    home = providers["home"]
    login(personas["social.worker"]).post(edit_url(home), answers(home))
    assert not AuditEntry.objects.filter(action=AuditAction.UPDATE).exists()


def test_a_bad_urn_is_refused_on_its_field_keeping_what_was_typed(providers, personas, login):
    home = providers["home"]
    response = login(personas["social.worker"]).post(edit_url(home), answers(
        home, name="Larchfield Lodge", urn="SC12"))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_urn">Enter an Ofsted URN' in page and 'value="Larchfield Lodge"' in page
    home.refresh_from_db()
    assert home.name == "Larchfield House"


@pytest.mark.parametrize("persona", ["police.partner", "analyst", "council.viewer", "admin"])
def test_people_who_do_not_record_on_children_cannot_change_a_provider(
        persona, providers, personas, login):
    home = providers["home"]
    client = login(personas[persona])
    assert client.get(edit_url(home)).status_code == 403
    assert client.post(edit_url(home), answers(home, name="Changed")).status_code == 403
    assert Provider.objects.get(pk=home.pk).name == "Larchfield House"


def test_a_provider_that_does_not_exist_is_404(personas, login):
    missing = reverse("looked_after:provider_edit", args=[987654])
    assert login(personas["social.worker"]).get(missing).status_code == 404


def test_edit_provider_refuses_a_field_that_is_not_the_registers(providers, personas):
    with pytest.raises(TypeError, match="pk"):
        actions.edit_provider(providers["home"], actor=personas["social.worker"], pk=5)
