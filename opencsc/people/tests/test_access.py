"""Scopes over children's records (people/access.py), restricted records, and read audit."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.people import access, actions
from opencsc.people.models import Allocation, EmergencyAccess, Person, RestrictedAccess

pytestmark = pytest.mark.django_db

NORTH, SOUTH, EAST = (
    "Child Protection Team North",
    "Child Protection Team South",
    "Assessment Team East",
)


def visible(user) -> set[int]:
    return set(access.children_for_user(user).values_list("pk", flat=True))


@pytest.fixture
def children(make_child, trust, personas):
    """One child in each place that matters to the scopes."""
    made = {
        "own": make_child(worker="social.worker", team=NORTH),
        "teammate": make_child(worker=None, team=NORTH),
        "south": make_child(worker=None, team=SOUTH),
        "east": make_child(worker="other.worker", team=EAST),
        "in_need": make_child(worker=None, team="Children in Need Team"),
        "in_care": make_child(worker=None, team="Children in Care Team"),
    }
    return {k: v.pk for k, v in made.items()}


# --- Scopes by role ---------------------------------------------------------------------


def test_social_worker_sees_their_own_and_their_teams_children(personas, children):
    assert visible(personas["social.worker"]) == {children["own"], children["teammate"]}


def test_social_worker_may_change_only_children_allocated_to_them(personas, children):
    worker = personas["social.worker"]
    assert access.child_to_change_for_user(worker, children["own"]).pk == children["own"]
    with pytest.raises(PermissionDenied):
        access.child_to_change_for_user(worker, children["teammate"])


def test_worker_in_other_team_gets_404(personas, children):
    with pytest.raises(Http404):
        access.child_for_user(personas["other.worker"], children["own"])
    with pytest.raises(Http404):
        access.child_to_change_for_user(personas["other.worker"], children["own"])
    assert visible(personas["other.worker"]) == {children["east"]}


def test_team_manager_sees_and_changes_their_teams_children(personas, children):
    manager = personas["team.manager"]
    assert visible(manager) == {children["own"], children["teammate"]}
    assert access.child_to_change_for_user(manager, children["teammate"])


def test_head_of_service_sees_every_team_in_their_service_area(personas, children):
    assert visible(personas["head.of.service"]) == {
        children["own"],
        children["teammate"],
        children["south"],
        children["in_need"],
    }


def test_partner_sees_only_current_shares_with_their_agency(personas, children, trust):
    police, sharer = personas["police.partner"], personas["head.of.service"]
    south, in_need, own = (Person.objects.get(pk=children[k]) for k in ("south", "in_need", "own"))
    actions.share_with_agency(
        south,
        actor=sharer,
        agency=trust.police,
        purpose="s47 enquiry",
        legal_basis="Children Act 1989 s47",
    )
    ended = actions.share_with_agency(
        in_need, actor=sharer, agency=trust.police, purpose="Old", legal_basis="Consent"
    )
    ended.start_date, ended.end_date = datetime.date(2023, 1, 1), datetime.date(2023, 2, 1)
    ended.save()
    future = actions.share_with_agency(
        own, actor=sharer, agency=trust.police, purpose="Later", legal_basis="Consent"
    )
    future.start_date = datetime.date.today() + datetime.timedelta(days=3)
    future.save()
    assert visible(police) == {children["south"]}


def test_partner_may_only_read_what_is_shared(personas, children, trust):
    south = Person.objects.get(pk=children["south"])
    actions.share_with_agency(
        south,
        actor=personas["head.of.service"],
        agency=trust.police,
        purpose="s47 enquiry",
        legal_basis="Children Act 1989 s47",
    )
    assert access.child_for_user(personas["police.partner"], south.pk)
    with pytest.raises(PermissionDenied):
        access.child_to_change_for_user(personas["police.partner"], south.pk)


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "admin"])
def test_analyst_viewer_and_admin_never_see_a_child(persona, personas, children):
    user = personas[persona]
    assert visible(user) == set()
    for pk in children.values():
        with pytest.raises(Http404):
            access.child_for_user(user, pk)


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "admin"])
def test_even_an_emergency_grant_does_not_open_a_child_to_roles_without_records(
    persona, personas, children
):
    """Break-glass is refused to these roles; a grant made some other way must not work."""
    user = personas[persona]
    EmergencyAccess.objects.create(
        child_id=children["own"],
        user=user,
        reason="should not work",
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
    )
    assert not access.may_request_emergency_access(user)
    with pytest.raises(Http404):
        access.child_for_user(user, children["own"])


def test_ended_allocation_takes_the_child_out_of_scope(personas, children):
    Allocation.objects.filter(child_id=children["own"]).update(
        end_date=datetime.date.today() - datetime.timedelta(days=1)
    )
    assert children["own"] not in visible(personas["social.worker"])


def test_leaver_sees_nothing(personas, children):
    staff = personas["social.worker"].staff
    staff.end_date = datetime.date.today() - datetime.timedelta(days=1)
    staff.save()
    assert visible(personas["social.worker"]) == set()


def test_anonymous_user_sees_nothing(children):
    from django.contrib.auth.models import AnonymousUser

    assert visible(AnonymousUser()) == set()


def test_a_person_who_is_not_a_child_has_no_record(personas, children):
    own = Person.objects.get(pk=children["own"])
    link = actions.add_relationship(
        own,
        actor=personas["social.worker"],
        other=None,
        new_person={"given_names": "A", "family_name": "Parent"},
        kind="mother",
    )
    with pytest.raises(Http404):
        access.child_for_user(personas["social.worker"], link.other.pk)


@pytest.mark.parametrize("pk", ["abc", None, "", "1.5", -1, 0, 10**30, "1; DROP TABLE x"])
def test_nonsense_ids_are_404(personas, children, pk):
    with pytest.raises(Http404):
        access.child_for_user(personas["social.worker"], pk)


# --- Restricted records -----------------------------------------------------------------


@pytest.fixture
def restricted(children, personas):
    """social.worker's own child, restricted by the team manager, who names only themself."""
    child = Person.objects.get(pk=children["own"])
    actions.restrict_record(
        child,
        actor=personas["team.manager"],
        restriction=Person.Restriction.STAFF_RELATIVE,
        named_users=[],
    )
    return child


def test_restricted_record_is_visible_to_named_people_only(personas, restricted):
    assert access.child_for_user(personas["team.manager"], restricted.pk)
    for persona in ("social.worker", "head.of.service", "other.worker", "police.partner"):
        with pytest.raises(Http404):
            access.child_for_user(personas[persona], restricted.pk)
        assert restricted.pk not in visible(personas[persona])


def test_naming_someone_opens_a_restricted_record_to_them(personas, restricted):
    RestrictedAccess.objects.create(
        child=restricted, user=personas["other.worker"], granted_by=personas["team.manager"]
    )
    assert access.child_for_user(personas["other.worker"], restricted.pk)


def test_being_named_does_not_open_a_record_to_a_role_without_records(personas, restricted):
    RestrictedAccess.objects.create(
        child=restricted, user=personas["analyst"], granted_by=personas["team.manager"]
    )
    with pytest.raises(Http404):
        access.child_for_user(personas["analyst"], restricted.pk)


def test_restricted_record_is_404_exactly_like_a_missing_one(login, personas, restricted):
    client = login(personas["social.worker"])
    hidden = client.get(f"/children/{restricted.pk}/")
    missing = client.get(f"/children/{restricted.pk + 1000}/")
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)


def _without_csrf(html: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", html)


def test_restricted_record_is_not_in_lists_or_search(login, personas, restricted):
    client = login(personas["social.worker"])
    assert restricted.la_child_id.encode() not in client.get("/children/").content
    found = client.get("/children/", {"name": restricted.family_name}).content
    assert restricted.la_child_id.encode() not in found


def test_earlier_emergency_grant_does_not_open_a_record_restricted_since(personas, restricted):
    EmergencyAccess.objects.create(
        child=restricted,
        user=personas["other.worker"],
        reason="grant made before",
        expires_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=1),
    )
    with pytest.raises(Http404):
        access.child_for_user(personas["other.worker"], restricted.pk)


def test_emergency_access_form_cannot_open_a_restricted_record(login, personas, restricted):
    client = login(personas["other.worker"])
    response = client.post(
        "/emergency-access/",
        {"la_child_id": restricted.la_child_id, "reason": "Police at the door asking about him"},
    )
    assert response.status_code == 404
    assert not EmergencyAccess.objects.filter(child=restricted).exists()
    assert client.get(f"/children/{restricted.pk}/").status_code == 404


def test_restricted_and_missing_ids_get_the_same_emergency_access_answer(
    login, personas, restricted
):
    client = login(personas["other.worker"])
    reason = "Police at the door asking about this child"
    hidden = client.post(
        "/emergency-access/", {"la_child_id": restricted.la_child_id, "reason": reason}
    )
    missing = client.post("/emergency-access/", {"la_child_id": "OC99999999", "reason": reason})
    assert hidden.status_code == missing.status_code == 404
    assert _without_csrf(hidden.content) == _without_csrf(missing.content)


# --- Reading is audited -----------------------------------------------------------------


def test_opening_a_record_writes_who_and_why_to_the_audit_log(personas, children):
    access.child_for_user(personas["team.manager"], children["own"], purpose="supervision")
    entry = AuditEntry.objects.filter(action=AuditAction.VIEW).get()
    assert (entry.actor_username, entry.child_id, entry.reason) == (
        "team.manager",
        children["own"],
        "supervision",
    )


def test_a_refused_read_writes_no_view(personas, children):
    with pytest.raises(Http404):
        access.child_for_user(personas["other.worker"], children["own"])
    assert not AuditEntry.objects.filter(action=AuditAction.VIEW).exists()


def test_listing_is_not_a_view_of_each_child(personas, children):
    list(access.children_for_user(personas["head.of.service"]))
    assert not AuditEntry.objects.exists()


def test_access_log_is_for_managers_only(personas, children):
    with pytest.raises(PermissionDenied):
        access.access_log_for_user(personas["social.worker"], children["own"])
    with pytest.raises(Http404):
        access.access_log_for_user(personas["other.worker"], children["own"])


def test_access_log_page_shows_each_viewers_username(login, personas, children):
    login(personas["social.worker"]).get(f"/children/{children['own']}/")
    page = login(personas["team.manager"]).get(f"/children/{children['own']}/access-log/")
    assert page.status_code == 200
    assert b"social.worker" in page.content


def test_duplicate_check_does_not_reveal_a_restricted_record(login, personas, restricted, trust):
    """Opening a record warns of matches the worker cannot see, but never restricted ones."""
    restricted.given_names, restricted.family_name = "Oriel", "Fenwick-Amadi"
    restricted.save()
    actions.index_names(restricted)
    client = login(personas["other.worker"])
    response = client.post(
        "/children/new/",
        {
            "given_names": "Oriel",
            "family_name": "Fenwick-Amadi",
            "date_of_birth_0": "1",
            "date_of_birth_1": "6",
            "date_of_birth_2": "2015",
            "sex": "F",
            "ethnicity": "WBRI",
            "council": trust.council.pk,
            "team": trust.teams[EAST].pk,
        },
    )
    assert response.status_code == 302  # no match shown: the record opens straight away
    assert Person.objects.filter(family_name="Fenwick-Amadi").count() == 2


def test_duplicate_check_warns_of_an_unrestricted_record_out_of_sight(
    login, personas, children, trust
):
    own = Person.objects.get(pk=children["own"])
    client = login(personas["other.worker"])
    response = client.post(
        "/children/new/",
        {
            "given_names": own.given_names,
            "family_name": own.family_name,
            "date_of_birth_0": "1",
            "date_of_birth_1": "6",
            "date_of_birth_2": "2015",
            "sex": "F",
            "ethnicity": "WBRI",
            "council": trust.council.pk,
            "team": trust.teams[EAST].pk,
        },
    )
    assert response.status_code == 200
    assert re.search(rb"\d+ possible match(es)? in records you cannot see", response.content)
