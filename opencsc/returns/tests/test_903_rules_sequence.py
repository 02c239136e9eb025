"""SSDA903 rules on how episodes follow one another, placement providers, the links between
a child's tables, and previous permanence. Each rule finds what is planted; the edge cases
the DfE definitions name pass or fail as they say."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .ssda903_builder import DOB, clean_903

D = datetime.date
CONTEXT = Context(year=2026)


def codes(tables, context=CONTEXT) -> set[str]:
    report = validate("903", tables, context)
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def found_rows(code, tables, context=CONTEXT) -> list[int]:
    report = validate("903", tables, context)
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


FIRST = {"DECOM": D(2025, 5, 1), "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U6",
         "PLACE_PROVIDER": "PR1", "DEC": D(2025, 9, 1), "REC": "X1",
         "REASON_PLACE_CHANGE": "CARPL", "HOME_POST": "B1 1", "PL_POST": "B2 2",
         "URN": "SC123456"}


def second(**columns) -> dict:
    """Changes to the second (open, long-term foster) episode only."""
    return {"Episodes": {name: [FIRST.get(name), value] for name, value in columns.items()}}


def born(dob, **changes) -> dict:
    return {"Header": {"DOB": [dob]}, **changes}


def left_care(rec, **columns) -> dict:
    """The second episode ends on 5 January 2026 for this reason."""
    return second(DEC=D(2026, 1, 5), REC=rec, **columns)


def missing_for(child) -> dict:
    return {"CHILD": [child], "DOB": [DOB], "MISSING": ["M"], "MIS_START": [D(2025, 6, 1)],
            "MIS_END": [D(2025, 6, 2)]}


PLANTED = [
    # One episode after another.
    ("431", second(RNE="S")),
    ("432", {"Episodes": {"DEC": [D(2025, 8, 1), None], "REC": ["E8", None]}}),
    ("433", {"Episodes": {"DEC": [D(2025, 8, 31), None]}}),
    ("434", second(RNE="L")),
    ("435", second(LS="C1")),
    ("436", second(RNE="B")),
    ("437", {"Episodes": {"REC": ["E2", None]}}),
    ("501", {"Episodes": {"DEC": [D(2025, 9, 10), None]}}),
    ("504", second(CIN="N2")),
    ("446", {"Episodes": {"DECOM": [D(2005, 6, 1), D(2025, 9, 1)], "LS": ["E1", "C2"]}}),
    ("408", second(PLACE="A6")),
    ("426", {"Episodes": {"LS": ["V3", "V4"]}}),
    ("516", left_care("E45", PLACE="K2")),
    ("1009", {"Episodes": {"REASON_PLACE_CHANGE": ["MOVED", None]}}),
    ("407", born(D(2007, 6, 15), **left_care("E45"))),
    ("460", left_care("E17")),
    # Providers.
    ("526", second(PLACE_PROVIDER=None)),
    ("527", second(PLACE="R2", PLACE_PROVIDER="PR1")),
    ("528", second(PLACE="R5", PLACE_PROVIDER="PR2")),
    ("529", second(PLACE_PROVIDER="PR3")),
    ("530", second(PLACE="P1", PLACE_PROVIDER="PR4")),
    ("531", second(PLACE="P1", PLACE_PROVIDER="PR5")),
    ("550", second(PLACE_PROVIDER="PR0")),
    # A child's tables.
    ("EPI", {"Header": {"CHILD": ["C1", "C2"], "DOB": [DOB, DOB]}}),
    ("INT03", {"Header": {"CHILD": ["C9"]}}),
    ("INT32", {"Header": {"CHILD": ["C1", "C1"]}}),
    ("1012", {"Missing": missing_for("C7")}),
    ("442", {"Header": {"UPN": [None]}}),
    ("607", {"Header": {"MOTHER": [None]}, **left_care("E8")}),
    ("625", {"Header": {"MOTHER": ["1"], "MC_DOB": [D(2026, 4, 2)]}}),
    # Previous permanence.
    ("630", {"PrevPerm": None}),
    ("632", {"PrevPerm": {"PREV_PERM": ["P1"], "LA_PERM": ["330"],
                          "DATE_PERM": ["31/02/2020"]}}),
    ("634", {"Episodes": {"DECOM": [D(2015, 5, 1), D(2015, 9, 1)],
                          "DEC": [D(2015, 9, 1), None]}}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_903(**changes))


def test_the_clean_return_passes_every_rule_here():
    assert codes(clean_903()) & {code for code, _ in PLANTED} == set()


# One episode after another.

def test_a_new_period_of_care_after_a_gap_starts_with_s():
    gap = {"Episodes": {"DEC": [D(2025, 8, 1), None], "REC": ["E8", None],
                        "RNE": ["S", "S"]}}
    assert codes(clean_903(**gap)) & {"431", "432", "433"} == set()


def test_a_placement_change_is_seen_in_the_provider_or_postcode_too():
    same_type = second(PLACE="U6", PLACE_PROVIDER="PR1", URN="SC123456")
    assert "435" not in codes(clean_903(**same_type))  # PL_POST still differs
    unchanged = second(PLACE="U6", PLACE_PROVIDER="PR1", URN="SC123456", PL_POST="B2 2")
    assert found_rows("435", clean_903(**unchanged)) == [1]


def test_a_legal_status_change_alone_passes_434():
    same_place = second(RNE="L", LS="C1", PLACE="U6", PLACE_PROVIDER="PR1",
                        URN="SC123456", PL_POST="B2 2")
    assert codes(clean_903(**same_place)) & {"434", "435", "436"} == set()


def test_death_in_the_last_episode_passes_437():
    assert "437" not in codes(clean_903(**left_care("E2")))


def test_the_category_of_need_may_change_in_a_new_period_of_care():
    new_period = {"Episodes": {"DEC": [D(2025, 8, 1), None], "REC": ["E8", None],
                               "RNE": ["S", "S"], "CIN": ["N1", "N2"]}}
    assert "504" not in codes(clean_903(**new_period))


@pytest.mark.parametrize("dob, fails", [(D(2008, 1, 5), True), (D(2008, 1, 6), False)])
def test_a_special_guardianship_order_must_come_before_the_18th_birthday(dob, fails):
    assert ("407" in codes(clean_903(**born(dob, **left_care("E47"))))) == fails


@pytest.mark.parametrize("dob, fails", [(D(2008, 1, 5), False), (D(2008, 1, 6), True)])
def test_staying_put_needs_the_18th_birthday_on_or_before_ceasing(dob, fails):
    assert ("460" in codes(clean_903(**born(dob, **left_care("E17"))))) == fails


def test_one_kind_of_short_break_passes_426():
    assert "426" not in codes(clean_903(Episodes={"LS": ["V3", "V3"]}))


def test_placement_order_statuses_allow_adoption_placements():
    assert "408" not in codes(clean_903(**second(PLACE="A6", LS="E1", RNE="B")))


# Providers.

@pytest.mark.parametrize("place", ["T1", "Z11"])
def test_temporary_and_other_placements_need_no_provider(place):
    assert "526" not in codes(clean_903(**second(PLACE=place, PLACE_PROVIDER=None)))


def test_parents_provide_a_placement_with_parents():
    at_home = second(PLACE="P1", PLACE_PROVIDER="PR0", URN=None)
    assert codes(clean_903(**at_home)) & {"527", "530", "531", "550"} == set()


# A child's tables.

def test_a_care_leaver_with_only_oc3_data_needs_no_episodes():
    leaver = {"Header": {"CHILD": ["C1", "C9"], "DOB": [DOB, D(2006, 7, 1)]},
              "OC3": {"CHILD": ["C9"], "DOB": [D(2006, 7, 1)], "IN_TOUCH": ["YES"],
                      "ACTIV": ["F2"], "ACCOM": ["U1"]}}
    assert "EPI" not in codes(clean_903(**leaver))


def test_both_copies_of_a_repeated_header_are_reported():
    assert found_rows("INT32", clean_903(Header={"CHILD": ["C1", "C2", "C1"],
                                                 "DOB": [DOB]})) == [0, 2]


def test_reviews_for_a_child_not_in_care_this_year_fail_1012():
    review = {"CHILD": ["C1", "C7"], "DOB": [DOB, DOB],
              "REVIEW": [D(2025, 5, 29), D(2025, 6, 29)], "REVIEW_CODE": ["PN1", "PN1"]}
    assert found_rows("1012", clean_903(Reviews=review)) == [1]


def test_a_upn_is_not_needed_for_short_breaks_only():
    assert "442" not in codes(clean_903(Header={"UPN": [None]}, Episodes={"LS": ["V3", "V3"]}))


@pytest.mark.parametrize("header, episodes", [
    ({"SEX": ["M"], "MOTHER": [None]}, left_care("E8")),
    ({"MOTHER": [None]}, left_care("E8", LS="V3")),
    ({"MOTHER": ["0"]}, left_care("E8")),
])
def test_mother_status_on_leaving_is_for_girls_not_on_short_breaks(header, episodes):
    assert "607" not in codes(clean_903(Header=header, **episodes))


def test_a_first_child_born_after_the_mother_left_care_fails_625():
    after_leaving = {"Header": {"MOTHER": ["1"], "MC_DOB": [D(2026, 2, 1)]},
                     **left_care("E8")}
    assert "625" in codes(clean_903(**after_leaving))
    still_in_care = {"Header": {"MOTHER": ["1"], "MC_DOB": [D(2026, 2, 1)]}}
    assert "625" not in codes(clean_903(**still_in_care))


# Previous permanence.

@pytest.mark.parametrize("date_perm, fails", [
    ("ZZ/05/2012", False), ("zz/zz/2012", False), ("ZZ/ZZ/ZZZZ", False),
    ("15/05/2012", False), ("2012-05-15", True), ("01/05/2025", True), ("ZZ/ZZ/ZZ", True),
])
def test_a_permanence_date_may_hide_its_day_or_month(date_perm, fails):
    perm = {"PREV_PERM": ["P2"], "LA_PERM": ["330"], "DATE_PERM": [date_perm]}
    assert ("632" in codes(clean_903(PrevPerm=perm))) == fails


def test_a_previous_order_needs_its_authority_and_date():
    assert "630" in codes(clean_903(PrevPerm={"PREV_PERM": ["P1"]}))
    assert "630" not in codes(clean_903(PrevPerm={"PREV_PERM": ["Z1"]}))


def test_care_that_began_before_the_year_needs_no_previous_permanence_entry():
    before_the_year = {"Episodes": {"DECOM": [D(2024, 5, 1), D(2025, 9, 1)]},
                       "PrevPerm": None}
    assert "630" not in codes(clean_903(**before_the_year))
