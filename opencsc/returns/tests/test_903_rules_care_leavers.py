"""SSDA903 rules on OC3, care leavers around their 17th to 21st birthdays."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, rules_for, validate

from .ssda903_builder import DOB, clean_903
from .test_903_rules_outcomes import one_episode

D = datetime.date
LEAVER_DOB = D(2006, 7, 1)  # 19 on 1 July 2025


def leaver(dob=LEAVER_DOB, child="C9", **oc3) -> dict:
    """The clean girl plus a care leaver (C9, no care this year) with OC3 filled in."""
    row = {"CHILD": child, "DOB": dob, "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "U1"}
    return {"Header": {"CHILD": ["C1", "C9"], "DOB": [DOB, dob], "MOTHER": ["0", None]},
            "OC3": {name: [value] for name, value in (row | oc3).items()}}


def care_last_year(**changes) -> dict:
    """Last year's return: C9 in care from 14 and a half until 18, leaving in 2024-25."""
    episode = one_episode(DECOM=D(2021, 1, 1), DEC=D(2024, 9, 1), REC="E8",
                          REASON_PLACE_CHANGE=None) | {"CHILD": ["C9"]}
    return {"Episodes": episode | {name: [value] for name, value in changes.items()}}


TURNS_17 = D(2008, 6, 15)  # 17 on 15 June 2025

PLANTED = [
    ("131", leaver(IN_TOUCH="MAYBE")),
    ("132", leaver(ACTIV="F3")),
    ("133", leaver(ACCOM="U3")),
    ("153", leaver(ACCOM=None)),
    ("344", leaver(IN_TOUCH="DIED")),
    ("345", leaver(ACTIV="0")),
    ("347", leaver(dob=D(2008, 6, 1), ACCOM="T1")),
    ("348", {**leaver(), "_previous": {"OC3": leaver(IN_TOUCH="DIED")["OC3"]}}),
    ("391", leaver(dob=D(2003, 6, 1))),
    ("3001", leaver(dob=D(2008, 6, 1), ACCOM="Z1")),
    ("187", {"Episodes": one_episode(), "OC3": leaver(child="C1", dob=DOB)["OC3"]}),
    ("1000", {**leaver(), "_previous": care_last_year(REC="E2")}),
    ("1011", {"Episodes": {"DEC": [D(2025, 9, 1), D(2026, 1, 1)], "REC": ["X1", "E3"]},
              "OC3": leaver(child="C1", dob=DOB)["OC3"]}),
    ("1002", {**leaver(dob=TURNS_17), "_previous": {}}),
    ("1010", {**leaver(), "_previous": care_last_year(DEC=None, REC=None)}),
    # Turned 16 in June 2024, but left care in May, before the birthday.
    ("1001", {**leaver(dob=TURNS_17), "_previous": care_last_year(DECOM=D(2024, 1, 1),
                                                                  DEC=D(2024, 5, 1))}),
    ("1007", {"Header": {"DOB": [TURNS_17]}, "OC3": leaver(child="C1", dob=TURNS_17)["OC3"]}),
    ("1016", {"Header": {"DOB": [TURNS_17]}, "OC3": leaver(child="C1", dob=TURNS_17)["OC3"],
              "Episodes": {"DEC": [D(2025, 9, 1), D(2026, 1, 1)], "REC": ["X1", "E8"]}}),
    ("165", {"Header": {"MOTHER": ["2"]}}),
    ("628", {**leaver(), "Header": {"CHILD": ["C1", "C9"], "DOB": [DOB, LEAVER_DOB],
                                    "MOTHER": ["0", "0"]}}),
    ("INT06", leaver(child="C8")),
    ("INT15", leaver(DOB=D(2006, 7, 2))),
    ("INT34", {**leaver(), "OC3": {"CHILD": ["C9", "C9"], "DOB": [LEAVER_DOB]}}),
]
OC3_RULES = {code for code, _ in PLANTED}


def codes(changes: dict, year: int = 2026) -> set[str]:
    changes = dict(changes)
    previous = changes.pop("_previous", None)
    context = Context(year=year, previous=None if previous is None else clean_903(**previous))
    report = validate("903", clean_903(**changes), context)
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & OC3_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_oc3_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_a_care_leaver_in_touch_with_suitable_accommodation_passes():
    assert codes(leaver()) == set()
    assert codes({**leaver(), "_previous": care_last_year()}) == set()


def test_a_young_person_who_died_needs_no_activity_or_accommodation():
    assert codes(leaver(IN_TOUCH="DIED", ACTIV=None, ACCOM=None)) == set()


@pytest.mark.parametrize("dob, fails", [
    (D(2009, 3, 31), False),   # 17 on 31 March 2026
    (D(2009, 4, 1), True),     # 17 on 1 April 2026: next year's cohort
    (D(2004, 4, 1), False),    # 21 on 1 April 2025
    (D(2004, 3, 31), True),    # 21 on 31 March 2025, the day before the year
])
def test_391_needs_a_17th_to_21st_birthday_inside_the_year(dob, fails):
    assert ("391" in codes(leaver(dob=dob))) is fails


def test_a_foyer_is_allowed_from_18_on_1_april():
    assert "347" not in codes(leaver(dob=D(2007, 4, 1), ACCOM="T1"))


def test_a_17_year_old_who_left_care_before_the_birthday_may_have_oc3():
    left_before = {"Header": {"DOB": [TURNS_17]},
                   "OC3": leaver(child="C1", dob=TURNS_17)["OC3"],
                   "Episodes": {"DEC": [D(2025, 5, 20), D(2025, 6, 1)], "REC": ["X1", "E8"],
                                "DECOM": [D(2025, 5, 1), D(2025, 5, 20)]}}
    assert codes(left_before) & {"1007", "1016"} == set()


def test_the_rules_comparing_with_last_year_need_last_years_return():
    for code in ("348", "1001", "1002", "1010"):
        changes = dict(dict(PLANTED)[code])
        changes.pop("_previous")
        assert code not in codes(changes)


def test_1002_leaves_alone_a_care_leaver_whose_care_ended_before_last_year():
    # 19 this year, in care until 18 in 2024: last year's return has no episodes for them,
    # yet they are a former relevant child. Only a young person 16 or under when last year
    # began must show care in one of the two years.
    assert "1002" not in codes({**leaver(), "_previous": {}})
    assert "1002" in codes({**leaver(dob=TURNS_17), "_previous": {}})


def test_1001_does_not_judge_care_it_cannot_see():
    # 19 this year; last year's return shows only the last two months of care, which may
    # have begun at 14: not reported. Adopted is reported whatever the history.
    short_end = care_last_year(DECOM=D(2024, 7, 1))
    assert "1001" not in codes({**leaver(), "_previous": short_end})
    adopted = care_last_year(DECOM=D(2024, 7, 1), REC="E11")
    assert "1001" in codes({**leaver(), "_previous": adopted})


def test_the_oc3_rules_apply_in_both_years():
    for year in (2026, 2027):
        assert OC3_RULES <= {r.code for r in rules_for("903", year)}


def test_an_18_year_old_still_in_care_on_the_birthday_has_no_oc3():
    turns_18 = D(2007, 6, 15)
    changes = {"Header": {"DOB": [turns_18]}, "OC3": leaver(child="C1", dob=turns_18)["OC3"]}
    assert "1007" in codes(changes)
