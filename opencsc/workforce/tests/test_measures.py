"""Each workforce measure on a small hand-built trust, with the answer worked out by hand.

On 30 September 2026 ("the day"; the year is 1 October 2025 to 30 September 2026):

Team A: posts of team manager and 3 social workers (4.0 FTE of social work), plus a
business support post (not social work) and a social worker post that closed in 2025.
  a1  permanent social worker, 1.0 FTE, 4 cases
  a2  permanent social worker, 0.5 FTE, started 1 Mar 2026, 2 cases
  a3  agency social worker, 1.0 FTE, 6 cases
  a4  permanent social worker, 1.0 FTE, left 31 May 2026
  m   permanent team manager, 1.0 FTE, no cases
Team B: one social worker post (1.0 FTE).
  b1  permanent social worker, 0.8 FTE, 3 cases
  b2  permanent social worker, left 30 Jun 2025 (before the year)
"""

import datetime
from decimal import Decimal

import pytest

from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember
from opencsc.workforce.measures import caseload_spread, census_at, year_before
from opencsc.workforce.models import Leaving, SicknessAbsence, SupervisionSession

DAY = datetime.date(2026, 9, 30)


@pytest.fixture
def world(staffing):
    s = staffing
    for title in ["Team manager", "Social worker", "Social worker", "Social worker"]:
        s.post("A", title=title)
    s.post("A", title="Business support", social_work=False)
    s.post("A", title="Closed post", end=datetime.date(2025, 3, 31))
    s.post("B")
    people = {
        "a1": s.staff("a1", "A", fte="1.00", cases=4),
        "a2": s.staff("a2", "A", fte="0.50", start=datetime.date(2026, 3, 1), cases=2),
        "a3": s.staff("a3", "A", agency=True, start=datetime.date(2025, 11, 1), cases=6),
        "a4": s.staff("a4", "A", start=datetime.date(2019, 1, 1),
                      end=datetime.date(2026, 5, 31)),
        "m": s.staff("m", "A", role=Role.TEAM_MANAGER),
        "b1": s.staff("b1", "B", fte="0.80", cases=3),
        "b2": s.staff("b2", "B", end=datetime.date(2025, 6, 30)),
    }
    # Allocations that do not count on the day: ended before it, begun after it, no worker.
    s.allocate(people["a1"], "A", end=datetime.date(2026, 9, 29))
    s.allocate(people["a1"], "A", start=datetime.date(2026, 10, 1))
    s.allocate(None, "A")
    _sick(people["a1"], datetime.date(2026, 1, 10), "3")
    _sick(people["a4"], datetime.date(2026, 2, 1), "2")  # left since, but lost in the year
    _sick(people["a3"], datetime.date(2026, 4, 1), "4")  # agency: not counted
    _sick(people["a1"], datetime.date(2025, 9, 1), "10")  # before the year
    _sick(people["b1"], datetime.date(2026, 9, 30), "5")  # on the last day of the year
    manager = people["m"].user
    _supervise(people["a1"], manager, datetime.date(2026, 9, 10))  # due 8 Oct: on time
    _supervise(people["a2"], manager, datetime.date(2026, 8, 1))  # due 29 Aug: overdue
    _supervise(people["a2"], manager, datetime.date(2026, 10, 1))  # after the day
    _supervise(people["b1"], manager, datetime.date(2026, 9, 2))  # due 30 Sep: on time
    # a3 never supervised since starting on 1 Nov 2025: due 29 Nov 2025, overdue
    return s


def _sick(member, start, days):
    SicknessAbsence.objects.create(staff=member, start_date=start, end_date=start,
                                   working_days_lost=Decimal(days))


def _supervise(member, supervisor, day):
    SupervisionSession.objects.create(staff=member, supervisor=supervisor, date=day)


def test_team_figures_follow_the_census_definitions(world):
    got = census_at(DAY, world.teams["A"])
    # permanent in post: a1 1.0 + a2 0.5 + m 1.0 = 2.5 FTE (3 people); agency a3 1.0
    assert (got["in_post_headcount"], got["in_post_fte"]) == (3, Decimal("2.5"))
    assert (got["agency_headcount"], got["agency_fte"]) == (1, Decimal("1"))
    assert got["agency_rate"] == pytest.approx(100 * 1 / 3.5)
    # 4.0 FTE of social work posts, 2.5 filled by permanent staff: 1.5 vacant
    assert got["established_fte"] == Decimal("4")
    assert got["vacancy_fte"] == Decimal("1.5")
    assert got["vacancy_rate"] == pytest.approx(100 * 1.5 / 4.0)
    # a4 left (1.0 FTE); a2 started (0.5 FTE); a3 is agency, so not a starter
    assert (got["leavers_headcount"], got["leavers_fte"]) == (1, Decimal("1"))
    assert got["turnover_rate"] == pytest.approx(100 * 1 / 2.5)
    assert (got["starters_headcount"], got["starters_fte"]) == (1, Decimal("0.5"))


def test_team_caseload_is_cases_per_case_holder_fte_with_its_spread(world):
    got = census_at(DAY, world.teams["A"])
    # a1 4, a2 2, a3 6 cases: 12 cases over 2.5 FTE; the manager holds none and is not counted
    assert (got["case_holders"], got["cases"]) == (3, 12)
    assert got["average_caseload"] == pytest.approx(12 / 2.5)
    assert got["cases_per_worker"] == pytest.approx(12 / 3)
    # 2, 4, 6: median 4; quartiles halfway between neighbours, 3 and 5
    assert (got["median"], got["lower_quartile"], got["upper_quartile"], got["largest"]) == (
        4, 3, 5, 6)


def test_team_sickness_counts_permanent_staff_days_lost_in_the_year(world):
    got = census_at(DAY, world.teams["A"])
    # a1 3 days + a4 2 days (a3 is agency; a1's 10 days began before the year)
    assert got["sickness_days"] == Decimal("5")
    assert got["sickness_days_per_fte"] == pytest.approx(5 / 2.5)


def test_team_supervision_on_time_counts_social_workers_not_overdue(world):
    got = census_at(DAY, world.teams["A"])
    assert (got["supervision_due"], got["supervision_on_time"]) == (3, 1)  # only a1
    assert got["supervision_on_time_rate"] == pytest.approx(100 / 3)


def test_trust_figures_add_up_the_teams_without_offsetting_vacancies(world):
    got = census_at(DAY)
    # permanent: a1 1.0, a2 0.5, m 1.0, b1 0.8 = 3.3 FTE; agency a3 1.0
    assert got["in_post_fte"] == Decimal("3.3")
    assert got["agency_rate"] == pytest.approx(100 * 1 / 4.3)
    # A 1.5 vacant; B 1.0 post less b1's 0.8 = 0.2 vacant
    assert got["vacancy_fte"] == Decimal("1.7")
    assert got["vacancy_rate"] == pytest.approx(100 * 1.7 / 5.0)
    # b2 left before the year: a4 is the only leaver
    assert got["turnover_rate"] == pytest.approx(100 * 1 / 3.3)
    # cases 2, 3, 4, 6 = 15 over 3.3 FTE; inclusive quartiles 2.75 and 4.5, median 3.5
    assert got["average_caseload"] == pytest.approx(15 / 3.3)
    assert (got["median"], got["lower_quartile"], got["upper_quartile"]) == (3.5, 2.75, 4.5)
    assert got["sickness_days_per_fte"] == pytest.approx(10 / 3.3)
    assert got["supervision_on_time_rate"] == pytest.approx(100 * 2 / 4)  # a1 and b1


def test_on_an_earlier_day_leavers_are_still_in_post(world):
    got = census_at(datetime.date(2025, 6, 30), world.teams["B"])
    # b2's last day: in post; b1 0.8 + b2 1.0 fill more than B's one post
    assert got["in_post_fte"] == Decimal("1.8")
    assert got["vacancy_fte"] == Decimal("0")
    assert got["vacancy_rate"] == 0


def test_a_team_with_no_staff_has_no_rates(staffing):
    staffing.post("Empty")
    got = census_at(DAY, staffing.team("Empty"))
    assert got["vacancy_fte"] == Decimal("1") and got["vacancy_rate"] == 100
    for rate in ["agency_rate", "turnover_rate", "average_caseload", "cases_per_worker", "median",
                 "sickness_days_per_fte", "supervision_on_time_rate"]:
        assert got[rate] is None, rate


def test_the_year_before_a_leap_day_ends_on_28_february():
    assert year_before(datetime.date(2028, 2, 29)) == datetime.date(2027, 2, 28)
    assert year_before(DAY) == datetime.date(2025, 9, 30)


def test_one_caseload_is_its_own_median_and_quartiles():
    assert caseload_spread([7]) == {"median": 7, "lower_quartile": 7, "upper_quartile": 7,
                                    "largest": 7}


def test_census_reads_in_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        census_at(DAY)


def test_leavers_are_counted_by_their_census_reason(world):
    Leaving.objects.create(staff=world_staff("a4"), reason="5")
    assert census_at(DAY)["leavers_by_reason"] == [("Retired", 1)]
    # b2 left before the year; a leaver with no reason recorded counts as "Not known"
    Leaving.objects.filter(staff=world_staff("a4")).delete()
    assert census_at(DAY)["leavers_by_reason"] == [("Not known", 1)]


def world_staff(username):
    return StaffMember.objects.get(user__username=username)
