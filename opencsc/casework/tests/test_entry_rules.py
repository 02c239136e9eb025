"""Each entry rule between the journey's steps: refused with its message, accepted when right."""

import datetime

import pytest
import time_machine

from opencsc.casework import actions
from opencsc.casework.models import (
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
)

D = datetime.date
TODAY = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def midsummer_2026():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def worker(personas):
    return personas["social.worker"]


@pytest.fixture
def manager(personas):
    return personas["team.manager"]


@pytest.fixture
def referral(make_child, worker):
    child = make_child(worker="social.worker")
    return actions.open_referral(child, actor=worker, referral_date=D(2026, 4, 1), source="2A",
                                 next_step=Referral.NextStep.ASSESSMENT)


def refused(match, call, *args, **kwargs):
    with pytest.raises(actions.RuleViolation, match=match) as caught:
        call(*args, **kwargs)
    return caught.value.problems


APRIL_2 = D(2026, 4, 2)


def section47_on(referral, worker, day=APRIL_2):
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=day,
        decision=StrategyDiscussion.Decision.SECTION_47)
    return Section47.objects.get(strategy=discussion)


def test_assessment_before_its_referral_is_refused_citing_1103(referral, worker):
    refused("1103", actions.start_assessment, referral, actor=worker, start_date=D(2026, 3, 31))
    assert actions.start_assessment(referral, actor=worker, start_date=D(2026, 4, 1)).pk


def test_dates_in_the_future_are_refused(referral, worker):
    problems = refused("today or in the past", actions.start_assessment, referral, actor=worker,
                       start_date=D(2026, 7, 1))
    assert problems[0][0] == "start_date"


def test_a_second_open_assessment_is_refused_citing_8896(referral, worker):
    actions.start_assessment(referral, actor=worker, start_date=D(2026, 4, 1))
    refused("8896", actions.start_assessment, referral, actor=worker, start_date=D(2026, 4, 2))


def test_completing_an_assessment_needs_factors_and_no_factors_stands_alone(referral, worker):
    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2026, 4, 1))
    data = {"primary_need": "N1", "outcome": "cin_plan"}
    refused("8897Q", actions.complete_assessment, assessment, actor=worker,
            completed_date=D(2026, 5, 1), data={**data, "factors": []})
    refused("8869", actions.complete_assessment, assessment, actor=worker,
            completed_date=D(2026, 5, 1), data={**data, "factors": ["21", "3B"]})
    refused("8608", actions.complete_assessment, assessment, actor=worker,
            completed_date=D(2026, 3, 30), data={**data, "factors": ["3B"]})
    done = actions.complete_assessment(assessment, actor=worker, completed_date=D(2026, 5, 1),
                                       data={**data, "factors": ["21"]})
    assert done.completed_date == D(2026, 5, 1)


def test_a_conference_on_a_weekend_is_refused_citing_8875(referral, worker):
    section47 = section47_on(referral, worker)
    saturday = D(2026, 4, 18)
    refused("8875", actions.record_initial_conference, referral, actor=worker,
            section47=section47, conference_date=saturday,
            decision=InitialConference.Decision.NO_PLAN)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 4, 20),
        decision=InitialConference.Decision.NO_PLAN)
    # 15 working days from Thu 2 April 2026, skipping Good Friday and Easter Monday.
    assert conference.target_date == D(2026, 4, 27)


def test_a_conference_before_its_section_47_is_refused_citing_8615(referral, worker):
    section47 = section47_on(referral, worker, day=D(2026, 4, 10))
    refused("8615", actions.record_initial_conference, referral, actor=worker,
            section47=section47, conference_date=D(2026, 4, 9),
            decision=InitialConference.Decision.NO_PLAN)


def test_a_plan_starts_only_from_a_conference_on_its_date(referral, worker):
    section47 = section47_on(referral, worker)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 4, 20),
        decision=InitialConference.Decision.PLAN, initial_category="NEG")
    assert conference.plan.start_date == conference.conference_date  # CIN rule 2885


def test_a_cin_plan_cannot_overlap_a_child_protection_plan_citing_4001(referral, worker):
    section47 = section47_on(referral, worker)
    actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 4, 20),
        decision=InitialConference.Decision.PLAN, initial_category="EMO")
    refused("4001", actions.start_cin_plan, referral, actor=worker, start_date=D(2026, 5, 1))


def test_a_cp_plan_cannot_start_while_a_cin_plan_is_open_citing_4001(referral, worker):
    actions.start_cin_plan(referral, actor=worker, start_date=D(2026, 4, 5))
    section47 = section47_on(referral, worker, day=D(2026, 4, 10))
    refused("4001", actions.record_initial_conference, referral, actor=worker,
            section47=section47, conference_date=D(2026, 4, 20),
            decision=InitialConference.Decision.PLAN, initial_category="NEG")


def test_a_second_open_cin_plan_is_refused_citing_4004(referral, worker):
    actions.start_cin_plan(referral, actor=worker, start_date=D(2026, 4, 5))
    refused("4004", actions.start_cin_plan, referral, actor=worker, start_date=D(2026, 4, 6))


def test_a_cin_plan_before_the_referral_is_refused_citing_4015(referral, worker):
    refused("4015", actions.start_cin_plan, referral, actor=worker, start_date=D(2026, 3, 1))


def test_a_review_conference_on_the_plan_start_is_refused_citing_8841(referral, worker):
    section47 = section47_on(referral, worker)
    plan = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 4, 20),
        decision=InitialConference.Decision.PLAN, initial_category="NEG").plan
    refused("8841", actions.record_cp_review, plan, actor=worker, review_date=D(2026, 4, 20),
            decision=CPReview.Decision.CONTINUE)
    assert actions.record_cp_review(plan, actor=worker, review_date=D(2026, 6, 1),
                                    decision=CPReview.Decision.CONTINUE).pk


def test_nothing_can_be_recorded_on_a_no_further_action_referral_citing_8831(make_child, worker):
    child = make_child(worker="social.worker")
    nfa = actions.open_referral(child, actor=worker, referral_date=D(2026, 4, 1), source="9",
                                next_step=Referral.NextStep.NFA)
    assert nfa.nfa and nfa.closure_date == D(2026, 4, 1)
    refused("8831", actions.start_assessment, nfa, actor=worker, start_date=D(2026, 4, 2))


def test_episodes_cannot_overlap_citing_8820(make_child, worker, manager):
    child = make_child(worker="social.worker")
    first = actions.open_referral(child, actor=worker, referral_date=D(2026, 4, 1), source="6",
                                  next_step=Referral.NextStep.OTHER_SERVICES)
    closure = actions.request_closure(first, actor=worker, closure_date=D(2026, 4, 10),
                                      reason="RC7", summary="Signposted")
    actions.decide_closure(closure, actor=manager, approve=True)
    refused("8820", actions.open_referral, child, actor=worker, referral_date=D(2026, 4, 10),
            source="6", next_step=Referral.NextStep.ASSESSMENT)
    assert actions.open_referral(child, actor=worker, referral_date=D(2026, 4, 11), source="6",
                                 next_step=Referral.NextStep.ASSESSMENT).pk


def test_closure_needs_a_reason_citing_8805(referral, worker):
    refused("8805", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 1), reason="", summary="x")


def test_closure_with_an_unauthorised_assessment_is_refused_citing_8867(referral, worker):
    actions.start_assessment(referral, actor=worker, start_date=D(2026, 4, 1))
    refused("8867", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 1), reason="RC8", summary="x")


def test_closure_with_an_unresolved_section_47_is_refused_citing_8868(referral, worker):
    section47_on(referral, worker)
    refused("8868", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 1), reason="RC7", summary="x")


def test_rc8_without_an_assessment_is_queried_citing_8825q(referral, worker):
    refused("8825Q", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 1), reason="RC8", summary="x")


def test_closing_for_lack_of_a_service_must_name_the_service(referral, worker, manager):
    refused("which service", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 1), reason="RC7", summary="x",
            needs_unmet_service_unavailable=True)
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2026, 5, 1),
                                      reason="RC7", summary="x",
                                      needs_unmet_service_unavailable=True,
                                      unavailable_service="Parenting programme")
    actions.decide_closure(closure, actor=manager, approve=True)
    referral.refresh_from_db()
    assert referral.closure_reason == "RC7" and not referral.is_open


def test_a_declined_closure_leaves_the_episode_open(referral, worker, manager):
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2026, 5, 1),
                                      reason="RC7", summary="x")
    actions.decide_closure(closure, actor=manager, approve=False, note="Visit once more")
    referral.refresh_from_db()
    assert referral.is_open
    refused("already been decided", actions.decide_closure, closure, actor=manager, approve=True)


def test_closure_before_the_last_activity_is_refused_citing_8565(referral, worker, manager):
    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2026, 4, 1))
    actions.complete_assessment(assessment, actor=worker, completed_date=D(2026, 5, 1),
                                data={"factors": ["21"], "primary_need": "N9",
                                      "outcome": "nfa"})
    actions.authorise_assessment(assessment, actor=manager, authorisation_date=D(2026, 5, 4))
    refused("8565", actions.request_closure, referral, actor=worker,
            closure_date=D(2026, 5, 2), reason="RC8", summary="x")
