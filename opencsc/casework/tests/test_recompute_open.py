"""recompute_open loads episodes its own fast way (episode_rows); it must give exactly the
deadlines that recomputing each episode from its prefetched models gives."""

import datetime

import pytest
import time_machine

from opencsc.casework import actions, deadlines
from opencsc.casework.models import (
    Deadline,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)

D = datetime.date
KEY = ("child_id", "referral_id", "rule", "instance", "basis_date", "due_date", "met_date",
       "calendar_version")
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False):
        yield


def stored() -> set[tuple]:
    return set(Deadline.objects.filter(referral__isnull=False).values_list(*KEY))


def _protection_plan(child, worker, manager):
    referral = actions.open_referral(child, actor=worker, referral_date=D(2026, 3, 2),
                                     source="2A", next_step=Referral.NextStep.ASSESSMENT)
    first = actions.start_assessment(referral, actor=worker, start_date=D(2026, 3, 3))
    actions.complete_assessment(first, actor=worker, completed_date=D(2026, 3, 20), data={
        "factors": ["3B"], "primary_need": "N1", "outcome": "strategy",
        "child_seen_date": D(2026, 3, 4), "child_seen_alone": True})
    actions.authorise_assessment(first, actor=manager, authorisation_date=D(2026, 3, 23))
    actions.start_assessment(referral, actor=worker, start_date=D(2026, 5, 1))
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2026, 3, 10),
        decision=StrategyDiscussion.Decision.SECTION_47)
    s47 = Section47.objects.get(strategy=discussion)
    actions.conclude_section47(s47, actor=worker, end_date=D(2026, 3, 27),
                               outcome=Section47.Outcome.ICPC)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=s47, conference_date=D(2026, 3, 30),
        decision=InitialConference.Decision.PLAN, initial_category="NEG")
    actions.record_core_group(conference.plan, actor=worker, meeting_date=D(2026, 4, 14))
    actions.record_cp_review(conference.plan, actor=worker, review_date=D(2026, 6, 26),
                             decision="continue")
    for day, seen in ((D(2026, 6, 1), True), (D(2026, 6, 15), False)):
        actions.record_visit(referral, actor=worker, kind=Visit.Kind.CP, visit_date=day,
                             child_seen=seen, child_seen_alone=False)


def _child_in_need_plan(child, worker):
    referral = actions.open_referral(child, actor=worker, referral_date=D(2026, 1, 5),
                                     source="5A", next_step=Referral.NextStep.ASSESSMENT)
    plan = actions.start_cin_plan(referral, actor=worker, start_date=D(2026, 2, 2))
    actions.review_cin_plan(plan, actor=worker, review_date=D(2026, 5, 1))
    actions.record_visit(referral, actor=worker, kind=Visit.Kind.CIN, visit_date=D(2026, 6, 2),
                         child_seen=True, child_seen_alone=True)


def _enquiries(child, other, worker):
    for who, day in ((child, D(2026, 6, 1)), (other, D(2026, 6, 8))):
        referral = actions.open_referral(who, actor=worker, referral_date=day, source="6",
                                         next_step=Referral.NextStep.STRATEGY)
        discussion = actions.record_strategy_discussion(
            referral, actor=worker, discussion_date=day,
            decision=StrategyDiscussion.Decision.SECTION_47)
        if who is other:
            actions.conclude_section47(Section47.objects.get(strategy=discussion), actor=worker,
                                       end_date=D(2026, 6, 20),
                                       outcome=Section47.Outcome.NOT_SUBSTANTIATED)


@pytest.fixture
def episodes(make_child, personas):
    worker, manager = personas["social.worker"], personas["team.manager"]
    _protection_plan(make_child(worker="social.worker"), worker, manager)
    _child_in_need_plan(make_child(worker="social.worker"), worker)
    _enquiries(make_child(worker="social.worker"), make_child(worker="social.worker"), worker)
    actions.open_referral(make_child(worker="social.worker"), actor=worker,
                          referral_date=D(2026, 6, 2), source="1A",
                          next_step=Referral.NextStep.NFA)
    return stored()


def test_recompute_open_gives_what_each_episodes_own_recompute_gives(episodes):
    assert {row[2] for row in episodes} >= {"assessment", "icpc", "core_group", "rcpc",
                                            "cp_visit", "cin_review", "cin_visit"}
    Deadline.objects.filter(referral__closure_date__isnull=True).delete()
    assert deadlines.recompute_open(batch=2) == Referral.objects.filter(
        closure_date__isnull=True).count()
    assert stored() == episodes


def test_recompute_open_rewrites_only_rows_that_changed(episodes):
    untouched = set(Deadline.objects.values_list("pk", flat=True))
    wrong = Deadline.objects.filter(rule="cp_visit").get()
    Deadline.objects.filter(pk=wrong.pk).update(due_date=D(2030, 1, 1))
    stray = Deadline.objects.create(child_id=wrong.child_id, referral_id=wrong.referral_id,
                                    rule="cin_visit", instance="gone", basis_date=D(2026, 1, 1),
                                    due_date=D(2026, 2, 1), calendar_version="old")
    deadlines.recompute_open()
    assert stored() == episodes
    remaining = set(Deadline.objects.values_list("pk", flat=True))
    assert untouched - {wrong.pk} <= remaining
    assert wrong.pk not in remaining and stray.pk not in remaining
