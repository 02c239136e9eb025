"""Each CIN rule: silent on a clean census, and finds what is planted."""

import datetime
import importlib
from pathlib import Path

import pytest

from opencsc.returns.validation.engine import Context, rules_for, validate

from .cin_builder import VALID_UPN, clean_census

WRONG_LETTER = "B" if VALID_UPN[0] != "B" else "C"

D = datetime.date
CONTEXT = Context(year=2026)


def codes(tables) -> set[str]:
    report = validate("cin", tables, CONTEXT)
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def test_a_clean_census_has_no_findings():
    assert codes(clean_census()) == set()


PLANTED = [
    ("100", {"Header": {"ReferenceDate": [D(2026, 3, 30)]}}),
    ("8500", {"ChildIdentifiers": {"LAchildID": [None]}}),
    ("1570", {"ChildIdentifiers": {"LAchildID": ["C" * 21]},
              "ChildCharacteristics": {"LAchildID": ["C" * 21]}}),
    ("1580", {"ChildIdentifiers": {"LAchildID": ["C-1"]}}),
    ("1510", {"ChildIdentifiers": {"UPN": [WRONG_LETTER + VALID_UPN[1:]]}}),
    ("4180", {"ChildIdentifiers": {"Sex": ["1"]}}),
    ("8525Q", {"ChildIdentifiers": {"ExpectedPersonBirthDate": [D(2015, 5, 1)]}}),
    ("1103", {"Assessments": {"AssessmentActualStartDate": [D(2025, 4, 30)]}}),
    ("8805", {"CINdetails": {"CINclosureDate": [D(2026, 1, 5)]}}),
    ("8810", {"CINdetails": {"ReasonForClosure": ["RC7"]}}),
    ("8875", {"Section47": {"DateOfInitialCPC": [D(2025, 5, 24)]},
              "ChildProtectionPlans": {"CPPstartDate": [D(2025, 5, 24)]}}),
    ("2885", {"ChildProtectionPlans": {"CPPstartDate": [D(2025, 5, 28)]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_census(**changes))


def test_two_children_with_one_id_are_both_reported_by_8510():
    tables = clean_census(ChildIdentifiers={"LAchildID": ["C1", "C1"],
                                            "PersonBirthDate": [D(2015, 5, 1)] * 2,
                                            "Sex": ["F", "M"]})
    report = validate("cin", tables, CONTEXT)
    assert report.findings.filter(report.findings["code"] == "8510").height == 2


def test_two_open_episodes_are_found_but_an_open_nfa_referral_is_not():
    two_open = {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 2],
                "CINreferralDate": [D(2025, 5, 1), D(2025, 9, 1)], "ReferralSource": ["2A"] * 2,
                "ReferralNFA": ["false", "false"]}
    assert "8815" in codes(clean_census(CINdetails=two_open))
    assert "8815" not in codes(clean_census(CINdetails={**two_open,
                                                       "ReferralNFA": ["false", "true"]}))


def planted_in_every_module() -> set[str]:
    """The codes planted by every test_cin_rules*.py module, so no rule goes untested."""
    codes_planted = set()
    for path in Path(__file__).parent.glob("test_cin_rules*.py"):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        codes_planted |= {code for code, _ in getattr(module, "PLANTED", [])}
    return codes_planted


def test_every_registered_rule_is_covered_by_a_planted_case_here_or_elsewhere():
    planted = planted_in_every_module() | {"8510", "8815"}
    registered = {r.code for r in rules_for("cin", 2026)}
    assert registered <= planted, f"rules without a failing case: {registered - planted}"


def test_a_finding_names_the_child_the_fields_and_their_values():
    report = validate("cin", clean_census(Assessments={
        "AssessmentActualStartDate": [D(2025, 4, 30)]}), CONTEXT)
    [finding] = report.findings.to_dicts()
    assert finding["child_id"] == "C1" and finding["table"] == "Assessments"
    assert "AssessmentActualStartDate=2025-04-30" in finding["values"]
