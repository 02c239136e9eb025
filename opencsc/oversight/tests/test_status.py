"""The status rules, worked by hand."""

import datetime

import pytest

from opencsc.oversight.models import ActionStatus, Direction
from opencsc.oversight.status import (
    Movement,
    PlanStatus,
    TargetStatus,
    action_status,
    against_target,
    movement,
    plain_direction,
)


# Assessments within 45 working days: target 85%, tolerance 5 points, higher is better.
# 86 is above 85: met. 85 is on it: met. 82 is 3 short, within 5: close. 80 is exactly 5
# short: still close. 79.9 is 5.1 short: missed.
@pytest.mark.parametrize("value, expected", [
    (86, TargetStatus.MET), (85, TargetStatus.MET), (82, TargetStatus.CLOSE),
    (80, TargetStatus.CLOSE), (79.9, TargetStatus.MISSED), (None, TargetStatus.NO_DATA),
])
def test_a_higher_is_better_target(value, expected):
    assert against_target(value, "85", "5", Direction.HIGHER) == expected


# Re-referrals: target 20%, tolerance 2 points, lower is better. 18 is under: met; 21.5 is
# 1.5 over: close; 22 is 2 over: close; 22.1 is 2.1 over: missed.
@pytest.mark.parametrize("value, expected", [
    (18, TargetStatus.MET), (20, TargetStatus.MET), (21.5, TargetStatus.CLOSE),
    (22, TargetStatus.CLOSE), (22.1, TargetStatus.MISSED),
])
def test_a_lower_is_better_target(value, expected):
    assert against_target(value, "20", "2", Direction.LOWER) == expected


def test_with_no_tolerance_anything_short_of_the_target_is_missed():
    assert against_target(84.9, "85", "0", Direction.HIGHER) == TargetStatus.MISSED


DUE = datetime.date(2026, 6, 30)


@pytest.mark.parametrize("recorded, today, expected", [
    (None, datetime.date(2026, 6, 1), PlanStatus.NOT_STARTED),   # nothing recorded yet
    (ActionStatus.ON_TRACK, datetime.date(2026, 6, 30), PlanStatus.ON_TRACK),  # due today
    (ActionStatus.AT_RISK, datetime.date(2026, 6, 1), PlanStatus.AT_RISK),
    (ActionStatus.ON_TRACK, datetime.date(2026, 7, 1), PlanStatus.OVERDUE),  # a day late
    (None, datetime.date(2026, 7, 1), PlanStatus.OVERDUE),  # never started, now late
    (ActionStatus.DONE, datetime.date(2026, 9, 1), PlanStatus.DONE),  # done is never overdue
    (ActionStatus.DONE, datetime.date(2026, 5, 1), PlanStatus.DONE),
])
def test_an_actions_status_today(recorded, today, expected):
    assert action_status(recorded, DUE, today) == expected


def test_overdue_is_not_a_status_anyone_can_record():
    assert "overdue" not in ActionStatus.values


@pytest.mark.parametrize("before, after, direction, expected", [
    (70, 78, Direction.HIGHER, Movement.BETTER),
    (70, 65, Direction.HIGHER, Movement.WORSE),
    (24, 19.5, Direction.LOWER, Movement.BETTER),
    (24, 24.0, Direction.LOWER, Movement.SAME),
    (300, 320, "", Movement.CHANGED),  # a rate with no direction of good
    (None, 10, Direction.HIGHER, Movement.UNKNOWN),
])
def test_movement_since_an_action_opened(before, after, direction, expected):
    assert movement(before, after, direction) == expected


def test_the_catalogues_directions_read_as_ours():
    assert plain_direction("higher is better") == Direction.HIGHER
    assert plain_direction("lower is better") == Direction.LOWER
    assert plain_direction("no direction of good") == ""
