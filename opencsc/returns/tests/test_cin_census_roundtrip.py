"""The CIN census built from the record is valid against the XSD and reads back the same."""

import datetime
import io
from pathlib import Path

import pytest
import time_machine
import xmlschema
from polars.testing import assert_frame_equal

from opencsc.casework import actions
from opencsc.casework.models import Contact, CPReview, InitialConference, Section47
from opencsc.returns.cin.extract import census_tables
from opencsc.returns.cin.reader import read_cin_xml
from opencsc.returns.cin.writer import write_cin_xml
from opencsc.returns.years import CollectionYear

D = datetime.date
SCHEMAS = Path(__file__).resolve().parents[4] / "shared" / "domain" / "schemas"


@pytest.fixture
def schema_2026():
    path = SCHEMAS / "CIN_schema_2026_derived.xsd"
    if not path.exists():
        pytest.skip(f"CIN schema not found at {path}")
    return xmlschema.XMLSchema(str(path))


def record_cp_journey(child, worker, manager):
    """Contact in May 2025 to a plan ended by review and a signed-off closure in 2026."""
    contact = actions.record_contact(actor=worker, children=[child], details={
        "received_at": datetime.datetime(2025, 5, 6, 10, tzinfo=datetime.UTC),
        "contactor_name": "School nurse", "source": "3C", "concern": "Disclosure",
        "consent": Contact.Consent.NOT_SOUGHT, "legal_basis": Contact.LegalBasis.SAFEGUARDING})
    [referral] = actions.decide_contact(contact, actor=worker, outcome=Contact.Outcome.REFERRAL)
    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2025, 5, 7))
    discussion = actions.record_strategy_discussion(referral, actor=worker,
                                                    discussion_date=D(2025, 5, 8),
                                                    decision="s47")
    actions.complete_assessment(assessment, actor=worker, completed_date=D(2025, 5, 20), data={
        "factors": ["4B", "16A"], "primary_need": "N1", "outcome": "strategy"})
    actions.authorise_assessment(assessment, actor=manager, authorisation_date=D(2025, 5, 21))
    actions.conclude_section47(discussion.section47, actor=worker, end_date=D(2025, 5, 23),
                               outcome=Section47.Outcome.ICPC)
    plan = actions.record_initial_conference(
        referral, actor=worker, section47=discussion.section47, conference_date=D(2025, 5, 28),
        decision=InitialConference.Decision.PLAN, initial_category="EMO", previous_plans=1).plan
    actions.record_cp_review(plan, actor=worker, review_date=D(2025, 8, 20),
                             decision=CPReview.Decision.CONTINUE)
    actions.record_cp_review(plan, actor=worker, review_date=D(2026, 2, 10),
                             decision=CPReview.Decision.END)
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2026, 2, 11),
                                      reason="RC7", summary="Plan ended")
    actions.decide_closure(closure, actor=manager, approve=True)
    return referral


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_the_census_from_a_recorded_journey_is_schema_valid_and_reads_back_the_same(
        make_child, personas, trust, schema_2026):
    child = make_child(worker="social.worker", given="Ruby", family="Fenwick",
                       dob=D(2016, 2, 29), ethnicity="MWBC")
    record_cp_journey(child, personas["social.worker"], personas["team.manager"])
    tables = census_tables(trust.council, CollectionYear(2026))
    assert tables["CINdetails"]["ReasonForClosure"].to_list() == ["RC7"]
    assert tables["Reviews"]["CPPreviewDate"].to_list() == [D(2025, 8, 20), D(2026, 2, 10)]
    assert tables["Section47"]["InitialCPCtarget"].to_list() == [D(2025, 5, 30)]  # 15 WD
    out = io.BytesIO()
    write_cin_xml(tables, out, year=2026)
    assert list(schema_2026.iter_errors(io.BytesIO(out.getvalue()))) == []
    back = read_cin_xml(io.BytesIO(out.getvalue()))
    assert back.problems == [] and back.children == 1
    for name in ("ChildIdentifiers", "ChildCharacteristics", "CINdetails", "Assessments",
                 "Section47", "ChildProtectionPlans", "Reviews"):
        keys = [c for c in tables[name].columns if c.endswith("ID") and c != "LAchildID"]
        assert_frame_equal(back.tables[name].drop(keys), tables[name].drop(keys))


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_the_census_reads_the_record_as_it_stood_on_the_reference_date(
        make_child, personas, trust):
    child = make_child(worker="social.worker")
    record_cp_journey(child, personas["social.worker"], personas["team.manager"])
    earlier = census_tables(trust.council, CollectionYear(2026))
    assert earlier["CINdetails"]["CINclosureDate"].to_list() == [D(2026, 2, 11)]
    # The 2024-25 census (to 31 March 2025) predates the referral: no episode, no child.
    before = census_tables(trust.council, CollectionYear(2025))
    assert before["CINdetails"].height == 0 and before["ChildIdentifiers"].height == 0


@time_machine.travel(datetime.datetime(2027, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_work_finished_before_1_april_is_left_to_last_years_census(make_child, personas, trust):
    child = make_child(worker="social.worker")
    worker, manager = personas["social.worker"], personas["team.manager"]
    referral = record_cp_journey(child, worker, manager)
    referral.closure_date = None  # the plan goes on past 31 March 2026
    referral.save(update_fields=["closure_date"])
    tables = census_tables(trust.council, CollectionYear(2027))
    assert tables["CINdetails"].height == 1
    # The assessment authorised and the conference held in 2025 were returned last year.
    assert tables["Assessments"].height == 0 and tables["Section47"].height == 0
    # The plan ended by review on 10 February 2026, so it is not in 2026-27 either.
    assert tables["ChildProtectionPlans"].height == 0
    last_year = census_tables(trust.council, CollectionYear(2026))
    assert last_year["Assessments"].height == 1 and last_year["Section47"].height == 1


@pytest.mark.parametrize("text, expected", [
    (b"<Message><Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID>", "well-formed"),
    (b"\xff\xfe\x00garbage", "well-formed"),
    (b"<Message><Children/></Message>", "No <Child>"),
])
def test_broken_files_give_a_clear_problem_not_a_traceback(text, expected):
    result = read_cin_xml(io.BytesIO(text))
    assert not result.readable or result.children == 0
    assert any(expected in p.message for p in result.problems)


def test_dates_in_the_wrong_format_are_reported_with_their_line():
    text = (b"<Message><Children><Child><ChildIdentifiers><LAchildID>A1</LAchildID>\n"
            b"<PersonBirthDate>31/03/2019</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>"
            b"<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>"
            b"</Child></Children></Message>")
    result = read_cin_xml(io.BytesIO(text))
    [problem] = result.problems
    assert problem.line == 2 and problem.value == "31/03/2019"
    assert result.tables["ChildIdentifiers"]["PersonBirthDate"].to_list() == [None]
