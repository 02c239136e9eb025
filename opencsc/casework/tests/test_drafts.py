"""Not losing work: drafts saved as the worker types outlive sign-out and session expiry."""

import datetime
import json

import pytest
import time_machine
from django.conf import settings

from opencsc.casework import actions
from opencsc.casework.models import CaseNote, Draft
from opencsc.core.models import AuditAction, AuditEntry

START = datetime.datetime(2026, 5, 14, 9, 0, tzinfo=datetime.UTC)  # 10:00 in London
PASSWORD = "correct horse battery staple"  # the root conftest's trust


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture
def child(make_child):
    return make_child(worker="social.worker", given="Leo", family="Marsh")


@pytest.fixture
def worker(login, personas):
    return login(personas["social.worker"])


def draft_url(child) -> str:
    return f"/children/{child.pk}/notes/draft/"


def typed(**more) -> dict:
    return {"csrfmiddlewaretoken": "x", "kind": "phone", "event_date_0": "13",
            "event_date_1": "5", "title": "Call from school", "body": "Leo was late thr",
            **more}


def sign_in(client, username="social.worker"):
    response = client.post("/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, "signing in again should work"


# --- The endpoint ---------------------------------------------------------------------

def test_autosave_keeps_the_forms_fields_and_answers_204(worker, child):
    response = worker.post(draft_url(child), typed(unrelated="dropped"))
    assert response.status_code == 204
    draft = Draft.objects.get(child=child, form="case_note")
    assert draft.owner.username == "social.worker"
    assert draft.data == {"kind": "phone", "event_date_0": "13", "event_date_1": "5",
                          "title": "Call from school", "body": "Leo was late thr"}


def test_each_autosave_replaces_the_last_and_is_audited(worker, child, clock):
    worker.post(draft_url(child), typed())
    clock.shift(datetime.timedelta(minutes=2))
    worker.post(draft_url(child), typed(body="Leo was late three times"))
    draft = Draft.objects.get(child=child)
    assert draft.data["body"] == "Leo was late three times"
    assert draft.updated_at == START + datetime.timedelta(minutes=2)
    saves = AuditEntry.objects.filter(action=AuditAction.UPDATE, object_type="casework.draft",
                                      child_id=child.pk)
    assert saves.count() == 2


def test_autosave_takes_json_too(worker, child):
    response = worker.post(draft_url(child), json.dumps({"title": "From JSON", "body": "b"}),
                           content_type="application/json")
    assert response.status_code == 204
    assert Draft.objects.get(child=child).data == {"title": "From JSON", "body": "b"}


@pytest.mark.parametrize(("body", "content_type", "message"), [
    ({"csrfmiddlewaretoken": "x", "nonsense": "1"}, None, "none of this form's fields"),
    ({"body": "x" * 200_001}, None, "too long"),
    ("{not json", "application/json", "not valid JSON"),
    ('["a list"]', "application/json", "JSON object"),
    ('{"title": {"nested": 1}}', "application/json", "must be text"),
])
def test_bad_drafts_get_a_json_400_and_nothing_is_kept(worker, child, body, content_type,
                                                       message):
    kwargs = {"content_type": content_type} if content_type else {}
    response = worker.post(draft_url(child), body, **kwargs)
    assert response.status_code == 400
    assert message in response.json()["detail"]
    assert not Draft.objects.exists()


def test_get_returns_only_the_users_own_draft(worker, child, login, personas):
    actions.save_draft(actor=personas["team.manager"], child=child, form="case_note",
                       data={"title": "The manager's"})
    assert worker.get(draft_url(child)).json() == {"form": "case_note", "data": {},
                                                   "updated_at": None}
    worker.post(draft_url(child), typed())
    mine = worker.get(draft_url(child)).json()
    assert mine["data"]["title"] == "Call from school"
    assert mine["updated_at"].startswith("2026-05-14T09:00")


def test_a_signed_out_autosave_gets_a_json_401_not_a_redirect(client, child):
    response = client.post(draft_url(child), typed())
    assert response.status_code == 401
    assert "signed out" in response.json()["detail"]
    assert not Draft.objects.exists()


def test_read_only_teammate_gets_403_and_outsider_404(login, personas, make_child, child):
    teammates_child = make_child(worker=None)
    assert login(personas["social.worker"]).post(draft_url(teammates_child),
                                                 typed()).status_code == 403
    assert login(personas["other.worker"]).post(draft_url(child), typed()).status_code == 404
    assert not Draft.objects.exists()


# --- Restoring and discarding ----------------------------------------------------------

def test_the_new_note_page_restores_the_draft_with_its_time(worker, child):
    worker.post(draft_url(child), typed(child_seen="on"))
    page = worker.get(f"/children/{child.pk}/notes/new/").content.decode()
    assert "Restored your unsaved draft from 14 May 2026 at 10:00" in page
    assert "Leo was late thr</textarea>" in page
    assert 'value="Call from school"' in page and 'value="13"' in page
    assert 'name="child_seen" type="checkbox" value="on" checked' in page
    assert 'value="phone" checked' in page
    assert "govuk-error-summary" not in page  # a draft is unfinished, not wrong


def test_without_a_draft_there_is_no_banner(worker, child):
    page = worker.get(f"/children/{child.pk}/notes/new/").content.decode()
    assert "Restored your unsaved draft" not in page


def test_drafts_are_private_to_their_author(worker, child, login, personas):
    worker.post(draft_url(child), typed())
    page = login(personas["team.manager"]).get(f"/children/{child.pk}/notes/new/")
    assert "Call from school" not in page.content.decode()


def test_discarding_deletes_the_draft_and_audits_it(worker, child):
    worker.post(draft_url(child), typed())
    response = worker.post(f"/children/{child.pk}/notes/new/", {"discard_draft": "1"})
    assert response.status_code == 302
    assert not Draft.objects.exists()
    assert not CaseNote.objects.exists()
    entry = AuditEntry.objects.filter(object_type="casework.draft").latest("seq")
    assert entry.changes == {"draft discarded": ["case_note", None]}
    page = worker.get(response["Location"]).content.decode()
    assert "Your draft has been discarded" in page and "Call from school" not in page


def test_discarding_leaves_other_peoples_drafts_alone(worker, child, personas):
    actions.save_draft(actor=personas["team.manager"], child=child, form="case_note",
                       data={"title": "The manager's"})
    worker.post(f"/children/{child.pk}/notes/new/", {"discard_draft": "1"})
    assert Draft.objects.get().owner.username == "team.manager"


def test_read_only_teammate_cannot_discard(login, personas, make_child):
    teammates_child = make_child(worker=None)
    actions.save_draft(actor=personas["team.manager"], child=teammates_child, form="case_note",
                       data={"title": "Kept"})
    response = login(personas["social.worker"]).post(
        f"/children/{teammates_child.pk}/notes/new/", {"discard_draft": "1"})
    assert response.status_code == 403
    assert Draft.objects.count() == 1


def test_saving_the_note_clears_the_draft(worker, child):
    worker.post(draft_url(child), typed())
    worker.post(f"/children/{child.pk}/notes/new/", typed(event_date_2="2026", body="Final"))
    assert CaseNote.objects.get().body == "Final"
    assert not Draft.objects.exists()


# --- Surviving sign-out and session expiry --------------------------------------------

def test_a_draft_survives_signing_out_and_back_in(client, trust, child):
    sign_in(client)
    client.post(draft_url(child), typed())
    client.post("/logout/")
    assert client.get(f"/children/{child.pk}/notes/new/").status_code == 302
    sign_in(client)
    page = client.get(f"/children/{child.pk}/notes/new/").content.decode()
    assert "Restored your unsaved draft" in page and "Leo was late thr" in page


def test_a_draft_survives_the_session_expiring(client, trust, child, clock):
    sign_in(client)
    client.post(draft_url(child), typed())
    clock.shift(datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE + 1))
    # Signed out by inactivity: the next autosave is refused, the saved draft untouched.
    assert client.post(draft_url(child), typed(body="lost?")).status_code == 401
    response = client.get(f"/children/{child.pk}/notes/new/")
    assert response["Location"] == f"/login/?next=/children/{child.pk}/notes/new/"
    sign_in(client)
    page = client.get(f"/children/{child.pk}/notes/new/").content.decode()
    assert "Restored your unsaved draft from 14 May 2026 at 10:00" in page
    assert "Leo was late thr" in page
