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

from django.db.models import Q

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
    return contract.measures.prefetch_related("targets")


def targets_on(contract: Contract, day: datetime.date) -> list[TargetInForce]:
    """The contract's measures in force on ``day``, in the contract's order."""
    found = (in_force_on(m, day) for m in measures_with_targets(contract))
    return [t for t in found if t is not None]


def targets_in_force(contract: Contract, month: datetime.date) -> list[TargetInForce]:
    """The measures and targets a month's report is judged against: those in force on
    the month's last day."""
    from .figures import last_of_month  # figures calls this module

    return targets_on(contract, last_of_month(month))


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
