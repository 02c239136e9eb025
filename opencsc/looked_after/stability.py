"""Placement stability, as the child's page shows it. Pure functions over episodes.

A placement here is a stretch with one carer, as the DfE counts placements for its
stability measures (shared/domain/reference.md section 5): it starts with an episode whose
reason for new episode is S, P or B (a new carer); L, T and U keep the same carer, so they
continue it. Short breaks (V3, V4) are respite, not placements, and are left out.
"""

import datetime
from dataclasses import dataclass

from .rules import collection_year

NEW_CARER = {"S", "P", "B"}
SHORT_BREAKS = {"V3", "V4"}


@dataclass(frozen=True)
class CarerSpan:
    start: datetime.date
    end: datetime.date | None


@dataclass(frozen=True)
class Stability:
    last_12_months: int
    this_year: int
    year_label: str  # "2026-27"
    placement_since: datetime.date | None
    placement_length: str
    carer_since: datetime.date | None


def carer_spans(episodes) -> list[CarerSpan]:
    """The child's stretches with one carer, oldest first, from episodes in date order."""
    spans: list[CarerSpan] = []
    for episode in episodes:
        if episode.legal_status in SHORT_BREAKS:
            continue
        if episode.reason_new_episode in NEW_CARER or not spans:
            spans.append(CarerSpan(episode.start_date, episode.end_date))
        else:
            spans[-1] = CarerSpan(spans[-1].start, episode.end_date)
    return spans


def placements_between(spans, start: datetime.date, end: datetime.date) -> int:
    """How many carers the child lived with at some time from ``start`` to ``end``.

    A placement that ended on ``start`` itself is not counted: the child moved that day."""
    return sum(1 for s in spans if s.start <= end and (s.end is None or s.end > start))


def year_start(day: datetime.date) -> datetime.date:
    """1 April of the collection year ``day`` falls in."""
    return datetime.date(collection_year(day) - 1, 4, 1)


def year_label(day: datetime.date) -> str:
    year = collection_year(day)
    return f"{year - 1}-{year % 100:02d}"


def length_in_words(start: datetime.date, end: datetime.date) -> str:
    """'2 years and 3 months', '5 months', '12 days': how long a placement has lasted."""
    months = (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
    years, months = divmod(max(months, 0), 12)
    if years == 0 and months == 0:
        days = (end - start).days
        return f"{days} day{'s' if days != 1 else ''}"
    parts = [f"{n} {unit}{'s' if n != 1 else ''}"
             for n, unit in ((years, "year"), (months, "month")) if n]
    return " and ".join(parts)


def stability(episodes, current_placement, today: datetime.date) -> Stability:
    """Placements in the last 12 months and this collection year; the current one's length."""
    spans = carer_spans(episodes)
    year_ago = today.replace(year=today.year - 1) if (today.month, today.day) != (2, 29) \
        else today.replace(year=today.year - 1, day=28)
    open_span = spans[-1] if spans and spans[-1].end is None else None
    since = current_placement.start_date if current_placement else None
    return Stability(
        last_12_months=placements_between(spans, year_ago, today),
        this_year=placements_between(spans, year_start(today), today),
        year_label=year_label(today),
        placement_since=since,
        placement_length=length_in_words(since, today) if since else "",
        carer_since=open_span.start if open_span and since and open_span.start < since
        else None,
    )
