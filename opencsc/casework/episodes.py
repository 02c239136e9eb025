"""The journey as the pages show it: an episode's steps so far, its timescales with their
status today, the steps that may come next, and the child's episodes for the child's page.

These functions read rows already reached through ``access``; each reads in a fixed number
of queries whatever the length of the history.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from opencsc.codes.cin import (
    ASSESSMENT_FACTORS,
    CATEGORY_OF_ABUSE,
    CLOSURE_REASON,
    REFERRAL_SOURCE,
)
from opencsc.core.working_days import add_months

from .models import (
    Assessment,
    CINPlan,
    Closure,
    CPPlan,
    Deadline,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)
from .timescales import RULES, Status, status_of

EPISODE_PAGE_PREFETCH = [
    Prefetch("assessments", queryset=Assessment.objects.select_related(
        "recorded_by", "authorised_by").order_by("start_date", "pk")),
    Prefetch("strategy_discussions", queryset=StrategyDiscussion.objects.select_related(
        "recorded_by").prefetch_related("attendees")),
    Prefetch("section47s", queryset=Section47.objects.select_related(
        "strategy", "conference", "recorded_by")),
    Prefetch("initial_conferences", queryset=InitialConference.objects.select_related(
        "recorded_by", "plan")),
    Prefetch("cp_plans", queryset=CPPlan.objects.select_related("recorded_by")
             .prefetch_related("core_groups__recorded_by", "reviews__recorded_by")),
    Prefetch("cin_plans", queryset=CINPlan.objects.select_related("recorded_by")
             .prefetch_related("reviews__recorded_by")),
    Prefetch("visits", queryset=Visit.objects.select_related("recorded_by")),
    Prefetch("closures", queryset=Closure.objects.select_related("requested_by", "decided_by")
             .order_by("requested_at")),
    Prefetch("deadlines", queryset=Deadline.objects.order_by("due_date", "pk")),
]

STATUS_TAGS = {
    Status.ON_TRACK: "govuk-tag--turquoise",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.OVERDUE: "govuk-tag--red",
    Status.MET: "govuk-tag--green",
    Status.MET_LATE: "govuk-tag--orange",
}


def episode(referral: Referral) -> Referral:
    """The episode with every step prefetched, for the episode page."""
    return (Referral.objects.select_related("child", "recorded_by", "contact")
            .prefetch_related(*EPISODE_PAGE_PREFETCH).get(pk=referral.pk))


# --- Timescales --------------------------------------------------------------------------

@dataclass(frozen=True)
class Timescale:
    label: str
    rule: str
    source: str
    due_date: datetime.date
    met_date: datetime.date | None
    status: Status
    href: str = ""

    @property
    def tag(self) -> str:
        return STATUS_TAGS[self.status]

    @property
    def status_text(self) -> str:
        return self.status.value.capitalize()


def timescales(deadlines, today: datetime.date | None = None) -> list[Timescale]:
    """Each deadline with its rule and status today: open ones first, soonest first."""
    today = today or timezone.localdate()
    found = [_timescale(d, today) for d in deadlines]
    return sorted(found, key=lambda t: (t.met_date is not None, t.due_date))


def _timescale(deadline: Deadline, today) -> Timescale:
    rule = RULES[deadline.rule]
    if deadline.contact_id:
        href = reverse("casework:contact", args=[deadline.contact_id])
    elif deadline.referral_id:
        href = reverse("casework:referral", args=[deadline.referral_id])
    else:  # a looked-after or care-leaver timescale belongs to no referral
        href = reverse("looked_after:care", args=[deadline.child_id])
    return Timescale(label=rule.label, rule=_period(rule), source=rule.source,
                     due_date=deadline.due_date, met_date=deadline.met_date,
                     status=status_of(deadline.due_date, deadline.met_date, today), href=href)


def _period(rule) -> str:
    """The rule's period in words: 45 working days, 1 working day, 3 months."""
    unit = str(rule.unit)
    return f"{rule.amount} {unit[:-1] if rule.amount == 1 else unit}"


# --- The state of an episode ---------------------------------------------------------------

def pending_closure(referral: Referral) -> Closure | None:
    return next((c for c in referral.closures.all() if c.approved is None), None)


def status(referral: Referral) -> str:
    if referral.nfa:
        return "No further action"
    if not referral.is_open:
        return "Closed"
    if pending_closure(referral):
        return "Awaiting closure sign-off"
    return "Open"


def open_assessment(referral: Referral) -> Assessment | None:
    return next((a for a in referral.assessments.all() if a.authorisation_date is None), None)


def open_cp_plan(referral: Referral) -> CPPlan | None:
    return next((p for p in referral.cp_plans.all() if p.end_date is None), None)


def open_cin_plan(referral: Referral) -> CINPlan | None:
    return next((p for p in referral.cin_plans.all() if p.end_date is None), None)


def awaiting_conference(referral: Referral) -> Section47 | None:
    """The section 47 enquiry whose initial conference is still to be held, if any."""
    return next((s for s in referral.section47s.all()
                 if not s.icpc_not_required and not hasattr(s, "conference")), None)


def open_section47(referral: Referral) -> Section47 | None:
    return next((s for s in referral.section47s.all()
                 if s.end_date is None and not hasattr(s, "conference")), None)


@dataclass(frozen=True)
class NextStep:
    text: str
    href: str


def next_steps(referral: Referral) -> list[NextStep]:
    """The steps the episode allows now, most pressing first."""
    if not referral.is_open or pending_closure(referral):
        return []
    steps = _assessment_and_enquiry_steps(referral) + _plan_steps(referral)
    steps.append(_step("Record a visit", "casework:visit_new", referral.pk))
    steps.append(_step("Close the episode", "casework:closure_new", referral.pk))
    return steps


def _step(text, name, pk, query="") -> NextStep:
    return NextStep(text, reverse(name, args=[pk]) + query)


def _assessment_and_enquiry_steps(referral: Referral) -> list[NextStep]:
    steps = []
    if assessment := open_assessment(referral):
        steps.append(_step("Continue the assessment", "casework:assessment", assessment.pk))
    else:
        steps.append(_step("Start an assessment", "casework:assessment_new", referral.pk))
    if section47 := open_section47(referral):
        steps.append(_step("Conclude the section 47 enquiry", "casework:section47",
                           section47.pk))
    else:
        steps.append(_step("Record a strategy discussion", "casework:strategy_new",
                           referral.pk))
    if section47 := awaiting_conference(referral):
        steps.append(_step("Record the initial conference", "casework:conference_new",
                           referral.pk, f"?section47={section47.pk}"))
    return steps


def _plan_steps(referral: Referral) -> list[NextStep]:
    if plan := open_cp_plan(referral):
        return [_step("Go to the child protection plan", "casework:cp_plan", plan.pk)]
    if plan := open_cin_plan(referral):
        return [_step("Go to the child in need plan", "casework:cin_plan", plan.pk)]
    return [_step("Start a child in need plan", "casework:cin_plan_new", referral.pk)]


def factor_labels(assessment: Assessment) -> list[str]:
    return [f"{ASSESSMENT_FACTORS.label(code)} ({code})" for code in assessment.factors]


# --- A plan's page ------------------------------------------------------------------------

def plan_context(plan, kind: str, instance: str) -> dict:
    """A plan with its prefetched episode, the visits made under it and its timescales
    (the deadlines whose instance is ``instance`` or under it)."""
    referral = episode(plan.referral)
    plans = referral.cp_plans.all() if isinstance(plan, CPPlan) else referral.cin_plans.all()
    plan = next(p for p in plans if p.pk == plan.pk)
    visits = [v for v in referral.visits.all()
              if v.kind == kind and v.visit_date >= plan.start_date]
    mine = [d for d in referral.deadlines.all()
            if d.instance == instance or d.instance.startswith(instance + ":")]
    return {
        "plan": plan, "referral": referral, "child": referral.child,
        "visits": sorted(visits, key=lambda v: (v.visit_date, v.pk), reverse=True),
        "timescales": timescales(mine),
        "can_change": plan.end_date is None and referral.is_open
        and not pending_closure(referral),
    }


# --- What has happened --------------------------------------------------------------------

@dataclass(frozen=True)
class Step:
    date: datetime.date
    what: str
    detail: str = ""
    href: str = ""
    by: object = None


def _url(name, pk) -> str:
    return reverse(name, args=[pk])


def steps(referral: Referral) -> list[Step]:
    """Every step recorded on the episode, in date order."""
    found = [Step(referral.referral_date, "Referral",
                  f"From {REFERRAL_SOURCE.label(referral.source).lower()}; next step: "
                  f"{referral.get_next_step_display().lower()}", by=referral.recorded_by)]
    for make in (_assessment_steps, _protection_steps, _plan_history, _visit_steps,
                 _closure_steps):
        found += make(referral)
    return sorted(found, key=lambda s: s.date)


def _assessment_steps(referral):
    for a in referral.assessments.all():
        href = _url("casework:assessment", a.pk)
        yield Step(a.start_date, "Assessment started", href=href, by=a.recorded_by)
        if a.completed_date:
            yield Step(a.completed_date, "Assessment completed and sent for authorisation",
                       a.get_outcome_display(), href)
        if a.authorisation_date:
            yield Step(a.authorisation_date, "Assessment authorised", href=href,
                       by=a.authorised_by)


def _protection_steps(referral):
    for d in referral.strategy_discussions.all():
        attended = ", ".join(a.get_agency_display() for a in d.attendees.all() if a.attended)
        yield Step(d.discussion_date, "Strategy discussion",
                   f"{d.get_decision_display()}. Attended: {attended or 'none recorded'}",
                   by=d.recorded_by)
    for s in referral.section47s.all():
        href = _url("casework:section47", s.pk)
        yield Step(s.start_date, "Section 47 enquiry started", href=href, by=s.recorded_by)
        if s.end_date:
            yield Step(s.end_date, "Section 47 enquiry concluded", s.get_outcome_display(), href)
    for c in referral.initial_conferences.all():
        plan = getattr(c, "plan", None)
        yield Step(c.conference_date, "Initial child protection conference",
                   c.get_decision_display(), _url("casework:cp_plan", plan.pk) if plan else "",
                   c.recorded_by)


def _plan_history(referral):
    for p in referral.cp_plans.all():
        href = _url("casework:cp_plan", p.pk)
        yield Step(p.start_date, "Child protection plan started",
                   CATEGORY_OF_ABUSE.label(p.initial_category), href, p.recorded_by)
        for g in p.core_groups.all():
            yield Step(g.meeting_date, "Core group meeting", href=href, by=g.recorded_by)
        for r in p.reviews.all():
            yield Step(r.review_date, "Review conference", r.get_decision_display(), href,
                       r.recorded_by)
        if p.end_date:
            yield Step(p.end_date, "Child protection plan ended", p.get_end_reason_display(),
                       href)
    for p in referral.cin_plans.all():
        href = _url("casework:cin_plan", p.pk)
        yield Step(p.start_date, "Child in need plan started", href=href, by=p.recorded_by)
        for r in p.reviews.all():
            yield Step(r.review_date, "Child in need plan reviewed", href=href, by=r.recorded_by)
        if p.end_date:
            yield Step(p.end_date, "Child in need plan ended", href=href)


def seen_text(visit: Visit) -> str:
    if visit.child_seen_alone:
        return "Child seen alone"
    return "Child seen" if visit.child_seen else "Child not seen"


def _visit_steps(referral):
    for v in referral.visits.all():
        yield Step(v.visit_date, v.get_kind_display(), seen_text(v), by=v.recorded_by)


def _closure_steps(referral):
    for c in referral.closures.all():
        href = _url("casework:closure", c.pk)
        yield Step(c.requested_at.date(), "Closure requested",
                   f"{c.reason}: {CLOSURE_REASON.label(c.reason)}", href, c.requested_by)
        if c.approved is not None:
            yield Step(timezone.localdate(c.decided_at),
                       "Closure approved" if c.approved else "Closure declined",
                       c.decision_note, href, c.decided_by)


# --- The child's page ---------------------------------------------------------------------

def re_referrals(referrals) -> dict[int, Referral]:
    """Each referral made within 12 months of the referral before it, mapped to that one
    (the CIN census measure of re-referral)."""
    ordered = sorted(referrals, key=lambda r: (r.referral_date, r.pk))
    return {later.pk: earlier for earlier, later in zip(ordered, ordered[1:], strict=False)
            if later.referral_date <= add_months(earlier.referral_date, 12)}


@dataclass(frozen=True)
class EpisodeRow:
    referral: Referral
    status: str
    re_referral_of: Referral | None


def for_child_page(child) -> dict:
    """The child's episodes, newest first, and every open timescale: three queries."""
    referrals = list(child.referrals.prefetch_related(
        Prefetch("closures", queryset=Closure.objects.filter(approved__isnull=True)))
        .order_by("-referral_date", "-pk"))
    earlier = re_referrals(referrals)
    open_deadlines = Deadline.objects.filter(child=child, met_date__isnull=True)
    rows = [EpisodeRow(r, status(r), earlier.get(r.pk)) for r in referrals]
    return {"journey": {
        "episodes": rows,
        "latest": rows[0] if rows else None,
        "open_episode": next((r.referral for r in rows if r.referral.is_open), None),
        "timescales": timescales(open_deadlines),
    }}
