"""The improvement plan: who changes it, the forms' errors, audit, and progress shown."""

import datetime

import pytest

from opencsc.core.models import AuditAction, AuditEntry
from opencsc.oversight import actions, figures
from opencsc.oversight.models import ActionUpdate, ImprovementAction
from opencsc.oversight.plan import actions_for, progress
from opencsc.oversight.status import Movement, PlanStatus

NEW_ACTION = {
    "reference": "2.1", "title": "Reduce re-referrals through better step-down plans",
    "description": "Audit every re-referral monthly.", "owner": "Rowan Castellano, head of service",
    "opened_on_0": "1", "opened_on_1": "4", "opened_on_2": "2026",
    "due_date_0": "31", "due_date_1": "3", "due_date_2": "2027",
    "measure_codes": ["re_referrals", "assessments_45wd"],
}


@pytest.fixture
def action(trust, personas):
    return actions.open_action(
        actor=personas["head.of.service"], council=trust.council, reference="1.1",
        title="Tighten management oversight of assessments", owner="Head of service",
        due_date=datetime.date(2027, 3, 31), measure_codes=["assessments_45wd", "cla_rate"],
        opened_on=datetime.date(2026, 4, 1))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["head.of.service", "analyst"])
def test_heads_of_service_and_analysts_add_actions_and_each_is_audited(
        login, personas, persona, engine):
    response = login(personas[persona]).post("/oversight/plan/new/", NEW_ACTION)
    assert response.status_code == 302
    added = ImprovementAction.objects.get(reference="2.1")
    assert added.measure_codes == ["re_referrals", "assessments_45wd"]
    assert added.due_date == datetime.date(2027, 3, 31)
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, object_type=
                                     "oversight.improvementaction", object_id=str(added.pk),
                                     actor_username=persona).exists()


@pytest.mark.django_db
def test_board_members_and_council_viewers_read_the_plan_but_cannot_change_it(
        login, personas, board_member, action, engine):
    for user in (board_member, personas["council.viewer"]):
        client = login(user)
        assert client.get("/oversight/plan/").status_code == 200
        assert "Add an action" not in client.get("/oversight/plan/").content.decode()
        assert client.post("/oversight/plan/new/", NEW_ACTION).status_code == 403
        assert client.post(f"/oversight/plan/{action.pk}/progress/", {
            "status": "done", "evidence": "x", "evidence_date_0": "1",
            "evidence_date_1": "5", "evidence_date_2": "2026"}).status_code == 403
    assert ImprovementAction.objects.count() == 1 and not ActionUpdate.objects.exists()


@pytest.mark.django_db
def test_a_new_action_with_problems_is_shown_again_with_an_error_summary(
        login, personas, engine):
    data = {**NEW_ACTION, "title": "", "due_date_0": "1", "due_date_1": "1",
            "due_date_2": "2026", "measure_codes": []}
    page = login(personas["analyst"]).post("/oversight/plan/new/", data).content.decode()
    assert "govuk-error-summary" in page
    for message in ["Enter what the action is", "The due date must be on or after the date "
                    "opened", "Select at least one measure the action should move"]:
        assert message in page
    assert not ImprovementAction.objects.exists()


@pytest.mark.django_db
def test_progress_is_appended_with_its_evidence_and_audited(login, personas, action, engine):
    client = login(personas["head.of.service"])
    for status, day in [("on_track", "3"), ("at_risk", "10")]:
        response = client.post(f"/oversight/plan/{action.pk}/progress/", {
            "status": status, "evidence": f"Audit of 20 assessments ({status})",
            "evidence_date_0": day, "evidence_date_1": "9", "evidence_date_2": "2026"})
        assert response.status_code == 302
    assert list(action.updates.values_list("status", flat=True)) == ["at_risk", "on_track"]
    assert AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                     object_id=str(action.pk)).count() == 2
    page = client.get(f"/oversight/plan/{action.pk}/").content.decode()
    assert "Audit of 20 assessments (at_risk)" in page and "At risk" in page


@pytest.mark.django_db
def test_progress_needs_a_status_evidence_and_a_date_not_in_the_future(
        login, personas, action, engine):
    page = login(personas["analyst"]).post(f"/oversight/plan/{action.pk}/progress/", {
        "evidence": "", "evidence_date_0": "1", "evidence_date_1": "1",
        "evidence_date_2": "2099"}).content.decode()
    for message in ["Select the action&#x27;s status", "Describe the evidence for this progress",
                    "The date of the evidence must be today or in the past"]:
        assert message in page
    assert not action.updates.exists()


@pytest.mark.django_db
def test_progress_shows_each_measure_from_the_month_the_action_opened(
        trust, personas, action, engine):
    # Opened April 2026; figures to September 2026: assessments 70 -> 81 (better),
    # children looked after 68 -> 71 per 10,000 (no direction of good: changed).
    september = datetime.date(2026, 9, 1)
    for i, month in enumerate(figures.months_back(september, 6)):
        engine.values["assessments_45wd"][month] = 70.0 + i * 2.2
        engine.values["cla_rate"][month] = 68.0 + i * 0.6
    actions.record_progress(action, actor=personas["analyst"], status="on_track",
                            evidence="Weekly audits", evidence_date=datetime.date(2026, 9, 1))
    [item] = progress(actions_for(trust.council), trust.council, september,
                      datetime.date(2026, 10, 1))
    assert item.status == PlanStatus.ON_TRACK
    assessments, looked_after = item.measures
    assert (assessments.baseline, assessments.current) == (70.0, 81.0)
    assert assessments.trend[0][0] == datetime.date(2026, 4, 1)
    assert assessments.movement == Movement.BETTER
    assert looked_after.movement == Movement.CHANGED
    # Once the due date has passed without it being done, it is overdue.
    [late] = progress(actions_for(trust.council), trust.council, september,
                      datetime.date(2027, 4, 1), with_measures=False)
    assert late.status == PlanStatus.OVERDUE


@pytest.mark.django_db
def test_the_plan_page_reads_a_fixed_number_of_queries_however_many_actions(
        login, personas, trust, engine):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(personas["council.viewer"])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/oversight/plan/").status_code == 200
        return len(captured)

    def add(reference):
        added = actions.open_action(
            actor=personas["analyst"], council=trust.council, reference=reference,
            title="An action", owner="Someone", due_date=datetime.date(2027, 1, 1),
            measure_codes=["re_referrals"])
        actions.record_progress(added, actor=personas["analyst"], status="on_track",
                                evidence="Seen", evidence_date=datetime.date(2026, 1, 5))

    add("1")
    few = queries()
    for reference in "2345":
        add(reference)
    assert queries() == few
