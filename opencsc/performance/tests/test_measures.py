"""Each measure's definition on a small hand-built cohort, the answer worked out by hand.

The cohorts are the return tables the measures read (CIN census and SSDA903 columns), for
the year 1 April 2025 to 31 March 2026, so no database is needed.
"""

import datetime

import polars as pl

from opencsc.performance import measures
from opencsc.performance.catalogue import BY_CODE, Direction, Unit
from opencsc.performance.engine import Status, _value, status_of
from opencsc.performance.tables import RollingYear, Tables
from opencsc.returns.cin.tables import frame as cin_frame
from opencsc.returns.ssda903.tables import frame as cla_frame

D = datetime.date
YEAR = RollingYear(D(2026, 3, 31))


def tables(cin=None, cla=None, local=None) -> Tables:
    return Tables(1, YEAR, {**{t: cin_frame(t, {}) for t in (
        "CINdetails", "Assessments", "Section47", "ChildProtectionPlans", "Reviews")},
        **(cin or {})}, {**{t: cla_frame(t, {}) for t in ("Episodes", "OC2", "OC3",
                                                           "Missing")}, **(cla or {})},
        local or {})


def share(units: pl.DataFrame) -> tuple[int, int]:
    return int(units["hit"].sum()), units.height


def test_the_rolling_year_to_a_march_is_the_collection_year():
    assert (YEAR.start, YEAR.end, YEAR.year) == (D(2025, 4, 1), D(2026, 3, 31), 2026)
    assert RollingYear(D(2025, 10, 31)).start == D(2024, 11, 1)


def test_assessments_count_when_authorised_by_the_45th_working_day():
    # From Monday 2 June 2025: 20 working days to 30 June, 23 in July (43), Friday 1 August
    # is the 44th and Monday 4 August the 45th. So 4 August is in time and 5 August late.
    t = tables(cin={"Assessments": cin_frame("Assessments", {
        "LAchildID": ["A", "B", "C", "D"], "CINdetailsID": [1, 2, 3, 4],
        "AssessmentActualStartDate": [D(2025, 6, 2), D(2025, 6, 2), D(2025, 1, 6),
                                      D(2026, 3, 2)],
        "AssessmentAuthorisationDate": [D(2025, 8, 4), D(2025, 8, 5), D(2025, 3, 20), None],
    })})
    # C was authorised before the year and D not yet: 1 in time of 2 authorised.
    assert share(measures.assessments_45wd(t)) == (1, 2)


def test_a_re_referral_is_within_12_months_of_the_last_referral():
    t = tables(cin={"CINdetails": cin_frame("CINdetails", {
        "LAchildID": ["A", "B", "C"], "CINdetailsID": [11, 12, 13],
        "CINreferralDate": [D(2025, 5, 1), D(2025, 7, 1), D(2025, 9, 1)],
        "ReferralNFA": ["false", "false", "true"]})},
        local={"referrals": pl.DataFrame({
            "pk": [1, 2, 11, 12, 13], "child": ["A", "B", "A", "B", "C"],
            "referral_date": [D(2024, 6, 1), D(2024, 6, 30), D(2025, 5, 1), D(2025, 7, 1),
                              D(2025, 9, 1)]})})
    # A: referred 1 June 2024, 11 months before 1 May 2025: a re-referral. B: 30 June 2024
    # is a year and a day before 1 July 2025: not. C: no earlier referral. 1 of 3.
    assert share(measures.re_referrals(t)) == (1, 3)
    # One of the three referrals ended in no further action.
    assert share(measures.referrals_nfa(t)) == (1, 3)
    assert measures.referrals_rate(t).height == 3


def test_plans_lasting_two_years_count_among_plans_ending_in_the_year():
    t = tables(cin={"ChildProtectionPlans": cin_frame("ChildProtectionPlans", {
        "LAchildID": ["A", "B", "C"], "CINdetailsID": [1, 2, 3], "CPPID": [1, 2, 3],
        "CPPstartDate": [D(2023, 5, 1), D(2024, 1, 10), D(2025, 1, 1)],
        "CPPendDate": [D(2025, 5, 1), D(2025, 12, 1), None],
        "NumberOfPreviousCPP": ["0", "1", "0"]})})
    # A lasted exactly 2 years; B 1 year 11 months; C is still open. 1 of the 2 ended.
    assert share(measures.cp_two_years(t)) == (1, 2)


def test_a_plan_reviews_on_time_only_if_every_review_was():
    t = tables(cin={
        "ChildProtectionPlans": cin_frame("ChildProtectionPlans", {
            "LAchildID": ["X", "Y", "Z", "W"], "CINdetailsID": [1, 2, 3, 4],
            "CPPID": [1, 2, 3, 4],
            "CPPstartDate": [D(2025, 10, 1), D(2025, 10, 1), D(2026, 2, 1), D(2025, 6, 1)]}),
        "Reviews": cin_frame("Reviews", {
            "LAchildID": ["X", "Y", "W"], "CINdetailsID": [1, 2, 4], "CPPID": [1, 2, 4],
            "CPPreviewDate": [D(2025, 12, 15), D(2026, 1, 5), D(2025, 8, 20)]})})
    # X: first review due 1 Jan 2026, held 15 Dec: on time; next due 15 June. Y: held 5 Jan,
    # late. Z: open under 3 months, not counted. W: reviewed 20 Aug (due 1 Sep), then due
    # 20 Feb 2026 and not held by 31 March: late. 1 of 3.
    assert share(measures.cp_reviews_on_time(t)) == (1, 3)


def test_three_placements_counts_the_one_at_the_start_of_the_year_and_each_new_one():
    t = tables(cla={"Episodes": cla_frame("Episodes", {
        "CHILD": ["A", "A", "A", "A", "B", "B", "C", "D"],
        "DECOM": [D(2025, 1, 1), D(2025, 6, 1), D(2025, 9, 1), D(2025, 11, 1),
                  D(2025, 5, 1), D(2025, 8, 1), D(2025, 4, 10), D(2025, 4, 10)],
        "RNE": ["S", "P", "L", "B", "S", "P", "S", "S"],
        "LS": ["C2", "C2", "C1", "C1", "C2", "C2", "V3", "C2"],
        "DEC": [D(2025, 6, 1), D(2025, 9, 1), D(2025, 11, 1), None, D(2025, 8, 1), None,
                None, D(2025, 12, 1)]})})
    # A: the placement held on 1 April, then P and B (L is a legal change): 3. B: 2.
    # C is on short breaks (V3) and D left care: not counted. 1 of 2.
    assert share(measures.cla_three_placements(t)) == (1, 2)
    assert measures.cla_rate(t).height == 2


def test_long_term_stability_is_two_years_with_one_carer_after_two_and_a_half_in_care():
    care = pl.DataFrame({
        "child": ["E", "E", "F", "F", "G", "H"],
        "born": [D(2014, 1, 1), D(2014, 1, 1), D(2012, 2, 1), D(2012, 2, 1), D(2009, 1, 1),
                 D(2015, 1, 1)],
        "start_date": [D(2022, 1, 1), D(2023, 6, 1), D(2023, 1, 1), D(2025, 1, 1),
                       D(2022, 1, 1), D(2024, 6, 1)],
        "end_date": [D(2023, 6, 1), None, D(2025, 1, 1), None, None, None],
        "reason_new_episode": ["S", "P", "S", "P", "S", "S"],
        "legal_status": ["C2"] * 6, "placement_type": ["U1"] * 6,
        "period__start_date": [D(2022, 1, 1)] * 2 + [D(2023, 1, 1)] * 2 + [D(2022, 1, 1),
                                                                            D(2024, 6, 1)],
        "placement__distance_miles": [None, 25.0, None, 3.0, 40.0, None]},
        schema_overrides={"placement__distance_miles": pl.Float64})
    t = tables(local={"care": care})
    # 31 March 2026: E (12) in care since 2022, with this carer since 1 June 2023 (more than
    # 2 years): stable. F (14) in care since Jan 2023 (3 years), new carer Jan 2025: not.
    # G is 17 (16 or over) and H in care under 2.5 years: not counted. 1 of 2.
    assert share(measures.cla_long_term_stability(t)) == (1, 2)
    # Distance now: E 25 miles and G 40 (over 20); F 3; H none recorded. 2 of 4.
    assert share(measures.cla_over_20_miles(t)) == (2, 4)


def test_a_placement_for_adoption_with_the_foster_carer_continues_the_placement_before():
    # Both in care since January 2022 with one foster carer, both placed for adoption in
    # January 2025 (recorded as a new placement, RNE P). J stayed with the foster carer
    # (A5), so has lived with that carer since 2022; K went to new adopters (A6): 1 of 2.
    care = pl.DataFrame({
        "child": ["J", "J", "K", "K"], "born": [D(2016, 1, 1)] * 4,
        "start_date": [D(2022, 1, 1), D(2025, 1, 1)] * 2,
        "end_date": [D(2025, 1, 1), None] * 2, "reason_new_episode": ["S", "P"] * 2,
        "legal_status": ["C2", "E1"] * 2, "placement_type": ["U1", "A5", "U1", "A6"],
        "period__start_date": [D(2022, 1, 1)] * 4, "placement__distance_miles": [None] * 4},
        schema_overrides={"placement__distance_miles": pl.Float64})
    assert share(measures.cla_long_term_stability(tables(local={"care": care}))) == (1, 2)


def test_a_child_looked_after_has_reviews_on_time_only_if_every_one_due_was():
    starts = {"A": D(2025, 1, 6), "B": D(2024, 6, 3), "C": D(2026, 3, 16), "D": D(2025, 9, 1)}
    care = pl.DataFrame({
        "child": list(starts), "born": [D(2015, 1, 1)] * 4, "start_date": list(starts.values()),
        "end_date": [None] * 4, "reason_new_episode": ["S"] * 4, "legal_status": ["C2"] * 4,
        "placement_type": ["U1"] * 4, "period__start_date": list(starts.values()),
        "placement__distance_miles": [None] * 4},
        schema_overrides={"placement__distance_miles": pl.Float64, "end_date": pl.Date})
    held = [("A", D(2025, 1, 30)), ("A", D(2025, 4, 25)), ("A", D(2025, 11, 10)),
            ("B", D(2024, 6, 28)), ("B", D(2024, 9, 20)), ("B", D(2025, 3, 15)),
            ("B", D(2025, 9, 10)), ("B", D(2026, 3, 9))]
    reviews = pl.DataFrame(held, schema={"child": pl.String, "review_date": pl.Date},
                           orient="row")
    units = measures.cla_reviews_on_time(tables(local={"care": care, "reviews": reviews}))
    # A: first review (30 Jan) set the second due by 30 April, held 25 April: on time; the
    # third was due by 25 October and held 10 November: late. B: its reviews due in the
    # year (15 September, 10 March) were held by then. C came into care in March: no
    # review due by 31 March. D has had none, and the first was due in September: late.
    assert dict(units.iter_rows()) == {"A": False, "B": True, "D": False}


def test_care_leavers_aged_19_to_21_in_touch_suitable_and_in_eet():
    t = tables(cla={"OC3": cla_frame("OC3", {
        "CHILD": ["L1", "L2", "L3", "L4"],
        "DOB": [D(2006, 6, 1), D(2005, 5, 1), D(2004, 9, 1), D(2008, 6, 1)],
        "IN_TOUCH": ["YES", "NO", "DIED", "YES"], "ACTIV": ["F1", "0", None, "F2"],
        "ACCOM": ["B1", "0", None, "T1"]})})
    # L4 is 17: not counted. L3 died: left out of "in touch" only. In touch: L1 of L1, L2.
    assert share(measures.care_leavers_in_touch(t)) == (1, 2)
    # Suitable accommodation and EET: L1 of L1, L2 and L3.
    assert share(measures.care_leavers_suitable(t)) == (1, 3)
    assert share(measures.care_leavers_eet(t)) == (1, 3)


def test_return_interviews_count_when_offered_within_72_hours():
    t = tables(local={"missing": pl.DataFrame({
        "child": ["A", "B", "C"], "end_date": [D(2025, 5, 1)] * 3,
        "return_interview_offered": [D(2025, 5, 4), D(2025, 5, 5), None]})})
    # Back on 1 May: offered by 4 May is within 72 hours; 5 May late; C never offered.
    assert share(measures.return_interviews(t)) == (1, 3)


def test_a_rate_is_per_10000_children_and_a_share_a_percentage():
    # 26 children of 30,000 is 8.67 per 10,000; 21 of 25 is 84%.
    assert _value(BY_CODE["cla_rate"], 26, 30_000) == 8.7
    assert _value(BY_CODE["assessments_45wd"], 21, 25) == 84.0
    assert _value(BY_CODE["assessments_45wd"], 0, 0) is None


def test_status_follows_the_direction_of_good():
    assert status_of(Direction.HIGHER, 80.0, 85.0) == Status.MISSED
    assert status_of(Direction.LOWER, 10.0, 12.0) == Status.MET
    assert status_of(Direction.NEITHER, 10.0, 12.0) == Status.NOT_JUDGED
    assert status_of(Direction.HIGHER, None, 85.0) == Status.NO_DATA
    assert status_of(Direction.HIGHER, 90.0, None) == Status.NO_TARGET
    assert BY_CODE["cla_rate"].unit == Unit.PER_10K
