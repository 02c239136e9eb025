"""A child's journey recorded through the actions, for page tests and the access matrix.

``record_journey`` carries one child from contact to a closure awaiting sign-off, through
every kind of step (assessment, strategy discussion, section 47, conference, child
protection plan, then a child in need plan), all in 2024, and returns the id of each step.
"""

import datetime

from opencsc.casework import actions
from opencsc.casework.models import (
    Contact,
    CPReview,
    InitialConference,
    Section47,
    StrategyDiscussion,
)

D = datetime.date


def contact_details(**changes) -> dict:
    return {
        "received_at": datetime.datetime(2024, 3, 4, 9, 30, tzinfo=datetime.UTC),
        "contactor_name": "A Teacher", "contactor_role": "Head teacher", "source": "2A",
        "concern": "Bruising seen at school", "consent": Contact.Consent.NOT_SOUGHT,
        "legal_basis": Contact.LegalBasis.SAFEGUARDING, **changes,
    }


def record_journey(child, *, worker, manager) -> dict[str, int]:
    contact = actions.record_contact(actor=worker, children=[child], details=contact_details())
    [referral] = actions.decide_contact(contact, actor=worker, outcome=Contact.Outcome.REFERRAL)
    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2024, 3, 5))
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2024, 3, 6),
        decision=StrategyDiscussion.Decision.SECTION_47,
        attendees=[{"agency": "police", "invited": True, "attended": True}])
    section47 = discussion.section47
    actions.complete_assessment(assessment, actor=worker, completed_date=D(2024, 3, 20), data={
        "factors": ["16A"], "primary_need": "N1", "outcome": "strategy",
        "child_seen_date": D(2024, 3, 5), "child_seen_alone": True})
    actions.authorise_assessment(assessment, actor=manager, authorisation_date=D(2024, 3, 21))
    actions.conclude_section47(section47, actor=worker, end_date=D(2024, 3, 22),
                               outcome=Section47.Outcome.ICPC)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2024, 3, 25),
        decision=InitialConference.Decision.PLAN, initial_category="NEG")
    cp_plan = conference.plan
    actions.record_core_group(cp_plan, actor=worker, meeting_date=D(2024, 4, 3))
    actions.record_cp_review(cp_plan, actor=worker, review_date=D(2024, 6, 20),
                             decision=CPReview.Decision.END)
    cin_plan = actions.start_cin_plan(referral, actor=worker, start_date=D(2024, 6, 21))
    actions.record_visit(referral, actor=worker, kind="cin", visit_date=D(2024, 7, 1),
                         child_seen=True, child_seen_alone=False)
    actions.end_cin_plan(cin_plan, actor=worker, end_date=D(2024, 12, 2))
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2024, 12, 3),
                                      reason="RC7", summary="Plans ended; needs met")
    return {"child": child.pk, "contact": contact.pk, "referral": referral.pk,
            "assessment": assessment.pk, "section47": section47.pk, "cp_plan": cp_plan.pk,
            "cin_plan": cin_plan.pk, "closure": closure.pk}


def date_fields(name: str, day: datetime.date) -> dict:
    """A date as the GOV.UK date input posts it."""
    return {f"{name}_0": str(day.day), f"{name}_1": str(day.month), f"{name}_2": str(day.year)}


def error_summary(response) -> str:
    """The text of the GOV.UK error summary on a page, or "" when there is none."""
    page = response.content.decode()
    if "govuk-error-summary" not in page:
        return ""
    start = page.index("govuk-error-summary")
    return page[start:page.index("</ul>", start)]
