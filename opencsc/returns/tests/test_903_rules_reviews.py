"""SSDA903 rules on Reviews: review dates and how the child took part."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import clean_903

D = datetime.date
TODDLER = D(2021, 6, 15)  # 3 at the review on 29 May 2025, 4 on 15 June 2025


def review(**row) -> dict:
    return {"Reviews": {k: [v] for k, v in row.items()}}


def toddler(date, code) -> dict:
    return {"Header": {"DOB": [TODDLER]}, **review(DOB=TODDLER, REVIEW=date, REVIEW_CODE=code)}


SHORT_BREAKS = {"Episodes": {"LS": ["V3", "V3"]}}

PLANTED = [
    ("166", review(REVIEW=None)),
    ("167", review(REVIEW_CODE="PN8")),
    ("440", review(REVIEW_CODE="PN0")),
    ("441", toddler(D(2025, 5, 29), "PN1")),
    ("399", SHORT_BREAKS),
    ("INT08", review(CHILD="C2")),
    ("INT17", review(DOB=D(2012, 6, 16))),
]
REVIEW_RULES = {code for code, _ in PLANTED}


def codes(changes: dict) -> set[str]:
    report = validate("903", clean_903(**changes), Context(year=2026))
    assert report.broken == {}
    return set(report.findings["code"].to_list()) & REVIEW_RULES


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_review_rule_finds_what_is_planted(code, changes):
    assert code in codes(changes)


def test_the_clean_review_passes():
    assert codes({}) == set()


def test_the_fourth_birthday_divides_pn0_from_the_other_codes():
    assert codes(toddler(D(2025, 6, 14), "PN0")) == set()
    assert codes(toddler(D(2025, 6, 15), "PN0")) == {"440"}
    assert codes(toddler(D(2025, 6, 15), "PN1")) == set()


def test_399_finds_reviews_and_mother_status_for_short_breaks_only():
    report = validate("903", clean_903(**SHORT_BREAKS), Context(year=2026))
    tables = set(report.findings.filter(report.findings["code"] == "399")["table"])
    assert tables == {"Reviews", "Header"}
    no_reviews = {**SHORT_BREAKS, "Reviews": None, "Header": {"MOTHER": [None]}}
    assert "399" not in codes(no_reviews)
