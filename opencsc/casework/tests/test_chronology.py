"""The chronology: the journey's events and significant notes, on a page, in print, as a
PDF and through the API, in a fixed number of queries."""

import datetime

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.casework import actions, chronology
from opencsc.casework.models import Contact, CPReview, InitialConference, Section47
from opencsc.core.models import AuditAction, AuditEntry

D = datetime.date
NOW = datetime.datetime(2026, 7, 1, 14, 5, tzinfo=datetime.UTC)  # 15:05 in London


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def child(make_child):
    return make_child(worker="social.worker", given="Ruby", family="Fenwick")


def note(child, actor, day, title, significant=False, kind="phone"):
    return actions.add_case_note(child, actor=actor, details={
        "kind": kind, "event_date": day, "title": title, "body": f"Notes on {title}.",
        "significant": significant})


def cin_episode(child, worker, manager):
    """2025: referral, assessment, a child in need plan with a review, closed."""
    referral = actions.open_referral(child, actor=worker, referral_date=D(2025, 9, 1),
                                     source="3B", next_step="assessment")
    assessment = actions.start_assessment(referral, actor=worker, start_date=D(2025, 9, 2))
    actions.complete_assessment(assessment, actor=worker, completed_date=D(2025, 9, 20), data={
        "factors": ["1C"], "primary_need": "N4", "outcome": "cin_plan",
        "child_seen_date": D(2025, 9, 3), "child_seen_alone": False})
    actions.authorise_assessment(assessment, actor=manager, authorisation_date=D(2025, 9, 22))
    plan = actions.start_cin_plan(referral, actor=worker, start_date=D(2025, 9, 25))
    actions.review_cin_plan(plan, actor=worker, review_date=D(2025, 11, 20), notes="Going well")
    actions.end_cin_plan(plan, actor=worker, end_date=D(2025, 12, 15))
    closure = actions.request_closure(referral, actor=worker, closure_date=D(2025, 12, 16),
                                      reason="RC7", summary="Needs met")
    actions.decide_closure(closure, actor=manager, approve=True)


def cp_episode(child, worker, manager):
    """2026: a contact, strategy discussion, section 47, conference and a plan that ends.
    The 2025 closure ended the case's allocation: the referral goes back to the same team."""
    contact = actions.record_contact(actor=worker, children=[child], details={
        "received_at": datetime.datetime(2026, 3, 6, 9, tzinfo=datetime.UTC),
        "contactor_name": "Head teacher", "source": "2A", "concern": "Bruising seen <arm>",
        "consent": Contact.Consent.NOT_SOUGHT, "legal_basis": Contact.LegalBasis.SAFEGUARDING})
    [referral] = actions.decide_contact(contact, actor=worker, outcome=Contact.Outcome.REFERRAL,
                                        team=child.allocations.latest("start_date").team)
    actions.start_assessment(referral, actor=worker, start_date=D(2026, 3, 9))
    discussion = actions.record_strategy_discussion(
        referral, actor=worker, discussion_date=D(2026, 3, 10),
        decision="s47", attendees=[{"agency": "police", "invited": True, "attended": True},
                                   {"agency": "health", "invited": True, "attended": False}])
    section47 = Section47.objects.get(strategy=discussion)
    actions.conclude_section47(section47, actor=worker, end_date=D(2026, 3, 27),
                               outcome=Section47.Outcome.ICPC)
    conference = actions.record_initial_conference(
        referral, actor=worker, section47=section47, conference_date=D(2026, 3, 30),
        decision=InitialConference.Decision.PLAN, initial_category="PHY")
    actions.record_core_group(conference.plan, actor=worker, meeting_date=D(2026, 4, 14))
    actions.record_visit(referral, actor=worker, kind="cp", visit_date=D(2026, 4, 20),
                         child_seen=True, child_seen_alone=True)
    actions.record_cp_review(conference.plan, actor=worker, review_date=D(2026, 6, 26),
                             decision=CPReview.Decision.END)


@pytest.fixture
def history(child, personas):
    worker, manager = personas["social.worker"], personas["team.manager"]
    cin_episode(child, worker, manager)
    cp_episode(child, worker, manager)
    note(child, worker, D(2026, 3, 11), "Disclosure at school", significant=True)
    note(child, worker, D(2026, 3, 12), "Routine call to school")
    return child


def build(child, filters=None):
    """The chronology as the child's social worker reads it."""
    return chronology.build(child, filters or chronology.Filters(),
                            reader=get_user_model().objects.get(username="social.worker"))


def titles(entries) -> list[str]:
    return [e.title for e in entries]


# --- Building it ----------------------------------------------------------------------

def test_the_whole_journey_in_date_order(history):
    entries = build(history)
    assert titles(entries) == [
        "Referral accepted", "Assessment started", "Child seen for the assessment",
        "Assessment completed", "Assessment authorised", "Child in need plan started",
        "Child in need plan review", "Child in need plan ended", "Case closed",
        "Contact received", "Referral accepted", "Assessment started",
        "Strategy discussion", "Section 47 enquiry started",
        "Phone call: Disclosure at school", "Section 47 enquiry concluded",
        "Initial child protection conference", "Child protection plan started",
        "Core group meeting", "Child protection visit", "Review child protection conference",
        "Child protection plan ended",
    ]
    assert [e.date for e in entries] == sorted(e.date for e in entries)


def test_entries_say_what_happened_and_who_recorded_it(history, personas):
    entries = {e.title: e for e in build(history)}
    strategy = entries["Strategy discussion"]
    assert "Attended: Police." in strategy.summary
    assert "Invited but did not attend: Health." in strategy.summary
    assert entries["Assessment authorised"].recorded_by == (
        personas["team.manager"].get_full_name())
    assert "Reason: Services ceased" in entries["Case closed"].summary
    assert "Signed off by" in entries["Case closed"].summary
    assert entries["Child protection visit"].summary == "Child seen alone."
    assert entries["Contact received"].link == f"/contacts/{Contact.objects.get().pk}/"


def test_only_significant_notes_unless_all_are_asked_for(history):
    assert "Phone call: Routine call to school" not in titles(build(history))
    everything = build(history, chronology.Filters(all_notes=True))
    assert "Phone call: Routine call to school" in titles(everything)
    significant = [e for e in everything if e.significant]
    assert titles(significant) == ["Phone call: Disclosure at school"]


def test_filters_by_dates_and_kinds(history):
    spring = build(history, chronology.Filters(
        date_from=D(2026, 3, 10), date_to=D(2026, 3, 30),
        kinds=frozenset({"strategy", "conference"})))
    assert titles(spring) == ["Strategy discussion", "Initial child protection conference"]


def _queries(child, filters) -> int:
    reader = get_user_model().objects.select_related("staff").get(username="social.worker")
    with CaptureQueriesContext(connection) as queries:
        chronology.build(child, filters, reader=reader)
    return len(queries)


def test_queries_stay_the_same_however_long_the_history(child, personas):
    worker, manager = personas["social.worker"], personas["team.manager"]
    cin_episode(child, worker, manager)
    cp_episode(child, worker, manager)
    note(child, worker, D(2026, 1, 2), "One", significant=True)
    short = _queries(child, chronology.Filters(all_notes=True))
    referral = child.referrals.get(closure_date__isnull=True)
    for day in range(1, 29):
        note(child, worker, D(2026, 2, day), f"Note {day}", significant=day % 2 == 0)
        actions.record_visit(referral, actor=worker, kind="cp", visit_date=D(2026, 5, day),
                             child_seen=True, child_seen_alone=day % 3 == 0)
    assert _queries(child, chronology.Filters(all_notes=True)) == short
    assert short <= len(chronology.SOURCES) + 3  # one a kind; two kinds read two tables


# --- The page -------------------------------------------------------------------------

def test_the_page_lists_the_chronology_and_is_audited(login, personas, history):
    response = login(personas["social.worker"]).get(f"/children/{history.pk}/chronology/")
    page = response.content.decode()
    assert "Initial child protection conference" in page
    assert "Bruising seen &lt;arm&gt;" in page  # escaped, never markup
    assert AuditEntry.objects.filter(action=AuditAction.VIEW, child_id=history.pk,
                                     reason="chronology").exists()


def test_filters_work_without_javascript(login, personas, history):
    query = ("date_from_0=1&date_from_1=1&date_from_2=2026&date_to_0=31&date_to_1=3"
             "&date_to_2=2026&kinds=strategy&kinds=note&notes=all")
    page = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology/?{query}").content.decode()
    assert "Strategy discussion" in page and "Routine call to school" in page
    assert "Core group meeting" not in page and "Child in need plan started" not in page
    assert "from 1 January 2026 to 31 March 2026" in page
    assert f'href="/children/{history.pk}/chronology.pdf?{query.replace("&", "&amp;")}"' in page


def test_a_to_date_before_the_from_date_is_explained(login, personas, history):
    page = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology/?date_from_0=2&date_from_1=2&date_from_2=2026"
        "&date_to_0=1&date_to_1=1&date_to_2=2026").content.decode()
    assert "govuk-error-summary" in page
    assert "must be the same as or after" in page


def test_the_printed_page_names_the_child_the_period_and_who_printed_it(login, personas,
                                                                         history):
    page = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology/?date_from_0=1&date_from_1=3&date_from_2=2026"
    ).content.decode()
    heading = page[page.index('class="app-print-only app-print-heading"'):]
    heading = heading[:heading.index("</div>")]
    assert "Ruby Fenwick" in heading and f"LA child ID {history.la_child_id}" in heading
    assert "Covering from 1 March 2026 onwards" in heading
    sw = personas["social.worker"]
    assert f"Printed by {sw.get_full_name()} on 1 July 2026 at 15:05" in heading
    # The filters and buttons are left off the printed page.
    assert '<details class="govuk-details app-no-print"' in page


def test_an_empty_period_says_so(login, personas, history):
    page = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology/?date_from_0=1&date_from_1=1&date_from_2=2020"
        "&date_to_0=2&date_to_1=1&date_to_2=2020").content.decode()
    assert "Nothing recorded for this period and these filters." in page


# --- The PDF --------------------------------------------------------------------------

def test_the_pdf_is_a_pdf_and_is_audited_as_an_export(login, personas, history):
    response = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology.pdf?kinds=conference")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chronology-{history.la_child_id}-2026-07-01.pdf"')
    assert response["Cache-Control"] == "no-store"
    assert response.content.startswith(b"%PDF-")
    assert b"Chronology: Ruby Fenwick" in response.content  # the document's title
    export = AuditEntry.objects.get(action=AuditAction.EXPORT, child_id=history.pk)
    assert export.actor_username == "social.worker"
    assert export.reason == ("Chronology PDF: the whole record; "
                             "only child protection conference")


def _pages(pdf: bytes) -> int:
    return pdf.count(b"/Type /Page\n") + pdf.count(b"/Type /Page ")


def test_a_long_chronology_runs_over_numbered_pages(login, personas, child):
    worker = personas["social.worker"]
    for day in range(1, 121):
        note(child, worker, D(2025, 1, 1) + datetime.timedelta(days=day), f"Event {day}",
             significant=True)
    client = login(worker)
    short = client.get(f"/children/{child.pk}/chronology.pdf?date_to_0=3&date_to_1=1"
                       "&date_to_2=2025").content
    long = client.get(f"/children/{child.pk}/chronology.pdf").content
    assert _pages(short) == 1
    assert _pages(long) > 3


def test_pdf_with_bad_filters_goes_back_to_the_page_to_say_why(login, personas, history):
    query = "date_from_0=31&date_from_1=2&date_from_2=2026"
    response = login(personas["social.worker"]).get(
        f"/children/{history.pk}/chronology.pdf?{query}")
    assert response.status_code == 302
    assert response["Location"] == f"/children/{history.pk}/chronology/?{query}"
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_an_outsider_gets_404_and_no_export_is_logged(login, personas, history):
    assert login(personas["other.worker"]).get(
        f"/children/{history.pk}/chronology.pdf").status_code == 404
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


# --- The API --------------------------------------------------------------------------

def test_the_api_returns_the_chronology_and_audits_it(login, personas, history):
    response = login(personas["social.worker"]).get(
        f"/api/v1/children/{history.pk}/chronology?notes=all&date_from=2026-03-11"
        "&date_to=2026-03-12")
    assert response.status_code == 200
    body = response.json()
    assert body["la_child_id"] == history.la_child_id
    assert body["covering"] == "from 11 March 2026 to 12 March 2026"
    assert [(e["date"], e["kind"], e["title"], e["significant"]) for e in body["entries"]] == [
        ("2026-03-11", "note", "Phone call: Disclosure at school", True),
        ("2026-03-12", "note", "Phone call: Routine call to school", False),
    ]
    assert AuditEntry.objects.filter(action=AuditAction.EXPORT, child_id=history.pk,
                                     reason__startswith="Chronology API").exists()


def test_the_api_filters_by_kind(login, personas, history):
    body = login(personas["social.worker"]).get(
        f"/api/v1/children/{history.pk}/chronology?kinds=closure&kinds=plan").json()
    assert {e["kind"] for e in body["entries"]} == {"closure", "plan"}


@pytest.mark.parametrize("query", ["date_from=2026-02-30", "date_from=1700000000",
                                   "kinds=gossip", "notes=some",
                                   "date_from=2026-03-02&date_to=2026-03-01"])
def test_the_api_refuses_bad_filters_with_a_json_422(login, personas, history, query):
    response = login(personas["social.worker"]).get(
        f"/api/v1/children/{history.pk}/chronology?{query}")
    assert response.status_code == 422
    assert response.json()["detail"]
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_the_api_gives_an_outsider_404(login, personas, history):
    response = login(personas["other.worker"]).get(f"/api/v1/children/{history.pk}/chronology")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found"}
