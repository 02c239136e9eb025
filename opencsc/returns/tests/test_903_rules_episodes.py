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


# Edge cases named by the definitions.

@pytest.mark.parametrize("place, fails", [("H5", True), ("P2", True), ("Z1", True),
                                          ("Z11", False), ("K3", False), (None, False)])
def test_placement_types_are_this_years_list(place, fails):
    assert ("146" in codes(clean_903(**second(PLACE=place)))) == fails


def test_x1_needs_the_next_episode_to_begin_the_same_day():
    gap = {"Episodes": {"DEC": [D(2025, 8, 31), None]}}
    assert found_rows("388", clean_903(**gap)) == [0]
    assert found_rows("388", clean_903(**second(DEC=D(2026, 1, 5), REC="E4A"))) == []


def test_a_legal_status_spell_is_measured_across_its_episodes():
    two_short = episodes((D(2025, 5, 1), "S", "L1", "U6", D(2025, 5, 3), "X1"),
                         (D(2025, 5, 3), "L", "L1", "U6", D(2025, 5, 5), "X1"),
                         (D(2025, 5, 5), "L", "C1", "U6", None, None))
    assert found_rows("361", clean_903(**two_short)) == [0, 1]
    exactly_72_hours = episodes((D(2025, 5, 1), "S", "L1", "U6", D(2025, 5, 4), "X1"),
                                (D(2025, 5, 4), "L", "C1", "U6", None, None))
    assert "361" not in codes(clean_903(**exactly_72_hours))


def test_an_open_emergency_order_runs_to_31_march():
    late = episodes((D(2026, 3, 20), "S", "L2", "U6", None, None))
    assert "362" not in codes(clean_903(**late))
    assert "362" in codes(clean_903(**episodes((D(2026, 3, 9), "S", "L2", "U6", None, None))))


@pytest.mark.parametrize("ceased, fails", [(D(2025, 5, 18), False), (D(2025, 5, 19), True)])
def test_a_short_break_may_last_17_days(ceased, fails):
    one_break = episodes((D(2025, 5, 1), "S", "V3", "U6", ceased, "E8"))
    assert ("365" in codes(clean_903(**one_break))) == fails


def test_short_break_days_before_the_year_do_not_count_towards_75():
    across_april = episodes((D(2025, 1, 1), "S", "V3", "U6", D(2025, 6, 14), "E8"))
    assert "367" not in codes(clean_903(**across_april))  # 74 days inside the year
    longer = episodes((D(2025, 1, 1), "S", "V3", "U6", D(2025, 6, 16), "E8"))
    assert "367" in codes(clean_903(**longer))


def test_two_carer_holidays_are_allowed():
    two = episodes(*[(D(2025, 5, d), "P", "C2", "T3", D(2025, 5, d + 1), "X1") for d in (1, 3)],
                   (D(2025, 5, 5), "P", "C2", "U4", None, None))
    assert "377" not in codes(clean_903(**two))


def test_returning_to_the_same_placement_after_a_temporary_one_passes_383():
    back = episodes((D(2025, 5, 1), "S", "C2", "U4", D(2025, 9, 1), "X1"),
                    (D(2025, 9, 1), "P", "C2", "T2", D(2025, 9, 8), "X1"),
                    (D(2025, 9, 8), "P", "C2", "U4", None, None))
    assert "383" not in codes(clean_903(**back))


def test_a_placement_for_adoption_after_fostering_or_as_the_first_episode_passes_336():
    assert "336" not in codes(clean_903(**second(PLACE="A5", RNE="T")))
    assert "336" not in codes(clean_903(Episodes={"PLACE": ["A5", "A5"], "RNE": ["S", "T"]}))


def test_urn_is_needed_only_for_placements_in_the_year_and_in_england():
    ended_before = {"Episodes": {"DECOM": [D(2024, 5, 1), D(2025, 3, 31)],
                                 "DEC": [D(2025, 3, 31), None], "URN": [None, "SC654321"]}}
    assert found_rows("218", clean_903(**ended_before)) == []
    in_wales = {"Episodes": {"URN": ["SC123456", None], "PL_LA": ["330", "WAL"]}}
    assert "218" not in codes(clean_903(**in_wales))
    assert "222" not in codes(clean_903(**second(PLACE="R1", URN="XXXXXXX")))


def test_children_who_were_uasc_and_short_breaks_need_no_postcodes():
    no_postcode = {"HOME_POST": [None, None]}
    was_uasc = {"CHILD": ["C1"], "SEX": ["F"], "DOB": [D(2012, 6, 15)],
                "DUC": [D(2024, 6, 15)]}
    assert "392b" not in codes(clean_903(Episodes=no_postcode, UASC=was_uasc))
    last_year = clean_903(UASC=was_uasc)
    assert "392b" not in codes(clean_903(Episodes=no_postcode),
                               Context(year=2026, previous=last_year))
    assert "392b" not in codes(clean_903(Episodes={**no_postcode, "LS": ["V4", "V4"]}))


def test_postcodes_are_compared_without_spaces_or_case_and_p1_may_share_one():
    assert "392d" in codes(clean_903(Episodes={"PL_POST": ["b11", "B3 3"]}))
    at_home = second(PLACE="P1", PLACE_PROVIDER="PR0", URN=None, PL_POST="B1 1")
    assert "392d" not in codes(clean_903(**at_home))


def test_an_adoption_last_year_makes_this_years_episodes_fail_199():
    adopted = clean_903(Episodes={"DECOM": [D(2023, 5, 1), D(2023, 9, 1)],
                                  "DEC": [D(2023, 9, 1), D(2024, 2, 1)], "REC": ["X1", "E11"],
                                  "PLACE": ["U6", "A5"]})
    this_year = Context(year=2026, previous=adopted)
    assert found_rows("199", clean_903(), this_year) == [0, 1]
    assert found_rows("199", clean_903()) == []


# Ages: a birthday on the date counts as having reached that age, except where the DfE
# definition says otherwise (358: a tenth birthday on the start date is still under 10).

@pytest.mark.parametrize("dob, fails", [(D(2009, 9, 1), False), (D(2009, 9, 2), True)])
def test_supported_accommodation_from_the_16th_birthday(dob, fails):
    assert ("371" in codes(clean_903(**born(dob, **second(PLACE="K3"))))) == fails


@pytest.mark.parametrize("dob, fails", [(D(2015, 9, 1), True), (D(2015, 8, 31), False)])
def test_youth_justice_status_on_the_tenth_birthday_is_under_10(dob, fails):
    assert ("358" in codes(clean_903(**born(dob, **second(LS="J1"))))) == fails


@pytest.mark.parametrize("dob, fails", [(D(2007, 9, 2), False), (D(2007, 9, 1), True)])
def test_adoption_must_come_before_the_18th_birthday(dob, fails):
    adopted = {"Episodes": {"REC": ["E11", None], "PLACE": ["A5", "U4"]}}
    assert ("386" in codes(clean_903(**born(dob, **adopted)))) == fails


@pytest.mark.parametrize("dob, fails", [(D(2008, 3, 31), False), (D(2008, 3, 30), True)])
def test_over_18_at_31_march_needs_section_20_5_in_a_childrens_home(dob, fails):
    assert ("359" in codes(clean_903(**born(dob)))) == fails
    in_a_home = second(LS="V2", PLACE="K2", PLACE_PROVIDER="PR4")
    assert "359" not in codes(clean_903(**born(dob, **in_a_home)))
