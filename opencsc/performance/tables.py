"""The frames a month's measures are computed from, and the reference way to build them.

``tables_for`` takes the statutory tables from the returns code itself (``census_tables``
and ``ssda903_tables``) run over the 12 months to the end of the month, so a figure for a
March and the same figure in that year's return are computed from the very same rows. The
engine builds the same frames faster, for many months at once (``extracts``); a test holds
the two to the same units for every measure.
Measures no return carries (contacts, visits, distances, return interviews, allocations,
closures) read a few extra columns from the record here, keyed the same way: the council
and the child's LA child ID.
"""

import datetime
from dataclasses import dataclass, field
from functools import cached_property

import polars as pl
from django.db.models import F, Q

from opencsc.casework.models import Closure, Contact, Referral, Visit
from opencsc.core.working_days import add_months
from opencsc.looked_after.models import Episode, MissingEpisode, Review
from opencsc.organisations.models import Organisation
from opencsc.people.models import Allocation
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.ssda903.tables import TABLES_BY_YEAR
from opencsc.returns.years import year_of

ONE_DAY = datetime.timedelta(days=1)


def month_end(month: datetime.date) -> datetime.date:
    return add_months(month.replace(day=1), 1) - ONE_DAY


@dataclass(frozen=True)
class RollingYear:
    """The 12 months to ``end``, shaped like a ``CollectionYear`` so the returns code can
    read it: for a 31 March it is exactly that collection year."""

    end: datetime.date

    @cached_property  # read once per row by the returns code
    def start(self) -> datetime.date:
        return add_months(self.end + ONE_DAY, -12)

    @cached_property
    def year(self) -> int:
        # The SSDA903 code picks its tables by collection year; clamp to the years it knows.
        known = sorted(TABLES_BY_YEAR)
        return min(max(year_of(self.end).year, known[0]), known[-1])

    @property
    def reference_date(self) -> datetime.date:
        return self.end


@dataclass
class Tables:
    """One council's frames for the year to ``year.end``."""

    council: int
    year: RollingYear
    cin: dict[str, pl.DataFrame]
    cla: dict[str, pl.DataFrame]
    local: dict[str, pl.DataFrame] = field(default_factory=dict)


def tables_for(council: Organisation, year: RollingYear) -> Tables:
    return Tables(council.pk, year, census_tables(council, year), ssda903_tables(council, year),
                  _local(council, year))


def _local(council, year) -> dict[str, pl.DataFrame]:
    mine = {"child__responsible_council": council}
    return {
        "contacts": _frame(Contact.children.through.objects.filter(
            person__responsible_council=council,
            contact__received_at__date__range=(year.start, year.end)).values(
            la=F("person__la_child_id"), day=F("contact__received_at__date")),
            {"la": pl.String, "day": pl.Date}),
        "referrals": _frame(Referral.objects.filter(
            **mine, referral_date__range=(add_months(year.start, -12), year.end)).values(
            "pk", "referral_date", la=F("child__la_child_id")),
            {"pk": pl.Int64, "referral_date": pl.Date, "la": pl.String}),
        "visits": _frame(Visit.objects.filter(
            referral__child__responsible_council=council, kind=Visit.Kind.CP, child_seen=True,
            visit_date__range=(year.start, year.end)).values("referral_id", "visit_date"),
            {"referral_id": pl.Int64, "visit_date": pl.Date}),
        "care": _care_history(council, year),
        "reviews": _frame(Review.objects.filter(
            period__child__responsible_council=council, review_date__lte=year.end).filter(
            _open_at(year.end, "period__")).values(
            "review_date", la=F("period__child__la_child_id")),
            {"review_date": pl.Date, "la": pl.String}),
        "missing": _frame(MissingEpisode.objects.filter(
            **mine, end_date__range=(year.start, year.end)).values(
            "end_date", "return_interview_offered", la=F("child__la_child_id")),
            {"end_date": pl.Date, "return_interview_offered": pl.Date, "la": pl.String}),
        "closures": _frame(Closure.objects.filter(
            referral__child__responsible_council=council, approved=True,
            closure_date__range=(year.start, year.end)).values(
            "needs_unmet_service_unavailable", la=F("referral__child__la_child_id")),
            {"needs_unmet_service_unavailable": pl.Boolean, "la": pl.String}),
        "allocations": _allocations(council, year),
    }


def _frame(rows, schema) -> pl.DataFrame:
    """A frame of ``values()`` rows; ``la`` (the LA child ID) becomes ``child``. (Django
    will not name an annotation ``child`` on models with a ``child`` field.)"""
    rows = list(rows)
    frame = pl.DataFrame({name: [r[name] for r in rows] for name in schema}, schema=schema)
    return frame.rename({"la": "child"}) if "la" in schema else frame


def _open_at(day, prefix="") -> Q:
    """Still open at the end of ``day``: a period of care ending on it has ended (DEC)."""
    return Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": day})


def _care_history(council, year) -> pl.DataFrame:
    """Every episode of the periods of care open at the end of the year, with its
    placement's distance from home, for the stability and distance measures."""
    rows = Episode.objects.filter(
        _open_at(year.end, "period__"), child__responsible_council=council,
        period__start_date__lte=year.end, start_date__lte=year.end).values(
        "start_date", "reason_new_episode", "legal_status", "placement_type", "end_date",
        "period__start_date", "placement__distance_miles", la=F("child__la_child_id"),
        born=F("child__date_of_birth"))
    return _frame(rows, {"la": pl.String, "born": pl.Date, "start_date": pl.Date,
                         "end_date": pl.Date, "reason_new_episode": pl.String,
                         "legal_status": pl.String, "placement_type": pl.String,
                         "period__start_date": pl.Date, "placement__distance_miles": pl.Float64})


def _allocations(council, year) -> pl.DataFrame:
    """Each child's team at the end of the year: the allocation open then, else the latest
    before it (allocations that ended before the year began are not read: such a child
    counts in the council's figures but no team's). ``allocated`` says whether a named
    worker held the case on that day."""
    day = year.end
    rows = Allocation.objects.filter(child__responsible_council=council, start_date__lte=day,
                                     ).filter(_open_at(year.start - ONE_DAY)).values_list(
        "child__la_child_id", "team_id", "team__service_area_id", "worker_id", "start_date",
        "end_date", "pk")
    best: dict[str, tuple] = {}
    allocated: set[str] = set()
    for child, team, area, worker, start, end, pk in rows:
        current = end is None or end >= day
        if current and worker is not None:
            allocated.add(child)
        key = (current, start, pk)
        if child not in best or key > best[child][0]:
            best[child] = (key, team, area)
    return pl.DataFrame({
        "child": list(best), "team": [b[1] for b in best.values()],
        "service_area": [b[2] for b in best.values()],
        "allocated": [c in allocated for c in best]},
        schema={"child": pl.String, "team": pl.Int64, "service_area": pl.Int64,
                "allocated": pl.Boolean})
