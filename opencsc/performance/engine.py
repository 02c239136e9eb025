"""The measures for a month and a cut of the service, from the live record.

``figures_for(month, council=..., team=..., service_area=...)`` gives every measure of the
catalogue; ``trend(code, months, ...)`` one measure over several months. Both read a stored
``Snapshot`` of every measure for every cut of the month, computed once for the record as
it stands (its version is the number of the latest audited write) and recomputed when the
record changes. Targets and England figures are applied when read. Months not stored are
computed together (``snapshots``, ``compute``): each council's record is read once for all
of them (``extracts``) and cut to each month's year in Polars.

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

from . import extracts
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
    ``months`` months to this one. The months not stored yet are worked out together,
    from one read of the record.

    With ``budget_seconds``, they are worked out newest first only until the budget is
    spent (the newest always); the rest come back with ``worked_out`` false, and a page
    asks for more on its next visit."""
    if isinstance(months, int):
        this = timezone.localdate().replace(day=1)
        months = [add_months(this, -n) for n in range(months - 1, -1, -1)]
    months = [m.replace(day=1) for m in months]
    measure, key = BY_CODE[code], cut_key(**cut)
    until = None if budget_seconds is None else time.perf_counter() + budget_seconds
    stored = snapshots(months, until=until)
    found = []
    for month in months:
        target = targets_on(month_end(month)).get(code)
        counts = stored[month].figures.get(key, {}).get(code) if month in stored else None
        figure = _figure(measure, month, counts, target)
        found.append(figure if month in stored else replace(figure, worked_out=False))
    return found


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
    return snapshots([month])[month]


def snapshots(months: Iterable[datetime.date], *,
              until: float | None = None) -> dict[datetime.date, Snapshot]:
    """The stored figures for each month at the record's current version. The months not
    stored yet are computed together, from one read of the record (``compute``); with
    ``until``, those ``compute`` had not started by then are left out."""
    months = sorted({m.replace(day=1) for m in months})
    version = record_version()
    found = {s.month: s for s in Snapshot.objects.filter(month__in=months, version=version)}
    missing = [m for m in months if m not in found]
    if missing:
        started = time.perf_counter()
        computed = compute(*missing, until=until)
        seconds = (time.perf_counter() - started) / len(computed)
        found.update({m: _store(m, version, figures, seconds) for m, figures in computed.items()})
    return found


def _store(month, version: int, figures: dict, seconds: float) -> Snapshot:
    try:
        with transaction.atomic():
            # Older versions of the month will not be read again.
            Snapshot.objects.filter(month=month, version__lt=version).delete()
            return Snapshot.objects.create(month=month, version=version, figures=figures,
                                           seconds=seconds)
    except IntegrityError:  # another request stored the same month and version first
        return Snapshot.objects.get(month=month, version=version)


def compute(*months: datetime.date,
            until: float | None = None) -> dict[datetime.date, dict[str, dict[str, list]]]:
    """Numerator and denominator of every measure, for the trust, each council, each
    service area and each team, for the year (or the day) ending at the end of each
    month; each council's record is read once for all the months.

    Months are worked out newest first; with ``until`` (a ``time.perf_counter()``
    reading), those not started by then are left out (the newest is always worked out)."""
    months = sorted({m.replace(day=1) for m in months})
    years = {m: RollingYear(month_end(m)) for m in months}
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("pk"))
    records = [(council, extracts.read(council, years[months[0]], years[months[-1]]))
               for council in councils]
    out: dict[datetime.date, dict[str, dict[str, list]]] = {}
    for month in reversed(months):
        if out and until is not None and time.perf_counter() > until:
            break
        figures: dict[str, dict[str, list]] = {}
        populations = [population(council.la_code, years[month].end) for council in councils]
        for (council, record), people in zip(records, populations, strict=True):
            _add_council(figures, record.tables(years[month]), f"council:{council.pk}", people)
        _add_trust_rates(figures, councils, populations)
        out[month] = figures
    return out


def compute_month(month: datetime.date, tables_for=tables_for) -> dict[str, dict[str, list]]:
    """One month's figures from tables built by ``tables_for(council, year)``: by default
    the returns' own extracts, the reference that ``compute`` must agree with."""
    year = RollingYear(month_end(month))
    out: dict[str, dict[str, list]] = {}
    populations: list[int | None] = []
    councils = list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).order_by("pk"))
    for council in councils:
        people = population(council.la_code, year.end)
        populations.append(people)
        _add_council(out, tables_for(council, year), f"council:{council.pk}", people)
    _add_trust_rates(out, councils, populations)
    return out


def _add_council(out, tables, council_key: str, people) -> None:
    """Add one council's units of every measure to ``out``: its own counts, its teams'
    and service areas', and the trust's (rates aside, which need populations)."""
    units = pl.concat([_labelled(code, function(tables)) for code, function in COMPUTE.items()])
    units = units.join(tables.local["allocations"].select("child", "team", "service_area"),
                       on="child", how="left")
    for column, prefix in (("team", "team"), ("service_area", "area")):
        grouped = units.filter(pl.col(column).is_not_null()).group_by("code", column).agg(
            pl.col("hit").sum().alias("n"), pl.len().alias("d"))
        for code, key, n, d in grouped.iter_rows():
            _sum(out, f"{prefix}:{key}", code, int(n), None if BY_CODE[code].is_rate else int(d))
    totals = {code: (int(n), int(d)) for code, n, d in units.group_by("code").agg(
        pl.col("hit").sum().alias("n"), pl.len().alias("d")).iter_rows()}
    for code in COMPUTE:
        n, d = totals.get(code, (0, 0))
        rate = BY_CODE[code].is_rate
        out.setdefault(council_key, {})[code] = [n, people if rate else d]
        if not rate:
            _sum(out, TRUST, code, n, d)


def _labelled(code: str, units: pl.DataFrame) -> pl.DataFrame:
    """A measure's units as rows of (child, hit, code); a rate's units all count."""
    hit = pl.col("hit") if "hit" in units.columns else pl.lit(True)
    return units.select(pl.col("child").cast(pl.String), hit.cast(pl.Boolean).alias("hit"),
                        pl.lit(code).alias("code"))


def _add_trust_rates(out, councils, populations) -> None:
    trust_people = None if None in populations or not populations else sum(populations)
    for code in COMPUTE:
        if BY_CODE[code].is_rate:
            numerator = sum(out.get(f"council:{c.pk}", {}).get(code, [0, 0])[0]
                            for c in councils)
            out.setdefault(TRUST, {})[code] = [numerator, trust_people]


def _sum(out, key: str, code: str, n: int, d: int | None) -> None:
    current = out.setdefault(key, {}).setdefault(code, [0, 0 if d is not None else None])
    current[0] += n
    if d is not None:
        current[1] = (current[1] or 0) + d
