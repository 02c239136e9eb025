"""What a partner agency reads of a child shared with it: only the case notes marked
shareable with partners, never supervision or management oversight, on every route that
shows notes (the notes list, the chronology page, its PDF and the API). See ADR 0010."""

import datetime

import pytest
import time_machine

from opencsc.accounts.actions import create_api_token
from opencsc.casework import actions, chronology, chronology_pdf
from opencsc.casework.models import CaseNote
from opencsc.people import actions as people_actions

D = datetime.date
NOW = datetime.datetime(2026, 7, 1, 10, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db

SHARED = "Joint visit with police"
PRIVATE = "Call with the family GP"
SUPERVISION = "Supervision: risk discussed"
OVERSIGHT = "Oversight: plan to escalate"
TITLES = [SHARED, PRIVATE, SUPERVISION, OVERSIGHT]


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def child(make_child, personas, trust):
    child = make_child(team="Child Protection Team South", given="Lena", family="Marsh")
    people_actions.share_with_agency(child, actor=personas["head.of.service"],
                                     agency=trust.police, purpose="Section 47 enquiry",
                                     legal_basis="Children Act 1989 s47")
    manager = personas["head.of.service"]
    for day, title, kind, shared in [(1, SHARED, "visit", True), (2, PRIVATE, "phone", False),
                                     (3, SUPERVISION, "supervision", False),
                                     (4, OVERSIGHT, "oversight", False)]:
        actions.add_case_note(child, actor=manager, details={
            "kind": kind, "event_date": D(2026, 6, day), "title": title, "body": "Text",
            "significant": True, "shared_with_partners": shared})
    # Marked shareable behind the form's back: still never shown to a partner.
    CaseNote.objects.filter(kind__in=["supervision", "oversight"]).update(
        shared_with_partners=True)
    return child


def shown(text: str) -> list[str]:
    return [title for title in TITLES if title in text]


def test_partner_sees_only_shared_notes_in_the_list(child, personas, login):
    page = login(personas["police.partner"]).get(f"/children/{child.pk}/notes/")
    assert page.status_code == 200
    assert shown(page.content.decode()) == [SHARED]


def test_staff_see_every_note_in_the_list(child, personas, login):
    page = login(personas["head.of.service"]).get(f"/children/{child.pk}/notes/")
    assert shown(page.content.decode()) == TITLES


def test_partner_filtering_by_kind_finds_no_supervision(child, personas, login):
    page = login(personas["police.partner"]).get(
        f"/children/{child.pk}/notes/?kind=supervision")
    assert shown(page.content.decode()) == []


def test_partner_sees_only_shared_notes_on_the_chronology(child, personas, login):
    page = login(personas["police.partner"]).get(
        f"/children/{child.pk}/chronology/?notes=all")
    assert shown(page.content.decode()) == [SHARED]
    staff = login(personas["head.of.service"]).get(
        f"/children/{child.pk}/chronology/?notes=all")
    assert shown(staff.content.decode()) == TITLES


def test_partner_pdf_holds_only_shared_notes(child, personas, login, monkeypatch):
    printed = []
    real = chronology_pdf.render

    def capture(child, entries, filters, **kwargs):
        printed.extend(entries)
        return real(child, entries, filters, **kwargs)

    monkeypatch.setattr(chronology_pdf, "render", capture)
    response = login(personas["police.partner"]).get(
        f"/children/{child.pk}/chronology.pdf?notes=all")
    assert response.status_code == 200
    assert shown(" ".join(e.title for e in printed)) == [SHARED]


def test_partner_api_chronology_holds_only_shared_notes(child, personas, client):
    key = create_api_token(personas["police.partner"], name="partner")
    response = client.get(f"/api/v1/children/{child.pk}/chronology?notes=all",
                          HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 200, response.content
    assert shown(" ".join(e["title"] for e in response.json()["entries"])) == [SHARED]


def test_the_rule_is_one_function(child, personas):
    partner = personas["police.partner"]
    entries = chronology.build(child, chronology.Filters(all_notes=True), reader=partner)
    assert shown(" ".join(e.title for e in entries)) == [SHARED]
    from opencsc.casework.access import case_notes_for_user
    assert [n.title for n in case_notes_for_user(partner, child)] == [SHARED]


def test_supervision_cannot_be_marked_shareable(child, personas):
    with pytest.raises(actions.RuleViolation, match="never shared with partner agencies"):
        actions.add_case_note(child, actor=personas["head.of.service"], details={
            "kind": "supervision", "event_date": D(2026, 6, 5), "title": "S", "body": "B",
            "shared_with_partners": True})


def test_the_form_refuses_to_share_management_oversight(child, personas, login):
    response = login(personas["head.of.service"]).post(f"/children/{child.pk}/notes/new/", {
        "kind": "oversight", "event_date_0": "5", "event_date_1": "6", "event_date_2": "2026",
        "title": "Oversight", "body": "Reviewed", "shared_with_partners": "on"})
    assert response.status_code == 200
    assert "never shared with partner agencies" in response.content.decode()
    assert CaseNote.objects.filter(title="Oversight").count() == 0
