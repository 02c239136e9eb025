"""The improvement plan as the board reads it: each action's status today, and how the
measures it should move have moved since it opened."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch

from . import figures
from .models import ActionUpdate, ImprovementAction
from .status import Movement, PlanStatus, action_status, movement, plain_direction

MAX_TREND_MONTHS = 24


@dataclass
class MeasureProgress:
    code: str
    title: str
    direction: str
    trend: list  # (month, value) from the month the action opened, oldest first
    unit: str = ""

    @property
    def baseline(self):
        return self.trend[0][1] if self.trend else None

    @property
    def current(self):
        return self.trend[-1][1] if self.trend else None

    @property
    def movement(self) -> Movement:
        return movement(self.baseline, self.current, self.direction)


@dataclass
class ActionProgress:
    action: ImprovementAction
    status: PlanStatus
    updates: list
    measures: list[MeasureProgress] = field(default_factory=list)

    @property
    def latest(self):
        return self.updates[0] if self.updates else None


def actions_for(council):
    updates = ActionUpdate.objects.select_related("recorded_by").order_by("-recorded_at", "-pk")
    return (ImprovementAction.objects.filter(council=council)
            .prefetch_related(Prefetch("updates", queryset=updates)))


def status_of(action: ImprovementAction, today: datetime.date) -> PlanStatus:
    latest = next(iter(action.updates.all()), None)
    return action_status(latest.status if latest else None, action.due_date, today)


def progress(actions, council, month: datetime.date, today: datetime.date,
             *, with_measures: bool = True) -> list[ActionProgress]:
    """Each action's status today and, with_measures, its measures since it opened."""
    actions = list(actions)
    with_measures = with_measures and bool(actions)
    series = figures.Series(council)
    current = series.figures(month) if with_measures else {}
    result = []
    for action in actions:
        item = ActionProgress(action, status_of(action, today), list(action.updates.all()))
        if with_measures:
            item.measures = [_measure(code, action, month, current, series)
                             for code in action.measure_codes]
        result.append(item)
    return result


def _measure(code, action, month, current, series) -> MeasureProgress:
    opened = figures.first_of_month(action.opened_on)
    count = (month.year - opened.year) * 12 + month.month - opened.month + 1
    months = figures.months_back(month, max(1, min(count, MAX_TREND_MONTHS)))
    trend = list(zip(months, series.trend(code, months), strict=True))
    figure = current.get(code)
    return MeasureProgress(code, getattr(figure, "title", "") or code,
                           plain_direction(getattr(figure, "direction", "")), trend,
                           getattr(figure, "unit", ""))
