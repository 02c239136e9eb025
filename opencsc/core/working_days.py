"""One calendar of working days for England: Monday to Friday, less England's bank holidays.

Bank holidays come from the ``holidays`` package (subdivision ENG), which includes the
one-off days such as the 2022 state funeral and the 2023 coronation. Every deadline
computed from this calendar records CALENDAR_VERSION, so a later change of the list
can be traced.
"""

import datetime
from functools import lru_cache

import holidays

CALENDAR_VERSION = f"holidays-{holidays.__version__}-GB-ENG"


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> frozenset[datetime.date]:
    # The GB class itself: ``country_holidays`` first loads every country the package knows.
    return frozenset(holidays.GB(subdiv="ENG", years=year).keys())


def is_bank_holiday(day: datetime.date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


@lru_cache(maxsize=65536)  # pure, and recomputing every open case calls it ~100,000 times
def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The date ``days`` working days after ``start`` (before it, for negative days).

    The start day itself is day 0 and is not counted, whether or not it is a working
    day: 1 working day after a Friday is the next Monday (or Tuesday after a bank holiday).
    """
    step = 1 if days >= 0 else -1
    remaining, day = abs(days), start
    while remaining:
        day += datetime.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if end is earlier)."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def add_months(start: datetime.date, months: int) -> datetime.date:
    """Calendar months later, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(start.day, last_day))
