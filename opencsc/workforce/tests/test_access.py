"""Who may see and record what on the workforce pages (the rules are in ``access``)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember
from opencsc.workforce import actions
from opencsc.workforce.models import Leaving, Post, SicknessAbsence, SupervisionSession

pytestmark = pytest.mark.django_db
NORTH = "Child Protection Team North"


@pytest.fixture
def north(trust):
    return trust.teams[NORTH]


def _staff(trust, username, role, *, team=None, area=None):
    user = get_user_model().objects.create(username=username, first_name=username.title())
    member = StaffMember.objects.create(user=user, role=role, employer=trust.trust,
                                        start_date=datetime.date(2020, 1, 1),
                                        service_area=trust.areas.get(area))
    if team:
        member.teams.add(trust.teams[team])
    return user


def _date(prefix, day):
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def _audited(action, object_type) -> int:
    return AuditEntry.objects.filter(action=action, object_type=object_type).count()


def test_council_viewer_sees_the_trusts_figures_but_no_team_or_name(login, personas, trust):
    page = login(personas["council.viewer"]).get("/workforce/").content.decode()
    assert "Agency worker rate" in page
    staff_names = [u.get_full_name() for name, u in personas.items() if name != "council.viewer"]
    assert not [name for name in staff_names if name in page]
    assert not [name for name in trust.teams if name in page]
    assert "/workforce/teams/" not in page


def test_a_board_member_sees_the_trusts_figures_only(login, personas):
    page = login(personas["board.member"]).get("/workforce/").content.decode()
    assert "Vacancy rate" in page and NORTH not in page


def test_a_team_manager_sees_only_their_own_teams(login, personas, trust):
    page = login(personas["team.manager"]).get("/workforce/").content.decode()
    assert NORTH in page and "Child Protection Team South" not in page


def test_social_workers_and_partners_get_403(login, personas, north):
    for persona in ["social.worker", "police.partner"]:
        client = login(personas[persona])
        assert client.get("/workforce/").status_code == 403
        assert client.get(f"/workforce/teams/{north.pk}/").status_code == 403


def test_a_manager_of_another_team_gets_404_for_this_team(login, trust, north):
    south_manager = _staff(trust, "south.manager", Role.TEAM_MANAGER,
                           team="Child Protection Team South")
    client = login(south_manager)
    assert client.get(f"/workforce/teams/{north.pk}/").status_code == 404
    data = {"staff": trust.personas["social.worker"].staff.pk, "supervisor": south_manager.pk,
            **_date("date", datetime.date(2026, 1, 5))}
    assert client.post(f"/workforce/teams/{north.pk}/supervision/new/", data).status_code == 404
    assert not SupervisionSession.objects.exists()


def test_a_head_of_service_for_another_area_gets_404(login, trust, north):
    other = _staff(trust, "care.head", Role.HEAD_OF_SERVICE, area="Children in care")
    assert login(other).get(f"/workforce/teams/{north.pk}/").status_code == 404
    assert login(other).get(f"/workforce/teams/{trust.teams['Fostering Team'].pk}/"
                            ).status_code == 200


def test_team_manager_records_supervision_audited(login, personas, north):
    manager, worker = personas["team.manager"], personas["social.worker"]
    before = _audited(AuditAction.CREATE, "workforce.supervisionsession")
    response = login(manager).post(f"/workforce/teams/{north.pk}/supervision/new/", {
        "staff": worker.staff.pk, "supervisor": manager.pk,
        **_date("date", datetime.date(2026, 1, 5))})
    assert response.status_code == 302
    session = SupervisionSession.objects.get()
    assert (session.staff.user, session.supervisor, session.recorded_by) == (
        worker, manager, manager)
    assert _audited(AuditAction.CREATE, "workforce.supervisionsession") == before + 1


def test_supervision_in_the_future_is_refused_plainly(login, personas, north):
    response = login(personas["team.manager"]).post(
        f"/workforce/teams/{north.pk}/supervision/new/", {
            "staff": personas["social.worker"].staff.pk, "supervisor": personas[
                "team.manager"].pk, **_date("date", datetime.date.today()
                                            + datetime.timedelta(days=3))})
    assert response.status_code == 200
    assert "must be today or in the past" in response.content.decode()
    assert not SupervisionSession.objects.exists()


def test_only_heads_of_service_and_admins_record_posts(login, personas, north):
    data = {"title": "Social worker", "fte": "1", "social_work": "yes",
            **_date("start_date", datetime.date(2026, 4, 1))}
    url = f"/workforce/teams/{north.pk}/posts/new/"
    assert login(personas["team.manager"]).post(url, data).status_code == 403
    assert not Post.objects.exists()
    assert login(personas["admin"]).post(url, data).status_code == 302
    assert login(personas["head.of.service"]).post(url, data).status_code == 302
    assert Post.objects.filter(team=north).count() == 2
    assert _audited(AuditAction.CREATE, "workforce.post") == 2


def test_an_admin_may_not_record_a_teams_staff(login, personas, north):
    url = f"/workforce/teams/{north.pk}/starters/new/"
    assert login(personas["admin"]).get(url).status_code == 403


def test_a_leaver_is_ended_with_a_census_reason(login, personas, north):
    worker = personas["social.worker"].staff
    response = login(personas["team.manager"]).post(
        f"/workforce/teams/{north.pk}/leavers/new/", {
            "staff": worker.pk, "reason": "1", "destination": "1",
            **_date("last_day", datetime.date(2026, 6, 30))})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.end_date == datetime.date(2026, 6, 30)
    assert Leaving.objects.get(staff=worker).get_reason_display() == "Resigned"
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE, object_id=str(worker.pk),
                                     object_type="organisations.staffmember").exists()


def test_a_starter_joins_the_team_without_a_password(login, personas, north):
    response = login(personas["head.of.service"]).post(
        f"/workforce/teams/{north.pk}/starters/new/", {
            "given_name": "Noor", "family_name": "Eastwood", "role": Role.SOCIAL_WORKER,
            "job_title": "Social worker (ASYE)", "employment_type": "permanent",
            "fte": "0.8", **_date("start_date", datetime.date(2026, 9, 1))})
    assert response.status_code == 302
    starter = StaffMember.objects.get(user__username="noor.eastwood")
    assert list(starter.teams.all()) == [north]
    assert starter.workforce_record.fte == Decimal("0.8")
    assert not starter.user.has_usable_password()


def test_sickness_days_cannot_exceed_the_days_off(login, personas, north):
    url = f"/workforce/teams/{north.pk}/sickness/new/"
    data = {"staff": personas["social.worker"].staff.pk, "working_days_lost": "4",
            **_date("start_date", datetime.date(2026, 3, 2)),
            **_date("end_date", datetime.date(2026, 3, 4))}
    page = login(personas["team.manager"]).post(url, data).content.decode()
    assert "cannot be more than the 3 days" in page
    assert login(personas["team.manager"]).post(url, {**data, "working_days_lost": "3"}
                                                ).status_code == 302
    assert SicknessAbsence.objects.get().working_days_lost == 3


@pytest.mark.parametrize("query, error", [
    ("on_0=31&on_1=2&on_2=2026", "The date must be a real date"),
    ("on_0=1&on_1=1", "The date must include a day, month and year"),
    ("on_0=1&on_1=1&on_2=2999", "The date must be today or in the past"),
])
def test_a_bad_date_is_explained_and_today_shown(login, personas, query, error):
    page = login(personas["analyst"]).get(f"/workforce/?{query}").content.decode()
    assert error in page and "govuk-error-summary" in page
    today = datetime.date.today()
    assert f"{today.day} {today:%B %Y}" in page


def test_a_chosen_date_sets_the_day_and_englands_year(login, personas):
    page = login(personas["analyst"]).get("/workforce/?on_0=1&on_1=10&on_2=2023")
    text = re.sub(r"\s+", " ", page.content.decode())
    assert "1 October 2023" in text and "England, 30 Sep 2023" in text


def test_small_counts_of_leavers_are_hidden_from_aggregate_viewers(login, personas, north):
    actions.record_leaver(personas["social.worker"].staff, last_day=datetime.date.today(),
                          reason="4", destination="8", actor=personas["team.manager"])
    viewer = login(personas["council.viewer"]).get("/workforce/").content.decode()
    assert "Dismissed" in viewer and "fewer than 5" in viewer
    manager = login(personas["head.of.service"]).get("/workforce/").content.decode()
    assert "fewer than 5" not in manager


def test_a_manager_changes_someones_hours_with_the_old_kept_in_the_audit(login, personas,
                                                                         north):
    worker = personas["social.worker"].staff
    response = login(personas["team.manager"]).post(
        f"/workforce/teams/{north.pk}/hours/", {"staff": worker.pk, "fte": "0.6"})
    assert response.status_code == 302
    worker.refresh_from_db()
    assert worker.workforce_record.fte == Decimal("0.6")
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE, object_type="workforce."
                                   "workforcerecord")
    assert entry.changes["fte"] == ["1.00", "0.6"]
    assert login(personas["admin"]).post(f"/workforce/teams/{north.pk}/hours/", {
        "staff": worker.pk, "fte": "1"}).status_code == 403
