"""CIN rules on episodes (CINdetails) and the activity recorded in them. Each rule finds
what is planted; edge cases from the DfE definitions pass."""

import datetime

import pytest

from opencsc.returns.validation.engine import Context, validate

from .cin_builder import clean_census

D = datetime.date


def codes(tables, year=2026) -> set[str]:
    report = validate("cin", tables, Context(year=year))
    assert report.broken == {}
    return set(report.findings["code"].to_list())


def found_rows(code, tables, year=2026) -> list[int]:
    report = validate("cin", tables, Context(year=year))
    return sorted(report.findings.filter(report.findings["code"] == code)["row"].to_list())


CLOSED = {"CINclosureDate": [D(2026, 1, 5)], "ReasonForClosure": ["RC7"]}
CLOSED_AFTER_ASSESSMENT = {"CINclosureDate": [D(2025, 6, 2)], "ReasonForClosure": ["RC8"]}
ASSESSMENT_ONLY = {"Section47": None, "ChildProtectionPlans": None, "Reviews": None,
                   "CINplanDates": None}


def two_episodes(first_closed=None, second_closed=None, **extra) -> dict:
    """Referrals on 1 May and 1 September 2025, closed (RC7) on the dates given."""
    return {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 2],
            "CINreferralDate": [D(2025, 5, 1), D(2025, 9, 1)],
            "CINclosureDate": [first_closed, second_closed],
            "ReasonForClosure": ["RC7" if first_closed else None,
                                 "RC7" if second_closed else None], **extra}


FIRST_CONFERENCE = D(2025, 5, 27)


def two_enquiries(second_started, first_conference=FIRST_CONFERENCE, **extra) -> dict:
    """Enquiries in one episode: from 6 May 2025 to a conference, and one not needing one."""
    return {"LAchildID": ["C1", "C1"], "CINdetailsID": [1, 1],
            "S47ActualStartDate": [D(2025, 5, 6), second_started],
            "DateOfInitialCPC": [first_conference, None],
            "ICPCnotRequired": ["false", "true"], **extra}


PLANTED = [
    ("8600", {"CINdetails": {"CINreferralDate": [D(2026, 4, 1)]}}),
    ("8606", {"CINdetails": {"CINreferralDate": [D(2014, 7, 24)]}}),
    ("8555Q", {"ChildIdentifiers": {"PersonDeathDate": [D(2025, 4, 30)]}}),
    ("8866", {"CINdetails": {"ReferralSource": ["11"]}}),
    ("8650", {"CINdetails": {"PrimaryNeedCode": ["N10"]}}),
    ("8610", {"CINdetails": {"PrimaryNeedCode": [None]}}),
    ("8620", {"CINdetails": {**CLOSED, "CINclosureDate": [D(2026, 4, 1)]}}),
    ("8630", {"CINdetails": {**CLOSED, "CINclosureDate": [D(2025, 4, 30)]}}),
    ("8640", {"CINdetails": {**CLOSED, "ReasonForClosure": ["RC10"]}}),
    ("8585Q", {"CINdetails": {**CLOSED, "ReasonForClosure": ["RC2"]}}),
    ("8568", {"CINdetails": {"ReferralNFA": ["no"]}}),
    ("8569Q", {"CINdetails": {"CINreferralDate": [D(2025, 3, 1)], "ReferralNFA": ["true"]}}),
    ("8816", {"CINdetails": two_episodes(second_closed=D(2025, 10, 1))}),
    ("8820", {"CINdetails": two_episodes(first_closed=D(2025, 10, 1),
                                         second_closed=D(2025, 11, 1))}),
    ("2990", {"CINdetails": CLOSED_AFTER_ASSESSMENT}),
    ("2991Q", {"Assessments": None}),
    ("8825Q", {"CINdetails": CLOSED_AFTER_ASSESSMENT, "Assessments": None}),
    ("8831", {"CINdetails": {"ReferralNFA": ["true"]}}),
    ("8867", {"CINdetails": CLOSED, "Assessments": {"AssessmentAuthorisationDate": [None]}}),
    ("8868", {"CINdetails": CLOSED, "Section47": {"DateOfInitialCPC": [None]}}),
    ("8890", {"Section47": two_enquiries(D(2025, 5, 10))}),
]


@pytest.mark.parametrize("code, changes", PLANTED, ids=[c for c, _ in PLANTED])
def test_each_rule_finds_what_is_planted(code, changes):
    assert code in codes(clean_census(**changes))


@pytest.mark.parametrize("referred, found", [(D(2026, 3, 31), False), (D(2026, 4, 1), True)])
def test_8600_allows_a_referral_on_the_last_day_of_the_year(referred, found):
    assert ("8600" in codes(clean_census(CINdetails={"CINreferralDate": [referred]}))) is found


def test_8600_reports_a_missing_referral_date():
    assert "8600" in codes(clean_census(CINdetails={"CINreferralDate": [None]}))


@pytest.mark.parametrize("referred, found", [(D(2014, 7, 25), False), (D(2014, 7, 24), True)])
def test_8606_allows_a_referral_280_days_before_birth(referred, found):
    # The child was born on 1 May 2015: 280 days before is 25 July 2014.
    assert ("8606" in codes(clean_census(CINdetails={"CINreferralDate": [referred]}))) is found


def test_8606_measures_an_unborn_child_from_the_expected_date():
    unborn = {"PersonBirthDate": [None], "ExpectedPersonBirthDate": [D(2026, 6, 1)],
              "Sex": ["U"]}
    assert "8606" in codes(clean_census(ChildIdentifiers=unborn))  # referred May 2025
    assert "8606" not in codes(clean_census(ChildIdentifiers={
        **unborn, "ExpectedPersonBirthDate": [D(2026, 2, 1)]}))


def test_8555q_allows_a_referral_on_the_day_of_death():
    found = codes(clean_census(ChildIdentifiers={"PersonDeathDate": [D(2025, 5, 1)]}))
    assert "8555Q" not in found


def test_8866_accepts_5d_and_any_source_before_april_2013():
    assert "8866" not in codes(clean_census(CINdetails={"ReferralSource": ["5D"]}))
    old = {"CINreferralDate": [D(2013, 3, 31)], "ReferralSource": [None]}
    assert "8866" not in codes(clean_census(CINdetails=old))


def test_an_nfa_referral_needs_no_primary_need_and_may_be_left_open():
    nfa_referral = {"ReferralNFA": ["true"], "PrimaryNeedCode": [None]}
    found = codes(clean_census(CINdetails=nfa_referral, Assessments=None, **ASSESSMENT_ONLY))
    assert found.isdisjoint({"8568", "8610", "8815", "8816", "8820", "8831", "2991Q"})


@pytest.mark.parametrize("closed, found", [
    (D(2025, 3, 31), True), (D(2025, 4, 1), False), (D(2026, 3, 31), False),
    (D(2026, 4, 1), True)])
def test_8620_allows_closure_on_the_first_and_last_days_of_the_year(closed, found):
    changes = {"CINreferralDate": [D(2025, 3, 1)], "CINclosureDate": [closed],
               "ReasonForClosure": ["RC7"]}
    assert ("8620" in codes(clean_census(CINdetails=changes))) is found


def test_8630_allows_closure_on_the_day_of_referral():
    changes = {**CLOSED, "CINclosureDate": [D(2025, 5, 1)]}
    assert "8630" not in codes(clean_census(CINdetails=changes))


def test_8568_accepts_every_spelling_of_the_flag():
    for flag in ["true", "false", "TRUE", "FALSE", "0", "1"]:
        assert "8568" not in codes(clean_census(CINdetails={"ReferralNFA": [flag]}))
    assert "8568" in codes(clean_census(CINdetails={"ReferralNFA": [None]}))


@pytest.mark.parametrize("year, referred, found", [
    (2026, D(2025, 3, 31), False),  # Monday, the working day before 1 April 2025
    (2026, D(2025, 3, 28), True),
    (2025, D(2024, 3, 28), False),  # 1 April 2024 was Easter Monday, 29 March Good Friday
    (2025, D(2024, 3, 27), True),
])
def test_8569q_counts_back_one_working_day_from_the_start_of_the_year(year, referred, found):
    tables = clean_census(CINdetails={"CINreferralDate": [referred], "ReferralNFA": ["1"]},
                          Header={"ReferenceDate": [D(year, 3, 31)]})
    assert ("8569Q" in codes(tables, year=year)) is found


def test_8816_allows_an_open_nfa_referral_before_the_latest():
    episodes = two_episodes(second_closed=D(2025, 10, 1), ReferralNFA=["true", "false"])
    assert "8816" not in codes(clean_census(CINdetails=episodes))


def test_8816_reports_the_open_episode_that_is_not_latest():
    assert found_rows("8816", clean_census(
        CINdetails=two_episodes(second_closed=D(2025, 10, 1)))) == [0]


def test_8820_allows_an_episode_to_start_the_day_the_last_one_closed():
    episodes = two_episodes(first_closed=D(2025, 9, 1))
    assert "8820" not in codes(clean_census(CINdetails=episodes))


def test_8820_reports_the_episode_that_starts_inside_an_open_one():
    episodes = two_episodes(second_closed=D(2025, 10, 1))
    assert found_rows("8820", clean_census(CINdetails=episodes)) == [1]


def test_8820_ignores_an_open_nfa_referral():
    episodes = two_episodes(second_closed=D(2025, 10, 1), ReferralNFA=["true", "false"])
    assert "8820" not in codes(clean_census(CINdetails=episodes))


def test_2990_counts_a_conference_recorded_on_the_episode():
    closed = {**CLOSED_AFTER_ASSESSMENT, "ReasonForClosure": ["RC9"],
              "DateOfInitialCPC": [D(2025, 5, 20)]}
    assert "2990" in codes(clean_census(CINdetails=closed, **ASSESSMENT_ONLY))


def test_closing_after_an_assessment_alone_passes_2990_and_8825q():
    found = codes(clean_census(CINdetails=CLOSED_AFTER_ASSESSMENT, **ASSESSMENT_ONLY))
    assert found.isdisjoint({"2990", "8825Q"})


@pytest.mark.parametrize("activity", ["Section47", "ChildProtectionPlans", "CINplanDates"])
def test_2990_counts_each_kind_of_later_activity(activity):
    kept = {name: None for name in ASSESSMENT_ONLY if name != activity}
    assert "2990" in codes(clean_census(CINdetails=CLOSED_AFTER_ASSESSMENT, **kept))


def test_8867_passes_a_closed_episode_without_assessments():
    found = codes(clean_census(CINdetails=CLOSED, Assessments=None, **ASSESSMENT_ONLY))
    assert "8867" not in found


def test_8868_accepts_conference_not_required():
    enquiry = {"DateOfInitialCPC": [None], "ICPCnotRequired": ["true"]}
    found = codes(clean_census(CINdetails=CLOSED, Section47=enquiry, ChildProtectionPlans=None))
    assert "8868" not in found


def test_8890_counts_a_start_on_the_day_of_the_other_enquirys_conference():
    assert "8890" in codes(clean_census(Section47=two_enquiries(D(2025, 5, 27))))
    assert "8890" not in codes(clean_census(Section47=two_enquiries(D(2025, 5, 28))))


def test_8890_ignores_enquiries_in_different_episodes():
    episodes = two_episodes(first_closed=D(2025, 8, 1))
    enquiries = two_enquiries(D(2025, 5, 10), CINdetailsID=[1, 2])
    assert "8890" not in codes(clean_census(CINdetails=episodes, Section47=enquiries))


def test_8890_treats_an_enquiry_without_a_conference_as_open_to_the_year_end():
    enquiries = two_enquiries(D(2025, 9, 1), first_conference=None,
                              ICPCnotRequired=["false", "false"])
    assert "8890" in codes(clean_census(Section47=enquiries))
