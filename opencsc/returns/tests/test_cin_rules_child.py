"""CIN rules on the child: identifiers, UPN, sex, dates of birth and death, ethnicity and
disabilities. Each rule finds what is planted; edge cases from the DfE definitions pass."""

import datetime

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from opencsc.people.identifiers import UPN_ALPHABET, upn_check_letter
from opencsc.returns.validation.cin_rules.identifiers import check_letter
from opencsc.returns.validation.engine import Context, validate

from .cin_builder import VALID_UPN, clean_census

D = datetime.date


def codes(tables, year=2026) -> set[str]:
    report = validate("cin", tables, Context(year=year))
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def upn(la_and_serial: str) -> str:
    return upn_check_letter(la_and_serial) + la_and_serial


def children(count: int, **identifiers) -> dict:
    """A clean census of ``count`` children, each with one episode, and these identifiers."""
    ids = [f"C{n}" for n in range(count)]
    upns = [upn(f"330{n:09d}") for n in range(count)]
    return clean_census(
        ChildIdentifiers={"LAchildID": ids, "UPN": upns, **identifiers},
        ChildCharacteristics={"LAchildID": ids},
        CINdetails={"LAchildID": ids, "CINdetailsID": list(range(1, count + 1))})


UNBORN = {"PersonBirthDate": [None], "ExpectedPersonBirthDate": [D(2026, 6, 1)], "Sex": ["U"]}
A_CIN_PLAN = {"LAchildID": ["C1"], "CINdetailsID": [1], "CINPlanStartDate": [D(2025, 7, 1)],
              "CINPlanEndDate": [D(2025, 9, 1)]}
DISABILITIES = {"LAchildID": ["C1", "C1"]}

PLANTED = [
    ("1520", {"ChildIdentifiers": {"LAchildID": ["C1", "C2"], "UPN": [VALID_UPN] * 2}}),
    ("1530", {"ChildIdentifiers": {"UPN": [upn("999000000012")]}}),
    ("1540", {"ChildIdentifiers": {"UPN": ["A3300000X0012"]}}),
    ("1550", {"ChildIdentifiers": {"UPN": [VALID_UPN[:12] + "I"]}}),
    ("1560Q", {"ChildIdentifiers": {"FormerUPN": ["A12345"]}}),
    ("2886Q", {"ChildIdentifiers": {"Sex": ["U"]}}),
    ("8750", {"ChildIdentifiers": {**UNBORN, "Sex": ["F"]}}),
    ("8520", {"ChildIdentifiers": {"PersonBirthDate": [D(2026, 4, 1)]}}),
    ("8530Q", {"ChildIdentifiers": {**UNBORN, "ExpectedPersonBirthDate": [D(2027, 1, 1)]}}),
    ("8535Q", {"ChildIdentifiers": {"PersonDeathDate": [D(2015, 4, 30)]}}),
    ("8545Q", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 3, 31)]}}),
    ("8775Q", {"ChildIdentifiers": {"PersonBirthDate": [D(2001, 3, 30)]}}),
    ("8590", {"CINdetails": None}),
    ("4008", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 6, 30)]},
              "CINplanDates": A_CIN_PLAN}),
    ("4009Q", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 8, 1)]},
               "CINplanDates": A_CIN_PLAN}),
    ("8770Q", {"ChildIdentifiers": {"UPN": [None]}}),
    ("8772", {"ChildIdentifiers": {"UPN": [None], "UPNunknown": ["UN7"]}}),
    ("4220", {"ChildCharacteristics": {"Ethnicity": ["WHIT"]}}),
    ("8540", {"Disabilities": None}),
    ("8790", {"Disabilities": {**DISABILITIES, "Disability": ["NONE", "MOB"]}}),
    ("8794", {"Disabilities": {**DISABILITIES, "Disability": ["MOB", "MOB"]}}),
    ("2887Q", {"Disabilities": {**DISABILITIES, "Disability": ["MOB", "HAND"]}}),
    ("2888Q", {"Disabilities": {"LAchildID": ["C1"], "Disability": ["MOB"]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_census(**changes))


def test_a_missing_sex_is_reported_by_4180():
    assert "4180" in codes(clean_census(ChildIdentifiers={"Sex": [None]}))


def test_an_unborn_child_recorded_as_u_passes_8750():
    assert "8750" not in codes(clean_census(ChildIdentifiers=UNBORN))


def test_a_temporary_upn_with_a_good_check_letter_passes_the_upn_rules():
    temporary = upn("33000000001A")
    found = codes(clean_census(ChildIdentifiers={"UPN": [temporary],
                                                 "FormerUPN": [temporary]}))
    assert found.isdisjoint({"1510", "1530", "1540", "1550", "1560Q"})


@given(st.lists(st.text("0123456789", min_size=11, max_size=11).flatmap(
    lambda digits: st.sampled_from("0123456789" + UPN_ALPHABET).map(lambda c: digits + c)),
    min_size=1, max_size=50))
def test_the_vectorised_check_letter_agrees_with_the_record_pages_check_letter(bodies):
    upns = pl.DataFrame({"UPN": ["A" + body for body in bodies]})
    assert upns.select(check_letter())["UPN"].to_list() == [upn_check_letter(b) for b in bodies]


def test_the_new_cumbrian_authorities_are_recognised_from_2023_24():
    assert "1530" not in codes(clean_census(ChildIdentifiers={"UPN": [upn("942000000012")]}))


@pytest.mark.parametrize("without_sex, found", [(1, False), (2, True)])
def test_2886q_is_raised_above_two_percent_of_children(without_sex, found):
    sexes = ["U"] * without_sex + ["F"] * (50 - without_sex)
    assert ("2886Q" in codes(children(50, Sex=sexes))) is found


def test_2886q_leaves_unborn_children_out():
    unborn = {"PersonBirthDate": [None] * 2 + [D(2015, 5, 1)] * 48,
              "ExpectedPersonBirthDate": [D(2026, 6, 1)] * 2 + [None] * 48,
              "Sex": ["U"] * 2 + ["F"] * 48}
    assert "2886Q" not in codes(children(50, **unborn))


@pytest.mark.parametrize("born, found", [(D(2026, 3, 31), False), (D(2026, 4, 1), True)])
def test_8520_allows_a_birth_on_the_last_day_of_the_year(born, found):
    assert ("8520" in codes(clean_census(ChildIdentifiers={"PersonBirthDate": [born]}))) is found


@pytest.mark.parametrize("expected, found", [
    (D(2026, 2, 28), True), (D(2026, 3, 1), False), (D(2026, 12, 31), False),
    (D(2027, 1, 1), True)])
def test_8530q_expects_a_birth_from_march_to_december(expected, found):
    changes = {**UNBORN, "ExpectedPersonBirthDate": [expected]}
    assert ("8530Q" in codes(clean_census(ChildIdentifiers=changes))) is found


@pytest.mark.parametrize("died, found", [
    (D(2025, 3, 31), True), (D(2025, 4, 1), False), (D(2026, 3, 31), False),
    (D(2026, 4, 1), True)])
def test_8545q_expects_a_death_inside_the_year(died, found):
    assert ("8545Q" in codes(clean_census(ChildIdentifiers={"PersonDeathDate": [died]}))) is found


def test_8535q_and_4008_allow_a_death_on_the_day_itself():
    found = codes(clean_census(ChildIdentifiers={"PersonBirthDate": [D(2025, 7, 1)],
                                                 "PersonDeathDate": [D(2025, 7, 1)]},
                               CINplanDates={**A_CIN_PLAN, "CINPlanEndDate": [D(2025, 7, 1)]}))
    assert found.isdisjoint({"8535Q", "4008", "4009Q"})


def test_8775q_passes_a_young_adult_whose_episode_closed_before_25():
    found = codes(clean_census(
        ChildIdentifiers={"PersonBirthDate": [D(2000, 6, 1)]},
        CINdetails={"CINclosureDate": [D(2025, 5, 31)], "ReasonForClosure": ["RC7"]}))
    assert "8775Q" not in found


@pytest.mark.parametrize("born, reason, found", [
    (D(2020, 8, 31), None, True),       # in reception since September 2024
    (D(2020, 9, 1), None, False),       # started reception in September 2025
    (D(2015, 5, 1), "UN1", True),       # "not of school age" is wrong at ten
    (D(2015, 5, 1), "UN2", False),
])
def test_8770q_asks_about_school_age_children_without_a_upn(born, reason, found):
    changes = {"UPN": [None], "UPNunknown": [reason], "PersonBirthDate": [born]}
    assert ("8770Q" in codes(clean_census(ChildIdentifiers=changes))) is found


def test_8770q_and_8772_pass_a_child_whose_referrals_were_all_nfa():
    found = codes(clean_census(ChildIdentifiers={"UPN": [None], "UPNunknown": ["UN7"]},
                               CINdetails={"ReferralNFA": ["true"]}))
    assert found.isdisjoint({"8770Q", "8772"})


def test_8540_passes_an_unborn_child_and_a_child_with_only_nfa_referrals():
    assert "8540" not in codes(clean_census(ChildIdentifiers=UNBORN, Disabilities=None))
    assert "8540" not in codes(clean_census(CINdetails={"ReferralNFA": ["1"]},
                                            Disabilities=None))


def test_8540_reports_an_invalid_code_on_the_childs_characteristics():
    report = validate("cin", clean_census(Disabilities={"LAchildID": ["C1"],
                                                        "Disability": ["BLIND"]}),
                      Context(year=2026))
    found = report.findings.filter(report.findings["code"] == "8540").to_dicts()
    assert [(f["table"], f["child_id"]) for f in found] == [("ChildCharacteristics", "C1")]


def test_none_on_its_own_passes_the_disability_rules_for_one_child():
    found = codes(clean_census(Disabilities={"LAchildID": ["C1"], "Disability": ["NONE"]}))
    assert found.isdisjoint({"8540", "8790", "8794", "2888Q"})


def test_2887q_and_2888q_are_reported_once_for_the_return():
    tables = children(3)
    tables["Disabilities"] = clean_census(Disabilities={
        "LAchildID": ["C0", "C1", "C2"], "Disability": ["MOB", "HAND", "PC"]})["Disabilities"]
    report = validate("cin", tables, Context(year=2026))
    assert report.findings.filter(report.findings["code"].is_in(["2887Q", "2888Q"])).height == 2
