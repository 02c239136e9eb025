"""SSDA903 rules comparing this year's episodes with last year's return. The girl of the
clean return came into care in May 2024 here, so her long-term foster placement, open at
31 March 2025, carries over into this year."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import clean_903

D = datetime.date
CARRIED = {"CHILD": "C1", "DECOM": D(2024, 9, 1), "RNE": "P", "LS": "C2", "CIN": "N1",
           "PLACE": "U4", "PLACE_PROVIDER": "PR4", "DEC": None, "REC": None,
           "REASON_PLACE_CHANGE": None, "HOME_POST": "B1 1", "PL_POST": "B3 3",
           "URN": "SC654321"}
FIRST_LAST_YEAR = CARRIED | {"DECOM": D(2024, 5, 1), "RNE": "S", "PLACE": "U6",
                             "PLACE_PROVIDER": "PR1", "DEC": D(2024, 9, 1), "REC": "X1",
                             "REASON_PLACE_CHANGE": "CARPL", "PL_POST": "B2 2",
                             "URN": "SC123456"}


def episodes(*rows) -> dict:
    return {"Episodes": {name: [row[name] for row in rows] for name in CARRIED}}


def last_year(*rows) -> dict:
    return clean_903(**episodes(*rows))


LAST_YEAR = last_year(FIRST_LAST_YEAR, CARRIED)


def this_year(**changes) -> dict:
    """This year: the carried-over placement, with changes."""
    return episodes(CARRIED | changes)


PLANTED = [
    ("502", this_year(DECOM=D(2024, 10, 1))),
    ("503A", this_year(RNE="T")),
    ("503B", this_year(LS="C1")),
    ("503C", this_year(CIN="N2")),
    ("503D", this_year(PLACE="U6")),
    ("503E", this_year(PLACE_PROVIDER="PR5")),
    ("503F", this_year(URN="SC111111")),
    ("562", this_year(DECOM=D(2024, 8, 1))),
    ("NoE", {"_last_year": last_year(FIRST_LAST_YEAR | {"CHILD": "C2"}), **this_year()}),
]
CONTINUITY_RULES = {code for code, _ in PLANTED}


def codes(changes: dict, previous=LAST_YEAR) -> set[str]:
    changes = dict(changes)
    previous = changes.pop("_last_year", previous)
    report = validate("903", clean_903(**changes), Context(year=2026, previous=previous))
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & CONTINUITY_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_an_open_episode_carried_over_unchanged_passes():
    assert codes(this_year()) == set()


def test_a_carried_over_episode_may_then_end_and_be_followed():
    ended = episodes(CARRIED | {"DEC": D(2025, 6, 1), "REC": "X1",
                                "REASON_PLACE_CHANGE": "CARPL"},
                     CARRIED | {"DECOM": D(2025, 6, 1), "PLACE": "U6", "PL_POST": "B4 4"})
    assert codes(ended) == set()


def test_a_closed_episode_last_year_is_not_carried_over():
    closed = last_year(FIRST_LAST_YEAR, CARRIED | {"DEC": D(2025, 1, 1), "REC": "E4A"})
    back_in_care = episodes(CARRIED | {"DECOM": D(2025, 6, 1), "RNE": "S", "LS": "V2"})
    assert codes(back_in_care, previous=closed) == set()


def test_nothing_is_compared_without_last_years_return():
    for code, changes in PLANTED:
        changes = {k: v for k, v in changes.items() if k != "_last_year"}
        report = validate("903", clean_903(**changes), Context(year=2026))
        assert code not in set(report.findings["code"].to_list())


def test_episodes_from_this_year_loaded_as_last_year_are_not_compared():
    # The clean return is this year's: its open episode began after 1 April 2025.
    assert codes({}, previous=clean_903()) == set()


def test_the_first_episode_is_compared_even_when_listed_last():
    reordered = episodes(CARRIED | {"DECOM": D(2025, 6, 1), "RNE": "P", "PLACE": "U6",
                                    "PL_POST": "B4 4"},
                         CARRIED | {"DEC": D(2025, 6, 1), "REC": "X1", "LS": "C1",
                                    "REASON_PLACE_CHANGE": "CARPL"})
    report = validate("903", clean_903(**reordered), Context(year=2026, previous=LAST_YEAR))
    found = report.findings.filter(report.findings["code"] == "503B")["row"].to_list()
    assert found == [1]
