"""CIN rules on CIN plans, child protection plans and reviews: silent on a clean census,
and each finds what is planted."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .cin_builder import clean_census

D = datetime.date
CONTEXT = Context(year=2026)


def flagged(code: str, **changes) -> list[int]:
    """The rows of the rule's table that rule ``code`` reports."""
    report = validate("cin", clean_census(**changes), CONTEXT)
    assert report.broken == {}
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


def cin_plans(starts, ends) -> dict:
    return {"LAchildID": ["C1"] * len(starts), "CINdetailsID": [1] * len(starts),
            "CINPlanStartDate": starts, "CINPlanEndDate": ends}


def cp_plans(starts, ends) -> dict:
    return {"LAchildID": ["C1"] * len(starts), "CINdetailsID": [1] * len(starts),
            "CPPID": list(range(1, len(starts) + 1)), "CPPstartDate": starts,
            "CPPendDate": ends}


PLANTED = [
    # CIN plans
    ("4000", {"CINdetails": {"ReferralNFA": ["true"]}}),
    ("4001", {"CINplanDates": {"CINPlanEndDate": [None]}}),
    ("4004", {"CINplanDates": cin_plans([D(2025, 5, 9), D(2025, 9, 1)], [None, None])}),
    ("4010", {"CINplanDates": {"CINPlanStartDate": [None]}}),
    ("4011", {"CINplanDates": {"CINPlanEndDate": [D(2025, 5, 8)]}}),
    ("4012Q", {"CINplanDates": {"CINPlanEndDate": [D(2025, 5, 9)]}}),
    ("4013", {"CINplanDates": {"CINPlanEndDate": [D(2026, 4, 10)]}}),
    ("4014", {"CINplanDates": cin_plans([D(2025, 5, 9), D(2025, 5, 20)],
                                        [D(2025, 5, 27), D(2025, 5, 27)])}),
    ("4015", {"CINplanDates": {"CINPlanStartDate": [D(2025, 4, 20)]}}),
    ("4016", {"CINplanDates": {"CINPlanStartDate": [D(2025, 6, 10)],
                               "CINPlanEndDate": [D(2025, 7, 1)]}}),
    ("4017", {"CINplanDates": {"CINPlanEndDate": [D(2025, 6, 10)]}}),
    # Child protection plans
    ("1105", {"ChildProtectionPlans": {"CPPstartDate": [D(2025, 4, 28)]}}),
    ("2883", {"ChildProtectionPlans": cp_plans([D(2025, 5, 27), D(2025, 10, 1)],
                                               [D(2025, 9, 1), None])}),
    ("2885", {"ChildProtectionPlans": {"CPPstartDate": [D(2025, 5, 28)]}}),
    ("8565", {"CINdetails": {"CINclosureDate": [D(2025, 5, 30)], "ReasonForClosure": ["RC7"]}}),
    ("8720", {"ChildProtectionPlans": {"CPPstartDate": [D(2026, 4, 2)]}}),
    ("8730", {"ChildProtectionPlans": {"NumberOfPreviousCPP": [None]}}),
    ("8832", {"CINdetails": {"ReferralNFA": ["1"]}}),
    ("8840", {"ChildProtectionPlans": {"CPPendDate": [D(2025, 5, 27)]}}),
    ("8841", {"Reviews": {"CPPreviewDate": [D(2025, 5, 27)]}}),
    ("8905", {"ChildProtectionPlans": {"InitialCategoryOfAbuse": ["ABC"]}}),
    ("8910", {"ChildProtectionPlans": {"LatestCategoryOfAbuse": [None]}}),
    ("8915", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 5, 20)]}}),
    ("8920", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 8, 1)]},
              "ChildProtectionPlans": {"CPPendDate": [D(2025, 9, 1)]}}),
    ("8925", {"ChildProtectionPlans": {"CPPendDate": [D(2025, 5, 20)]}}),
    ("8930", {"ChildProtectionPlans": {"CPPendDate": [D(2026, 4, 15)]}}),
    ("8935", {"ChildProtectionPlans": cp_plans([D(2025, 5, 27), D(2025, 10, 1)], [None, None])}),
    ("8940", {"ChildProtectionPlans": cp_plans([D(2025, 5, 27), D(2025, 8, 1)],
                                               [D(2025, 9, 1), None])}),
    # Reviews
    ("4003", {"Reviews": {"CPPreviewDate": [D(2025, 5, 20)]}}),
    ("8842Q", {"Reviews": {"CPPreviewDate": [None]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_plan_rule_finds_what_is_planted(code, changes):
    assert flagged(code, **changes)


@pytest.mark.parametrize("code", [c for c, _ in PLANTED])
def test_each_plan_rule_is_silent_on_the_clean_census(code):
    assert flagged(code) == []


def test_4016_lets_a_cin_plan_start_the_day_a_protection_plan_ends():
    ended = {"ChildProtectionPlans": {"CPPendDate": [D(2025, 9, 1)]},
             "Reviews": {"CPPreviewDate": [D(2025, 8, 19)]}}
    next_day = {"CINPlanStartDate": [D(2025, 9, 1)], "CINPlanEndDate": [None]}
    assert flagged("4016", CINplanDates=next_day, **ended) == []
    on_start = {"CINPlanStartDate": [D(2025, 5, 27)], "CINPlanEndDate": [D(2025, 6, 1)]}
    assert flagged("4016", CINplanDates=on_start, **ended) == [0]


def test_4014_allows_one_cin_plan_after_another():
    after = cin_plans([D(2025, 5, 9), D(2025, 5, 21)], [D(2025, 5, 20), D(2025, 5, 27)])
    assert flagged("4014", CINplanDates=after) == []


def test_4001_and_4004_look_at_open_plans_only_within_their_scope():
    other_episode = {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 2],
                     "CINreferralDate": [D(2025, 5, 1), D(2025, 5, 1)],
                     "ReferralSource": ["2A"], "PrimaryNeedCode": ["N1"],
                     "ReferralNFA": ["false"]}
    open_cin_elsewhere = {"LAchildID": ["C1"], "CINdetailsID": [2],
                          "CINPlanStartDate": [D(2025, 5, 9)], "CINPlanEndDate": [None]}
    assert flagged("4001", CINdetails=other_episode, CINplanDates=open_cin_elsewhere) == []
    two_children = {"LAchildID": ["C1", "C2"], "CINdetailsID": [1, 1],
                    "CINPlanStartDate": [D(2025, 5, 9)] * 2, "CINPlanEndDate": [None, None]}
    assert flagged("4004", CINplanDates=two_children) == []


def test_4003_allows_the_review_that_ends_the_plan_on_the_day_a_cin_plan_starts():
    stepped_down = {"ChildProtectionPlans": {"CPPendDate": [D(2025, 9, 1)]},
                    "Reviews": {"CPPreviewDate": [D(2025, 9, 1)]},
                    "CINplanDates": {"CINPlanStartDate": [D(2025, 5, 9), D(2025, 9, 1)],
                                     "CINPlanEndDate": [D(2025, 5, 27), None]}}
    assert flagged("4003", **stepped_down) == []


def test_2883_counts_conferences_recorded_on_the_episode_too():
    two_plans = cp_plans([D(2025, 5, 27), D(2025, 10, 1)], [D(2025, 9, 1), None])
    assert flagged("2883", ChildProtectionPlans=two_plans) == [1]
    second_conference = {"DateOfInitialCPC": [D(2025, 10, 1)]}
    assert flagged("2883", ChildProtectionPlans=two_plans, CINdetails=second_conference) == []


def test_2885_leaves_plans_from_an_earlier_year_to_that_year():
    # A plan open on 1 April whose conference was last year: the conference is not in
    # this census, and the plan is not reported.
    earlier = {"ChildProtectionPlans": {"CPPstartDate": [D(2025, 3, 3)]},
               "CINdetails": {"CINreferralDate": [D(2025, 2, 1)]}, "Section47": None}
    assert flagged("2885", **earlier) == []
    this_year = {"ChildProtectionPlans": {"CPPstartDate": [D(2025, 6, 3)]}, "Section47": None}
    assert flagged("2885", **this_year) == [0]


def test_8565_accepts_activity_on_the_closure_day_and_ignores_open_episodes():
    closed_on_last_day = {"CINclosureDate": [D(2025, 6, 2)], "ReasonForClosure": ["RC7"]}
    no_plans = {"ChildProtectionPlans": None, "Reviews": None, "CINplanDates": None}
    assert flagged("8565", CINdetails=closed_on_last_day, **no_plans) == []
    assert flagged("8565") == []


@pytest.mark.parametrize("value, bad", [("0", False), ("3", False), (" 2 ", False),
                                        ("-1", True), ("two", True), ("", True)])
def test_8730_needs_a_whole_number_of_previous_plans(value, bad):
    found = flagged("8730", ChildProtectionPlans={"NumberOfPreviousCPP": [value]})
    assert bool(found) is bad


def test_8935_counts_open_plans_per_child():
    two_children = {"LAchildID": ["C1", "C2"], "CINdetailsID": [1, 1], "CPPID": [1, 2],
                    "CPPstartDate": [D(2025, 5, 27)] * 2, "CPPendDate": [None, None]}
    assert flagged("8935", ChildProtectionPlans=two_children) == []


def test_8841_reports_the_plan_once_however_many_early_reviews():
    early = {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 1], "CPPID": [1, 1],
             "CPPreviewDate": [D(2025, 5, 20), D(2025, 5, 27)]}
    assert flagged("8841", Reviews=early) == [0]
