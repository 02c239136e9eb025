"""The one read of the record for many months (``extracts``) gives every measure the very
units that the returns' own extracts give (``tables.tables_for``), month after month, and
working out several months together gives what working them out one at a time gives."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care_leavers.actions import record_keep_in_touch
from opencsc.care_leavers.status import birthday
from opencsc.core.working_days import add_months
from opencsc.looked_after.actions import cease_care
from opencsc.looked_after.tests.history import make_providers, start_care
from opencsc.performance import engine, extracts
from opencsc.performance.measures import COMPUTE
from opencsc.performance.tables import RollingYear, month_end, tables_for

D = datetime.date
# Months across two collection years, a March among them.
MONTHS = [D(2025, 4, 1), D(2025, 9, 1), D(2026, 1, 1), D(2026, 3, 1), D(2026, 6, 1)]


# Care leavers whose OC3 rows fall in the months: (born, in care from, keep-in-touch
# contacts (date, in touch, activity, accommodation, suitable)).
LEAVERS = [
    (D(2006, 5, 10), D(2019, 9, 1), [(D(2025, 5, 20), "YES", "F1", "B", True),
                                     (D(2026, 5, 12), "YES", "G5", "U", False)]),
    (D(2005, 11, 20), D(2020, 1, 6), [(D(2025, 11, 25), "NO", "", "", None)]),
    (D(2004, 8, 2), D(2018, 3, 5), [(D(2025, 8, 1), "YES", "F2", "D", True)]),
    (D(2006, 1, 15), D(2020, 6, 1), []),
]


@pytest.fixture
def seeded(seeded_with, make_child, personas):
    """The demo trust, and care leavers of 19 to 21 whatever the demo makes."""
    trust, worker = seeded_with(11), personas["social.worker"]
    provider = make_providers()["foster"]
    for born, start, contacts in LEAVERS:
        child = make_child(dob=born, team="Care Leavers Team")
        period = start_care(child, worker, {"foster": provider}, start)
        cease_care(period, actor=worker, end_date=birthday(born, 18), reason_ceased="E5")
        for day, in_touch, activity, accommodation, suitable in contacts:
            record_keep_in_touch(child, actor=worker, contact_date=day, in_touch=in_touch,
                                 activity=activity, accommodation=accommodation,
                                 accommodation_suitable=suitable)
    return trust


def _rows(frame) -> list[tuple]:
    return sorted(frame.select(sorted(frame.columns)).iter_rows(), key=repr)


@pytest.mark.django_db
def test_every_measure_has_the_same_units_as_from_the_returns_extracts(seeded):
    council = seeded.council
    years = [RollingYear(month_end(m)) for m in MONTHS]
    record = extracts.read(council, years[0], years[-1])
    counted = set()
    for year in years:
        fast, reference = record.tables(year), tables_for(council, year)
        for code, function in COMPUTE.items():
            units = function(fast)
            assert _rows(units) == _rows(function(reference)), (code, year.end)
            counted |= {code} if units.height else set()
        assert (_rows(fast.local["allocations"])
                == _rows(reference.local["allocations"])), year.end
    # The demo trust gives most measures something to count, so the comparison bites.
    assert len(counted) >= len(COMPUTE) - 4, set(COMPUTE) - counted
    assert {"care_leavers_in_touch", "care_leavers_eet", "cla_reviews_on_time",
            "unallocated_cases"} <= counted


@pytest.mark.django_db
def test_months_worked_out_together_equal_each_worked_out_alone(seeded):
    together = engine.compute(*MONTHS)
    for month in MONTHS:
        assert together[month] == engine.compute_month(month), month
        assert together[month] == engine.compute(month)[month], month
    # Out of time: only the newest month is worked out.
    assert engine.compute(*MONTHS, until=0) == {MONTHS[-1]: together[MONTHS[-1]]}


@pytest.mark.django_db
def test_a_year_of_months_reads_the_record_once(seeded):
    with CaptureQueriesContext(connection) as one:
        engine.compute(D(2026, 6, 1))
    with CaptureQueriesContext(connection) as twelve:
        engine.compute(*[add_months(D(2026, 6, 1), -n) for n in range(12)])
    assert len(twelve) == len(one)


@pytest.mark.django_db
def test_a_year_outside_the_span_read_is_refused(seeded):
    year = RollingYear(month_end(D(2026, 3, 1)))
    record = extracts.read(seeded.council, year, year)
    with pytest.raises(ValueError):
        record.tables(RollingYear(month_end(D(2026, 4, 1))))


@pytest.mark.django_db
def test_a_contact_counts_on_its_local_day_at_the_edges_of_the_year(make_child, personas, trust):
    """Contacts received either side of local midnight, in summer time (UTC+1) and in
    winter (UTC+0), at both ends of the year, fall on the day the returns' extract gives."""
    from opencsc.casework.models import Contact

    utc = datetime.UTC
    child = make_child()
    instants = [datetime.datetime(2025, 3, 31, 23, 30, tzinfo=utc),   # 1 April, BST
                datetime.datetime(2025, 3, 31, 22, 30, tzinfo=utc),   # 31 March, BST
                datetime.datetime(2026, 3, 31, 23, 30, tzinfo=utc),   # 1 April, BST
                datetime.datetime(2026, 3, 31, 22, 59, tzinfo=utc),   # 31 March, BST
                datetime.datetime(2025, 12, 31, 23, 59, 59, 500000, tzinfo=utc)]  # GMT
    for at in instants:
        contact = Contact.objects.create(
            received_at=at, contactor_name="Test Caller", source="1A", concern="Test",
            consent="yes", legal_basis="consent", recorded_by=personas["social.worker"])
        contact.children.add(child)
    year = RollingYear(D(2026, 3, 31))
    read = extracts._read_contacts(trust.council, year.start, year.end)
    expected = tables_for(trust.council, year).local["contacts"]
    assert sorted(read["day"].to_list()) == sorted(expected["day"].to_list()) == [
        D(2025, 4, 1), D(2025, 12, 31), D(2026, 3, 31)]
