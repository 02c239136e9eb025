"""The timescale table and the deadlines computed from a case's record."""

import datetime

import pytest
import time_machine

from opencsc.casework import actions
from opencsc.casework.models import Deadline, InitialConference, Referral, StrategyDiscussion
from opencsc.casework.timescales import RULES, Status, status_of

D = datetime.date


@pytest.mark.parametrize("code, basis, due", [
    ("contact_decision", D(2026, 12, 24), D(2026, 12, 29)),  # over Christmas
    ("assessment", D(2026, 1, 5), D(2026, 3, 9)),  # exactly nine weeks, no holidays
    ("icpc", D(2026, 5, 1), D(2026, 5, 26)),  # early May and spring bank holidays
    ("core_group", D(2026, 8, 24), D(2026, 9, 8)),  # summer bank holiday 31 August
    ("rcpc_first", D(2026, 11, 30), D(2027, 2, 28)),
    ("rcpc", D(2026, 8, 31), D(2027, 2, 28)),
])
def test_each_statutory_rule_computes_its_due_date(code, basis, due):
    assert RULES[code].due(basis) == due


def test_every_rule_cites_its_source_and_says_whether_it_is_statutory():
    for rule in RULES.values():
        assert rule.source and rule.label
    assert RULES["icpc"].statutory and not RULES["cp_visit"].statutory


@pytest.mark.parametrize("today, met, expected", [
    (D(2026, 6, 1), None, Status.ON_TRACK),
    (D(2026, 6, 9), None, Status.DUE_SOON),  # 5 working days before 15 June
    (D(2026, 6, 15), None, Status.DUE_SOON),
    (D(2026, 6, 16), None, Status.OVERDUE),
    (D(2026, 6, 20), D(2026, 6, 15), Status.MET),
    (D(2026, 6, 20), D(2026, 6, 16), Status.MET_LATE),
])
def test_status_is_judged_against_today(today, met, expected):
    assert status_of(D(2026, 6, 15), met, today) == expected


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_plan_visits_and_reviews_move_with_the_latest_event(make_child, personas):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker")
    referral = actions.open_referral(child, actor=worker, referral_date=D(2026, 4, 1),
                                     source="6", next_step=Referral.NextStep.STRATEGY)
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2026, 4, 1),
        decision=StrategyDiscussion.Decision.SECTION_47)
    plan = actions.record_initial_conference(
        referral, actor=worker, section47=discussion.section47, conference_date=D(2026, 4, 21),
        decision=InitialConference.Decision.PLAN, initial_category="NEG").plan

    def due(rule):
        return Deadline.objects.get(child=child, rule=rule, met_date__isnull=True).due_date

    assert due("cp_visit") == D(2026, 5, 6)  # 10 WD from the plan start, over 4 May
    actions.record_visit(referral, actor=worker, kind="cp", visit_date=D(2026, 5, 5),
                         child_seen=True, child_seen_alone=True)
    assert due("cp_visit") == D(2026, 5, 19)
    actions.record_visit(referral, actor=worker, kind="cp", visit_date=D(2026, 5, 12),
                         child_seen=False, child_seen_alone=False)
    assert due("cp_visit") == D(2026, 5, 19)  # a visit without seeing the child does not count
    actions.record_cp_review(plan, actor=worker, review_date=D(2026, 7, 20) - datetime.timedelta(
        days=30), decision="continue")
    assert due("rcpc") == D(2026, 12, 20)
