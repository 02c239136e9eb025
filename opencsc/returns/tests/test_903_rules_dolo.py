"""SSDA903 rules on deprivation of liberty orders (2026-27 only)."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import clean_903

D = datetime.date
YEAR_2027 = Context(year=2027)
DOLO_RULES = {"700", "701", "702", "703", "704", "705", "706", "707", "708", "709", "710"}


def dolo(start, end, *more) -> dict:
    """One or more orders for the clean child: dolo(start, end, start2, end2 ...)."""
    dates = [start, end, *more]
    return {"DoLo": {"CHILD": ["C1"] * (len(dates) // 2), "DOB": [D(2012, 6, 15)],
                     "DOLO_START": dates[0::2], "DOLO_END": dates[1::2]}}


def in_a_childrens_home() -> dict:
    return {"PLACE": ["U6", "K2"], "PLACE_PROVIDER": ["PR1", "PR4"]}


def codes(tables, context=YEAR_2027) -> set[str]:
    report = validate("903", tables, context)
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & DOLO_RULES


PLANTED = [
    ("700", dolo(None, None)),
    ("701", dolo(D(2026, 5, 1), D(1800, 1, 1))),
    ("702", dolo(D(2026, 6, 1), D(2026, 5, 1))),
    ("703", dolo(D(2027, 4, 1), None)),
    ("704", dolo(D(2026, 5, 1), D(2027, 4, 1))),
    ("705", dolo(D(2026, 5, 1), None, D(2026, 8, 1), None)),
    ("706", {**dolo(D(2026, 5, 1), None), "_previous": dolo(D(2025, 11, 1), None)}),
    ("707", {**dolo(D(2026, 5, 1), None),
             "Episodes": {"DEC": [D(2025, 9, 1), D(2026, 9, 1)], "REC": ["X1", "E4A"]}}),
    ("708", dolo(D(2011, 5, 1), None)),
    ("709", dolo(D(2026, 5, 1), D(2026, 6, 1))),
    ("710", {**dolo(D(2026, 5, 1), D(2026, 6, 1)),
             "Episodes": {"PLACE": ["U6", "K1"], "PLACE_PROVIDER": ["PR1", "PR1"]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_dolo_rule_finds_what_is_planted(code, changes):
    changes = dict(changes)
    previous = changes.pop("_previous", None)
    context = Context(year=2027, previous=previous and clean_903(**previous))
    assert code in codes(clean_903(**changes), context)


def test_an_order_inside_the_year_in_a_childrens_home_passes():
    tables = clean_903(**dolo(D(2026, 5, 1), D(2026, 6, 1)),
                       Episodes=in_a_childrens_home())
    assert codes(tables) == set()


def test_the_dolo_rules_do_not_run_before_2026_27():
    report = validate("903", clean_903(**dolo(None, None)), Context(year=2026))
    assert not set(report.findings["code"].to_list()) & DOLO_RULES


def test_an_order_may_start_the_day_the_last_one_ended():
    tables = clean_903(**dolo(D(2026, 5, 1), D(2026, 6, 1), D(2026, 6, 1), None),
                       Episodes=in_a_childrens_home())
    assert "705" not in codes(tables)


def test_706_needs_last_years_open_order_to_carry_on_this_year():
    last_year = clean_903(**dolo(D(2025, 11, 1), None))
    carried = clean_903(**dolo(D(2025, 11, 1), None))
    restarted = clean_903(**dolo(D(2026, 5, 1), None))
    assert "706" not in codes(carried, Context(year=2027, previous=last_year))
    assert "706" in codes(restarted, Context(year=2027, previous=last_year))
    assert "706" not in codes(restarted)


def test_an_open_order_is_fine_while_the_child_is_still_looked_after():
    assert "707" not in codes(clean_903(**dolo(D(2026, 5, 1), None)))


def test_the_collection_year_bounds_are_inclusive():
    home = {"Episodes": in_a_childrens_home()}
    assert codes(clean_903(**dolo(D(2026, 3, 1), D(2026, 4, 1)), **home)) == set()
    assert "704" in codes(clean_903(**dolo(D(2026, 3, 1), D(2026, 3, 31)), **home))
    assert "703" not in codes(clean_903(**dolo(D(2027, 3, 31), None), **home))
