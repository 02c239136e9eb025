"""SSDA903 rules on AD1 (adoptions) and PlacedAdoption (decisions to place for adoption)."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903
from .test_903_rules_outcomes import one_episode

D = datetime.date
DECIDED, MATCHED, PLACED, ADOPTED = D(2025, 7, 1), D(2025, 8, 15), D(2025, 9, 1), D(2026, 3, 1)


def adoption(ad1=None, placed=None, **episodes) -> dict:
    """The clean girl, placed for adoption under a placement order on 1 September 2025
    (not with her foster carer) and adopted on 1 March 2026."""
    ad1_row = {"CHILD": "C1", "DOB": DOB, "DATE_INT": DECIDED, "DATE_MATCH": MATCHED,
               "FOSTER_CARE": "0", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}
    decision = {"CHILD": ["C1"], "DOB": [DOB], "DATE_PLACED": [DECIDED],
                "DATE_PLACED_CEASED": [None], "REASON_PLACED_CEASED": [None]}
    second = {"RNE": "B", "LS": "E1", "PLACE": "A6", "PLACE_PROVIDER": "PR1",
              "DEC": ADOPTED, "REC": "E11", "REASON_PLACE_CHANGE": None} | episodes
    changes = {"Episodes": {name: [first, second[name]] for name, first in
                            {"RNE": "S", "LS": "C2", "PLACE": "U6", "PLACE_PROVIDER": "PR1",
                             "DEC": PLACED, "REC": "X1",
                             "REASON_PLACE_CHANGE": "CARPL"}.items()},
               "AD1": {name: [value] for name, value in (ad1_row | (ad1 or {})).items()},
               "PlacedAdoption": decision | (placed or {})}
    return changes


def without_ad1(**episodes) -> dict:
    return {**adoption(**episodes), "AD1": None}


def ceased(date=None, reason="RD1") -> dict:
    date = date or D(2026, 1, 10)
    return {"DATE_PLACED_CEASED": [date], "REASON_PLACED_CEASED": [reason]}


def in_care_not_adopted(**placed) -> dict:
    """Placed for adoption from 1 September and still placed at 31 March."""
    return adoption(placed=placed or None, DEC=None, REC=None) | {"AD1": None}


def last_year(**placed) -> dict:
    decision = {"CHILD": ["C1"], "DOB": [DOB], "DATE_PLACED": [D(2025, 1, 10)],
                "DATE_PLACED_CEASED": [None], "REASON_PLACED_CEASED": [None]}
    return {"PlacedAdoption": decision | {k: v if isinstance(v, list) else [v]
                                          for k, v in placed.items()}}


def this_year(**placed) -> dict:
    return in_care_not_adopted(**{k: [v] for k, v in placed.items()})


PLANTED = [
    ("112", adoption({"DATE_INT": D(1800, 1, 1)})),
    ("113", adoption({"DATE_MATCH": D(1800, 1, 1)})),
    ("114", adoption({"FOSTER_CARE": "2"})),
    ("175", adoption({"NB_ADOPTR": "3"})),
    ("176", adoption({"SEX_ADOPTR": "XX"})),
    ("177", adoption({"LS_ADOPTR": "L9"})),
    ("151", adoption({"SEX_ADOPTR": None})),
    ("333", adoption({"DATE_MATCH": D(2025, 6, 1)})),
    ("511", adoption({"SEX_ADOPTR": "F1", "LS_ADOPTR": "L0"})),
    ("514", adoption({"LS_ADOPTR": "L0"})),
    ("517", adoption({"LS_ADOPTR": "L3", "SEX_ADOPTR": "FF"})),
    ("518", adoption({"LS_ADOPTR": "L4"})),
    ("519", adoption({"LS_ADOPTR": "L2", "SEX_ADOPTR": "F1", "NB_ADOPTR": "1"})),
    ("520", adoption({"SEX_ADOPTR": "MM"})),
    ("524", adoption({"LS_ADOPTR": "L12"})),
    ("331", adoption({"DATE_MATCH": D(2025, 9, 2)})),
    ("521", adoption({"DATE_INT": D(2025, 9, 2), "DATE_MATCH": D(2025, 9, 2)})),
    ("334", adoption({"DATE_INT": D(2025, 4, 20)})),
    ("335", adoption({"FOSTER_CARE": "1"})),
    ("582", adoption({"DATE_MATCH": ADOPTED})),
    ("523", adoption({"DATE_INT": D(2025, 7, 2)})),
    ("525", adoption(placed=ceased())),
    ("602", adoption(REC="E4A")),
    ("601", without_ad1()),
    ("134", {**adoption(), "OC3": {"CHILD": ["C1"], "DOB": [DOB], "IN_TOUCH": ["YES"],
                                   "ACTIV": ["F2"], "ACCOM": ["U1"]}}),
    ("187", {**adoption(), "Episodes": one_episode()}),
    ("INT01", adoption({"CHILD": "C2"})),
    ("INT11", adoption({"DOB": D(2012, 6, 16)})),
    ("INT31", {**adoption(), "AD1": {"CHILD": ["C1", "C1"]}}),
    ("115", adoption(placed={"DATE_PLACED": [D(1800, 1, 1)]})),
    ("116", adoption(placed=ceased(D(1800, 1, 1)))),
    ("119", in_care_not_adopted(DATE_PLACED_CEASED=[D(2026, 1, 10)])),
    ("120", in_care_not_adopted(**ceased(reason="RD9"))),
    ("563", in_care_not_adopted(DATE_PLACED=[None], **ceased())),
    ("522", in_care_not_adopted(**ceased(D(2025, 6, 1)))),
    ("184", adoption(placed={"DATE_PLACED": [D(2012, 6, 1)]})),
    ("117", adoption(placed={"DATE_PLACED": [D(2026, 3, 2)]})),
    ("118", in_care_not_adopted(**ceased(D(2025, 3, 1)))),
    ("1003", adoption(placed={"DATE_PLACED": [D(2025, 4, 20)]})),
    ("552", in_care_not_adopted(DATE_PLACED=[D(2025, 9, 2)])),
    ("554", in_care_not_adopted(DATE_PLACED=[D(2025, 9, 2)])),
    ("551", {**adoption(), "PlacedAdoption": None}),
    ("553", {**adoption(PLACE="U4", REC=None, DEC=None), "AD1": None,
             "PlacedAdoption": None}),
    ("557", {**adoption(REC="E8"), "AD1": None}),
    ("558", adoption(placed={"REASON_PLACED_CEASED": ["RD1"]})),
    ("579", in_care_not_adopted(CHILD=["C1", "C1"], DATE_PLACED=[D(2025, 4, 20), DECIDED])),
    ("583", in_care_not_adopted(CHILD=["C1", "C1"], DATE_PLACED=[D(2025, 4, 20), DECIDED],
                                DATE_PLACED_CEASED=[None, None])),
    ("559", {**this_year(DATE_PLACED=D(2025, 1, 10)), "_previous": {"PlacedAdoption": None}}),
    ("560", {**this_year(), "_previous": last_year()}),
    ("561", {**this_year(DATE_PLACED=D(2025, 1, 10)),
             "_previous": last_year(**ceased(D(2025, 2, 1)))}),
    ("584", {**this_year(DATE_PLACED=D(2024, 12, 1)),
             "_previous": last_year(**ceased(D(2025, 2, 1)))}),
    ("INT02", in_care_not_adopted(CHILD=["C2"])),
    ("INT12", in_care_not_adopted(DOB=[D(2012, 6, 16)])),
]
ADOPTION_RULES = {code for code, _ in PLANTED}


def codes(changes: dict) -> set[str]:
    changes = dict(changes)
    previous = changes.pop("_previous", None)
    context = Context(year=2026, previous=None if previous is None else clean_903(**previous))
    report = validate("903", clean_903(**changes), context)
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & ADOPTION_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_adoption_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_a_child_adopted_this_year_with_complete_details_passes():
    assert codes(adoption()) == set()


def test_a_child_placed_and_waiting_to_be_adopted_passes():
    assert codes(in_care_not_adopted()) == set()


def in_care_since_2024(changes: dict) -> dict:
    changes["Episodes"]["DECOM"] = [D(2024, 10, 1), PLACED]
    return changes


def test_an_open_decision_carried_from_last_year_passes():
    carried = {**in_care_since_2024(this_year(DATE_PLACED=D(2025, 1, 10))),
               "_previous": last_year()}
    assert codes(carried) == set()


def test_a_new_decision_after_last_years_reversal_passes():
    renewed = {**this_year(), "_previous": last_year(**ceased(D(2025, 2, 1)))}
    assert codes(renewed) == set()


def test_a_decision_reversed_and_followed_by_a_new_one_passes():
    two = in_care_not_adopted(CHILD=["C1", "C1"], DATE_PLACED=[D(2025, 5, 10), DECIDED],
                              DATE_PLACED_CEASED=[D(2025, 6, 1), None],
                              REASON_PLACED_CEASED=["RD1", None])
    assert codes(two) == set()


def test_a_child_who_left_unadopted_after_a_reversal_passes_557():
    left = {**adoption(REC="E8", placed=ceased(D(2026, 2, 1))), "AD1": None}
    assert "557" not in codes(left)


@pytest.mark.parametrize("place, foster_care", [("A5", "1"), ("A6", "0")])
def test_adoption_by_foster_carers_matches_the_placement(place, foster_care):
    assert "335" not in codes(adoption({"FOSTER_CARE": foster_care}, PLACE=place))


def test_a_decision_after_the_child_left_care_is_found():
    left = {**adoption(REC="E8", placed={"DATE_PLACED": [D(2026, 3, 2)],
                                         **ceased(D(2026, 3, 5))}), "AD1": None}
    assert "117" in codes(left)
