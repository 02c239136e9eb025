"""The front door (MASH) reads any unrestricted child of the councils it serves, so that
a contact finds the child already on record, whoever holds the case (ADR 0012)."""

import pytest

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.organisations.models import Organisation
from opencsc.people import access
from opencsc.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(make_child):
    """A child held by another team, with a worker who is not the front door's."""
    return make_child(team="Children in Need Team", worker=None, given="Orla", family="Quist")


def test_front_door_sees_children_held_by_any_team(elsewhere, personas):
    front = personas["front.door"]
    assert access.children_for_user(front).filter(pk=elsewhere.pk).exists()
    assert access.child_for_user(front, elsewhere.pk, purpose="contact") == elsewhere


def test_each_read_by_the_front_door_is_audited(elsewhere, personas):
    access.child_for_user(personas["front.door"], elsewhere.pk, purpose="contact")
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=elsewhere.pk,
                                     actor_username="front.door").exists()


def test_front_door_may_record_a_contact_but_not_change_the_record(elsewhere, personas):
    front = personas["front.door"]
    assert access.may_record_contact(front, elsewhere)
    assert not access.can_change_child(front, elsewhere)


def test_restricted_records_stay_hidden_from_the_front_door(make_child, personas):
    hidden = make_child(team="Children in Need Team", restriction=Person.Restriction.HIGH_PROFILE)
    with pytest.raises(access.Http404):
        access.child_for_user(personas["front.door"], hidden.pk)


def test_children_of_a_council_the_trust_does_not_serve_stay_hidden(make_child, personas):
    other = Organisation.objects.create(name="Elsewhere Council", la_code="999",
                                        kind=Organisation.Kind.COUNCIL)
    child = make_child(team="Children in Need Team")
    Person.objects.filter(pk=child.pk).update(responsible_council=other)
    assert not access.children_for_user(personas["front.door"]).filter(pk=child.pk).exists()


def test_other_social_workers_still_see_only_their_teams(elsewhere, personas):
    assert not access.children_for_user(personas["social.worker"]).filter(
        pk=elsewhere.pk).exists()
    assert not access.may_record_contact(personas["social.worker"], elsewhere)


def test_front_door_records_a_contact_on_a_child_held_elsewhere(elsewhere, personas, login):
    client = login(personas["front.door"])
    found = client.get("/contacts/new/?name=Orla+Quist").content.decode()
    assert f'value="{elsewhere.pk}"' in found or f"child={elsewhere.pk}" in found
    response = client.post(f"/contacts/new/?child={elsewhere.pk}", {
        "children": [str(elsewhere.pk)], "received_date_0": "2", "received_date_1": "3",
        "received_date_2": "2025", "received_time": "09:30", "contactor_name": "A Teacher",
        "source": "2A", "concern": "Bruising", "consent": "not_sought",
        "legal_basis": "safeguarding"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert elsewhere.contacts.count() == 1

