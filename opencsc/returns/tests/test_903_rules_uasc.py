"""SSDA903 rules on UASC, unaccompanied asylum-seeking children."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903
from .test_903_rules_care_leavers import leaver

D = datetime.date


def uasc(flag="1", duc=None, **row) -> dict:
    """The clean girl flagged UASC in the header (as in the XML), with her UASC row."""
    values = {"CHILD": "C1", "SEX": "F", "DOB": DOB, "DUC": duc} | row
    return {"Header": {"UASC": [flag]}, "UASC": {k: [v] for k, v in values.items()}}


def years(this: dict, last: dict) -> dict:
    return {**this, "_previous": last}


PLANTED = [
    ("104", uasc(duc=D(1800, 1, 1))),
    ("304", uasc(duc=D(2030, 6, 16))),
    ("303", uasc(flag="0", duc=D(2025, 10, 1))),
    ("205A", years(uasc(flag="0"), uasc())),
    ("205B", years(uasc(), uasc(duc=D(2025, 2, 1)))),
    ("205C", years(uasc(flag="0", duc=D(2025, 10, 1)), uasc(flag="0"))),
    ("205D", years(uasc(), uasc(flag="0"))),
    ("1014", {**leaver(), "UASC": {"CHILD": ["C9"], "SEX": ["F"], "DOB": [D(2006, 7, 1)],
                                   "DUC": [D(2024, 7, 1)]}}),
    ("INT09", uasc(CHILD="C2")),
    ("INT18", uasc(DOB=D(2012, 6, 16))),
    ("INT21", uasc(SEX="M")),
    ("INT36", {**uasc(), "UASC": {"CHILD": ["C1", "C1"], "SEX": ["F"], "DOB": [DOB],
                                  "DUC": [None]}}),
]
UASC_RULES = {code for code, _ in PLANTED}


def codes(changes: dict) -> set[str]:
    changes = dict(changes)
    previous = changes.pop("_previous", None)
    context = Context(year=2026, previous=None if previous is None else clean_903(**previous))
    report = validate("903", clean_903(**changes), context)
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & UASC_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_uasc_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_a_uasc_child_passes_alone_and_against_last_year():
    assert codes(uasc()) == set()
    assert codes(years(uasc(), uasc())) == set()


def test_status_ceasing_last_year_is_consistent():
    ceased = D(2024, 12, 1)
    assert codes(years(uasc(flag="0"), uasc(duc=ceased))) == set()


def test_status_may_cease_on_the_18th_birthday():
    assert "304" not in codes(uasc(duc=D(2030, 6, 15)))


def csv(changes: dict) -> dict:
    """The same return as CSV files: no UASC flag in the header, only the UASC rows."""
    return {"UASC": changes["UASC"]}


def test_in_csv_files_a_uasc_row_stands_for_the_flag():
    assert codes(years(csv(uasc()), csv(uasc()))) == set()
    assert "205B" in codes(years(csv(uasc()), csv(uasc(duc=D(2025, 2, 1)))))
    assert "205D" in codes(years(csv(uasc()), {}))
    assert "303" not in codes(csv(uasc(duc=D(2025, 10, 1))))
