"""Computing a case's deadlines from its record.

``deadlines_for_referral`` and ``deadlines_for_contact`` are pure: given the rows of an
episode (prefetched), they return the Deadline rows it implies. ``recompute_*`` replace
the stored rows; actions call them inside their transaction whenever the record changes.
Unmet deadlines exist only while the thing they belong to is open; met ones are kept.
"""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from opencsc.core.working_days import CALENDAR_VERSION

from . import episode_rows
from .models import (
    Contact,
    CPPlan,
    Deadline,
    Referral,
    Section47,
    Visit,
)
from .timescales import RULES

EPISODE_PREFETCH = [
    "assessments",
    Prefetch("section47s", queryset=Section47.objects.select_related("strategy", "conference")),
    Prefetch("cp_plans", queryset=CPPlan.objects.prefetch_related("core_groups", "reviews")),
    "cin_plans__reviews",
    Prefetch("visits", queryset=Visit.objects.filter(child_seen=True)),
]


STORED = ("child_id", "referral_id", "contact_id", "rule", "instance", "basis_date", "due_date",
          "met_date", "calendar_version")


class _Rows:
    def __init__(self, child_id, referral=None, contact=None):
        self.rows: list[Deadline] = []
        # Keys, not objects: recompute_open passes light episode records (episode_rows).
        self.child_id = child_id
        self.referral_id = referral.pk if referral is not None else None
        self.contact_id = contact.pk if contact is not None else None

    def add(self, code: str, instance: str, basis, met=None):
        self.rows.append(Deadline(**dict(zip(STORED, self._key(code, instance, basis, met),
                                             strict=True))))

    def _key(self, code: str, instance: str, basis, met) -> tuple:
        """The row's stored values, in the order of ``STORED``."""
        return (self.child_id, self.referral_id, self.contact_id, code, instance, basis,
                RULES[code].due(basis), met, CALENDAR_VERSION)


class _Keys(_Rows):
    """The rows as tuples of their stored values: ``recompute_open`` compares thousands of
    them with what is stored, and building a model instance for each cost a fifth of it."""

    def add(self, code: str, instance: str, basis, met=None):
        self.rows.append(self._key(code, instance, basis, met))


def deadlines_for_referral(referral: Referral, rows: type[_Rows] = _Rows) -> list:
    out = rows(referral.child_id, referral=referral)
    if referral.nfa:
        return out.rows
    _assessments(referral, out)
    _conferences(referral, out)
    for plan in referral.cp_plans.all():
        _cp_plan(referral, plan, out)
    for plan in referral.cin_plans.all():
        _cin_plan(referral, plan, out)
    return out.rows


def _assessments(referral: Referral, out: _Rows) -> None:
    assessments = sorted(referral.assessments.all(), key=lambda a: (a.start_date, a.pk))
    for index, assessment in enumerate(assessments):
        basis = referral.referral_date if index == 0 else assessment.start_date
        if assessment.authorisation_date or referral.is_open:
            out.add("assessment", f"assessment:{assessment.pk}", basis,
                    assessment.authorisation_date)
    wants_assessment = referral.next_step == Referral.NextStep.ASSESSMENT
    if not assessments and referral.is_open and wants_assessment:
        out.add("assessment", "assessment:to-start", referral.referral_date)


def _conferences(referral: Referral, out: _Rows) -> None:
    for s47 in referral.section47s.all():
        conference = getattr(s47, "conference", None)
        met = conference.conference_date if conference else None
        awaiting = referral.is_open and not s47.icpc_not_required
        if met or awaiting:
            out.add("icpc", f"s47:{s47.pk}", s47.strategy.discussion_date, met)


def _cp_plan(referral: Referral, plan: CPPlan, out: _Rows) -> None:
    open_plan = plan.end_date is None and referral.is_open
    meetings = sorted(c.meeting_date for c in plan.core_groups.all())
    if meetings or open_plan:
        out.add("core_group", f"plan:{plan.pk}", plan.start_date, meetings[0] if meetings else None)
    basis, code = plan.start_date, "rcpc_first"
    reviews = sorted(r.review_date for r in plan.reviews.all())
    for index, held in enumerate(reviews):
        out.add(code, f"plan:{plan.pk}:review:{index + 1}", basis, held)
        basis, code = held, "rcpc"
    if open_plan:
        out.add(code, f"plan:{plan.pk}:review:{len(reviews) + 1}", basis)
        out.add("cp_visit", f"plan:{plan.pk}:visit", _last_visit(referral, "cp", plan.start_date))


def _cin_plan(referral: Referral, plan, out: _Rows) -> None:
    if plan.end_date is not None or not referral.is_open:
        return
    reviews = [r.review_date for r in plan.reviews.all()]
    out.add("cin_review", f"cin:{plan.pk}:review", max(reviews, default=plan.start_date))
    out.add("cin_visit", f"cin:{plan.pk}:visit", _last_visit(referral, "cin", plan.start_date))


def _last_visit(referral: Referral, kind: str, since):
    dates = [v.visit_date for v in referral.visits.all()
             if v.kind == kind and v.visit_date >= since]
    return max(dates, default=since)


def deadlines_for_contact(contact: Contact, child_ids: Iterable[int]) -> list[Deadline]:
    rows: list[Deadline] = []
    basis = contact.received_at.date()
    met = contact.decided_at.date() if contact.decided_at else None
    for child_id in child_ids:
        out = _Rows(child_id, contact=contact)
        out.add("contact_decision", f"contact:{contact.pk}", basis, met)
        rows += out.rows
    return rows


def recompute_referral(referral: Referral) -> None:
    fresh = Referral.objects.prefetch_related(*EPISODE_PREFETCH).get(pk=referral.pk)
    Deadline.objects.filter(referral=fresh).delete()
    Deadline.objects.bulk_create(deadlines_for_referral(fresh))


def recompute_contact(contact: Contact) -> None:
    Deadline.objects.filter(contact=contact).delete()
    child_ids = list(contact.children.values_list("pk", flat=True))
    Deadline.objects.bulk_create(deadlines_for_contact(contact, child_ids))


def recompute_open(referrals: QuerySet[Referral] | None = None, batch: int = 2000) -> int:
    """Recompute every open episode's deadlines in batches; returns episodes done."""
    referrals = referrals if referrals is not None else Referral.objects.filter(
        closure_date__isnull=True)
    ids = list(referrals.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        # A range of the episodes as a subquery: a list of 2,000 ids cost more to send
        # with each of the dozen queries than the queries took to run.
        last = ids[min(start + batch, len(ids)) - 1]
        chunk = referrals.filter(pk__gte=ids[start], pk__lte=last).values("pk")
        keys = [key for episode in episode_rows.load(chunk)
                for key in deadlines_for_referral(episode, _Keys)]
        _replace(Deadline.objects.filter(referral_id__in=chunk), keys)
    return len(ids)


def _replace(stored: QuerySet[Deadline], keys: list[tuple]) -> None:
    """Make the stored rows equal ``keys`` (each row's values in the order of ``STORED``),
    writing only the differences: on a nightly recompute almost nothing has changed, and
    rewriting every row took most of the time."""
    fresh = dict.fromkeys(keys, True)  # what is not found stored is still to be written
    stale = [pk for pk, *key in stored.values_list("pk", *STORED)
             if not fresh.pop(tuple(key), False)]
    Deadline.objects.filter(pk__in=stale).delete()
    Deadline.objects.bulk_create((Deadline(**dict(zip(STORED, key, strict=True)))
                                  for key in fresh), batch_size=5000)
