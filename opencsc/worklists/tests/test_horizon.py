import datetime

from hypothesis import given
from hypothesis import strategies as st

from opencsc.casework.timescales import Status, status_of
from opencsc.worklists.queries import Horizon


@given(today=st.dates(datetime.date(2020, 1, 1), datetime.date(2030, 12, 31)),
       offset=st.integers(-60, 60))
def test_horizon_status_agrees_with_the_timescales_rule(today, offset):
    due = today + datetime.timedelta(days=offset)
    assert Horizon.from_today(today).status(due) == status_of(due, None, today)
    assert Horizon.from_today(today).status(due) != Status.MET
