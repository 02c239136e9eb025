"""The contract's measures with their figures for a month: what the report page and the PDF
show. Figures come from the performance engine (opencsc/performance/engine.py), the same
engine as the dashboard, so the report and the dashboard never disagree.

``month_figures`` and ``Series.load`` are the only calls into the engine: a trend reads each
month's figures once for every measure (``Series``), rather than once per measure, and the
months not yet worked out are worked out together, from one read of the record.
"""

import datetime
from dataclasses import dataclass, field

from opencsc.performance.tables import month_end

from .contract import targets_in_force
from .models import Contract, ContractMeasure
from .status import TargetStatus, against_target

TREND_MONTHS = 12


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def months_back(month: datetime.date, count: int) -> list[datetime.date]:
    """``count`` months ending with ``month``, oldest first, each as its first day."""
    index = month.year * 12 + month.month - 1
    return [datetime.date(i // 12, i % 12 + 1, 1) for i in range(index - count + 1, index + 1)]


def month_figures(month: datetime.date, council) -> dict:
    """The engine's figures for a council and month, by measure code."""
    from opencsc.performance import engine

    return {f.code: f for f in engine.figures_for(month, council=council)}


class Series:
    """A council's figures month by month, each month read from the engine once."""

    def __init__(self, council):
        self.council = council
        self.months: dict[datetime.date, dict] = {}

    def load(self, months: list[datetime.date]) -> None:
        """Work out together every month not yet stored (a cold trend costs one read of
        the record, not one a month)."""
        from opencsc.performance import engine

        missing = [m for m in months if m not in self.months]
        if missing:
            engine.snapshots(missing)

    def figures(self, month: datetime.date) -> dict:
        if month not in self.months:
            self.months[month] = month_figures(month, self.council)
        return self.months[month]

    def trend(self, code: str, months: list[datetime.date]) -> list:
        """The measure's value in each month, oldest first (None where there is none)."""
        self.load(months)
        return [getattr(self.figures(m).get(code), "value", None) for m in months]


def catalogue_titles() -> dict[str, str]:
    """Every measure's title by code, for choosing measures in forms."""
    from opencsc.performance import catalogue

    return {m.code: m.title for m in catalogue.MEASURES}


@dataclass
class Row:
    measure: ContractMeasure
    title: str
    value: float | None
    england: float | None
    status: TargetStatus
    trend: list = field(default_factory=list)  # (month, value), oldest first
    unit: str = ""

    @property
    def code(self) -> str:
        return self.measure.code


@dataclass
class Report:
    contract: Contract
    month: datetime.date
    rows: list[Row]

    def count(self, status: TargetStatus) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def summary(self) -> dict[str, int]:
        return {s.label: self.count(s) for s in TargetStatus}


def contract_for(council, month: datetime.date) -> Contract | None:
    """The council's contract in force in that month (the latest to start, if several)."""
    end = month_end(month)
    contracts = Contract.objects.filter(council=council, start_date__lte=end)
    return next((c for c in contracts if c.end_date is None or c.end_date >= month), None)


def report_for(contract: Contract, month: datetime.date) -> Report:
    """Each contract measure's figure, England figure, status and 12-month trend."""
    series = Series(contract.council)
    months = months_back(month, TREND_MONTHS)
    series.load(months)
    figures = series.figures(month)
    rows = []
    for measure in targets_in_force(contract, month):
        figure = figures.get(measure.code)
        value = getattr(figure, "value", None)
        rows.append(Row(
            measure=measure,
            title=getattr(figure, "title", "") or measure.code,
            value=value,
            england=getattr(figure, "england", None),
            status=against_target(value, measure.target, measure.tolerance, measure.direction),
            trend=list(zip(months, series.trend(measure.code, months), strict=True)),
            unit=getattr(figure, "unit", ""),
        ))
    return Report(contract, month, rows)
