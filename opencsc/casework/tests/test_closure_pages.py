"""Closing an episode: the worker asks, with a DfE reason; only a manager's sign-off closes it."""

import datetime

import pytest
import time_machine
from django.db.models import Q
from django.urls import reverse

from opencsc.care_leavers.models import PersonalAdviser
from opencsc.casework import actions
from opencsc.casework.models import Closure, Referral
from opencsc.core.models import AuditEntry
from opencsc.looked_after.models import PeriodOfCare

from .journey import date_fields, error_summary

D = datetime.date
NOW = datetime.datetime(2026, 6, 30, 10, tzinfo=datetime.UTC)  # Tuesday 30 June 2026
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def referral(make_child, personas):
    child = make_child(worker="social.worker", given="Ruby", family="Fenwick")
    return actions.open_referral(child, actor=personas["social.worker"],
                                 referral_date=D(2026, 6, 1), source="6", next_step="other")


def closure_form(**changes) -> dict:
    return {**date_fields("closure_date", D(2026, 6, 29)), "reason": "RC7",
            "summary": "Family supported by the children's centre", **changes}


def close_url(referral):
    return reverse("casework:closure_new", args=[referral.pk])


def test_a_closure_request_leaves_the_episode_awaiting_sign_off(referral, personas, login):
    client = login(personas["social.worker"])
    response = client.post(close_url(referral), closure_form())
    closure = Closure.objects.get()
    assert response["Location"] == reverse("casework:closure", args=[closure.pk])
    referral.refresh_from_db()
    assert referral.is_open
    episode = client.get(reverse("casework:referral", args=[referral.pk])).content.decode()
    assert "Awaiting closure sign-off" in episode


def test_a_closure_without_a_reason_is_refused(referral, personas, login):
    response = login(personas["social.worker"]).post(close_url(referral),
                                                     closure_form(reason=""))
    assert "a case cannot be closed without one" in error_summary(response)
    assert "Family supported by the children" in response.content.decode()
    assert not Closure.objects.exists()


def test_needs_unmet_for_lack_of_a_service_must_name_the_service(referral, personas, login):
    client = login(personas["social.worker"])
    response = client.post(close_url(referral),
                           closure_form(needs_unmet_service_unavailable="on", reason=""))
    summary = error_summary(response)  # with the other problems, not after them
    assert 'href="#id_unavailable_service">Say which service is unavailable' in summary
    assert "a case cannot be closed without one" in summary
    client.post(close_url(referral), closure_form(needs_unmet_service_unavailable="on",
                                                  unavailable_service="Family therapy"))
    closure = Closure.objects.get()
    assert (closure.needs_unmet_service_unavailable, closure.unavailable_service) == (
        True, "Family therapy")


def test_closing_with_an_open_child_in_need_plan_is_refused(referral, personas, login):
    actions.start_cin_plan(referral, actor=personas["social.worker"], start_date=D(2026, 6, 2))
    response = login(personas["social.worker"]).post(close_url(referral), closure_form())
    assert "End the child in need plan before closing the episode" in error_summary(response)
    assert not Closure.objects.exists()


def test_rc8_without_an_assessment_is_refused_citing_rule_8825Q(referral, personas, login):
    response = login(personas["social.worker"]).post(close_url(referral),
                                                     closure_form(reason="RC8"))
    assert 'href="#id_reason_0"' in error_summary(response)
    assert "CIN rule 8825Q" in error_summary(response)


def test_a_second_request_while_one_awaits_sign_off_is_refused(referral, personas, login):
    client = login(personas["social.worker"])
    client.post(close_url(referral), closure_form())
    assert "already waiting for a manager" in client.get(close_url(referral)).content.decode()
    client.post(close_url(referral), closure_form(reason="RC5"))
    assert Closure.objects.count() == 1


@pytest.fixture
def closure(referral, personas):
    return actions.request_closure(referral, actor=personas["social.worker"],
                                   closure_date=D(2026, 6, 29), reason="RC7",
                                   summary="Needs met", needs_unmet_service_unavailable=True,
                                   unavailable_service="Family therapy")


def decide_url(closure):
    return reverse("casework:closure", args=[closure.pk])


def test_the_closure_page_shows_a_service_left_unavailable(closure, personas, login):
    page = login(personas["team.manager"]).get(decide_url(closure)).content.decode()
    assert "because Family therapy is unavailable" in page
    assert "Sign off the closure" in page


def test_a_social_worker_cannot_sign_off_a_closure(closure, personas, login):
    client = login(personas["social.worker"])
    assert "Sign off the closure" not in client.get(decide_url(closure)).content.decode()
    assert client.post(decide_url(closure), {"decision": "approve"}).status_code == 403
    closure.refresh_from_db()
    assert closure.approved is None


def test_the_manager_approves_and_the_episode_closes(closure, personas, login):
    client = login(personas["team.manager"])
    response = client.post(decide_url(closure), {"decision": "approve"})
    # The case closed with its episode, so the manager goes back to the team's work: the
    # child's record is no longer theirs to read.
    assert response["Location"] == reverse("worklists:team")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Ruby Fenwick is no longer allocated" in page.content.decode()
    closure.referral.refresh_from_db()
    assert (closure.referral.closure_date, closure.referral.closure_reason) == (
        D(2026, 6, 29), "RC7")
    closure.refresh_from_db()
    assert (closure.approved, closure.decided_by.username) == (True, "team.manager")


def test_declining_needs_a_note_and_leaves_the_episode_open(closure, personas, login):
    client = login(personas["team.manager"])
    response = client.post(decide_url(closure), {"decision": "decline"})
    assert "Say why you are declining the closure" in error_summary(response)
    client.post(decide_url(closure), {"decision": "decline", "note": "Refer to family therapy"})
    closure.refresh_from_db()
    assert (closure.approved, closure.decision_note) == (False, "Refer to family therapy")
    closure.referral.refresh_from_db()
    assert closure.referral.is_open


def test_a_closure_is_decided_only_once(closure, personas, login):
    client = login(personas["team.manager"])
    client.post(decide_url(closure), {"decision": "decline", "note": "Not yet"})
    response = client.post(decide_url(closure), {"decision": "approve"})
    assert "already been decided" in error_summary(response)
    closure.refresh_from_db()
    assert closure.approved is False


@pytest.fixture
def own_closure(referral, personas):
    """A closure the team manager asked for themselves."""
    return actions.request_closure(referral, actor=personas["team.manager"],
                                   closure_date=D(2026, 6, 29), reason="RC7",
                                   summary="Needs met")


def test_a_manager_cannot_sign_off_a_closure_they_asked_for(own_closure, personas, login):
    client = login(personas["team.manager"])
    page = client.get(decide_url(own_closure)).content.decode()
    assert "another manager must sign it off" in page
    response = client.post(decide_url(own_closure), {"decision": "approve"})
    assert "You asked for this closure, so another manager must sign it off" in error_summary(
        response)
    own_closure.refresh_from_db()
    assert own_closure.approved is None
    own_closure.referral.refresh_from_db()
    assert own_closure.referral.is_open


def test_the_action_refuses_sign_off_by_whoever_asked(own_closure, personas):
    with pytest.raises(actions.RuleViolation, match="another manager must sign it off"):
        actions.decide_closure(own_closure, actor=personas["team.manager"], approve=True)


def test_the_manager_who_asked_may_withdraw_it_by_declining(own_closure, personas, login):
    login(personas["team.manager"]).post(decide_url(own_closure),
                                         {"decision": "decline", "note": "Asked too soon"})
    own_closure.refresh_from_db()
    assert own_closure.approved is False


def test_another_manager_signs_off_the_managers_closure(own_closure, personas, login):
    login(personas["head.of.service"]).post(decide_url(own_closure), {"decision": "approve"})
    own_closure.refresh_from_db()
    assert (own_closure.approved, own_closure.decided_by.username) == (True, "head.of.service")


def current_holders(child):
    """Who holds the child's case today: (team, worker) of each current allocation."""
    current = child.allocations.filter(Q(end_date__isnull=True) | Q(end_date__gte=NOW.date()))
    return [(a.team.name, a.worker.username if a.worker else None) for a in current]


def test_sign_off_ends_the_allocation_on_the_closure_date_and_audits_it(closure, personas):
    child = closure.referral.child
    assert current_holders(child) == [("Child Protection Team North", "social.worker")]
    actions.decide_closure(closure, actor=personas["team.manager"], approve=True)
    assert current_holders(child) == []
    allocation = child.allocations.get()
    assert allocation.end_date == D(2026, 6, 29)
    entry = AuditEntry.objects.get(object_type="people.allocation",
                                   object_id=str(allocation.pk))
    assert (entry.actor.username, entry.child_id, entry.changes) == (
        "team.manager", child.pk, {"end_date": [None, "2026-06-29"]})
    assert "not open to the service" in entry.reason


def test_a_declined_closure_leaves_the_case_allocated(closure, personas):
    actions.decide_closure(closure, actor=personas["team.manager"], approve=False,
                           note="Not yet")
    assert current_holders(closure.referral.child) == [
        ("Child Protection Team North", "social.worker")]
    assert not AuditEntry.objects.filter(object_type="people.allocation").exists()


def test_a_refused_sign_off_leaves_the_case_allocated(own_closure, personas):
    with pytest.raises(actions.RuleViolation):
        actions.decide_closure(own_closure, actor=personas["team.manager"], approve=True)
    assert current_holders(own_closure.referral.child) == [
        ("Child Protection Team North", "social.worker")]


def looked_after(child, worker):
    PeriodOfCare.objects.create(child=child, start_date=D(2026, 6, 10), recorded_by=worker)


def care_leaver(child, worker):
    PersonalAdviser.objects.create(child=child, adviser=worker, start_date=D(2025, 1, 1),
                                   recorded_by=worker)


def another_open_episode(child, worker):
    """Entered before the one-open-episode rule (8815), say by a migration."""
    Referral.objects.create(child=child, referral_date=D(2026, 5, 1), source="6",
                            next_step="assessment", recorded_by=worker)


@pytest.mark.parametrize("still_open", [looked_after, care_leaver, another_open_episode])
def test_a_child_still_open_to_the_service_keeps_their_allocation(closure, personas,
                                                                  still_open):
    child = closure.referral.child
    still_open(child, personas["social.worker"])
    actions.decide_closure(closure, actor=personas["team.manager"], approve=True)
    closure.referral.refresh_from_db()
    assert not closure.referral.is_open
    assert current_holders(child) == [("Child Protection Team North", "social.worker")]


def test_a_care_leaver_whose_adviser_has_ended_is_closed(closure, personas):
    child = closure.referral.child
    PersonalAdviser.objects.create(child=child, adviser=personas["social.worker"],
                                   start_date=D(2025, 1, 1), end_date=D(2026, 1, 1),
                                   recorded_by=personas["social.worker"])
    actions.decide_closure(closure, actor=personas["team.manager"], approve=True)
    assert current_holders(child) == []


def test_a_manager_who_still_holds_the_case_goes_back_to_the_episode(closure, personas, login):
    looked_after(closure.referral.child, personas["social.worker"])
    client = login(personas["team.manager"])
    response = client.post(decide_url(closure), {"decision": "approve"})
    assert response["Location"] == reverse("casework:referral", args=[closure.referral_id])
    assert client.get(response["Location"]).status_code == 200
