"""SSDA903 rules on the child's header. Each rule finds what is planted; the clean return
has no findings; every registered 903 rule has a planted failing case somewhere."""

import datetime
import importlib
from pathlib import Path

import polars as pl
import pytest

from opencsc.returns.validation.engine import Context, rules_for, validate

from .ssda903_builder import VALID_UPN, clean_903

D = datetime.date
CONTEXT = Context(year=2026)


def codes(tables, context=CONTEXT) -> set[str]:
    report = validate("903", tables, context)
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def test_a_clean_return_has_no_findings():
    assert codes(clean_903()) == set()


def test_a_clean_return_with_last_years_return_has_no_findings():
    assert codes(clean_903(), Context(year=2026, previous=clean_903())) == set()


def uasc(dob) -> dict:
    return {"Header": {"DOB": [dob]},
            "UASC": {"CHILD": ["C1"], "SEX": ["F"], "DOB": [dob], "DUC": [None]}}


PLANTED = [
    ("101", {"Header": {"SEX": ["1"]}}),
    ("232", {"Header": {"SEX": ["U"]}}),
    ("102", {"Header": {"DOB": [None]}}),
    ("301", {"Header": {"DOB": [D(2026, 4, 1)]}}),
    ("351", {"Header": {"DOB": [D(2000, 3, 31)]}}),
    ("103", {"Header": {"ETHNIC": ["White British"]}}),
    ("105", {"Header": {"UASC": ["2"]}}),
    ("231", uasc(D(2015, 4, 1))),
    ("168", {"Header": {"UPN": ["I" + VALID_UPN[1:]]}}),
    ("209", {"Header": {"UPN": ["UN1"]}}),
    ("210", {"Header": {"UPN": ["UN4"]}}),
    ("171", {"Header": {"MC_DOB": [D(1850, 1, 1)]}}),
    ("174", {"Header": {"SEX": ["M"], "MC_DOB": [D(2025, 1, 1)]}}),
    ("393", {"Header": {"MOTHER": [None]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_903(**changes))


def test_the_sex_codes_are_m_f_and_u():
    assert {"101", "232"} & codes(clean_903(Header={"SEX": ["M"]})) == set()
    assert "101" not in codes(clean_903(Header={"SEX": ["U"]}))


def test_232_is_a_query_so_an_unknown_sex_alone_is_no_error():
    report = validate("903", clean_903(Header={"SEX": ["U"]}), CONTEXT)
    assert report.findings.select("code", "kind").rows() == [("232", "query")]
    assert report.error_count == 0


def test_a_child_exactly_25_at_the_start_of_the_year_passes_351():
    assert "351" not in codes(clean_903(Header={"DOB": [D(2000, 4, 1)]}))


def test_231_counts_11_on_31_march_as_old_enough_and_ignores_children_uasc_before_the_year():
    assert "231" not in codes(clean_903(**uasc(D(2015, 3, 31))))
    ceased_before = uasc(D(2015, 4, 1))
    ceased_before["UASC"]["DUC"] = [D(2025, 3, 31)]
    assert "231" not in codes(clean_903(**ceased_before))


def test_a_missing_upn_and_the_unknown_codes_pass_168_but_un7_does_not():
    assert "168" not in codes(clean_903(Header={"UPN": [None]}))
    assert "168" not in codes(clean_903(Header={"UPN": ["UN5"]}))
    assert "168" in codes(clean_903(Header={"UPN": ["UN7"]}))


def test_un1_is_allowed_for_a_child_not_yet_four_on_31_august_before_the_year():
    # Four on 1 September 2024: not of school age at the 31 August 2024 cut-off.
    assert "209" not in codes(clean_903(Header={"UPN": ["UN1"], "DOB": [D(2020, 9, 1)]}))
    assert "209" in codes(clean_903(Header={"UPN": ["UN1"], "DOB": [D(2020, 8, 31)]}))


def test_un4_is_allowed_for_a_child_who_came_into_care_in_the_last_week_or_has_left():
    came_late = {"CHILD": ["C1"], "DECOM": [D(2026, 3, 25)], "RNE": ["S"], "DEC": [None],
                 "REC": [None], "REASON_PLACE_CHANGE": [None]}
    left = {"DEC": [D(2025, 9, 1), D(2026, 1, 5)], "REC": ["X1", "E4A"]}
    for episodes in (came_late, left):
        assert "210" not in codes(clean_903(Header={"UPN": ["UN4"]}, Episodes=episodes))
    came_a_week_before = {**came_late, "DECOM": [D(2026, 3, 23)]}
    assert "210" in codes(clean_903(Header={"UPN": ["UN4"]}, Episodes=came_a_week_before))


def test_a_boy_needs_no_mother_entry_and_short_breaks_do_not_count_for_393():
    assert "393" not in codes(clean_903(Header={"SEX": ["M"], "MOTHER": [None]}))
    assert "393" not in codes(clean_903(Header={"MOTHER": [None]},
                                        Episodes={"LS": ["V3", "V3"]}))


def planted_in_every_module() -> set[str]:
    """The codes planted by every test_903_rules*.py module, so no rule goes untested."""
    planted = set()
    for path in Path(__file__).parent.glob("test_903_rules*.py"):
        module = importlib.import_module(f"{__package__}.{path.stem}")
        planted |= {code for code, _ in getattr(module, "PLANTED", [])}
    return planted


@pytest.mark.parametrize("year", [2026, 2027])
def test_every_registered_903_rule_is_covered_by_a_planted_case(year):
    registered = {r.code for r in rules_for("903", year)}
    missing = registered - planted_in_every_module()
    assert not missing, f"903 rules without a failing case: {sorted(missing)}"


def test_every_rule_in_this_work_applies_in_2025_26_and_2026_27():
    assert {r.code for r in rules_for("903", 2026)} <= {r.code for r in rules_for("903", 2027)}


def test_a_finding_names_the_child_the_fields_and_their_values():
    report = validate("903", clean_903(Header={"ETHNIC": ["XXXX"]}), CONTEXT)
    [finding] = report.findings.to_dicts()
    assert (finding["code"], finding["child_id"], finding["table"]) == ("103", "C1", "Header")
    assert finding["values"] == "ETHNIC=XXXX"


def test_dates_still_held_as_text_are_parsed_strictly():
    # Other rules may assume parsed dates, so only rule 171's own result is checked.
    def rule_171(mc_dob: str) -> set[str]:
        tables = clean_903()
        tables["Header"] = tables["Header"].with_columns(pl.lit(mc_dob).alias("MC_DOB"))
        report = validate("903", tables, CONTEXT)
        assert "171" not in report.broken
        return set(report.findings["code"].to_list()) & {"171"}

    assert rule_171("38/04/2019") == {"171"}
    assert rule_171("01/04/2019") == set()


def test_the_uasc_flag_is_checked_only_where_the_header_carries_it():
    assert "105" not in codes(clean_903(Header={"UASC": ["0"]}))
    assert "231" in codes(clean_903(Header={"UASC": ["1"], "DOB": [D(2016, 1, 1)]}))
