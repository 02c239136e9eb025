"""The measures for a month and a cut of the service, from the live record.

``figures_for(month, council=..., team=..., service_area=...)`` gives every measure of the
catalogue; ``trend(code, months, ...)`` one measure over several months. Both read a stored
``Snapshot`` of every measure for every cut of the month, computed once for the record as
it stands (its version is the number of the latest audited write) and recomputed when the
record changes. Targets and England figures are applied when read.

Cuts: a child belongs to the team holding their case at the end of the month (else the
last team that held it) and that team's service area; the council is the child's
responsible council. Rates per 10,000 exist only for a council or the whole trust: a team
has no population.
"""

import datetime
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

import polars as pl
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.working_days import add_months
from opencsc.organisations.models import Organisation

from .catalogue import BY_CODE, MEASURES, Direction, Measure, Unit
from .measures import COMPUTE
from .models import Snapshot, Target
from .reference import England, england_for, population
from .tables import RollingYear, month_end, tables_for

# Audited actions that change the record (and so the figures). Views and sign-ins do not.
WRITES = [AuditAction.CREATE, AuditAction.UPDATE, AuditAction.CONFIGURE]
TRUST = "trust"


class Status(StrEnum):
    MET = "Meets target"
    MISSED = "Misses target"
    NO_TARGET = "No target set"
    NOT_JUDGED = "Not judged"
    NO_DATA = "No data"


@dataclass(frozen=True)
class Figure:
    code: str
    title: str
    month: datetime.date
    value: float | None
    numerator: int | None
    denominator: int | None
    target: float | None
    england: float | None
    direction: Direction
    status: Status
    unit: Unit
    england_year: str = ""
    worked_out: bool = True  # False: not yet computed for the record as it now stands

    @property
    def measure(self) -> Measure:
        return BY_CODE[self.code]

    # How the pages show a figure.
    def _shown(self, value: float | None) -> str:
        if value is None:
            return ""
        if self.unit == Unit.PERCENT:
            return f"{value:.1f}%"
        return f"{value:,.1f}" if self.unit == Unit.PER_10K else f"{value:,.0f}"

    @property
    def shown(self) -> str:
        if not self.worked_out:
            return "Not worked out yet"
        if self.value is None and self.unit == Unit.PER_10K and self.numerator:
            return "No rate for a team"
        return self._shown(self.value) or "No data"

    @property
    def counts(self) -> str:
        if not self.worked_out:
            return ""
        if self.unit == Unit.PER_10K:
            people = f" of {self.denominator:,} children" if self.denominator else ""
            return f"{self.numerator or 0:,}{people}"
        return f"{self.numerator or 0:,} of {self.denominator or 0:,}"

    @property
    def target_shown(self) -> str:
        return self._shown(self.target) or "None set"

    @property
    def england_shown(self) -> str:
        if self.england is None:
            return "Not published"
        return f"{self._shown(self.england)} ({self.england_year})"

    @property
    def status_class(self) -> str:
        return {Status.MET: "govuk-tag--green", Status.MISSED: "govuk-tag--red"}.get(
            self.status, "govuk-tag--grey")


def _pk(value) -> int | None:
    return getattr(value, "pk", value)


def cut_key(*, council=None, team=None, service_area=None) -> str:
    if team is not None:
        return f"team:{_pk(team)}"
    if service_area is not None:
        return f"area:{_pk(service_area)}"
    if council is not None:
        return f"council:{_pk(council)}"
    return TRUST


def record_version() -> int:
    """The number of the latest audited write to the record (0 if none)."""
    row = AuditEntry.objects.filter(action__in=WRITES).order_by("-seq").values_list(
        "seq", flat=True).first()
    return row or 0


def figures_for(month: datetime.date, *, council=None, team=None,
                service_area=None) -> list[Figure]:
    """Every measure of the catalogue for the month, for one cut (the trust if none)."""
    month = month.replace(day=1)
    stored = snapshot(month).figures.get(cut_key(council=council, team=team,
                                                 service_area=service_area), {})
    targets = targets_on(month_end(month))
    return [_figure(m, month, stored.get(m.code), targets.get(m.code)) for m in MEASURES]


def trend(code: str, months: Iterable[datetime.date] | int, *,
          budget_seconds: float | None = None, **cut) -> list[Figure]:
    """One measure over several months (oldest first): the given months, or the last
    ``months`` months to this one.

    With ``budget_seconds``, months are worked out newest first only until the budget is
    spent; the rest come back with ``worked_out`` false (at 100,000 children a month
    takes seconds, so a page asks for more on each visit rather than waiting minutes)."""
    if isinstance(months, int):
        this = timezone.localdate().replace(day=1)
        months = [add_months(this, -n) for n in range(months - 1, -1, -1)]
    months = [m.replace(day=1) for m in months]
    measure, key, started = BY_CODE[code], cut_key(**cut), time.perf_counter()
    found: dict = {}
    slowest = 0.0  # the longest a month has taken: do not start one that would overrun
    for month in sorted(months, reverse=True):
        elapsed = time.perf_counter() - started
        spent = (budget_seconds is not None and bool(found)  # the newest is always worked out
                 and elapsed + slowest > budget_seconds)
        before = time.perf_counter()
        stored = stored_snapshot(month) if spent else snapshot(month)
        slowest = max(slowest, time.perf_counter() - before)
        target = targets_on(month_end(month)).get(code)
        figure = _figure(measure, month, stored.figures.get(key, {}).get(code) if stored
                         else None, target)
        found[month] = figure if stored else replace(figure, worked_out=False)
    return [found[m] for m in months]


def targets_on(day: datetime.date) -> dict[str, float]:
    """Each measure's target on ``day``: the latest set from a date on or before it."""
    found: dict[str, float] = {}
    for code, value in Target.objects.filter(from_date__lte=day).order_by(
            "from_date", "set_at", "pk").values_list("measure", "value"):
        found[code] = float(value)
    return found


def _value(measure: Measure, numerator, denominator) -> float | None:
    if numerator is None or not denominator:
        return None
    if measure.unit == Unit.PER_10K:
        return round(numerator * 10_000 / denominator, 1)
    if measure.unit == Unit.PERCENT:
        return round(numerator * 100 / denominator, 1)
    return float(numerator)


def status_of(direction: Direction, value: float | None, target: float | None) -> Status:
    if value is None:
        return Status.NO_DATA
    if target is None:
        return Status.NO_TARGET
    if direction == Direction.NEITHER:
        return Status.NOT_JUDGED
    met = value >= target if direction == Direction.HIGHER else value <= target
    return Status.MET if met else Status.MISSED


def _figure(measure: Measure, month, counts, target) -> Figure:
    numerator, denominator = counts if counts else (0, 0)
    value = _value(measure, numerator, denominator)
    england: England | None = england_for(measure.code, month_end(month))
    return Figure(measure.code, measure.title, month, value, numerator, denominator, target,
                  england.value if england else None, measure.direction,
                  status_of(measure.direction, value, target), measure.unit,
                  england.label if england else "")


# Computing and storing a month ---------------------------------------------------------

def stored_snapshot(month: datetime.date) -> Snapshot | None:
    """The month's stored figures if they are for the record as it stands, else None."""
    return Snapshot.objects.filter(month=month.replace(day=1),
                                   version=record_version()).first()


def snapshot(month: datetime.date) -> Snapshot:
    """The stored figures for the month at the record's current version, computed now
    if the record has changed since they were last stored."""
    month = month.replace(day=1)
    found = stored_snapshot(month)
    if found is not None:
        return found
    version = record_version()
    started = time.perf_counter()
    figures = compute(month)
    try:
        with transaction.atomic():
            # Older versions of the month will not be read again.
            Snapshot.objects.filter(month=month, version__lt=version).delete()
            return Snapshot.objects.create(month=month, version=version, figures=figures,
                                           seconds=time.perf_counter() - started)
    except IntegrityError:  # another request stored the same month and version first
        return Snapshot.objects.get(month=month, version=version)


def compute(month: datetime.date) -> dict[str, dict[str, list]]:
    """Numerator and denominator of every measure, for the trust, each council, each
    service area and each team, for the year (or the day) ending at the end of ``month``."""
    year = RollingYear(month_end(month))
    out: dict[str, dict[str, list]] = {}
    populations: list[int | None] = []
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("pk")
    for council in councils:
        tables = tables_for(council, year)
        people = population(council.la_code, year.end)
        populations.append(people)
        teams = tables.local["allocations"].select("child", "team", "service_area")
        for code, function in COMPUTE.items():
            units = function(tables).join(teams, on="child", how="left")
            _add(out, code, units, f"council:{council.pk}", people)
    trust_people = None if None in populations or not populations else sum(populations)
    for code in COMPUTE:
        if BY_CODE[code].is_rate:
            numerator = sum(out.get(f"council:{c.pk}", {}).get(code, [0, 0])[0]
                            for c in councils)
            out.setdefault(TRUST, {})[code] = [numerator, trust_people]
    return out


def _add(out, code: str, units: pl.DataFrame, council_key: str, people) -> None:
    rate = BY_CODE[code].is_rate
    if "hit" not in units.columns:
        units = units.with_columns(hit=pl.lit(True))
    for column, prefix in (("team", "team"), ("service_area", "area")):
        grouped = units.filter(pl.col(column).is_not_null()).group_by(column).agg(
            pl.col("hit").sum().alias("n"), pl.len().alias("d"))
        for key, n, d in grouped.iter_rows():
            _sum(out, f"{prefix}:{key}", code, int(n), None if rate else int(d))
    n, d = int(units["hit"].sum()), units.height
    out.setdefault(council_key, {})[code] = [n, people if rate else d]
    if not rate:
        _sum(out, TRUST, code, n, d)


def _sum(out, key: str, code: str, n: int, d: int | None) -> None:
    current = out.setdefault(key, {}).setdefault(code, [0, 0 if d is not None else None])
    current[0] += n
    if d is not None:
        current[1] = (current[1] or 0) + d
