"""The child in need plan (start, review, end) and visits to the child."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.casework import actions
from opencsc.casework.models import CINPlan, CINPlanReview, Visit
from opencsc.core.models import AuditAction, AuditEntry

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
                                 referral_date=D(2026, 5, 1), source="6", next_step="assessment")


@pytest.fixture
def plan(referral, personas):
    return actions.start_cin_plan(referral, actor=personas["social.worker"],
                                  start_date=D(2026, 5, 20))


def test_worker_starts_a_child_in_need_plan(referral, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cin_plan_new", args=[referral.pk]),
        date_fields("start_date", D(2026, 6, 1)))
    plan = CINPlan.objects.get(referral=referral)
    assert response["Location"] == reverse("casework:cin_plan", args=[plan.pk])
    assert plan.start_date == D(2026, 6, 1)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE,
                                     object_type="casework.cinplan").exists()


def test_a_second_open_plan_is_refused_citing_rule_4004(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cin_plan_new", args=[plan.referral_id]),
        date_fields("start_date", D(2026, 6, 1)))
    assert "CIN rule 4004" in error_summary(response)
    assert CINPlan.objects.count() == 1


def test_a_plan_alongside_a_child_protection_plan_is_refused_citing_rule_4001(
        referral, personas, login):
    worker = personas["social.worker"]
    discussion = actions.record_strategy_discussion(referral, actor=worker,
                                                    discussion_date=D(2026, 5, 4),
                                                    decision="s47")
    actions.record_initial_conference(referral, actor=worker, section47=discussion.section47,
                                      conference_date=D(2026, 5, 18), decision="plan",
                                      initial_category="NEG")
    response = login(worker).post(reverse("casework:cin_plan_new", args=[referral.pk]),
                                  date_fields("start_date", D(2026, 6, 1)))
    assert "CIN rule 4001" in error_summary(response)
    assert not CINPlan.objects.exists()


def test_the_plan_page_shows_its_review_and_visit_timescales(plan, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("casework:cin_plan", args=[plan.pk])).content.decode()
    assert "Review the child in need plan" in page
    assert "20 Aug 2026" in page  # 3 months from 20 May
    assert "Visit the child (child in need)" in page
    assert "Complete the assessment" not in page  # the episode's, not the plan's


def test_worker_records_a_review(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cin_plan_review", args=[plan.pk]),
        {**date_fields("review_date", D(2026, 6, 25)), "notes": "Going well"})
    assert response["Location"] == reverse("casework:cin_plan", args=[plan.pk])
    review = CINPlanReview.objects.get(plan=plan)
    assert (review.review_date, review.notes) == (D(2026, 6, 25), "Going well")


def test_a_review_before_the_plan_started_is_refused_on_its_date(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cin_plan_review", args=[plan.pk]),
        {**date_fields("review_date", D(2026, 5, 10)), "notes": "Too early"})
    summary = error_summary(response)
    assert 'href="#id_review_date_0"' in summary
    assert "cannot be before the plan started" in summary
    assert "Too early" in response.content.decode()
    assert not CINPlanReview.objects.exists()


def test_worker_ends_the_plan(plan, personas, login):
    login(personas["social.worker"]).post(reverse("casework:cin_plan_end", args=[plan.pk]),
                                          date_fields("end_date", D(2026, 6, 29)))
    plan.refresh_from_db()
    assert plan.end_date == D(2026, 6, 29)


def test_a_plan_ending_the_day_it_started_is_refused_citing_rule_8840(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:cin_plan_end", args=[plan.pk]), date_fields("end_date", D(2026, 5, 20)))
    assert "CIN rules 8840 and 4011" in error_summary(response)
    plan.refresh_from_db()
    assert plan.end_date is None


def test_an_ended_plan_takes_no_more_reviews(plan, personas, login):
    actions.end_cin_plan(plan, actor=personas["social.worker"], end_date=D(2026, 6, 29))
    client = login(personas["social.worker"])
    assert "This plan has ended" in client.get(
        reverse("casework:cin_plan_review", args=[plan.pk])).content.decode()
    client.post(reverse("casework:cin_plan_review", args=[plan.pk]),
                date_fields("review_date", D(2026, 6, 30)))
    assert not CINPlanReview.objects.exists()


def test_a_visit_under_the_plan_is_recorded_and_shown_on_it(plan, personas, login):
    client = login(personas["social.worker"])
    form = client.get(reverse("casework:visit_new", args=[plan.referral_id])).content.decode()
    assert 'value="cin" checked' in form  # the open plan's kind is chosen
    response = client.post(reverse("casework:visit_new", args=[plan.referral_id]), {
        "kind": "cin", **date_fields("visit_date", D(2026, 6, 26)), "child_seen": "on",
        "child_seen_alone": "on"})
    assert response["Location"] == reverse("casework:cin_plan", args=[plan.pk])
    visit = Visit.objects.get()
    assert (visit.visit_date, visit.child_seen, visit.child_seen_alone) == (
        D(2026, 6, 26), True, True)
    page = client.get(reverse("casework:cin_plan", args=[plan.pk])).content.decode()
    assert "26 Jun 2026" in page


def test_a_child_seen_alone_but_not_seen_is_refused(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:visit_new", args=[plan.referral_id]),
        {"kind": "cin", **date_fields("visit_date", D(2026, 6, 26)), "child_seen_alone": "on"})
    assert "seen alone" in error_summary(response)
    assert not Visit.objects.exists()


def test_a_visit_before_the_referral_is_refused_citing_rule_8565(plan, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:visit_new", args=[plan.referral_id]),
        {"kind": "cin", **date_fields("visit_date", D(2026, 4, 30)), "child_seen": "on"})
    assert "CIN rule 8565" in error_summary(response)
    assert not Visit.objects.exists()
