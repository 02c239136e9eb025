"""The contract's measures over time: which measures, with which targets, were in force on a
day, and the rules a change to them must keep.

A measure's history is its ``ContractTarget`` rows, ordered by date: each row sets the
target from its date until the next row's, and a row without a target takes the measure
out of the contract from its date. Nothing is overwritten, so the report for a past month
shows the target in force then. A month's report uses what was in force on the month's last
day, the day its figures are counted to (opencsc/performance/catalogue.py).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q

from opencsc.performance.tables import month_end

from .models import Contract, ContractMeasure, ContractTarget


@dataclass(frozen=True)
class TargetInForce:
    """A contract measure with the target and tolerance in force on a day. It answers to
    what the report reads of a measure (code, direction, target, tolerance)."""

    measure: ContractMeasure
    target: Decimal
    tolerance: Decimal
    from_date: datetime.date

    @property
    def code(self) -> str:
        return self.measure.code

    @property
    def direction(self) -> str:
        return self.measure.direction

    def get_direction_display(self) -> str:
        return self.measure.get_direction_display()


def entry_on(measure: ContractMeasure, day: datetime.date) -> ContractTarget | None:
    """The row in force on ``day``: the last from that day or before (None before any)."""
    entries = [t for t in measure.targets.all() if t.from_date <= day]
    return max(entries, key=lambda t: (t.from_date, t.pk), default=None)


def in_force_on(measure: ContractMeasure, day: datetime.date) -> TargetInForce | None:
    entry = entry_on(measure, day)
    if entry is None or entry.removes:
        return None
    return TargetInForce(measure, entry.target, entry.tolerance, entry.from_date)


def measures_with_targets(contract: Contract):
    entries = ContractTarget.objects.select_related("recorded_by")
    return contract.measures.prefetch_related(Prefetch("targets", queryset=entries))


def targets_on(contract: Contract, day: datetime.date) -> list[TargetInForce]:
    """The contract's measures in force on ``day``, in the contract's order."""
    found = (in_force_on(m, day) for m in measures_with_targets(contract))
    return [t for t in found if t is not None]


def targets_in_force(contract: Contract, month: datetime.date) -> list[TargetInForce]:
    """The measures and targets a month's report is judged against: those in force on
    the month's last day."""
    return targets_on(contract, month_end(month))


def joined_on(measure: ContractMeasure) -> datetime.date | None:
    """When the measure first came into the contract."""
    first = next((t for t in measure.targets.all() if not t.removes), None)
    return first.from_date if first else None


def later_entries(measure: ContractMeasure, day: datetime.date) -> list[ContractTarget]:
    return [t for t in measure.targets.all() if t.from_date > day]


def overlapping(council, start: datetime.date, end: datetime.date | None,
                exclude_pk: int | None = None) -> Contract | None:
    """Another contract of the council in force on any day from ``start`` to ``end``
    (``end`` None: open-ended)."""
    found = Contract.objects.filter(council=council).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=start))
    if end is not None:
        found = found.filter(start_date__lte=end)
    return found.exclude(pk=exclude_pk).first()


# --- The contract as its page shows it ------------------------------------------------


@dataclass(frozen=True)
class Line:
    """A measure as the contract page lists it: with the target in force on the day."""

    now: TargetInForce
    title: str
    unit: str


@dataclass(frozen=True)
class Change:
    """One row of a measure's history: it joins the contract, its target changes, or it
    leaves the contract."""

    entry: ContractTarget
    title: str
    unit: str
    kind: str  # "joins", "target" or "leaves"


def day_to_show(contract: Contract, today: datetime.date) -> datetime.date:
    """Today, or the contract's first or last day when today is outside it."""
    day = max(today, contract.start_date)
    return min(day, contract.end_date) if contract.end_date else day


def unit_of(code: str) -> str:
    entry = catalogue_entry(code)
    return str(entry.unit) if entry else ""


def lines_on(contract: Contract, day: datetime.date) -> list[Line]:
    return [Line(t, title_of(t.code), unit_of(t.code)) for t in targets_on(contract, day)]


def history(contract: Contract) -> list[Change]:
    """Every change to the contract's measures, latest date first."""
    changes = []
    for measure in measures_with_targets(contract):
        was_in = False
        for entry in measure.targets.all():
            kind = "leaves" if entry.removes else ("target" if was_in else "joins")
            changes.append(Change(entry, title_of(measure.code), unit_of(measure.code), kind))
            was_in = not entry.removes
    return sorted(changes, key=lambda c: (c.entry.from_date, c.entry.pk), reverse=True)


# --- The measures a contract may hold -------------------------------------------------


def catalogue_entry(code: str):
    """The measure's entry in the performance catalogue, or None for a code not in it."""
    from opencsc.performance import catalogue

    return next((m for m in catalogue.MEASURES if m.code == code), None)


def title_of(code: str) -> str:
    entry = catalogue_entry(code)
    return entry.title if entry else code


def is_percentage(code: str) -> bool:
    entry = catalogue_entry(code)
    return entry is not None and entry.unit == "percent"


def measure_choices() -> list[tuple[str, str]]:
    """Catalogue measures a target makes sense for (those with a direction of good), by
    title. A rate such as contacts per 10,000 children is neither good high nor low."""
    from opencsc.performance import catalogue

    return sorted(((m.code, m.title) for m in catalogue.MEASURES
                   if m.direction != catalogue.Direction.NEITHER), key=lambda c: c[1])


# --- The rules a change must keep: each returns what is wrong, or None ------------------


def long_date(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def amount_problem(code: str, value: Decimal, what: str) -> str | None:
    """A target or tolerance outside what the measure's unit allows."""
    if is_percentage(code) and not 0 <= value <= 100:
        return f"The {what} must be between 0 and 100, as the measure is a percentage"
    if value < 0:
        return f"The {what} must be 0 or more"
    return None


def overlap_problem(council, start: datetime.date, end: datetime.date | None) -> str | None:
    """A new contract's dates overlapping another of the council's."""
    other = overlapping(council, start, end)
    if other is not None:
        until = f" to {long_date(other.end_date)}" if other.end_date else " with no end date"
        return (f"{council.name} already has a contract in those dates: {other.name}, from "
                f"{long_date(other.start_date)}{until}")
    return None


def outside_contract(contract: Contract, day: datetime.date, what: str) -> str | None:
    """A date outside the contract's."""
    start, end = contract.start_date, contract.end_date
    if day < start:
        return f"The {what} must be on or after the contract starts, {long_date(start)}"
    if end and day > end:
        return f"The {what} must be on or before the contract ends, {long_date(end)}"
    return None


def addition_problem(contract: Contract, code: str, day: datetime.date) -> str | None:
    """A measure already in the contract on ``day`` or after it."""
    measure = measures_with_targets(contract).filter(code=code).first()
    if measure and (in_force_on(measure, day) or later_entries(measure, day)):
        return f"{title_of(code)} is already in this contract: change its target instead"
    return None


def not_in_force_problem(measure: ContractMeasure, day: datetime.date) -> str | None:
    """A change on a day the measure is not in the contract."""
    if in_force_on(measure, day):
        return None
    title, joined, entry = title_of(measure.code), joined_on(measure), entry_on(measure, day)
    if entry is None and joined is not None:
        return (f"{title} is not in the contract until {long_date(joined)}: choose that date "
                "or a later one")
    if entry is None:
        return f"{title} is not in the contract"
    return f"{title} was removed from the contract from {long_date(entry.from_date)}"


def removal_problem(measure: ContractMeasure, day: datetime.date) -> str | None:
    later = later_entries(measure, day)
    if later:
        return (f"{title_of(measure.code)} has a change from {long_date(later[-1].from_date)}: "
                "remove it from a later date")
    return not_in_force_problem(measure, day)
