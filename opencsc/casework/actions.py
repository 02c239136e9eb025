"""The only way to record the journey. Each action checks the entry rules, writes in one
transaction with its audit entry, and recomputes the episode's deadlines inside it."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.working_days import CALENDAR_VERSION
from opencsc.people import actions as people_actions

from . import deadlines, rules
from .models import (
    Assessment,
    CaseNote,
    CINPlan,
    CINPlanReview,
    Closure,
    Contact,
    CoreGroup,
    CPPlan,
    CPReview,
    Draft,
    InitialConference,
    Referral,
    Section47,
    StrategyAttendee,
    StrategyDiscussion,
    Visit,
)
from .timescales import RULES


class RuleViolation(Exception):
    """The entry was refused; ``problems`` lists (field, message) pairs."""

    def __init__(self, problems):
        super().__init__("; ".join(message for _, message in problems))
        self.problems = problems


def _refuse_if(problems) -> None:
    if problems:
        raise RuleViolation(problems)


def _changes(obj, fields) -> dict:
    def plain(value):
        return value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value

    return {f: [None, plain(getattr(obj, f))] for f in fields}


def _audit(actor, obj, child_id, fields, action=AuditAction.CREATE, reason=""):
    audit.record(actor, action, obj=obj, child_id=child_id, changes=_changes(obj, fields),
                 reason=reason)


@transaction.atomic
def record_contact(*, actor, children, details: dict) -> Contact:
    contact = Contact.objects.create(recorded_by=actor, **details)
    contact.children.set(children)
    for child in children:
        _audit(actor, contact, child.pk, ["received_at", "source", "contactor_name", "concern"])
    deadlines.recompute_contact(contact)
    return contact


@transaction.atomic
def decide_contact(contact: Contact, *, actor, outcome: str, team=None) -> list[Referral]:
    """Record the contact's outcome; a referral opens an episode for each child."""
    contact.outcome, contact.decided_by, contact.decided_at = outcome, actor, timezone.now()
    contact.save(update_fields=["outcome", "decided_by", "decided_at"])
    referrals = []
    for child in contact.children.all():
        _audit(actor, contact, child.pk, ["outcome"], AuditAction.UPDATE)
        if outcome == Contact.Outcome.REFERRAL:
            referrals.append(open_referral(
                child, actor=actor, contact=contact, referral_date=contact.received_at.date(),
                source=contact.source, next_step=Referral.NextStep.ASSESSMENT, team=team))
    deadlines.recompute_contact(contact)
    return referrals


@transaction.atomic
def open_referral(child, *, actor, referral_date, source, next_step, contact=None, team=None,
                  primary_need="") -> Referral:
    """Open a CIN episode. A 'no further action' next step records an NFA referral."""
    _refuse_if(rules.check_new_referral(child, referral_date))
    nfa = next_step == Referral.NextStep.NFA
    referral = Referral.objects.create(
        child=child, contact=contact, referral_date=referral_date, source=source,
        next_step=next_step, nfa=nfa, primary_need=primary_need, recorded_by=actor,
        closure_date=referral_date if nfa else None, closure_reason="",
    )
    _audit(actor, referral, child.pk, ["referral_date", "source", "next_step", "nfa"])
    if team is not None:
        people_actions.allocate_child(child, actor=actor, team=team, worker=None,
                                      reason="FCONTA")
    deadlines.recompute_referral(referral)
    return referral


@transaction.atomic
def start_assessment(referral: Referral, *, actor, start_date) -> Assessment:
    _refuse_if(rules.check_assessment_start(referral, start_date))
    assessment = Assessment.objects.create(referral=referral, start_date=start_date,
                                           recorded_by=actor)
    _audit(actor, assessment, referral.child_id, ["start_date"])
    deadlines.recompute_referral(referral)
    return assessment


ASSESSMENT_FIELDS = ["child_seen_date", "child_seen_alone", "wishes_and_feelings", "analysis",
                     "factors", "primary_need", "outcome"]


@transaction.atomic
def save_assessment(assessment: Assessment, *, actor, data: dict) -> dict:
    """Save the assessment's content (not its completion); returns what changed."""
    if assessment.completed_date:
        raise RuleViolation([("", "This assessment is completed; it can no longer be changed")])
    changes = {}
    for field in ASSESSMENT_FIELDS:
        if field in data and getattr(assessment, field) != data[field]:
            changes[field] = [_plain(getattr(assessment, field)), _plain(data[field])]
            setattr(assessment, field, data[field])
    _refuse_if(rules.not_in_future("child_seen_date", assessment.child_seen_date,
                                   "date the child was seen"))
    if changes:
        assessment.save()
        audit.record(actor, AuditAction.UPDATE, obj=assessment,
                     child_id=assessment.referral.child_id, changes=changes)
    Draft.objects.filter(owner=actor, form="assessment", object_id=assessment.pk).delete()
    return changes


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


@transaction.atomic
def complete_assessment(assessment: Assessment, *, actor, data: dict,
                        completed_date) -> Assessment:
    """The worker finishes the assessment and sends it to their manager to authorise."""
    merged = {f: data.get(f, getattr(assessment, f)) for f in ASSESSMENT_FIELDS}
    _refuse_if(rules.check_assessment_completion(assessment,
                                                 {**merged, "completed_date": completed_date}))
    save_assessment(assessment, actor=actor, data=merged)
    assessment.completed_date = completed_date
    assessment.save(update_fields=["completed_date"])
    _audit(actor, assessment, assessment.referral.child_id, ["completed_date"],
           AuditAction.UPDATE)
    return assessment


@transaction.atomic
def authorise_assessment(assessment: Assessment, *, actor, authorisation_date) -> Assessment:
    _refuse_if(rules.check_authorisation(assessment, authorisation_date))
    assessment.authorised_by, assessment.authorisation_date = actor, authorisation_date
    assessment.save(update_fields=["authorised_by", "authorisation_date"])
    referral = assessment.referral
    if assessment.primary_need and referral.primary_need != assessment.primary_need:
        referral.primary_need = assessment.primary_need
        referral.save(update_fields=["primary_need"])
    _audit(actor, assessment, referral.child_id, ["authorisation_date"], AuditAction.UPDATE)
    deadlines.recompute_referral(referral)
    return assessment


@transaction.atomic
def record_strategy_discussion(referral: Referral, *, actor, discussion_date, decision,
                               notes="", attendees=()) -> StrategyDiscussion:
    """Record the discussion; a decision to enquire starts the section 47 on its date."""
    _refuse_if(rules.check_strategy(referral, discussion_date, decision))
    discussion = StrategyDiscussion.objects.create(
        referral=referral, discussion_date=discussion_date, decision=decision, notes=notes,
        recorded_by=actor)
    StrategyAttendee.objects.bulk_create(
        StrategyAttendee(discussion=discussion, **a) for a in attendees)
    _audit(actor, discussion, referral.child_id, ["discussion_date", "decision"])
    if decision == StrategyDiscussion.Decision.SECTION_47:
        section47 = Section47.objects.create(referral=referral, strategy=discussion,
                                             start_date=discussion_date, recorded_by=actor)
        _audit(actor, section47, referral.child_id, ["start_date"])
    deadlines.recompute_referral(referral)
    return discussion


@transaction.atomic
def conclude_section47(section47: Section47, *, actor, end_date, outcome) -> Section47:
    _refuse_if(rules.check_section47_conclusion(section47, end_date, outcome))
    section47.end_date, section47.outcome = end_date, outcome
    section47.icpc_not_required = outcome != Section47.Outcome.ICPC
    section47.save(update_fields=["end_date", "outcome", "icpc_not_required"])
    _audit(actor, section47, section47.referral.child_id,
           ["end_date", "outcome", "icpc_not_required"], AuditAction.UPDATE)
    deadlines.recompute_referral(section47.referral)
    return section47


def conference_target(section47: Section47) -> datetime.date:
    """15 working days from the strategy discussion that started the enquiry."""
    return RULES["icpc"].due(section47.strategy.discussion_date)


@transaction.atomic
def record_initial_conference(referral: Referral, *, actor, section47, conference_date, decision,
                              initial_category="", previous_plans=0) -> InitialConference:
    """Record the conference; a decision for a plan starts it on the conference date."""
    _refuse_if(rules.check_conference(referral, section47, conference_date))
    if decision == InitialConference.Decision.PLAN:
        _refuse_if(rules.check_new_cp_plan(referral, conference_date))
        if not initial_category:
            raise RuleViolation([("initial_category", "Select the category of abuse")])
    target = conference_target(section47) if section47 else conference_date
    conference = InitialConference.objects.create(
        referral=referral, section47=section47, target_date=target,
        calendar_version=CALENDAR_VERSION, conference_date=conference_date, decision=decision,
        recorded_by=actor)
    _audit(actor, conference, referral.child_id, ["conference_date", "target_date", "decision"])
    if decision == InitialConference.Decision.PLAN:
        plan = CPPlan.objects.create(
            referral=referral, conference=conference, start_date=conference_date,
            initial_category=initial_category, latest_category=initial_category,
            previous_plans=previous_plans, recorded_by=actor)
        _audit(actor, plan, referral.child_id, ["start_date", "initial_category",
                                                "previous_plans"])
    deadlines.recompute_referral(referral)
    return conference


@transaction.atomic
def record_core_group(plan: CPPlan, *, actor, meeting_date) -> CoreGroup:
    _refuse_if(rules.check_plan_event(plan, meeting_date, "meeting_date", "core group date"))
    meeting = CoreGroup.objects.create(plan=plan, meeting_date=meeting_date, recorded_by=actor)
    _audit(actor, meeting, plan.referral.child_id, ["meeting_date"])
    deadlines.recompute_referral(plan.referral)
    return meeting


@transaction.atomic
def record_cp_review(plan: CPPlan, *, actor, review_date, decision,
                     latest_category="") -> CPReview:
    """A review conference; a decision to end the plan ends it on the review date."""
    _refuse_if(rules.check_plan_event(plan, review_date, "review_date", "review date"))
    review = CPReview.objects.create(plan=plan, review_date=review_date, decision=decision,
                                     latest_category=latest_category, recorded_by=actor)
    _audit(actor, review, plan.referral.child_id, ["review_date", "decision", "latest_category"])
    if latest_category and latest_category != plan.latest_category:
        plan.latest_category = latest_category
        plan.save(update_fields=["latest_category"])
    if decision == CPReview.Decision.END:
        end_cp_plan(plan, actor=actor, end_date=review_date,
                    end_reason=CPPlan.EndReason.NO_LONGER_AT_RISK)
    deadlines.recompute_referral(plan.referral)
    return review


@transaction.atomic
def end_cp_plan(plan: CPPlan, *, actor, end_date, end_reason) -> CPPlan:
    _refuse_if(rules.check_plan_end(plan, end_date))
    plan.end_date, plan.end_reason = end_date, end_reason
    plan.save(update_fields=["end_date", "end_reason"])
    _audit(actor, plan, plan.referral.child_id, ["end_date", "end_reason"], AuditAction.UPDATE)
    deadlines.recompute_referral(plan.referral)
    return plan


@transaction.atomic
def start_cin_plan(referral: Referral, *, actor, start_date) -> CINPlan:
    _refuse_if(rules.check_new_cin_plan(referral, start_date))
    plan = CINPlan.objects.create(referral=referral, start_date=start_date, recorded_by=actor)
    _audit(actor, plan, referral.child_id, ["start_date"])
    deadlines.recompute_referral(referral)
    return plan


@transaction.atomic
def review_cin_plan(plan: CINPlan, *, actor, review_date, notes="") -> CINPlanReview:
    _refuse_if(rules.check_plan_event(plan, review_date, "review_date", "review date"))
    review = CINPlanReview.objects.create(plan=plan, review_date=review_date, notes=notes,
                                          recorded_by=actor)
    _audit(actor, review, plan.referral.child_id, ["review_date"])
    deadlines.recompute_referral(plan.referral)
    return review


@transaction.atomic
def end_cin_plan(plan: CINPlan, *, actor, end_date) -> CINPlan:
    _refuse_if(rules.check_plan_end(plan, end_date))
    plan.end_date = end_date
    plan.save(update_fields=["end_date"])
    _audit(actor, plan, plan.referral.child_id, ["end_date"], AuditAction.UPDATE)
    deadlines.recompute_referral(plan.referral)
    return plan


@transaction.atomic
def record_visit(referral: Referral, *, actor, kind, visit_date, child_seen, child_seen_alone,
                 notes="") -> Visit:
    problems = rules.episode_takes_activity(referral)
    problems += rules.not_in_future("visit_date", visit_date, "visit date")
    problems += rules.not_before_referral("visit_date", visit_date, referral, "visit date", "8565")
    _refuse_if(problems)
    visit = Visit.objects.create(referral=referral, kind=kind, visit_date=visit_date,
                                 child_seen=child_seen, child_seen_alone=child_seen_alone,
                                 notes=notes, recorded_by=actor)
    _audit(actor, visit, referral.child_id, ["kind", "visit_date", "child_seen",
                                             "child_seen_alone"])
    deadlines.recompute_referral(referral)
    return visit


@transaction.atomic
def request_closure(referral: Referral, *, actor, closure_date, reason, summary,
                    needs_unmet_service_unavailable=False, unavailable_service="") -> Closure:
    """The worker asks to close the episode; nothing closes until a manager signs it off."""
    _refuse_if(rules.episode_takes_activity(referral)
               + rules.check_closure(referral, closure_date, reason))
    if needs_unmet_service_unavailable and not unavailable_service:
        raise RuleViolation([("unavailable_service", "Say which service is unavailable")])
    if referral.closures.filter(approved__isnull=True).exists():
        raise RuleViolation([("", "A closure is already waiting for a manager's decision")])
    closure = Closure.objects.create(
        referral=referral, closure_date=closure_date, reason=reason, summary=summary,
        needs_unmet_service_unavailable=needs_unmet_service_unavailable,
        unavailable_service=unavailable_service, requested_by=actor)
    _audit(actor, closure, referral.child_id, ["closure_date", "reason",
                                               "needs_unmet_service_unavailable"])
    return closure


@transaction.atomic
def decide_closure(closure: Closure, *, actor, approve: bool, note="") -> Closure:
    """A manager signs off (or refuses) a closure; sign-off closes the episode, and ends
    the child's allocation on the closure date unless the child is still open to the
    service another way (``rules.still_open_to_the_service``). A manager who asked for
    the closure may decline (withdraw) it, never sign it off."""
    if closure.approved is not None:
        raise RuleViolation([("", "This closure has already been decided")])
    referral = closure.referral
    if approve:
        _refuse_if(rules.check_sign_off(closure, actor)
                   + rules.check_closure(referral, closure.closure_date, closure.reason))
    closure.decided_by, closure.decided_at = actor, timezone.now()
    closure.approved, closure.decision_note = approve, note
    closure.save(update_fields=["decided_by", "decided_at", "approved", "decision_note"])
    _audit(actor, closure, referral.child_id, ["approved", "decision_note"], AuditAction.UPDATE)
    if approve:
        referral.closure_date, referral.closure_reason = closure.closure_date, closure.reason
        referral.save(update_fields=["closure_date", "closure_reason"])
        _audit(actor, referral, referral.child_id, ["closure_date", "closure_reason"],
               AuditAction.UPDATE)
        if not rules.still_open_to_the_service(referral):
            _end_allocations(referral, actor=actor)
        deadlines.recompute_referral(referral)
    return closure


def _end_allocations(referral: Referral, *, actor) -> None:
    """The case closes with its episode: whoever holds it stops holding it on the closure
    date (or the day the allocation began, if that came later)."""
    closed = referral.closure_date
    held = referral.child.allocations.filter(Q(end_date__isnull=True) | Q(end_date__gt=closed))
    for allocation in held.order_by("pk"):
        allocation.end_date = max(closed, allocation.start_date)
        allocation.save(update_fields=["end_date"])
        _audit(actor, allocation, referral.child_id, ["end_date"], AuditAction.UPDATE,
               reason="The episode closed and the child is not open to the service "
                      "another way")


@transaction.atomic
def add_case_note(child, *, actor, details: dict, referral=None) -> CaseNote:
    problems = rules.not_in_future("event_date", details.get("event_date"), "date of the event")
    if details.get("shared_with_partners") and details.get("kind") in CaseNote.NEVER_SHARED:
        problems.append(("shared_with_partners", "Supervision and management oversight notes "
                                                 "are never shared with partner agencies"))
    _refuse_if(problems)
    note = CaseNote.objects.create(child=child, referral=referral, recorded_by=actor, **details)
    _audit(actor, note, child.pk, ["kind", "event_date", "title", "significant",
                                   "shared_with_partners"])
    Draft.objects.filter(owner=actor, child=child, form="case_note", object_id=0).delete()
    return note


@transaction.atomic
def save_draft(*, actor, child, form: str, data: dict, object_id: int = 0) -> Draft:
    """Keep unfinished work. Drafts are the worker's own and outlive their session."""
    draft, _ = Draft.objects.update_or_create(
        owner=actor, child=child, form=form, object_id=object_id,
        defaults={"data": data, "updated_at": timezone.now()})
    audit.record(actor, AuditAction.UPDATE, obj=draft, child_id=child.pk,
                 changes={"draft saved": [None, form]})
    return draft


@transaction.atomic
def discard_draft(*, actor, child, form: str, object_id: int = 0) -> bool:
    """Throw away the worker's own unfinished draft; says whether there was one to discard."""
    draft = Draft.objects.filter(owner=actor, child=child, form=form, object_id=object_id).first()
    if draft is None:
        return False
    audit.record(actor, AuditAction.UPDATE, obj=draft, child_id=child.pk,
                 changes={"draft discarded": [form, None]})
    draft.delete()
    return True
