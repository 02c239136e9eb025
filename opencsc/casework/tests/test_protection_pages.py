"""Child protection: strategy discussion, section 47 enquiry, initial conference, and the
child protection plan with its core groups, review conferences and end."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.casework import actions
from opencsc.casework.models import (
    CoreGroup,
    CPPlan,
    CPReview,
    InitialConference,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
)

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
                                 referral_date=D(2026, 6, 1), source="6", next_step="strategy")


@pytest.fixture
def section47(referral, personas):
    discussion = actions.record_strategy_discussion(
        referral, actor=personas["social.worker"], discussion_date=D(2026, 6, 2),
        decision="s47", attendees=[{"agency": "police", "invited": True, "attended": True}])
    return discussion.section47


def strategy_form(**changes) -> dict:
    return {**date_fields("discussion_date", D(2026, 6, 2)), "decision": "s47",
            "police_invited": "on", "police_attended": "on", "health_invited": "on",
            "social_care_invited": "on", "social_care_attended": "on",
            "notes": "Police to visit with us", **changes}


# --- Strategy discussion and section 47 ---------------------------------------------------

def test_a_strategy_discussion_records_who_was_invited_and_who_attended(
        referral, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:strategy_new", args=[referral.pk]), strategy_form())
    discussion = StrategyDiscussion.objects.get(referral=referral)
    assert response["Location"] == reverse("casework:section47",
                                           args=[discussion.section47.pk])
    attendance = {(a.agency, a.invited, a.attended) for a in discussion.attendees.all()}
    assert attendance == {("police", True, True), ("health", True, False),
                          ("social_care", True, True)}
    assert discussion.section47.start_date == D(2026, 6, 2)


def test_an_other_agency_that_attended_needs_its_name(referral, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:strategy_new", args=[referral.pk]),
        strategy_form(other_attended="on"))
    assert "Enter the name of the other agency" in error_summary(response)
    login(personas["social.worker"]).post(
        reverse("casework:strategy_new", args=[referral.pk]),
        strategy_form(other_attended="on", other_agency="Youth Justice Service"))
    other = StrategyAttendee.objects.get(agency="other")
    assert (other.name, other.invited, other.attended) == ("Youth Justice Service", True, True)


def test_a_strategy_discussion_with_no_agency_is_refused(referral, personas, login):
    form = {**date_fields("discussion_date", D(2026, 6, 2)), "decision": "s47"}
    response = login(personas["social.worker"]).post(
        reverse("casework:strategy_new", args=[referral.pk]), form)
    assert "Select the agencies invited" in error_summary(response)
    assert not StrategyDiscussion.objects.exists()


def test_a_strategy_discussion_before_the_referral_is_refused_citing_rule_2889(
        referral, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:strategy_new", args=[referral.pk]),
        strategy_form(**date_fields("discussion_date", D(2026, 5, 29))))
    assert "CIN rule 2889" in error_summary(response)
    assert "Police to visit with us" in response.content.decode()
    assert not StrategyDiscussion.objects.exists()


def test_the_section_47_page_shows_its_start_and_the_conference_target(
        section47, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("casework:section47", args=[section47.pk])).content.decode()
    assert "2 June 2026, at the strategy discussion" in page
    assert "23 June 2026" in page  # 15 working days from Tuesday 2 June
    assert "Police: attended" in page


def test_concluding_without_a_conference_records_initial_conference_not_required(
        section47, personas, login):
    client = login(personas["social.worker"])
    client.post(reverse("casework:section47", args=[section47.pk]), {
        **date_fields("end_date", D(2026, 6, 12)), "outcome": "not_substantiated"})
    section47.refresh_from_db()
    assert (section47.end_date, section47.outcome, section47.icpc_not_required) == (
        D(2026, 6, 12), "not_substantiated", True)
    page = client.get(reverse("casework:section47", args=[section47.pk])).content.decode()
    assert "Initial conference not required" in page
    assert "Concerns not substantiated, concluded 12 June 2026" in page


def test_an_enquiry_ending_before_it_started_is_refused(section47, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:section47", args=[section47.pk]),
        {**date_fields("end_date", D(2026, 6, 1)), "outcome": "icpc"})
    assert "cannot end before it started" in error_summary(response)
    section47.refresh_from_db()
    assert section47.end_date is None


# --- Initial conference -------------------------------------------------------------------

def conference_url(section47):
    return (reverse("casework:conference_new", args=[section47.referral_id])
            + f"?section47={section47.pk}")


CONFERENCE_DAY = D(2026, 6, 22)  # a Monday


def conference_form(day=CONFERENCE_DAY, **changes) -> dict:
    return {**date_fields("conference_date", day), "decision": "plan",
            "initial_category": "PHY", "previous_plans": "1", **changes}


def test_the_conference_target_is_shown_before_entry(section47, personas, login):
    page = login(personas["social.worker"]).get(conference_url(section47)).content.decode()
    assert "due by <strong>Tuesday 23 June 2026</strong>" in page


def test_a_conference_deciding_a_plan_starts_it_on_the_conference_date(
        section47, personas, login):
    response = login(personas["social.worker"]).post(conference_url(section47),
                                                     conference_form())
    plan = CPPlan.objects.get()
    assert response["Location"] == reverse("casework:cp_plan", args=[plan.pk])
    assert (plan.start_date, plan.initial_category, plan.previous_plans) == (
        D(2026, 6, 22), "PHY", 1)
    assert InitialConference.objects.get().target_date == D(2026, 6, 23)


def test_a_conference_on_a_saturday_is_refused_citing_rule_8875(section47, personas, login):
    response = login(personas["social.worker"]).post(conference_url(section47),
                                                     conference_form(D(2026, 6, 20)))
    summary = error_summary(response)
    assert "CIN rule 8875" in summary
    assert 'href="#id_conference_date_0"' in summary
    assert 'value="PHY" checked' in response.content.decode()
    assert not InitialConference.objects.exists()


def test_a_plan_without_a_category_of_abuse_is_refused(section47, personas, login):
    response = login(personas["social.worker"]).post(conference_url(section47),
                                                     conference_form(initial_category=""))
    assert 'href="#id_initial_category_0">Select the category of abuse' in error_summary(response)
    assert not InitialConference.objects.exists()


def test_a_conference_deciding_no_plan_returns_to_the_episode(section47, personas, login):
    response = login(personas["social.worker"]).post(
        conference_url(section47), conference_form(decision="no_plan", initial_category=""))
    assert response["Location"] == reverse("casework:referral", args=[section47.referral_id])
    assert not CPPlan.objects.exists()


def test_an_enquiry_from_another_episode_is_404(section47, make_child, personas, login):
    other = make_child(worker="social.worker")
    elsewhere = actions.open_referral(other, actor=personas["social.worker"],
                                      referral_date=D(2026, 6, 1), source="6",
                                      next_step="strategy")
    url = reverse("casework:conference_new", args=[elsewhere.pk]) + f"?section47={section47.pk}"
    assert login(personas["social.worker"]).get(url).status_code == 404


def test_without_an_enquiry_awaiting_a_conference_no_conference_is_taken(
        referral, personas, login):
    client = login(personas["social.worker"])
    url = reverse("casework:conference_new", args=[referral.pk])
    assert "No section 47 enquiry on this episode is awaiting a conference" in client.get(
        url).content.decode()
    client.post(url, conference_form())
    assert not InitialConference.objects.exists()


# --- The child protection plan ------------------------------------------------------------

@pytest.fixture
def plan(section47, personas):
    conference = actions.record_initial_conference(
        section47.referral, actor=personas["social.worker"], section47=section47,
        conference_date=D(2026, 6, 22), decision="plan", initial_category="NEG")
    return conference.plan


def test_the_plan_page_shows_its_categories_and_timescales(plan, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("casework:cp_plan", args=[plan.pk])).content.decode()
    assert "Neglect (NEG)" in page
    assert "Hold the first core group" in page
    assert "Hold the first review conference" in page
    assert "22 Sep 2026" in page  # 3 months from the conference


def test_worker_records_a_core_group(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:core_group_new", args=[plan.pk]),
        date_fields("meeting_date", D(2026, 6, 29)))
    assert response["Location"] == reverse("casework:cp_plan", args=[plan.pk])
    assert CoreGroup.objects.get(plan=plan).meeting_date == D(2026, 6, 29)


def test_a_review_conference_on_the_day_the_plan_started_is_refused_citing_rule_8841(
        plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cp_review_new", args=[plan.pk]),
        {**date_fields("review_date", D(2026, 6, 22)), "decision": "continue"})
    assert "CIN rule 8841" in error_summary(response)
    assert not CPReview.objects.exists()


def test_a_review_that_changes_the_category_updates_the_latest(plan, personas, login):
    login(personas["social.worker"]).post(reverse("casework:cp_review_new", args=[plan.pk]), {
        **date_fields("review_date", D(2026, 6, 29)), "decision": "continue",
        "latest_category": "EMO"})
    plan.refresh_from_db()
    assert (plan.initial_category, plan.latest_category) == ("NEG", "EMO")


def test_a_review_deciding_the_plan_ends_ends_it(plan, personas, login):
    login(personas["social.worker"]).post(reverse("casework:cp_review_new", args=[plan.pk]), {
        **date_fields("review_date", D(2026, 6, 29)), "decision": "end"})
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (D(2026, 6, 29), "not_at_risk")


def test_worker_ends_the_plan_with_a_reason(plan, personas, login):
    login(personas["social.worker"]).post(reverse("casework:cp_plan_end", args=[plan.pk]), {
        **date_fields("end_date", D(2026, 6, 29)), "end_reason": "moved"})
    plan.refresh_from_db()
    assert (plan.end_date, plan.end_reason) == (D(2026, 6, 29), "moved")


def test_ending_a_plan_needs_a_reason(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cp_plan_end", args=[plan.pk]), date_fields("end_date", D(2026, 6, 29)))
    assert "Select why the plan ended" in error_summary(response)
    plan.refresh_from_db()
    assert plan.end_date is None


def test_a_visit_while_on_a_plan_is_a_child_protection_visit(plan, personas, login):
    client = login(personas["social.worker"])
    url = reverse("casework:visit_new", args=[plan.referral_id])
    assert 'value="cp" checked' in client.get(url).content.decode()
    response = client.post(url, {"kind": "cp", **date_fields("visit_date", D(2026, 6, 29)),
                                 "child_seen": "on"})
    assert response["Location"] == reverse("casework:cp_plan", args=[plan.pk])


def test_the_section_47_is_listed_as_concluded_by_its_conference(plan, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("casework:section47", args=[plan.conference.section47_id])).content.decode()
    assert "22 June 2026: Child protection plan" in page
    assert Section47.objects.get().icpc_not_required is False
