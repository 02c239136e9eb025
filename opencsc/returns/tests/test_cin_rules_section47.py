"""CIN rules on section 47 enquiries and initial conferences: silent on a clean census,
and each finds what is planted."""

import datetime

import pytest

from opencsc.core.working_days import add_working_days
from opencsc.returns.validation.engine import Context, validate

from .cin_builder import clean_census

D = datetime.date
CONTEXT = Context(year=2026)
AWAITING = {"DateOfInitialCPC": [None], "ICPCnotRequired": ["false"]}
# Without a conference there is no protection plan in these cases.
NO_PLAN = {"ChildProtectionPlans": None, "Reviews": None}


def flagged(code: str, **changes) -> list[int]:
    """The Section47 rows that rule ``code`` reports."""
    report = validate("cin", clean_census(**changes), CONTEXT)
    assert report.broken == {}
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


def enquiries(starts, conferences, not_required) -> dict:
    return {"LAchildID": ["C1"] * len(starts), "CINdetailsID": [1] * len(starts),
            "S47ActualStartDate": starts, "InitialCPCtarget": [None] * len(starts),
            "DateOfInitialCPC": conferences, "ICPCnotRequired": not_required}


PLANTED = [
    ("2889", {"Section47": {"S47ActualStartDate": [D(2025, 4, 28)]}}),
    ("1104", {"Section47": {"DateOfInitialCPC": [D(2025, 4, 29)]}}),
    ("8615", {"Section47": {"S47ActualStartDate": [D(2025, 5, 28)]}}),
    ("8715", {"Section47": {"DateOfInitialCPC": [D(2026, 4, 7)]}}),
    ("8740", {"Section47": {**AWAITING, "S47ActualStartDate": [D(2025, 3, 20)]}, **NO_PLAN}),
    ("8675Q", {"Section47": AWAITING, **NO_PLAN}),
    ("8839", {"Section47": enquiries([D(2025, 5, 6), D(2025, 6, 2)], [None, None],
                                     ["false", "false"]), **NO_PLAN}),
    ("8870Q", {"Section47": {"InitialCPCtarget": [D(2025, 5, 31)]}}),
    ("8875", {"Section47": {"DateOfInitialCPC": [D(2025, 5, 24)]},
              "ChildProtectionPlans": {"CPPstartDate": [D(2025, 5, 24)]}}),
    ("2884", {"CINdetails": {"DateOfInitialCPC": [D(2025, 5, 27)]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_section47_rule_finds_what_is_planted(code, changes):
    assert flagged(code, **changes)


@pytest.mark.parametrize("code", [c for c, _ in PLANTED])
def test_each_section47_rule_is_silent_on_the_clean_census(code):
    assert flagged(code) == []


def test_8675Q_counts_15_working_days_back_from_31_march():
    latest = add_working_days(D(2026, 3, 31), -15)
    on_time = {**AWAITING, "S47ActualStartDate": [latest]}
    late = {**AWAITING, "S47ActualStartDate": [latest - datetime.timedelta(days=1)]}
    assert flagged("8675Q", Section47=on_time, **NO_PLAN) == []
    assert flagged("8675Q", Section47=late, **NO_PLAN) == [0]


@pytest.mark.parametrize("flag", ["true", "TRUE", "1"])
def test_an_enquiry_that_needed_no_conference_is_not_awaiting_one(flag):
    ended = {"DateOfInitialCPC": [None], "ICPCnotRequired": [flag]}
    for code in ("8675Q", "8740", "8839"):
        assert flagged(code, Section47=ended, **NO_PLAN) == []


def test_8839_allows_one_open_enquiry_beside_one_that_needed_no_conference():
    mixed = enquiries([D(2025, 5, 6), D(2025, 6, 2)], [None, None], ["true", "false"])
    assert flagged("8839", Section47=mixed, **NO_PLAN) == []


def test_8740_accepts_an_open_enquiry_started_on_1_april():
    started = {**AWAITING, "S47ActualStartDate": [D(2025, 4, 1)]}
    assert flagged("8740", Section47=started, CINdetails={"CINreferralDate": [D(2025, 4, 1)]},
                   **NO_PLAN) == []


def test_8615_needs_a_start_date_when_a_conference_was_held():
    assert flagged("8615", Section47={"S47ActualStartDate": [None]}) == [0]


@pytest.mark.parametrize("day, weekend", [(D(2025, 5, 23), False), (D(2025, 5, 25), True),
                                          (D(2025, 5, 26), False)])
def test_8875_flags_saturdays_and_sundays_only(day, weekend):
    changes = {"Section47": {"DateOfInitialCPC": [day]},
               "ChildProtectionPlans": {"CPPstartDate": [day]}}
    assert bool(flagged("8875", **changes)) is weekend


def test_2884_ignores_an_episode_conference_on_another_day():
    assert flagged("2884", CINdetails={"DateOfInitialCPC": [D(2025, 9, 2)]}) == []
