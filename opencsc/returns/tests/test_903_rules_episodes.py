"""SSDA903 rules on episodes: dates and codes, placements, legal statuses and the child's
age. Each rule finds what is planted; the edge cases the DfE definitions name pass or fail
as they say."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import clean_903

D = datetime.date
CONTEXT = Context(year=2026)


def codes(tables, context=CONTEXT) -> set[str]:
    report = validate("903", tables, context)
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def found_rows(code, tables, context=CONTEXT) -> list[int]:
    report = validate("903", tables, context)
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


def second(**columns) -> dict:
    """Changes to the second (open, long-term foster) episode only."""
    first = {"DECOM": D(2025, 5, 1), "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U6",
             "PLACE_PROVIDER": "PR1", "DEC": D(2025, 9, 1), "REC": "X1",
             "REASON_PLACE_CHANGE": "CARPL", "HOME_POST": "B1 1", "PL_POST": "B2 2",
             "URN": "SC123456"}
    return {"Episodes": {name: [first.get(name), value] for name, value in columns.items()}}


def both(**columns) -> dict:
    return {"Episodes": {name: [value, value] for name, value in columns.items()}}


def episodes(*rows) -> dict:
    """Whole episodes as (DECOM, RNE, LS, PLACE, DEC, REC) tuples, providers and URNs
    filled in for a foster placement."""
    names = ["DECOM", "RNE", "LS", "PLACE", "DEC", "REC"]
    columns = {name: [row[i] for row in rows] for i, name in enumerate(names)}
    count = len(rows)
    return {"Episodes": {"CHILD": ["C1"] * count, **columns,
                         "REASON_PLACE_CHANGE": [None] * count,
                         "PLACE_PROVIDER": ["PR1"] * count, "URN": ["SC123456"] * count,
                         "CIN": ["N1"] * count, "HOME_POST": ["B1 1"] * count,
                         "PL_POST": ["B2 2"] * count}}


def born(dob, **changes) -> dict:
    return {"Header": {"DOB": [dob]}, **changes}


PLANTED = [
    # Dates, codes and the order of episodes.
    ("141", second(DECOM=None)),
    ("147", {"Episodes": {"DEC": [D(1850, 1, 1), None]}}),
    ("143", second(RNE="X")),
    ("144", second(LS="C3")),
    ("145", second(CIN="N9")),
    ("149", {"Episodes": {"REC": ["X9", None]}}),
    ("148", second(REC="E8")),
    ("353", {"Episodes": {"DECOM": [D(1991, 10, 13), D(2025, 9, 1)]}}),
    ("354", {"Episodes": {"DECOM": [D(2025, 5, 1), D(2026, 4, 1)], "DEC": [D(2026, 4, 1), None]}}),
    ("385", {"Episodes": {"DEC": [D(2025, 9, 1), D(2026, 4, 1)], "REC": ["X1", "E8"]}}),
    ("355", {"Episodes": {"DEC": [D(2025, 5, 1), None]}}),
    ("356", {"Episodes": {"DEC": [D(2025, 4, 30), None]}}),
    ("142", {"Episodes": {"DEC": [None, None], "REC": [None, None],
                          "REASON_PLACE_CHANGE": [None, None]}}),
    ("357", {"Episodes": {"RNE": ["P", "P"]}}),
    ("388", {"Episodes": {"DEC": [D(2025, 9, 1), D(2026, 1, 5)], "REC": ["X1", "X1"]}}),
    ("199", {"Episodes": {"REC": ["E11", None], "PLACE": ["A5", "U4"]}}),
    # Placements.
    ("146", second(PLACE="P2")),
    ("178", second(PLACE_PROVIDER="PR9")),
    ("213", second(PLACE="T0")),
    ("218", second(URN=None)),
    ("222", second(PLACE="R1")),
    ("217", second(PLACE="A5")),
    ("336", {"Episodes": {"PLACE": ["R1", "A5"], "RNE": ["S", "T"]}}),
    ("390", {"Episodes": {"REC": ["E11", None]}}),
    ("225", {"Episodes": {"REASON_PLACE_CHANGE": [None, None]}}),
    ("226", second(PLACE="T1")),
    ("233", both(REASON_PLACE_CHANGE="CARPL")),
    ("380", {"Episodes": {"PLACE": ["T1", "U4"]}}),
    ("381", second(PLACE="T1", DEC=D(2025, 10, 1), REC="E8")),
    ("382", {"Episodes": {"LS": ["V3", "V3"], "PLACE": ["U6", "T1"]}}),
    ("383", episodes((D(2025, 5, 1), "S", "C2", "U4", D(2025, 9, 1), "X1"),
                     (D(2025, 9, 1), "P", "C2", "T2", D(2025, 9, 8), "X1"),
                     (D(2025, 9, 8), "P", "C2", "U6", None, None))),
    ("375", second(PLACE="T1")),
    ("376", second(PLACE="T3")),
    ("379", second(PLACE="T4")),
    ("377", episodes(*[(D(2025, 5, d), "P", "C2", "T3", D(2025, 5, d + 1), "X1")
                       for d in (1, 3, 5)], (D(2025, 5, 7), "P", "C2", "U4", None, None))),
    ("384", both(LS="V4")),
    ("392b", {"Episodes": {"HOME_POST": [None, "B1 1"]}}),
    ("392d", {"Episodes": {"PL_POST": ["B1 1", "B3 3"]}}),
    # Legal statuses.
    ("361", {"Episodes": {"LS": ["L1", "C2"]}}),
    ("362", {"Episodes": {"LS": ["L2", "C2"]}}),
    ("363", {"Episodes": {"LS": ["L3", "C2"]}}),
    ("364", {"Episodes": {"LS": ["J2", "C2"]}}),
    ("365", {"Episodes": {"LS": ["V3", "C2"]}}),
    ("366", second(LS="V3")),
    ("367", episodes((D(2025, 5, 1), "S", "V3", "U6", D(2025, 5, 18), "E8"),
                     *[(D(2025, m, 1), "S", "V3", "U6", D(2025, m, 17), "E8")
                       for m in range(6, 11)])),
    ("378", {"Episodes": {"LS": ["V2", "C2"], "PLACE": ["P1", "U4"],
                          "PLACE_PROVIDER": ["PR0", "PR4"]}}),
    # The child's age.
    ("302", born(D(2025, 6, 1))),
    ("352", born(D(2007, 4, 1))),
    ("358", born(D(2016, 6, 15), **second(LS="J1"))),
    ("359", born(D(2007, 6, 15))),
    ("234", born(D(2016, 6, 15), Episodes={"REASON_PLACE_CHANGE": ["CUSTOD", None]})),
    ("371", second(PLACE="K3")),
    ("372", born(D(2016, 6, 15), **second(PLACE="R5"))),
    ("373", born(D(2022, 6, 15), **second(PLACE="S1"))),
    ("374", second(PLACE="P3")),
    ("386", born(D(2007, 6, 15), Episodes={"REC": ["E11", None], "PLACE": ["A5", "U4"]})),
    ("387", second(DEC=D(2026, 1, 5), REC="E5")),
    ("389", second(DEC=D(2026, 1, 5), REC="E7")),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_903(**changes))
