"""Emergency ("break glass") access: read-only, for a few hours, told and logged."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.organisations.models import Notification
from opencsc.people.models import EmergencyAccess

pytestmark = pytest.mark.django_db

REASON = "Police have the child at the station and need to know who holds the case"
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def child(make_child):
    """Allocated to social.worker in Child Protection Team North; outside other.worker's scope."""
    return make_child(worker="social.worker", given="Tobiah", family="Marchetti")


@pytest.fixture
def outsider(login, personas):
    return login(personas["other.worker"])


def break_glass(client, child, reason=REASON):
    return client.post("/emergency-access/", {"la_child_id": child.la_child_id, "reason": reason})


def test_outsider_can_open_a_record_after_giving_a_reason(outsider, child):
    assert outsider.get(f"/children/{child.pk}/").status_code == 404
    response = break_glass(outsider, child)
    assert response.status_code == 302
    assert response["Location"] == f"/children/{child.pk}/"
    assert outsider.get(f"/children/{child.pk}/").status_code == 200


def test_lowercase_la_child_id_is_accepted(outsider, child):
    response = outsider.post(
        "/emergency-access/", {"la_child_id": child.la_child_id.lower(), "reason": REASON}
    )
    assert response.status_code == 302


def later(client, user, time_machine, when):
    """Move the clock, and sign in again: the session itself times out long before."""
    time_machine.move_to(when, tick=False)
    client.force_login(user)
    return client


def test_access_lasts_the_configured_hours_then_expires(outsider, child, time_machine, personas):
    hours, user = settings.EMERGENCY_ACCESS_HOURS, personas["other.worker"]
    time_machine.move_to(START, tick=False)
    break_glass(outsider, child)
    nearly = START + datetime.timedelta(hours=hours, minutes=-1)
    assert (
        later(outsider, user, time_machine, nearly).get(f"/children/{child.pk}/").status_code == 200
    )
    after = START + datetime.timedelta(hours=hours, minutes=1)
    assert (
        later(outsider, user, time_machine, after).get(f"/children/{child.pk}/").status_code == 404
    )


def test_the_hours_come_from_settings(outsider, child, time_machine, settings, personas):
    settings.EMERGENCY_ACCESS_HOURS = 1
    time_machine.move_to(START, tick=False)
    break_glass(outsider, child)
    grant = EmergencyAccess.objects.get(child=child)
    assert grant.expires_at - grant.started_at == datetime.timedelta(hours=1)
    after = START + datetime.timedelta(minutes=61)
    client = later(outsider, personas["other.worker"], time_machine, after)
    assert client.get(f"/children/{child.pk}/").status_code == 404


def test_team_manager_is_told_with_the_reason(outsider, child, personas):
    break_glass(outsider, child)
    note = Notification.objects.get(recipient=personas["team.manager"])
    assert REASON in note.message
    assert child.la_child_id in note.message
    assert note.link == f"/children/{child.pk}/access-log/"
    assert not Notification.objects.exclude(recipient=personas["team.manager"]).exists()


def test_team_manager_sees_the_notice_on_their_home_page(outsider, child, login, personas):
    break_glass(outsider, child)
    home = login(personas["team.manager"]).get("/home/")
    assert child.la_child_id.encode() in home.content


def test_it_is_audited_with_the_reason(outsider, child):
    break_glass(outsider, child)
    entry = AuditEntry.objects.get(action=AuditAction.EMERGENCY_ACCESS)
    assert (entry.actor_username, entry.child_id, entry.reason) == (
        "other.worker",
        child.pk,
        REASON,
    )


def test_it_shows_in_the_access_log(outsider, child, login, personas):
    break_glass(outsider, child)
    outsider.get(f"/children/{child.pk}/")
    log = login(personas["team.manager"]).get(f"/children/{child.pk}/access-log/")
    assert b"other.worker" in log.content
    assert b"Emergency" in log.content
    assert REASON.encode() in log.content


def test_it_is_read_only(outsider, child):
    break_glass(outsider, child)
    assert outsider.get(f"/children/{child.pk}/edit/").status_code == 403
    response = outsider.post(
        f"/children/{child.pk}/names/new/",
        {"kind": "alias", "given_names": "Not", "family_name": "Allowed"},
    )
    assert response.status_code == 403
    assert not child.other_names.exists()


def test_it_opens_the_record_to_the_api_too(outsider, child):
    break_glass(outsider, child)
    assert outsider.get(f"/api/v1/children/{child.pk}").status_code == 200


def test_it_opens_only_that_child(outsider, child, make_child):
    sibling = make_child(worker="social.worker")
    break_glass(outsider, child)
    assert outsider.get(f"/children/{sibling.pk}/").status_code == 404


def test_a_reason_is_required(outsider, child):
    for reason in ("", "   ", "urgent"):
        response = break_glass(outsider, child, reason=reason)
        assert response.status_code == 200  # the form again, with its error
        assert b"govuk-error-summary" in response.content
    assert not EmergencyAccess.objects.exists()
    assert outsider.get(f"/children/{child.pk}/").status_code == 404


def test_what_was_typed_is_kept_when_the_form_is_refused(outsider, child):
    response = break_glass(outsider, child, reason="short")
    assert child.la_child_id.encode() in response.content


def test_unknown_id_is_404_and_still_logged(outsider):
    response = outsider.post("/emergency-access/", {"la_child_id": "OC99999999", "reason": REASON})
    assert response.status_code == 404
    entry = AuditEntry.objects.get(action=AuditAction.EMERGENCY_ACCESS)
    assert (entry.object_id, entry.reason, entry.child_id) == ("OC99999999", REASON, None)


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "admin", "police.partner"])
def test_roles_without_break_glass_get_403(persona, login, personas, child):
    client = login(personas[persona])
    assert client.get("/emergency-access/").status_code == 403
    assert break_glass(client, child).status_code == 403
    assert not EmergencyAccess.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, child):
    response = break_glass(client, child)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert not EmergencyAccess.objects.exists()


def test_grant_is_timed_from_now(outsider, child, time_machine):
    time_machine.move_to(START, tick=False)
    break_glass(outsider, child)
    grant = EmergencyAccess.objects.get()
    assert grant.started_at == timezone.now() == START
