"""The rules that turn figures and dates into a status: small pure functions, one each.

A contract measure is *met* on the right side of its target (or on it), *close* when on the
wrong side by no more than its tolerance, and *missed* beyond that. An improvement action is
*overdue* once its due date has passed and it is not done; otherwise its status is the one
last recorded, or *not started*.
"""

import datetime
from decimal import Decimal
from enum import StrEnum

from .models import ActionStatus, Direction


class TargetStatus(StrEnum):
    MET = "met"
    CLOSE = "close"
    MISSED = "missed"
    NO_DATA = "no_data"

    @property
    def label(self) -> str:
        return TARGET_LABELS[self]


TARGET_LABELS = {
    TargetStatus.MET: "Target met",
    TargetStatus.CLOSE: "Within tolerance",
    TargetStatus.MISSED: "Target missed",
    TargetStatus.NO_DATA: "No figure",
}


def against_target(value, target, tolerance, direction: str) -> TargetStatus:
    """Where a figure stands against a contract target (see the module's docstring)."""
    if value is None:
        return TargetStatus.NO_DATA
    value, target, tolerance = Decimal(str(value)), Decimal(target), Decimal(tolerance)
    gap = value - target if direction == Direction.HIGHER else target - value
    if gap >= 0:
        return TargetStatus.MET
    return TargetStatus.CLOSE if -gap <= tolerance else TargetStatus.MISSED


class PlanStatus(StrEnum):
    NOT_STARTED = ActionStatus.NOT_STARTED.value
    ON_TRACK = ActionStatus.ON_TRACK.value
    AT_RISK = ActionStatus.AT_RISK.value
    OVERDUE = "overdue"
    DONE = ActionStatus.DONE.value

    @property
    def label(self) -> str:
        return "Overdue" if self is PlanStatus.OVERDUE else ActionStatus(self.value).label


def action_status(recorded: str | None, due_date: datetime.date,
                  today: datetime.date) -> PlanStatus:
    """An action's status today, from the status last recorded and its due date."""
    if recorded == ActionStatus.DONE:
        return PlanStatus.DONE
    if today > due_date:
        return PlanStatus.OVERDUE
    return PlanStatus(recorded or ActionStatus.NOT_STARTED)


class Movement(StrEnum):
    BETTER = "better"
    WORSE = "worse"
    SAME = "same"
    CHANGED = "changed"  # for a measure with no direction of good
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"better": "Better", "worse": "Worse", "same": "No change",
                "changed": "Changed", "unknown": "Not known"}[self.value]


def plain_direction(direction) -> str:
    """Our Direction from the catalogue's ("higher is better", ...), or "" for neither."""
    text = str(direction)
    return next((d.value for d in Direction if text.startswith(d.value)), "")


def movement(before, after, direction: str) -> Movement:
    """Whether a measure moved the right way between two figures."""
    if before is None or after is None:
        return Movement.UNKNOWN
    change = Decimal(str(after)) - Decimal(str(before))
    if change == 0:
        return Movement.SAME
    if direction not in (Direction.HIGHER, Direction.LOWER):
        return Movement.CHANGED
    better = change > 0 if direction == Direction.HIGHER else change < 0
    return Movement.BETTER if better else Movement.WORSE
