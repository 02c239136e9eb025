"""SSDA903 rules on SWEpisodes, the social workers of children looked after at 31 March."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import clean_903

D = datetime.date
CARE_BEGAN = D(2025, 5, 1)


def allocations(*episodes) -> dict:
    """SWEpisodes for the clean girl: (start, end, reason) for each social worker."""
    return {"SWEpisodes": {"CHILD": ["C1"] * len(episodes),
                           "SW_ID": [f"SW{n:06d}" for n in range(len(episodes))],
                           "SW_DECOM": [e[0] for e in episodes],
                           "SW_DEC": [e[1] for e in episodes],
                           "SW_REASON": [e[2] for e in episodes]}}


def one(start=CARE_BEGAN, end=None, reason="FCONTA", **changes) -> dict:
    changes_ = allocations((start, end, reason))
    changes_["SWEpisodes"] |= {k: [v] for k, v in changes.items()}
    return changes_


HANDOVER = D(2025, 10, 1)

PLANTED = [
    ("SW01aSTG1", one(start=D(2023, 1, 1), SW_ID=None)),
    ("SW01bSTG1", one(reason=None)),
    ("SW02STG1", one(SW_ID="AB123")),
    ("SW04STG1", one(start=D(1800, 1, 1))),
    ("SW05STG1", one(end=D(1800, 1, 1))),
    ("SW06STG2", one(start=D(2026, 4, 1))),
    ("SW07STG2", one(end=D(2026, 4, 2))),
    ("SW08STG2", allocations((CARE_BEGAN, None, "FCONTA"), (HANDOVER, None, "LEFTRL"))),
    ("SW09STG2", one(end=CARE_BEGAN)),
    ("SW10STG2", allocations((CARE_BEGAN, D(2025, 10, 5), "FCONTA"),
                             (HANDOVER, None, "LEFTRL"))),
    ("SW11bSTG2", one(end=D(2026, 3, 1))),
    ("SW17STG2", one(end=D(2026, 3, 31))),
    ("SW13STG1", allocations((CARE_BEGAN, HANDOVER, "FCONTA"), (HANDOVER, None, "BORED"))),
    ("SW12STG2", one(start=D(2025, 6, 1))),
]
SW_RULES = {code for code, _ in PLANTED}


def codes(changes: dict) -> set[str]:
    report = validate("903", clean_903(**changes), Context(year=2026))
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & SW_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_social_worker_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_the_clean_return_and_a_handover_pass():
    assert codes({}) == set()
    handover = allocations((CARE_BEGAN, HANDOVER, None), (HANDOVER, None, "LEFTRL"))
    handover["SWEpisodes"]["SW_REASON"][0] = "FCONTA"
    assert codes(handover) == set()


def test_an_allocation_from_before_the_year_covers_a_child_in_care_all_year():
    assert codes(one(start=D(2024, 6, 1))) == set()


def test_a_first_allocation_need_not_give_a_reason_for_change():
    assert "SW13STG1" not in codes(one(reason=None))


def test_the_reporting_period_begins_a_year_before_the_collection_year():
    assert "SW07STG2" not in codes(one(start=D(2024, 1, 1), end=D(2024, 4, 1)))
    assert "SW07STG2" in codes(one(start=D(2024, 1, 1), end=D(2024, 3, 31)))
