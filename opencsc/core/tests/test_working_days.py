"""Working days for England: weekends and England's bank holidays never count."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from opencsc.core.working_days import (
    add_months,
    add_working_days,
    is_working_day,
    working_days_between,
)

D = datetime.date
days = st.dates(min_value=D(2015, 1, 1), max_value=D(2035, 12, 31))


def test_christmas_and_boxing_day_are_not_working_days():
    assert not is_working_day(D(2025, 12, 25))
    assert not is_working_day(D(2025, 12, 26))
    assert is_working_day(D(2025, 12, 29))


def test_substitute_bank_holidays_when_christmas_falls_at_a_weekend():
    # 25 and 26 December 2021 were a Saturday and Sunday: the 27th and 28th were holidays.
    assert not is_working_day(D(2021, 12, 27))
    assert not is_working_day(D(2021, 12, 28))
    assert is_working_day(D(2021, 12, 29))


def test_one_off_bank_holidays_are_included():
    assert not is_working_day(D(2022, 9, 19))  # state funeral
    assert not is_working_day(D(2023, 5, 8))  # coronation


def test_scotland_only_holiday_is_a_working_day_in_england():
    assert is_working_day(D(2026, 1, 2))  # 2 January is a holiday in Scotland only


def test_one_working_day_after_friday_is_monday():
    assert add_working_days(D(2026, 3, 6), 1) == D(2026, 3, 9)


def test_working_days_cross_the_year_end_over_christmas_and_new_year():
    # From Wed 23 Dec 2026: 24th (1), [25, 26, 27, 28 substitute], 29th (2), 30th, 31st,
    # [1 Jan], 4th
    assert add_working_days(D(2026, 12, 23), 1) == D(2026, 12, 24)
    assert add_working_days(D(2026, 12, 23), 2) == D(2026, 12, 29)
    assert add_working_days(D(2026, 12, 23), 5) == D(2027, 1, 4)


def test_fifteen_working_days_over_easter():
    # Strategy discussion Thu 26 March 2026; Good Friday 3 April and Easter Monday 6 April.
    assert add_working_days(D(2026, 3, 26), 15) == D(2026, 4, 20)


@given(days, st.integers(min_value=1, max_value=400))
def test_adding_working_days_lands_on_a_working_day(start, n):
    assert is_working_day(add_working_days(start, n))


@given(days, st.integers(min_value=0, max_value=400))
def test_counting_back_the_days_added_gives_the_same_number(start, n):
    assert working_days_between(start, add_working_days(start, n)) == n


@given(days, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_adding_working_days_in_two_steps_equals_one_step_from_a_working_day(start, a, b):
    if is_working_day(start):
        assert add_working_days(add_working_days(start, a), b) == add_working_days(start, a + b)


@given(days, days)
def test_working_days_between_is_antisymmetric(a, b):
    assert working_days_between(a, b) == -working_days_between(b, a)


@given(days, st.integers(min_value=1, max_value=60))
def test_every_day_counted_is_a_weekday_that_is_not_a_bank_holiday(start, n):
    end = add_working_days(start, n)
    span = [start + datetime.timedelta(days=i) for i in range(1, (end - start).days + 1)]
    counted = [day for day in span if day.weekday() < 5 and is_working_day(day)]
    assert len(counted) == n
    assert all(day.weekday() < 5 for day in counted)


def test_add_months_clamps_to_the_end_of_a_shorter_month():
    assert add_months(D(2026, 1, 31), 1) == D(2026, 2, 28)
    assert add_months(D(2028, 1, 31), 1) == D(2028, 2, 29)
    assert add_months(D(2026, 11, 30), 3) == D(2027, 2, 28)
    assert add_months(D(2026, 8, 15), 6) == D(2027, 2, 15)
