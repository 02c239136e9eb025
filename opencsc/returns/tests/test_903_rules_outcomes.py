"""SSDA903 rules on OC2, outcomes for children looked after for 12 months to 31 March."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903

D = datetime.date
CONTEXT = Context(year=2026)


def codes(tables, context=CONTEXT) -> set[str]:
    report = validate("903", tables, context)
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def one_episode(**changes) -> dict:
    """A single long-term foster episode begun on 1 May 2024, open at 31 March 2026."""
    episode = {"CHILD": ["C1"], "DECOM": [D(2024, 5, 1)], "RNE": ["S"], "LS": ["C2"],
               "CIN": ["N1"], "PLACE": ["U4"], "PLACE_PROVIDER": ["PR4"], "DEC": [None],
               "REC": [None], "REASON_PLACE_CHANGE": [None], "HOME_POST": ["B1 1"],
               "PL_POST": ["B3 3"], "URN": ["SC654321"]}
    return episode | {name: [value] for name, value in changes.items()}


def outcomes(**changes) -> dict:
    """OC2 for the clean girl (13 on 31 March 2026), complete and consistent."""
    row = {"CHILD": "C1", "DOB": DOB, "SDQ_SCORE": "12", "SDQ_REASON": None,
           "CONVICTED": "0", "HEALTH_CHECK": None, "IMMUNISATIONS": "1", "TEETH_CHECK": "1",
           "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": None,
           "INTERVENTION_OFFERED": None}
    return {name: [value] for name, value in (row | changes).items()}


def all_year(episode=None, **oc2) -> dict:
    """Changes for a child looked after all year, with OC2 filled in."""
    return {"Episodes": episode or one_episode(), "OC2": outcomes(**oc2)}


def born(dob, **oc2) -> dict:
    return {"Header": {"DOB": [dob]}, **all_year(DOB=dob, **oc2)}


NOT_ALL_YEAR = {"OC2": outcomes()}  # the clean child came into care on 1 May 2025
UNDER_4 = D(2022, 6, 1)
FROM_17 = D(2008, 1, 1)

PLANTED = [
    ("180", all_year(SDQ_SCORE="41")),
    ("196", all_year(SDQ_SCORE=None, SDQ_REASON="SDQ9")),
    ("197a", all_year(SDQ_REASON="SDQ4")),
    ("181", all_year(IMMUNISATIONS="Y")),
    ("182", all_year(TEETH_CHECK=None)),
    ("544", all_year(HEALTH_ASSESSMENT=None)),
    ("547", born(D(2021, 6, 1), HEALTH_CHECK="1", IMMUNISATIONS=None, SDQ_SCORE=None,
                 CONVICTED=None)),
    ("158", all_year(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="1",
                     INTERVENTION_OFFERED="1")),
    ("159", all_year(SUBSTANCE_MISUSE="1", INTERVENTION_RECEIVED="0")),
    ("192", all_year(SUBSTANCE_MISUSE="1")),
    ("193", all_year(INTERVENTION_OFFERED="1")),
    ("188", born(UNDER_4, CONVICTED=None, HEALTH_CHECK="1")),
    ("189", born(FROM_17, SDQ_SCORE="12")),
    ("185", NOT_ALL_YEAR),
    ("198", {"OC2": outcomes(SDQ_SCORE=None, SDQ_REASON="SDQ2")}),
    ("190", NOT_ALL_YEAR),
    ("191", all_year(IMMUNISATIONS=None, TEETH_CHECK=None, HEALTH_ASSESSMENT=None,
                     SUBSTANCE_MISUSE=None, CONVICTED=None)),
    ("186", all_year(SDQ_SCORE=None)),
    ("197B", born(D(2009, 3, 31), SDQ_SCORE=None)),
    ("157", all_year(SDQ_SCORE=None, SDQ_REASON="SDQ1")),
    ("542", born(D(2016, 4, 1))),
    ("543", all_year(CONVICTED=None)),
    ("545", born(D(2021, 6, 1), SDQ_SCORE=None, CONVICTED=None)),
    ("546", all_year(HEALTH_CHECK="0")),
    ("215", {**all_year(), "OC3": {"CHILD": ["C1"], "DOB": [DOB], "IN_TOUCH": ["YES"],
                                   "ACTIV": ["F2"], "ACCOM": ["U1"]}}),
    ("INT05", all_year(CHILD="C2")),
    ("INT14", all_year(DOB=D(2012, 6, 16))),
    ("INT33", {**all_year(), "OC2": {"CHILD": ["C1", "C1"]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_oc2_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_903(**changes))


OC2_RULES = {code for code, _ in PLANTED}


def test_a_child_looked_after_all_year_with_complete_outcomes_passes():
    assert codes(clean_903(**all_year())) & OC2_RULES == set()


def test_the_under_5_check_and_no_sdq_or_conviction_pass_for_a_child_of_4():
    changes = born(D(2021, 6, 1), SDQ_SCORE=None, SDQ_REASON="SDQ1", CONVICTED=None,
                   HEALTH_CHECK="1")
    assert codes(clean_903(**changes)) & OC2_RULES == set()


@pytest.mark.parametrize("episode", [
    one_episode(DECOM=D(2025, 4, 2)),                      # came into care after 1 April
    one_episode(LS="V3"),                                   # short breaks
    one_episode(DEC=D(2026, 3, 1), REC="E4A"),              # left care before 31 March
])
def test_a_break_in_care_during_the_year_means_no_12_month_outcomes(episode):
    assert "190" in codes(clean_903(**all_year(episode)))


def test_care_from_1_april_and_a_change_of_placement_still_count_as_12_months():
    episodes = {"CHILD": ["C1", "C1"], "DECOM": [D(2025, 4, 1), D(2025, 9, 1)],
                "RNE": ["S", "P"], "DEC": [D(2025, 9, 1), None], "REC": ["X1", None],
                "REASON_PLACE_CHANGE": ["CARPL", None]}
    assert codes(clean_903(Episodes=episodes, OC2=outcomes())) & OC2_RULES == set()


def test_convictions_start_on_the_tenth_birthday():
    assert "542" not in codes(clean_903(**born(D(2016, 3, 31))))
    assert "542" in codes(clean_903(**born(D(2016, 4, 1))))


def test_17_on_1_april_is_too_old_for_an_sdq_but_a_day_younger_is_not():
    assert "189" in codes(clean_903(**born(D(2008, 4, 1))))
    assert "189" not in codes(clean_903(**born(D(2008, 4, 2))))


def test_a_sixteen_year_old_who_turns_17_in_the_year_needs_an_sdq_or_reason():
    assert "197B" not in codes(clean_903(**born(D(2009, 3, 31), SDQ_SCORE="20")))


def test_a_fifth_birthday_on_31_march_ends_the_under_5_check():
    five_on_31_march = D(2021, 3, 31)
    assert "546" in codes(clean_903(**born(five_on_31_march, HEALTH_CHECK="1",
                                           SDQ_SCORE=None, CONVICTED=None)))
    assert "545" not in codes(clean_903(**born(five_on_31_march, SDQ_SCORE=None,
                                               CONVICTED=None)))
