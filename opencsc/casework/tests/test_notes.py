"""Case notes: recorded through the action, listed newest first, never deleted."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.casework import actions
from opencsc.casework.models import CaseNote
from opencsc.core.models import AuditAction, AuditEntry

TODAY = datetime.datetime(2026, 5, 14, 10, 30, tzinfo=datetime.UTC)
D = datetime.date


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def child(make_child):
    return make_child(worker="social.worker", given="Amara", family="Okafor")


@pytest.fixture
def worker(login, personas):
    return login(personas["social.worker"])


def note_form(**overrides) -> dict:
    data = {"kind": "visit", "event_date_0": "12", "event_date_1": "5", "event_date_2": "2026",
            "present": "Amara, her mother", "child_seen": "on", "title": "Home visit",
            "body": "Amara showed me her room.\nShe said she feels safe."}
    return {**data, **overrides}


def add_note(child, actor, day, title, kind="phone", significant=False, referral=None):
    return actions.add_case_note(child, actor=actor, referral=referral, details={
        "kind": kind, "event_date": day, "title": title, "body": f"About {title}",
        "significant": significant})


def test_worker_adds_a_note_and_is_taken_to_the_list(worker, child):
    response = worker.post(f"/children/{child.pk}/notes/new/", note_form())
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/notes/"
    note = CaseNote.objects.get(child=child)
    assert (note.kind, note.event_date, note.child_seen, note.child_seen_alone) == (
        "visit", D(2026, 5, 12), True, False)
    assert note.recorded_by.username == "social.worker"
    page = worker.get(response["Location"]).content.decode()
    assert "Home visit" in page and "She said she feels safe." in page


def test_saving_a_note_writes_its_audit_entry(worker, child):
    worker.post(f"/children/{child.pk}/notes/new/", note_form(significant="on"))
    note = CaseNote.objects.get(child=child)
    entry = AuditEntry.objects.get(action=AuditAction.CREATE, object_type="casework.casenote")
    assert entry.object_id == str(note.pk) and entry.child_id == child.pk
    assert entry.changes["significant"] == [None, True]


def test_a_refused_note_keeps_everything_typed(worker, child):
    response = worker.post(f"/children/{child.pk}/notes/new/", note_form(title=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a title for the note" in page and "govuk-error-summary" in page
    assert "She said she feels safe." in page and 'value="Amara, her mother"' in page
    assert not CaseNote.objects.exists()


def test_a_future_event_date_is_refused(worker, child):
    response = worker.post(f"/children/{child.pk}/notes/new/", note_form(event_date_0="15"))
    assert "The date of the event must be today or in the past" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_seen_alone_needs_seen(worker, child):
    response = worker.post(f"/children/{child.pk}/notes/new/",
                           note_form(child_seen="", child_seen_alone="on"))
    assert "also tick" in response.content.decode()
    assert not CaseNote.objects.exists()


def test_a_note_is_linked_to_the_open_episode_unless_the_worker_says_not(worker, child,
                                                                          personas):
    episode = actions.open_referral(child, actor=personas["social.worker"],
                                    referral_date=D(2026, 5, 1), source="2A",
                                    next_step="assessment")
    assert "Link this note to the open episode (referral of 1 May 2026)" in worker.get(
        f"/children/{child.pk}/notes/new/").content.decode()
    worker.post(f"/children/{child.pk}/notes/new/", note_form(title="Linked", link_episode="on"))
    worker.post(f"/children/{child.pk}/notes/new/", note_form(title="Not linked"))
    assert CaseNote.objects.get(title="Linked").referral == episode
    assert CaseNote.objects.get(title="Not linked").referral is None


def test_without_an_open_episode_there_is_nothing_to_link(worker, child):
    page = worker.get(f"/children/{child.pk}/notes/new/").content.decode()
    assert "Link this note" not in page


def test_list_is_newest_first_and_filters_by_type_and_significance(worker, child, personas):
    sw = personas["social.worker"]
    add_note(child, sw, D(2026, 1, 5), "January call")
    add_note(child, sw, D(2026, 3, 9), "March visit", kind="visit", significant=True)
    add_note(child, sw, D(2026, 2, 2), "February meeting", kind="meeting")
    page = worker.get(f"/children/{child.pk}/notes/").content.decode()
    assert page.index("March visit") < page.index("February meeting") < page.index(
        "January call")
    phone_only = worker.get(f"/children/{child.pk}/notes/?kind=phone").content.decode()
    assert "January call" in phone_only and "March visit" not in phone_only
    significant = worker.get(f"/children/{child.pk}/notes/?significant=on").content.decode()
    assert "March visit" in significant and "January call" not in significant


def test_one_note_can_be_shown_on_its_own(worker, child, personas):
    wanted = add_note(child, personas["social.worker"], D(2026, 3, 9), "The one")
    add_note(child, personas["social.worker"], D(2026, 3, 10), "Another")
    page = worker.get(f"/children/{child.pk}/notes/?note={wanted.pk}").content.decode()
    assert f'id="note-{wanted.pk}"' in page and "Another" not in page
    assert "Show all case notes" in page


def test_the_pages_say_a_note_cannot_be_deleted_and_corrections_are_new_notes(worker, child):
    for url in (f"/children/{child.pk}/notes/", f"/children/{child.pk}/notes/new/"):
        page = worker.get(url).content.decode()
        assert "cannot be changed or deleted" in page
        assert "add a new" in page


@pytest.mark.parametrize("method", ["post", "delete", "put"])
def test_the_list_refuses_anything_but_reading(worker, child, personas, method):
    note = add_note(child, personas["social.worker"], D(2026, 3, 9), "Stays")
    response = getattr(worker, method)(f"/children/{child.pk}/notes/", {"note": note.pk})
    assert response.status_code == 405
    assert CaseNote.objects.filter(pk=note.pk).exists()


def test_read_only_teammate_sees_notes_but_no_add_button(login, personas, make_child):
    teammates_child = make_child(worker=None)
    add_note(teammates_child, personas["team.manager"], D(2026, 3, 9), "Manager's note")
    client = login(personas["social.worker"])
    page = client.get(f"/children/{teammates_child.pk}/notes/").content.decode()
    assert "Manager&#x27;s note" in page and "Add a case note" not in page
    assert client.post(f"/children/{teammates_child.pk}/notes/new/",
                       note_form()).status_code == 403
    assert CaseNote.objects.count() == 1


def test_outsider_gets_404_and_nothing_is_written(login, personas, child):
    client = login(personas["other.worker"])
    assert client.get(f"/children/{child.pk}/notes/").status_code == 404
    assert client.post(f"/children/{child.pk}/notes/new/", note_form()).status_code == 404
    assert not CaseNote.objects.exists()


def _list_queries(client, child) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/children/{child.pk}/notes/").status_code == 200
    return len(queries)


def test_the_list_takes_the_same_number_of_queries_for_3_notes_or_25(worker, child, personas):
    sw = personas["social.worker"]
    for day in range(1, 4):
        add_note(child, sw, D(2026, 1, day), f"Note {day}")
    few = _list_queries(worker, child)
    episode = actions.open_referral(child, actor=sw, referral_date=D(2026, 1, 1), source="2A",
                                    next_step="assessment")
    for day in range(4, 26):  # each linked to the episode, which the list shows
        add_note(child, sw, D(2026, 1, day), f"Note {day}", referral=episode)
    assert _list_queries(worker, child) == few


def test_the_childs_page_links_to_case_notes_and_chronology(worker, child):
    page = worker.get(f"/children/{child.pk}/").content.decode()
    assert f'href="/children/{child.pk}/notes/"' in page
    assert f'href="/children/{child.pk}/chronology/"' in page
