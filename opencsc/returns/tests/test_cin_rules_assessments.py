"""CIN rules on assessments: silent on a clean census, and each finds what is planted."""

import datetime

import pytest

from opencsc.core.working_days import add_working_days
from opencsc.returns.validation.engine import Context, validate

from .cin_builder import clean_census

D = datetime.date
CONTEXT = Context(year=2026)
OPEN = {"AssessmentAuthorisationDate": [None], "AssessmentFactors": [None]}


def flagged(code: str, **changes) -> list[int]:
    """The Assessments rows (or other table's rows) that rule ``code`` reports."""
    report = validate("cin", clean_census(**changes), CONTEXT)
    assert report.broken == {}
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


def two(**columns) -> dict:
    return {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 1], "AssessmentID": [1, 2],
            "AssessmentFactors": [["16A"], ["16A"]], **columns}


PLANTED = [
    ("1103", {"Assessments": {"AssessmentActualStartDate": [D(2025, 4, 30)]}}),
    ("8608", {"Assessments": {"AssessmentAuthorisationDate": [D(2025, 5, 1)]}}),
    ("8614", {"Assessments": {"AssessmentAuthorisationDate": [None]}}),
    ("8670Q", {"Assessments": OPEN}),
    ("8696", {"Assessments": {"AssessmentAuthorisationDate": [D(2026, 4, 2)]}}),
    ("8736", {"Assessments": {**OPEN, "AssessmentActualStartDate": [D(2025, 3, 20)]}}),
    ("8863Q", {"Assessments": two(
        AssessmentActualStartDate=[D(2025, 5, 2), D(2025, 5, 20)],
        AssessmentAuthorisationDate=[D(2025, 6, 2), D(2025, 7, 1)])}),
    ("8869", {"Assessments": {"AssessmentFactors": [["21", "16A"]]}}),
    ("8873Q", {"Assessments": {"AssessmentFactors": [["21"]]}}),
    ("8896", {"Assessments": two(
        AssessmentActualStartDate=[D(2025, 5, 2), D(2025, 5, 20)],
        AssessmentAuthorisationDate=[None, None], AssessmentFactors=[None, None])}),
    ("8897Q", {"Assessments": {"AssessmentFactors": [None]}}),
    ("8898", {"Assessments": {"AssessmentFactors": [["16A", "16A"]]}}),
    ("8945Q", {"Assessments": {"AssessmentFactors": [["18A"]]}}),
    ("8950Q", {"Assessments": {"AssessmentFactors": [["19a"]]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_assessment_rule_finds_what_is_planted(code, changes):
    assert flagged(code, **changes)


@pytest.mark.parametrize("code", [c for c, _ in PLANTED])
def test_each_assessment_rule_is_silent_on_the_clean_census(code):
    assert flagged(code) == []


def test_8670Q_counts_45_working_days_back_from_31_march():
    latest = add_working_days(D(2026, 3, 31), -45)
    on_time = {**OPEN, "AssessmentActualStartDate": [latest]}
    late = {**OPEN, "AssessmentActualStartDate": [latest - datetime.timedelta(days=1)]}
    assert flagged("8670Q", Assessments=on_time) == []
    assert flagged("8670Q", Assessments=late) == [0]


def test_8736_accepts_an_open_assessment_started_on_1_april():
    started = {**OPEN, "AssessmentActualStartDate": [D(2025, 4, 1)]}
    assert flagged("8736", Assessments=started,
                   CINdetails={"CINreferralDate": [D(2025, 4, 1)]}) == []


def test_8863Q_allows_one_assessment_after_another_but_not_on_its_last_day():
    after = two(AssessmentActualStartDate=[D(2025, 5, 2), D(2025, 6, 3)],
                AssessmentAuthorisationDate=[D(2025, 6, 2), D(2025, 7, 1)])
    same_day = two(AssessmentActualStartDate=[D(2025, 5, 2), D(2025, 6, 2)],
                   AssessmentAuthorisationDate=[D(2025, 6, 2), D(2025, 7, 1)])
    assert flagged("8863Q", Assessments=after) == []
    assert flagged("8863Q", Assessments=same_day) == [1]


def test_8863Q_treats_an_unauthorised_assessment_as_ongoing_to_31_march():
    ongoing = two(AssessmentActualStartDate=[D(2025, 5, 2), D(2026, 1, 5)],
                  AssessmentAuthorisationDate=[None, D(2026, 2, 1)],
                  AssessmentFactors=[None, ["16A"]])
    assert flagged("8863Q", Assessments=ongoing) == [1]


def test_8896_counts_open_assessments_per_episode_not_per_child():
    episodes = {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 2],
                "CINreferralDate": [D(2025, 5, 1), D(2025, 5, 1)], "ReferralSource": ["2A"],
                "PrimaryNeedCode": ["N1"], "ReferralNFA": ["false"]}
    open_in_each = {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 2], "AssessmentID": [1, 2],
                    "AssessmentActualStartDate": [D(2025, 5, 2)] * 2,
                    "AssessmentAuthorisationDate": [None, None], "AssessmentFactors": [None, None]}
    assert flagged("8896", CINdetails=episodes, Assessments=open_in_each) == []


def test_8873Q_is_silent_after_rc8_or_with_a_second_assessment():
    closed = {"CINclosureDate": [D(2025, 6, 3)], "ReasonForClosure": ["RC8"]}
    assert flagged("8873Q", Assessments={"AssessmentFactors": [["21"]]}, CINdetails=closed) == []
    second = two(AssessmentActualStartDate=[D(2025, 5, 2), D(2025, 6, 3)],
                 AssessmentAuthorisationDate=[D(2025, 6, 2), D(2025, 7, 1)],
                 AssessmentFactors=[["21"], ["16A"]])
    assert flagged("8873Q", Assessments=second) == []


def test_8897Q_queries_an_unknown_code_but_not_last_years_assessment_or_18A():
    assert flagged("8897Q", Assessments={"AssessmentFactors": [["16A", "99"]]}) == [0]
    last_year = {"AssessmentActualStartDate": [D(2025, 3, 2)],
                 "AssessmentAuthorisationDate": [D(2025, 3, 30)], "AssessmentFactors": [None]}
    assert flagged("8897Q", Assessments=last_year,
                   CINdetails={"CINreferralDate": [D(2025, 3, 1)]}) == []
    assert flagged("8897Q", Assessments={"AssessmentFactors": [["18A"]]}) == []


def test_8614_accepts_an_unfinished_assessment_with_an_empty_factor_list():
    assert flagged("8614", Assessments={"AssessmentAuthorisationDate": [None],
                                        "AssessmentFactors": [[]]}) == []
