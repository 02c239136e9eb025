"""The whole child protection journey recorded through actions, with its deadlines."""

import datetime

import pytest
import time_machine

from opencsc.casework import actions
from opencsc.casework.models import (
    Contact,
    CPReview,
    Deadline,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
)
from opencsc.core.models import AuditEntry

D = datetime.date


def open_deadlines(child):
    return {d.rule: d.due_date for d in Deadline.objects.filter(child=child, met_date__isnull=True)}


@pytest.fixture
def journey_child(make_child):
    return make_child(worker="social.worker", given="Ruby", family="Fenwick")


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_contact_to_closure_records_every_step_and_its_deadlines(journey_child, personas, trust):
    worker, manager = personas["social.worker"], personas["team.manager"]
    contact = actions.record_contact(actor=worker, children=[journey_child], details={
        "received_at": datetime.datetime(2026, 3, 6, 9, tzinfo=datetime.UTC),
        "contactor_name": "Head teacher", "source": "2A", "concern": "Bruising seen",
        "consent": Contact.Consent.NOT_SOUGHT, "legal_basis": Contact.LegalBasis.SAFEGUARDING})
    # Friday 6 March 2026: one working day later is Monday 9 March.
    assert open_deadlines(journey_child) == {"contact_decision": D(2026, 3, 9)}

    [referral] = actions.decide_contact(contact, actor=worker, outcome=Contact.Outcome.REFERRAL)
    # 45 working days, skipping Good Friday, Easter Monday and the early May bank holiday.
    assert open_deadlines(journey_child) == {"assessment": D(2026, 5, 13)}

    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2026, 3, 9))
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2026, 3, 10),
        decision=StrategyDiscussion.Decision.SECTION_47,
        attendees=[{"agency": "police", "invited": True, "attended": True}])
    section47 = Section47.objects.get(strategy=discussion)
    assert section47.start_date == D(2026, 3, 10)
    assert open_deadlines(journey_child)["icpc"] == D(2026, 3, 31)

    actions.complete_assessment(assessment, actor=worker, completed_date=D(2026, 3, 20), data={
        "factors": ["3B", "16A"], "primary_need": "N1", "outcome": "strategy",
        "child_seen_date": D(2026, 3, 9), "child_seen_alone": True})
    actions.authorise_assessment(assessment, actor=manager, authorisation_date=D(2026, 3, 23))
    actions.conclude_section47(section47, actor=worker, end_date=D(2026, 3, 27),
                               outcome=Section47.Outcome.ICPC)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 3, 30),
        decision=InitialConference.Decision.PLAN, initial_category="PHY")
    assert conference.target_date == D(2026, 3, 31)
    plan = conference.plan
    assert plan.start_date == D(2026, 3, 30)
    due = open_deadlines(journey_child)
    assert due["core_group"] == D(2026, 4, 15)  # 10 WD over Good Friday and Easter Monday
    assert due["rcpc_first"] == D(2026, 6, 30)

    actions.record_core_group(plan, actor=worker, meeting_date=D(2026, 4, 14))
    actions.record_cp_review(plan, actor=worker, review_date=D(2026, 6, 26),
                             decision=CPReview.Decision.END)
    plan.refresh_from_db()
    assert plan.end_date == D(2026, 6, 26)
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2026, 6, 29),
                                      reason="RC7", summary="Plan ended; family supported")
    referral.refresh_from_db()
    assert referral.is_open  # nothing closes until a manager signs it off
    actions.decide_closure(closure, actor=manager, approve=True)
    referral.refresh_from_db()
    assert (referral.closure_date, referral.closure_reason) == (D(2026, 6, 29), "RC7")
    assert open_deadlines(journey_child) == {}
    met = Deadline.objects.filter(child=journey_child, met_date__isnull=False)
    assert {d.rule for d in met} == {"contact_decision", "assessment", "icpc", "core_group",
                                     "rcpc_first"}
    assert AuditEntry.objects.filter(child_id=journey_child.pk).count() >= 12


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_a_second_open_episode_is_refused_citing_rule_8815(journey_child, personas):
    worker = personas["social.worker"]
    actions.open_referral(journey_child, actor=worker, referral_date=D(2026, 5, 1), source="6",
                          next_step=Referral.NextStep.ASSESSMENT)
    with pytest.raises(actions.RuleViolation, match="8815"):
        actions.open_referral(journey_child, actor=worker, referral_date=D(2026, 6, 1),
                              source="6", next_step=Referral.NextStep.ASSESSMENT)
