"""SSDA903 rules on the Missing table. The clean girl of the builder, in care from 1 May
2025 and still in care at 31 March 2026, goes missing for a day in October."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903

D = datetime.date
CONTEXT = Context(year=2026)
PERIOD = {"CHILD": "C1", "DOB": DOB, "MISSING": "M", "MIS_START": D(2025, 10, 1),
          "MIS_END": D(2025, 10, 2)}
LEFT_CARE = {"DECOM": [D(2025, 5, 1), D(2025, 9, 1)], "DEC": [D(2025, 9, 1), D(2026, 1, 5)],
             "REC": ["X1", "E8"]}


def missing(*changes: dict, **episodes) -> dict:
    """Missing periods, each the October day with changes; episodes changed as given."""
    rows = [PERIOD | change for change in changes or [{}]]
    tables = {"Missing": {name: [row[name] for row in rows] for name in PERIOD}}
    if episodes:
        tables["Episodes"] = episodes
    return tables


PLANTED = [
    ("564", missing({"MIS_START": None})),
    ("565", missing({"MISSING": None})),
    ("566", missing({"MISSING": None})),
    ("567", missing({"MIS_END": D(2025, 9, 30)})),
    ("570", missing({"MIS_START": D(2026, 4, 2), "MIS_END": None})),
    ("571", missing({"MIS_END": D(2026, 4, 5)})),
    ("574", missing({"MIS_END": None}, {"MIS_START": D(2025, 10, 5),
                                         "MIS_END": D(2025, 10, 6)})),
    ("574", missing({"MIS_END": D(2025, 10, 9)}, {"MIS_START": D(2025, 10, 5),
                                                  "MIS_END": D(2025, 10, 6)})),
    ("575", missing({"MIS_START": D(2025, 6, 1), "MIS_END": None})),
    ("577", missing({"MIS_START": D(2025, 12, 1), "MIS_END": None}, **LEFT_CARE)),
    ("578", missing({"MIS_START": D(2026, 2, 1), "MIS_END": D(2026, 2, 2)}, **LEFT_CARE)),
    ("580", {"Header": {"DOB": [D(2008, 1, 5)]},
             **missing({"DOB": D(2008, 1, 5), "MIS_START": D(2026, 1, 1),
                        "MIS_END": D(2026, 1, 5)},
                       **LEFT_CARE | {"REC": ["X1", "E4A"]})}),
    ("581", missing({"MIS_START": D(2025, 4, 10), "MIS_END": D(2025, 4, 11)})),
    ("586", {"Header": {"DOB": [D(2025, 10, 5)]},
             **missing({"DOB": D(2025, 10, 5)})}),
    ("1004", missing({"MIS_START": D(1850, 1, 1)})),
    ("1005", missing({"MIS_END": D(1850, 1, 1)})),
    ("1006", missing({"MISSING": "X"})),
    ("INT04", missing({"CHILD": "C5"})),
    ("INT13", missing({"DOB": D(2012, 6, 16)})),
    ("576", {"_last_year": missing({"MIS_START": D(2025, 3, 20), "MIS_END": None}),
             **missing()}),
]
MISSING_RULES = {code for code, _ in PLANTED}


def codes(changes: dict, year: int = 2026) -> set[str]:
    changes = dict(changes)
    previous = changes.pop("_last_year", None)
    context = Context(year=year, previous=None if previous is None else clean_903(**previous))
    report = validate("903", clean_903(**changes), context)
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & MISSING_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_a_day_missing_in_care_passes():
    assert codes(missing()) == set()
    assert codes(missing({"MISSING": "A"})) == set()


def test_one_period_may_start_the_day_the_last_ended():
    assert codes(missing({}, {"MIS_START": D(2025, 10, 2), "MIS_END": D(2025, 10, 3)})) == set()


def test_a_child_may_still_be_missing_at_31_march_while_in_care():
    assert codes(missing({"MIS_START": D(2026, 3, 20), "MIS_END": None})) == set()


def test_a_period_across_a_change_of_placement_may_stay_open_only_in_the_new_one():
    # Went missing from the first placement (ended 1 September): 575 and not 577.
    found = codes(missing({"MIS_START": D(2025, 8, 30), "MIS_END": None}))
    assert found == {"575"}


def test_a_period_ending_when_care_ends_at_18_passes_with_e8():
    at_18 = {"Header": {"DOB": [D(2008, 1, 5)]},
             **missing({"DOB": D(2008, 1, 5), "MIS_START": D(2026, 1, 1),
                        "MIS_END": D(2026, 1, 5)}, **LEFT_CARE)}
    assert codes(at_18) == set()


def test_a_period_open_at_the_end_of_last_year_carries_over():
    carried = {"_last_year": missing({"MIS_START": D(2025, 3, 20), "MIS_END": None}),
               **missing({"MIS_START": D(2025, 3, 20), "MIS_END": D(2025, 5, 2)})}
    assert "576" not in codes(carried)


def test_last_years_missing_periods_are_not_compared_without_last_years_return():
    assert "576" not in codes(missing())


def test_a_missing_period_in_a_later_period_of_care_passes_578():
    two_periods = {"DECOM": [D(2025, 5, 1), D(2025, 12, 1)],
                   "DEC": [D(2025, 9, 1), None], "REC": ["E8", None], "RNE": ["S", "S"]}
    assert codes(missing({"MIS_START": D(2026, 1, 10), "MIS_END": None},
                         **two_periods)) == set()
    between = missing({"MIS_START": D(2025, 10, 10), "MIS_END": D(2025, 10, 11)},
                      **two_periods)
    assert codes(between) == {"578", "581"}
