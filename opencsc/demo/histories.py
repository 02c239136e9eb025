"""A household's allocation and address histories, drawn backwards from today."""

import datetime
import random

from opencsc.people.models import Allocation

from .places import Places

DAY = datetime.timedelta(days=1)
FRONT_DOOR, ASSESSMENT = "Front Door and MASH", "Assessment Team East"
IN_CARE, LEAVING_CARE = "Children in Care Team", "Care Leavers Team"
PREVIOUS_ALLOCATIONS = ([0, 1, 2, 3], [45, 30, 18, 7])
LATER_REASONS = {"TSPROC": 40, "LEFTRL": 20, "MANAGE": 15, "ORGRST": 8, "ABSENC": 6,
                 "CHCHAN": 3, "PCCHAN": 3, "OTHERS": 5}
MOVES = ([1, 2, 3, 4], [45, 30, 17, 8])
# How long ago, at most, the current allocation of an open case began, by team: a child
# protection plan rarely lasts two years, a child in need plan a little longer.
RECENT = {FRONT_DOOR: 30, ASSESSMENT: 120, "Child Protection Team North": 420,
          "Child Protection Team South": 420, "Children in Need Team": 600}


def allocations(rng: random.Random, today: datetime.date, team: str, kind: str) -> list:
    """Earlier allocations, then the current one, as (team, start, end, reason).

    A case usually starts at the front door or in assessment. A child in need or child
    protection case is one open episode, referred when the first allocation began: a few
    weeks with the front door and in assessment, then a plan of up to about two years
    (the generator decides which cases have closed)."""
    recent = RECENT.get(team, 1100)
    start = today - rng.randint(1, recent) * DAY
    earlier = 0 if team == FRONT_DOOR else rng.choices(*PREVIOUS_ALLOCATIONS)[0]
    if kind != "family":
        earlier = max(earlier, 1)
    spans = (10, 90) if kind == "family" and team in RECENT else (20, 300)
    segments = []
    for step in range(earlier):
        end = start - DAY
        start = end - rng.randint(*spans) * DAY
        first = step == earlier - 1
        previous_team = (FRONT_DOOR if rng.random() < 0.7 else ASSESSMENT) if first else (
            IN_CARE if kind == "care_leaver" else rng.choice([ASSESSMENT, team]))
        segments.append([previous_team, start, end])
    segments.reverse()
    reasons = [Allocation.Reason.FCONTA] + [
        rng.choices(list(LATER_REASONS), list(LATER_REASONS.values()))[0] for _ in segments]
    current_start = segments[-1][2] + DAY if segments else start
    segments.append([team, current_start, None])
    return [(*segment, reason) for segment, reason in zip(segments, reasons, strict=True)]


def addresses(rng: random.Random, today: datetime.date, places: Places, *, kind: str,
              team: str, allocated: datetime.date) -> list[tuple]:
    """The household's addresses, newest first, as (line 1, line 2, town, postcode, start,
    end). Children in care live in a placement since ``allocated``; care leavers in a flat
    of their own after one."""
    moves = rng.choices(*MOVES)[0]
    if kind == "alone":
        return _chain(rng, places, 1, allocated, None)
    if kind == "care_leaver":
        flat = today - rng.randint(30, 700) * DAY
        placement = _chain(rng, places, 1, flat - rng.randint(300, 1500) * DAY, flat - DAY)
        placed = placement[0][4]
        return (_chain(rng, places, 1, flat, None) + placement
                + _chain(rng, places, moves, placed - 400 * DAY, placed - DAY))
    if team == IN_CARE:
        placement = _chain(rng, places, 1, allocated, None)
        return placement + _chain(rng, places, moves,
                                  allocated - rng.randint(180, 2500) * DAY, allocated - DAY)
    return _chain(rng, places, moves, today - rng.randint(60, 3650) * DAY, None)


def _chain(rng, places: Places, count: int, newest_start, newest_end) -> list[tuple]:
    chain, start, end = [], newest_start, newest_end
    for _ in range(count):
        chain.append((*places.address(), start, end))
        end = start - DAY
        start = end - rng.randint(180, 1500) * DAY
    return chain
