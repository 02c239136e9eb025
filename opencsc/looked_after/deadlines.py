"""Deadlines for children looked after, in the same Deadline table and timescale table as
the child in need journey, so they share one engine and one set of worklists.

Pure: ``deadlines_for_child(child, periods, missing)`` takes prefetched rows and returns
Deadline rows. ``recompute_child`` replaces a child's looked-after deadlines.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from opencsc.care_leavers.deadlines import CARE_LEAVER_RULES, deadlines_for_care_leaver
from opencsc.care_leavers.status import spans_for
from opencsc.casework.models import Deadline
from opencsc.casework.timescales import RULES
from opencsc.core.working_days import CALENDAR_VERSION

from .models import MissingEpisode, PeriodOfCare, Placement
from .rules import age_on

LAC_RULES = [
    "care_plan", "placement_plan", "lac_review_first", "lac_review_second", "lac_review",
    "lac_visit_first", "lac_visit_weekly", "lac_visit_4_weekly", "lac_visit",
    "lac_visit_long_term", "lac_visit_care_order", "lac_visit_requested", "iha",
    "rha_under_5", "rha", "pep_first", "pep", "return_interview",
]
PERIOD_PREFETCH = [
    "reviews", "care_plans", "visits", "visit_requests",
    Prefetch("placements", queryset=Placement.objects.prefetch_related("plans", "episodes")),
]


class _Rows(list):
    def __init__(self, child):
        super().__init__()
        self.child = child

    def add(self, code, instance, basis, met=None):
        self.append(Deadline(child_id=self.child.pk, rule=code, instance=instance,
                             basis_date=basis, due_date=RULES[code].due(basis), met_date=met,
                             calendar_version=CALENDAR_VERSION))


def deadlines_for_child(child, periods, missing, health, peps) -> list[Deadline]:
    rows = _Rows(child)
    for period in periods:
        _period(child, period, rows)
    if any(p.is_open for p in periods):
        _health(child, min(p.start_date for p in periods if p.is_open), health, rows)
        _education(child, [p for p in periods if p.is_open][0], peps, rows)
    for episode in missing:
        if episode.end_date:
            rows.add("return_interview", f"missing:{episode.pk}", episode.end_date,
                     episode.return_interview_offered)
    return rows


def _first_on_or_after(dates, day):
    later = sorted(d for d in dates if d >= day)
    return later[0] if later else None


def _period(child, period, rows):
    tag = f"period:{period.pk}"
    plans = [p.plan_date for p in period.care_plans.all()]
    met = _first_on_or_after(plans, period.start_date)
    if met or period.is_open:
        rows.add("care_plan", f"{tag}:care-plan", period.start_date, met)
    _reviews(period, tag, rows)
    if not period.is_open:
        return
    _requested_visits(period, rows)
    placement = max(period.placements.all(), key=lambda p: (p.start_date, p.pk), default=None)
    if placement is None:
        return
    plan_dates = [p.plan_date for p in placement.plans.all()]
    rows.add("placement_plan", f"placement:{placement.pk}:plan", placement.start_date,
             _first_on_or_after(plan_dates, placement.start_date))
    _visits(period, placement, rows)


def _reviews(period, tag, rows):
    held = sorted(r.review_date for r in period.reviews.all())
    codes = ["lac_review_first", "lac_review_second"]
    basis = period.start_date
    for index, day in enumerate(held):
        rows.add(codes[index] if index < 2 else "lac_review", f"{tag}:review:{index + 1}",
                 basis, day)
        basis = day
    if period.is_open:
        code = codes[len(held)] if len(held) < 2 else "lac_review"
        rows.add(code, f"{tag}:review:{len(held) + 1}", basis)


def _visits(period, placement, rows):
    seen = sorted(v.visit_date for v in period.visits.all()
                  if v.child_seen and v.visit_date >= placement.start_date)
    tag = f"placement:{placement.pk}:visit"
    order = _care_order_at_home(placement)
    if order:
        rows.add("lac_visit_care_order", f"{tag}:care-order", order,
                 _first_on_or_after(seen, order))
    if not seen:
        rows.add("lac_visit_first", tag, placement.start_date)
        return
    rows.add(_visit_rule(period, placement, seen[-1]), tag, seen[-1])


def _requested_visits(period, rows):
    """An extra visit for each request (reg 28), met by the first visit on or after it at
    which the child was seen."""
    seen = [v.visit_date for v in period.visits.all() if v.child_seen]
    for request in period.visit_requests.all():
        rows.add("lac_visit_requested", f"visit-request:{request.pk}", request.requested_date,
                 _first_on_or_after(seen, request.requested_date))


def _care_order_at_home(placement) -> datetime.date | None:
    """The day a care order was made while the child lived with a parent in this placement
    (reg 28(5)); a placement that began under the order has its first visit instead."""
    orders = [e.start_date for e in placement.episodes.all() if e.legal_status == "C2"
              and e.placement_type == "P1" and e.start_date > placement.start_date]
    return min(orders, default=None)


def _visit_rule(period, placement, last: datetime.date) -> str:
    """Which visiting interval runs from the last visit (CPPCR reg 28; the special cases of
    regs 19 and 24 as shared/domain/reference.md section 1.3 row 18 gives them), by the
    placement's current episode: an interim care order replaced by a full one no longer
    shortens the interval to 4 weeks (reg 28(4) and (5))."""
    now = max(placement.episodes.all(), key=lambda e: (e.start_date, e.pk))
    with_parent = now.placement_type == "P1"
    reviewed = any(r.review_date >= placement.start_date for r in period.reviews.all())
    if (with_parent or placement.temporary_approval) and not reviewed:
        return "lac_visit_weekly"
    if placement.temporary_approval or (with_parent and now.legal_status == "C1"):
        return "lac_visit_4_weekly"
    if with_parent:
        return "lac_visit"  # reg 28(3) and (5): 6 weeks, with no 3-month relaxation
    if last >= placement.start_date + datetime.timedelta(days=365) and placement.long_term:
        return "lac_visit_long_term"
    return "lac_visit"


def _health(child, start, health, rows):
    initial = _first_on_or_after([h.assessment_date for h in health if h.kind == "initial"], start)
    rows.add("iha", f"child:{child.pk}:iha:{start:%Y%m%d}", start, initial)
    latest = max((h.assessment_date for h in health if h.assessment_date >= start), default=None)
    if latest:
        young = (age_on(child.date_of_birth, latest) or 0) < 5
        rows.add("rha_under_5" if young else "rha", f"child:{child.pk}:rha", latest)


def _education(child, period, peps, rows):
    age = age_on(child.date_of_birth, period.start_date)
    if age is None or not 3 <= age <= 17:
        return
    dates = sorted(p.pep_date for p in peps if p.pep_date >= period.start_date)
    rows.add("pep_first", f"period:{period.pk}:pep", period.start_date, dates[0] if dates else None)
    if dates:
        rows.add("pep", f"period:{period.pk}:pep-review", dates[-1])


def recompute_child(child) -> None:
    """Replace the child's looked-after and care-leaver deadlines."""
    periods = list(PeriodOfCare.objects.filter(child=child).prefetch_related(*PERIOD_PREFETCH))
    missing = list(MissingEpisode.objects.filter(child=child))
    health = list(child.health_assessments.all())
    peps = list(child.peps.all())
    rows = deadlines_for_child(child, periods, missing, health, peps)
    rows += deadlines_for_care_leaver(
        child, spans_for(child), timezone.localdate(),
        needs=[n.assessment_date for n in child.needs_assessments.all()],
        plans=[p.plan_date for p in child.pathway_plans.all()],
        contacts=[c.contact_date for c in child.keep_in_touch.all()],
    )
    Deadline.objects.filter(child=child, rule__in=LAC_RULES + CARE_LEAVER_RULES).delete()
    Deadline.objects.bulk_create(rows)
