"""SSDA903 rules on PrevPerm codes and integrity (the episode comparisons are tested with
the permanence module)."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903

D = datetime.date


def permanence(**row) -> dict:
    values = {"CHILD": "C1", "DOB": DOB, "PREV_PERM": "P2", "LA_PERM": "330",
              "DATE_PERM": "ZZ/05/2019"} | row
    return {"PrevPerm": {k: [v] for k, v in values.items()}}


PLANTED = [
    ("631", permanence(PREV_PERM="P9")),
    ("633", permanence(LA_PERM="661")),
    ("635", permanence(PREV_PERM="Z1")),
    ("INT07", permanence(CHILD="C2")),
    ("INT16", permanence(DOB=D(2012, 6, 16))),
    ("INT35", {"PrevPerm": {"CHILD": ["C1", "C1"], "DOB": [DOB], "PREV_PERM": ["Z1"]}}),
]
PREVPERM_RULES = {code for code, _ in PLANTED}


def codes(changes: dict) -> set[str]:
    report = validate("903", clean_903(**changes), Context(year=2026))
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & PREVPERM_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_previous_permanence_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_no_previous_order_and_a_special_guardianship_order_pass():
    assert codes({}) == set()
    assert codes(permanence()) == set()


@pytest.mark.parametrize("authority", ["WAL", "SCO", "NIR", "NUK", "942", "201"])
def test_authorities_outside_england_and_new_ones_are_valid(authority):
    assert codes(permanence(LA_PERM=authority)) == set()
