"""Recording a referral, the episode's page with its steps, next steps and timescales, and
the episodes on the child's page."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.casework import actions
from opencsc.casework.models import Referral
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
def ruby(make_child):
    return make_child(worker="social.worker", given="Ruby", family="Fenwick")


JUNE_1 = D(2026, 6, 1)


def referral_form(day=JUNE_1, **changes) -> dict:
    return {**date_fields("referral_date", day), "source": "6", "next_step": "assessment",
            **changes}


def open_episode(child, user, day=JUNE_1, **kwargs) -> Referral:
    return actions.open_referral(child, actor=user, referral_date=day, source="6",
                                 next_step=kwargs.pop("next_step", "assessment"), **kwargs)


def test_worker_records_a_referral_and_lands_on_its_episode(ruby, personas, login):
    client = login(personas["social.worker"])
    response = client.post(reverse("casework:referral_new", args=[ruby.pk]), referral_form())
    referral = Referral.objects.get(child=ruby)
    assert response["Location"] == reverse("casework:referral", args=[referral.pk])
    assert (referral.referral_date, referral.source, referral.next_step) == (
        D(2026, 6, 1), "6", "assessment")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, child_id=ruby.pk,
                                     object_type="casework.referral").exists()


def test_a_second_open_episode_is_refused_citing_rule_8815(ruby, personas, login):
    open_episode(ruby, personas["social.worker"], D(2026, 5, 1))
    response = login(personas["social.worker"]).post(
        reverse("casework:referral_new", args=[ruby.pk]), referral_form())
    assert "CIN rule 8815" in error_summary(response)
    assert Referral.objects.filter(child=ruby).count() == 1


def test_a_referral_dated_in_the_future_is_refused_on_its_date(ruby, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:referral_new", args=[ruby.pk]),
        referral_form(D(2026, 7, 2), source="3A"))
    summary = error_summary(response)
    assert 'href="#id_referral_date_0"' in summary
    assert "The referral date must be today or in the past" in summary
    assert 'value="3A" selected' in response.content.decode()  # what was typed stays
    assert not Referral.objects.exists()


def test_a_no_further_action_referral_closes_the_same_day(ruby, personas, login):
    login(personas["social.worker"]).post(reverse("casework:referral_new", args=[ruby.pk]),
                                          referral_form(next_step="nfa"))
    referral = Referral.objects.get()
    assert (referral.nfa, referral.closure_date) == (True, D(2026, 6, 1))


def test_the_episode_shows_each_timescale_with_its_due_date_and_status(ruby, personas, login):
    referral = open_episode(ruby, personas["social.worker"], D(2026, 4, 20))
    page = login(personas["social.worker"]).get(
        reverse("casework:referral", args=[referral.pk])).content.decode()
    # 45 working days from Monday 20 April 2026, over the two May bank holidays.
    assert "Complete the assessment" in page
    assert "24 Jun 2026" in page
    assert "Overdue" in page


def test_a_timescale_due_within_five_working_days_is_due_soon(ruby, personas, login):
    referral = open_episode(ruby, personas["social.worker"], D(2026, 4, 27))
    page = login(personas["social.worker"]).get(
        reverse("casework:referral", args=[referral.pk])).content.decode()
    assert "1 Jul 2026" in page
    assert "Due soon" in page


def test_the_episode_offers_the_next_steps_it_allows(ruby, personas, login):
    referral = open_episode(ruby, personas["social.worker"])
    page = login(personas["social.worker"]).get(
        reverse("casework:referral", args=[referral.pk])).content.decode()
    assert reverse("casework:assessment_new", args=[referral.pk]) in page
    assert reverse("casework:strategy_new", args=[referral.pk]) in page
    assert reverse("casework:closure_new", args=[referral.pk]) in page


def test_a_read_only_teammate_is_offered_no_next_steps(make_child, personas, login):
    teammates = make_child(worker=None)
    referral = open_episode(teammates, personas["team.manager"])
    page = login(personas["social.worker"]).get(
        reverse("casework:referral", args=[referral.pk])).content.decode()
    assert "What comes next" not in page
    assert reverse("casework:assessment_new", args=[referral.pk]) not in page


def test_an_episode_awaiting_closure_sign_off_says_so_and_offers_nothing_more(
        ruby, personas, login):
    referral = open_episode(ruby, personas["social.worker"], next_step="other")
    actions.request_closure(referral, actor=personas["social.worker"],
                            closure_date=D(2026, 6, 2), reason="RC7", summary="Signposted")
    page = login(personas["social.worker"]).get(
        reverse("casework:referral", args=[referral.pk])).content.decode()
    assert "Awaiting closure sign-off" in page
    assert "What comes next" not in page


def test_the_episode_lists_every_step_so_far(ruby, personas, login):
    worker = personas["social.worker"]
    referral = open_episode(ruby, worker)
    actions.start_assessment(referral, actor=worker, start_date=D(2026, 6, 2))
    actions.record_strategy_discussion(referral, actor=worker, discussion_date=D(2026, 6, 3),
                                       decision="s47", attendees=[
                                           {"agency": "police", "invited": True,
                                            "attended": True}])
    page = login(worker).get(reverse("casework:referral", args=[referral.pk])).content.decode()
    steps = page[page.index("What has happened"):]
    for step in ("Referral", "Assessment started", "Strategy discussion",
                 "Section 47 enquiry started", "Attended: Police"):
        assert step in steps


def test_the_childs_page_shows_a_re_referral_within_12_months(ruby, personas, login):
    worker = personas["social.worker"]
    open_episode(ruby, worker, D(2025, 9, 1), next_step="nfa")
    open_episode(ruby, worker, D(2026, 6, 1))
    page = login(worker).get(reverse("people:child", args=[ruby.pk])).content.decode()
    section = page[page.index("Episodes and timescales"):]
    assert "Re-referral within 12 months" in section
    assert "1 September 2025" in section


def test_a_referral_more_than_12_months_after_the_last_is_not_a_re_referral(
        ruby, personas, login):
    worker = personas["social.worker"]
    open_episode(ruby, worker, D(2025, 5, 31), next_step="nfa")
    open_episode(ruby, worker, D(2026, 6, 1))
    page = login(worker).get(reverse("people:child", args=[ruby.pk])).content.decode()
    assert "Re-referral within 12 months:" not in page


def test_the_childs_page_shows_open_timescales_and_offers_a_referral_when_none_is_open(
        ruby, personas, login):
    client = login(personas["social.worker"])
    page = client.get(reverse("people:child", args=[ruby.pk])).content.decode()
    assert reverse("casework:referral_new", args=[ruby.pk]) in page
    open_episode(ruby, personas["social.worker"])
    page = client.get(reverse("people:child", args=[ruby.pk])).content.decode()
    assert reverse("casework:referral_new", args=[ruby.pk]) not in page
    assert "Complete the assessment" in page


def _child_page_queries(client, child) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("people:child", args=[child.pk])).status_code == 200
    return len(queries)


def test_the_childs_page_reads_its_episodes_in_a_fixed_number_of_queries(
        ruby, personas, login):
    worker = personas["social.worker"]
    client = login(worker)
    open_episode(ruby, worker, D(2025, 1, 6), next_step="nfa")
    one = _child_page_queries(client, ruby)
    for day in (D(2025, 3, 3), D(2025, 6, 2), D(2025, 9, 1)):
        open_episode(ruby, worker, day, next_step="nfa")
    open_episode(ruby, worker, D(2026, 6, 1))
    assert _child_page_queries(client, ruby) == one


def _episode_queries(client, referral) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("casework:referral", args=[referral.pk])).status_code == 200
    return len(queries)


def test_the_episode_page_reads_in_a_fixed_number_of_queries(ruby, personas, login):
    worker, manager = personas["social.worker"], personas["team.manager"]
    client = login(worker)
    referral = open_episode(ruby, worker)
    plan = actions.start_cin_plan(referral, actor=worker, start_date=D(2026, 6, 2))

    def more(day):
        actions.record_visit(referral, actor=manager, kind="cin", visit_date=D(2026, 6, day),
                             child_seen=True, child_seen_alone=True)
        actions.review_cin_plan(plan, actor=manager, review_date=D(2026, 6, day))

    more(3)
    one = _episode_queries(client, referral)
    for day in (4, 5, 8, 9):
        more(day)
    assert _episode_queries(client, referral) == one
