"""Ofsted Annex A built from a small history recorded through the actions.

The workbook is written to disk and read back with openpyxl, as an inspector's analyst
would open it. Every expected value below is worked out by hand from the history.
"""

import datetime
import io

import openpyxl
import pytest
import time_machine
from django.core.management import call_command

from opencsc.care_leavers import actions as leaver_actions
from opencsc.casework import actions as casework
from opencsc.casework.models import (
    Contact,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
)
from opencsc.core.models import AuditEntry
from opencsc.looked_after import actions as care
from opencsc.looked_after.models import Provider
from opencsc.organisations.models import Organisation
from opencsc.people.models import Disability, Person
from opencsc.returns.annex_a import COLUMNS, annex_a_workbook, write_annex_a

D = datetime.date
AS_OF = D(2026, 6, 30)  # window: 1 July 2025 to 30 June 2026
NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
LISTS = [f"List {n}" for n in range(1, 12)]
QUERIES = 27  # one per kind of row read, none per child or event


def contact(worker, child, day, source, outcome):
    recorded = casework.record_contact(actor=worker, children=[child], details={
        "received_at": datetime.datetime(day.year, day.month, day.day, 10, tzinfo=datetime.UTC),
        "contactor_name": "Caller", "source": source, "concern": "Worried about the child",
        "consent": Contact.Consent.GIVEN, "legal_basis": Contact.LegalBasis.PUBLIC_TASK})
    return casework.decide_contact(recorded, actor=worker, outcome=outcome)


def protection_history(child, worker, manager):
    """An old and a recent NFA referral, then a referral that leads to a CP plan."""
    casework.open_referral(child, actor=worker, referral_date=D(2025, 3, 2), source="6",
                           next_step=Referral.NextStep.NFA)
    contact(worker, child, D(2025, 3, 2), "6", Contact.Outcome.NFA)
    casework.open_referral(child, actor=worker, referral_date=D(2025, 9, 1), source="3A",
                           next_step=Referral.NextStep.NFA)
    [referral] = contact(worker, child, D(2026, 3, 6), "2A", Contact.Outcome.REFERRAL)
    assessment = casework.start_assessment(referral, actor=worker, start_date=D(2026, 3, 9))
    discussion = casework.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2026, 3, 10),
        decision=StrategyDiscussion.Decision.SECTION_47)
    casework.complete_assessment(assessment, actor=worker, completed_date=D(2026, 3, 20), data={
        "factors": ["3B"], "primary_need": "N1", "outcome": "strategy",
        "child_seen_date": D(2026, 3, 9), "child_seen_alone": True})
    casework.authorise_assessment(assessment, actor=manager, authorisation_date=D(2026, 3, 23))
    section47 = Section47.objects.get(strategy=discussion)
    casework.conclude_section47(section47, actor=worker, end_date=D(2026, 3, 27),
                                outcome=Section47.Outcome.ICPC)
    conference = casework.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 3, 30),
        decision=InitialConference.Decision.PLAN, initial_category="PHY")
    for day, alone in ((D(2026, 4, 20), True), (D(2026, 5, 20), False)):
        casework.record_visit(referral, actor=worker, kind="cp", visit_date=day,
                              child_seen=True, child_seen_alone=alone)
    casework.record_cp_review(conference.plan, actor=worker, review_date=D(2026, 6, 26),
                              decision=CPReview.Decision.CONTINUE, latest_category="NEG")


def care_history(child, worker, iro):
    foster = Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                     provider_code="PR1", postcode="B15 2TT", urn="SC123456")
    agency = Provider.objects.create(name="Brightwater: the Osei household",
                                     kind="agency_foster", provider_code="PR4", urn="1234567")
    period = care.start_period_of_care(
        child, actor=worker, start_date=D(2025, 10, 1), legal_status="C1",
        category_of_need="N1", placement_type="U6", provider=foster,
        placement_details={"postcode": "B15 2TT", "placement_la": "330"})
    care.record_statutory_visit(period, actor=worker, visit_date=D(2025, 10, 5),
                                child_seen=True, child_seen_alone=True)
    care.record_care_plan(period, actor=worker, plan_date=D(2025, 10, 8),
                          permanence_plan="Long-term fostering")
    care.record_review(period, actor=worker, review_date=D(2025, 10, 20), participation="PN1",
                       iro=iro)
    care.record_health_assessment(child, actor=worker, kind="initial",
                                  assessment_date=D(2025, 10, 25))
    care.change_legal_status(period, actor=worker, change_date=D(2026, 1, 10),
                             legal_status="C2")
    care.record_health_check(child, actor=worker, kind="dental", check_date=D(2026, 1, 15))
    care.change_placement(period, actor=worker, change_date=D(2026, 2, 1), provider=agency,
                          placement_type="U4", reason_placement_change="CARPL",
                          placement_details={"postcode": "WS1 1AA", "placement_la": "335"})
    missing = care.record_missing(child, actor=worker, kind="M", start_date=D(2026, 3, 1))
    care.record_return(missing, actor=worker, end_date=D(2026, 3, 2),
                       return_interview_offered=D(2026, 3, 3), return_interview_accepted=False)
    care.record_missing(child, actor=worker, kind="A", start_date=D(2026, 4, 1),
                        end_date=D(2026, 4, 1))
    care.record_review(period, actor=worker, review_date=D(2026, 4, 10), participation="PN1")
    care.record_statutory_visit(period, actor=worker, visit_date=D(2026, 5, 15),
                                child_seen=True, child_seen_alone=False)
    care.record_adoption(child, actor=worker, decision_date=D(2026, 3, 15),
                         placement_order_date=D(2026, 5, 1))


def leaver_history(child, worker, adviser):
    foster = Provider.objects.create(name="The Reyes household", kind="in_house_foster",
                                     provider_code="PR1")
    period = care.start_period_of_care(
        child, actor=worker, start_date=D(2022, 9, 1), legal_status="V2",
        category_of_need="N4", placement_type="U6", provider=foster)
    care.cease_care(period, actor=worker, end_date=D(2025, 1, 15), reason_ceased="E17")
    leaver_actions.appoint_personal_adviser(child, actor=worker, adviser=adviser,
                                            start_date=D(2025, 1, 16))
    leaver_actions.record_keep_in_touch(child, actor=worker, contact_date=D(2026, 1, 20),
                                        in_touch="YES", activity="F2", accommodation="Z",
                                        accommodation_suitable=True)


@pytest.fixture
def history(make_child, personas, trust):
    worker, manager = personas["social.worker"], personas["team.manager"]
    with time_machine.travel(NOW, tick=False):
        ruby = make_child(worker="social.worker", given="Ruby", sex="F", ethnicity="WBRI")
        protection_history(ruby, worker, manager)
        kai = make_child(team="Children in Care Team", worker="other.worker", given="Kai",
                         dob=D(2016, 5, 5), sex="M", ethnicity="BAFR")
        Disability.objects.create(person=kai, code="AUT")
        care_history(kai, worker, iro=manager)
        lee = make_child(team="Care Leavers Team", given="Lee", dob=D(2007, 1, 15), sex="U")
        leaver_history(lee, worker, adviser=personas["other.worker"])
        other_council = Organisation.objects.create(name="Elsewhere Council", la_code="331",
                                                    kind=Organisation.Kind.COUNCIL)
        stranger = Person.objects.create(responsible_council=other_council, given_names="Ola",
                                         family_name="Stranger", la_child_id="STRANGER1",
                                         date_of_birth=D(2014, 2, 2))
        contact(worker, stranger, D(2026, 2, 2), "6", Contact.Outcome.REFERRAL)
    return {"ruby": ruby, "kai": kai, "lee": lee, "council": trust.council}


def build(history, tmp_path, **kw):
    path = tmp_path / "annex_a.xlsx"
    write_annex_a(history["council"], path, as_of=AS_OF, **kw)
    return openpyxl.load_workbook(path)


def rows(book, name):
    """The list's data rows as dicts; dates read back as dates."""
    sheet = book[name]
    header = [c.value for c in sheet[1]]
    found = []
    for row in sheet.iter_rows(min_row=2):
        found.append({h: (c.value.date() if isinstance(c.value, datetime.datetime) else c.value)
                      for h, c in zip(header, row, strict=True)})
    return found


def row_for(book, name, child):
    [found] = [r for r in rows(book, name) if r["Child Unique ID"] == child.la_child_id]
    return found


def common(child, gender, ethnicity, born, age, disabled=None):
    values = {"Child Unique ID": child.la_child_id, "Gender": gender, "Ethnicity": ethnicity,
              "Date of Birth": born, "Age of Child (years)": age}
    if disabled is not None:
        values["Does the child have a disability"] = disabled
    return values


RUBY = ("b) Female", "WBRI", D(2015, 6, 1), 11)
CP_TEAM = {"Allocated team": "Child Protection Team North", "Allocated worker": "Sam Okafor"}


@pytest.mark.django_db
def test_the_workbook_has_a_sheet_per_list_with_bold_frozen_headers(history, tmp_path):
    book = build(history, tmp_path)
    assert book.sheetnames == LISTS
    for name in LISTS:
        sheet = book[name]
        assert [c.value for c in sheet[1]] == COLUMNS[name]
        assert all(c.font.bold for c in sheet[1])
        assert sheet.freeze_panes == "A2"
        assert sheet.column_dimensions["A"].width > 10
    assert book["List 1"]["A1"].value == "Child Unique ID"
    assert book["List 8"].cell(1, 6).value == "UASC in last 12 months"
    assert book["List 2"].max_row == 1 and book["List 11"].max_row == 1


@pytest.mark.django_db
def test_contacts_in_the_window_are_listed_and_older_ones_are_not(history, tmp_path):
    book = build(history, tmp_path)
    ruby = history["ruby"]
    assert [r for r in rows(book, "List 1") if r["Child Unique ID"] == ruby.la_child_id] == [
        {**common(ruby, *RUBY), "Date of contact": D(2026, 3, 6),
         "Contact source": "2A) Schools"}]
    cell = book["List 1"]["F2"]
    assert cell.is_date and isinstance(cell.value, datetime.datetime)


@pytest.mark.django_db
def test_referrals_count_the_last_12_months(history, tmp_path):
    book = build(history, tmp_path)
    ruby = history["ruby"]
    mine = [r for r in rows(book, "List 3") if r["Child Unique ID"] == ruby.la_child_id]
    # 2 March 2025 is before the window: not listed and not counted.
    assert mine == [
        {**common(ruby, *RUBY), "Date of referral": D(2025, 9, 1),
         "Referral source": "3A) Health: GP", "Referral NFA?": "Y",
         "Number of referrals in last 12 months": 2, **CP_TEAM},
        {**common(ruby, *RUBY), "Date of referral": D(2026, 3, 6),
         "Referral source": "2A) Schools", "Referral NFA?": "N",
         "Number of referrals in last 12 months": 2, **CP_TEAM}]


@pytest.mark.django_db
def test_assessments_and_section_47s(history, tmp_path):
    book = build(history, tmp_path)
    ruby = history["ruby"]
    assert row_for(book, "List 4", ruby) == {
        **common(ruby, *RUBY, "N"), "Continuous assessment start date": D(2026, 3, 9),
        "Child seen during continuous assessment": "Y",
        "Continuous assessment date of authorisation": D(2026, 3, 23),
        "Was the child assessed as requiring LA children's social care support?": "Y",
        **CP_TEAM}
    assert list(row_for(book, "List 5", ruby).values()) == [
        *common(ruby, *RUBY, "N").values(), D(2026, 3, 10), "N", D(2026, 3, 30), "Y", 1, 1,
        *CP_TEAM.values()]


@pytest.mark.django_db
def test_children_in_need_and_child_protection(history, tmp_path):
    book = build(history, tmp_path)
    ruby = history["ruby"]
    # NFA referrals are not CIN episodes; last seen is the later CP visit.
    assert rows(book, "List 6")[0]["Child Unique ID"] == ruby.la_child_id
    assert row_for(book, "List 6", ruby) == {
        **common(ruby, *RUBY, "N"), "Child in need start date": D(2026, 3, 6),
        "Primary need code": "N1", "Date child was last seen": D(2026, 5, 20),
        "Child in need closure date": None, "Reason for closure": None,
        "Case status": "b) Child protection plan", **CP_TEAM}
    assert list(row_for(book, "List 7", ruby).values()) == [
        *common(ruby, *RUBY, "N").values(), D(2026, 3, 30), "PHY", "NEG", D(2026, 5, 20), "N",
        D(2026, 6, 26), None, "N", 0, *CP_TEAM.values()]


@pytest.mark.django_db
def test_children_in_care(history, tmp_path):
    book = build(history, tmp_path)
    kai = history["kai"]
    assert list(row_for(book, "List 8", kai).values()) == [
        *common(kai, "a) Male", "BAFR", D(2016, 5, 5), 10).values(),
        "N", "Y", D(2025, 10, 1), "N1", "N", D(2026, 1, 10), "C2",
        D(2026, 4, 10), D(2026, 5, 15), "Long-term fostering", D(2025, 10, 20),
        D(2025, 10, 25), D(2026, 1, 15), 2, None, None, D(2026, 2, 1), "U4", "PR4",
        "WS1 1AA", "1234567", "Out", "335", 1, 1, "Y", "N",
        "Children in Care Team", "Priya Lindqvist"]
    # The care leaver's care ended before the window.
    assert history["lee"].la_child_id not in {r["Child Unique ID"] for r in rows(book, "List 8")}


@pytest.mark.django_db
def test_care_leavers_and_adoption(history, tmp_path):
    book = build(history, tmp_path)
    lee, kai = history["lee"], history["kai"]
    assert list(row_for(book, "List 9", lee).values()) == [
        *common(lee, "c) Not stated/recorded", "NOBT", D(2007, 1, 15), 19).values(), "N",
        "Care Leavers Team", "Priya Lindqvist", "Former relevant", "YES", "Z", "Suitable", "F2"]
    assert list(row_for(book, "List 10", kai).values()) == [
        *common(kai, "a) Male", "BAFR", D(2016, 5, 5), 10).values(), None, "Y",
        D(2025, 10, 1), D(2026, 3, 15), D(2026, 5, 1), None, None, None, None, None, None]


@pytest.mark.django_db
def test_a_shorter_window_leaves_out_earlier_events(history, tmp_path):
    book = build(history, tmp_path, lookback_months=3)  # 1 April to 30 June 2026
    ruby = history["ruby"]
    assert rows(book, "List 1") == []
    assert rows(book, "List 3") == []
    assert row_for(book, "List 7", ruby)["Child protection plan start date"] == D(2026, 3, 30)


@pytest.mark.django_db
def test_a_child_of_another_council_never_appears(history, tmp_path):
    book = build(history, tmp_path)
    for name in LISTS:
        for row in book[name].iter_rows(values_only=True):
            assert "STRANGER1" not in row


@pytest.mark.django_db
def test_the_returns_command_writes_annex_a(history, tmp_path):
    path = tmp_path / "out" / "annex_a.xlsx"
    call_command("returns", "annex-a", "--la", "330", "--out", str(path), "--as-of",
                 "2026-06-30", "--months", "3", stdout=io.StringIO())
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == LISTS
    assert rows(book, "List 1") == []  # the March contact is outside three months
    assert row_for(book, "List 8", history["kai"])["Legal status"] == "C2"
    assert AuditEntry.objects.filter(object_id="annex-a 330 2026-06-30").exists()


@pytest.mark.django_db
def test_a_council_with_no_history_gets_every_sheet_with_headers_only(trust, tmp_path):
    path = tmp_path / "empty.xlsx"
    write_annex_a(trust.council, path, as_of=AS_OF)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == LISTS
    assert all(book[name].max_row == 1 for name in LISTS)


@pytest.mark.django_db
def test_a_closed_episode_after_an_nfa_assessment(make_child, personas, trust, tmp_path):
    worker, manager = personas["social.worker"], personas["team.manager"]
    with time_machine.travel(NOW, tick=False):
        ana = make_child(worker="social.worker", given="Ana", sex="F", ethnicity="WBRI")
        [referral] = contact(worker, ana, D(2026, 1, 5), "1A", Contact.Outcome.REFERRAL)
        assessment = casework.start_assessment(referral, actor=worker, start_date=D(2026, 1, 6))
        casework.complete_assessment(assessment, actor=worker, completed_date=D(2026, 1, 20),
                                     data={"primary_need": "N4", "outcome": "nfa",
                                           "factors": ["21"], "child_seen_date": D(2026, 1, 7)})
        casework.authorise_assessment(assessment, actor=manager,
                                      authorisation_date=D(2026, 1, 21))
        closure = casework.request_closure(referral, actor=worker, closure_date=D(2026, 1, 22),
                                           reason="RC8", summary="No further action")
        casework.decide_closure(closure, actor=manager, approve=True)
    book = build({"council": trust.council}, tmp_path)
    assessed = row_for(book, "List 4", ana)
    assert assessed["Was the child assessed as requiring LA children's social care support?"] == "N"
    episode = row_for(book, "List 6", ana)
    assert (episode["Child in need closure date"], episode["Reason for closure"],
            episode["Case status"], episode["Date child was last seen"]) == (
        D(2026, 1, 22), "RC8", "e) Closed episode", D(2026, 1, 7))
    # Read as of 10 January, the assessment was still open and nothing had closed.
    path = tmp_path / "earlier.xlsx"
    write_annex_a(trust.council, path, as_of=D(2026, 1, 10))
    earlier = openpyxl.load_workbook(path)
    episode = row_for(earlier, "List 6", ana)
    assert (episode["Child in need closure date"], episode["Reason for closure"],
            episode["Case status"], episode["Primary need code"]) == (
        None, None, "d) Open assessment", None)
    assessed = row_for(earlier, "List 4", ana)
    assert assessed["Continuous assessment date of authorisation"] is None


@pytest.mark.django_db
def test_the_workbook_reads_the_record_in_a_fixed_number_of_queries(
        history, django_assert_num_queries):
    # One query per kind of row, however many children: no query per child or event.
    with django_assert_num_queries(QUERIES):
        annex_a_workbook(history["council"], as_of=AS_OF)
