"""The single assessment: starting, writing with autosaved drafts, completing, authorising."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.casework import actions
from opencsc.casework.models import Assessment, Draft
from opencsc.core.models import AuditAction, AuditEntry

from .journey import date_fields, error_summary

D = datetime.date
NOW = datetime.datetime(2026, 6, 30, 10, tzinfo=datetime.UTC)  # Tuesday 30 June 2026
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def referral(make_child, personas):
    child = make_child(worker="social.worker", given="Ruby", family="Fenwick")
    return actions.open_referral(child, actor=personas["social.worker"],
                                 referral_date=D(2026, 6, 1), source="6", next_step="assessment")


@pytest.fixture
def assessment(referral, personas):
    return actions.start_assessment(referral, actor=personas["social.worker"],
                                    start_date=D(2026, 6, 2))


def page_of(assessment):
    return reverse("casework:assessment", args=[assessment.pk])


def content(**changes) -> dict:
    return {**date_fields("child_seen_date", D(2026, 6, 3)), "child_seen_alone": "on",
            "wishes_and_feelings": "Wants to stay with her gran", "analysis": "Risk is rising",
            "factors": ["16A", "3B"], "primary_need": "N1", "outcome": "cin_plan", **changes}


def test_worker_starts_an_assessment(referral, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:assessment_new", args=[referral.pk]),
        date_fields("start_date", D(2026, 6, 2)))
    assessment = Assessment.objects.get(referral=referral)
    assert response["Location"] == page_of(assessment)
    assert assessment.start_date == D(2026, 6, 2)


def test_an_assessment_before_its_referral_is_refused_citing_rule_1103(referral, personas,
                                                                      login):
    response = login(personas["social.worker"]).post(
        reverse("casework:assessment_new", args=[referral.pk]),
        date_fields("start_date", D(2026, 5, 29)))
    assert "CIN rule 1103" in error_summary(response)
    assert 'href="#id_start_date_0"' in error_summary(response)
    assert not Assessment.objects.exists()


def test_the_factors_are_offered_as_checkboxes_from_the_dfe_list(assessment, personas, login):
    page = login(personas["social.worker"]).get(page_of(assessment)).content.decode()
    assert 'type="checkbox" value="16A"' in page.replace('name="factors" ', "")
    assert "No factors identified (21)" in page


def test_saving_records_the_assessment_and_audits_what_changed(assessment, personas, login):
    response = login(personas["social.worker"]).post(page_of(assessment),
                                                     {**content(), "action": "save"})
    assert response["Location"] == page_of(assessment)
    assessment.refresh_from_db()
    assert assessment.factors == ["16A", "3B"]
    assert (assessment.child_seen_date, assessment.child_seen_alone) == (D(2026, 6, 3), True)
    assert assessment.completed_date is None
    change = AuditEntry.objects.filter(action=AuditAction.UPDATE,
                                       object_type="casework.assessment").latest("seq")
    assert "analysis" in change.changes


def test_a_child_seen_in_the_future_is_refused_keeping_the_text(assessment, personas, login):
    response = login(personas["social.worker"]).post(page_of(assessment), {
        **content(**date_fields("child_seen_date", D(2026, 7, 1))), "action": "save"})
    assert "The date the child was seen must be today or in the past" in error_summary(response)
    assert "Risk is rising" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.analysis == ""


def test_completing_sends_the_assessment_for_authorisation(assessment, personas, login):
    response = login(personas["social.worker"]).post(page_of(assessment),
                                                     {**content(), "action": "complete"})
    assert response["Location"] == reverse("casework:referral", args=[assessment.referral_id])
    assessment.refresh_from_db()
    assert assessment.completed_date == D(2026, 6, 30)
    assert assessment.authorisation_date is None


def test_completing_without_factors_is_refused_citing_rule_8897Q_on_the_factors(
        assessment, personas, login):
    form = {**content(), "action": "complete"}
    del form["factors"]
    response = login(personas["social.worker"]).post(page_of(assessment), form)
    summary = error_summary(response)
    assert "CIN rule 8897Q" in summary
    assert 'href="#id_factors_0"' in summary
    assert "Wants to stay with her gran" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.completed_date is None


def test_no_factors_with_other_factors_is_refused_citing_rule_8869(assessment, personas,
                                                                  login):
    response = login(personas["social.worker"]).post(
        page_of(assessment), {**content(factors=["21", "16A"]), "action": "complete"})
    assert "CIN rule 8869" in error_summary(response)


def test_a_completed_assessment_is_shown_but_no_longer_offered_for_writing(
        assessment, personas, login):
    client = login(personas["social.worker"])
    client.post(page_of(assessment), {**content(), "action": "complete"})
    page = client.get(page_of(assessment)).content.decode()
    assert "data-autosave-url" not in page
    assert "waiting for a manager to authorise it" in page
    response = client.post(page_of(assessment), {**content(analysis="Changed"), "action": "save"})
    assert "can no longer be changed" in error_summary(response)
    assessment.refresh_from_db()
    assert assessment.analysis == "Risk is rising"


# --- Drafts ------------------------------------------------------------------------------

def draft_url(assessment):
    return reverse("casework:assessment_draft", args=[assessment.pk])


def test_the_form_carries_its_autosave_address(assessment, personas, login):
    page = login(personas["social.worker"]).get(page_of(assessment)).content.decode()
    assert f'data-autosave-url="{draft_url(assessment)}"' in page


def test_autosave_keeps_the_workers_draft_and_answers_204(assessment, personas, login):
    response = login(personas["social.worker"]).post(draft_url(assessment), {
        "analysis": "Half a thought", "factors": ["16A"], "csrfmiddlewaretoken": "x"})
    assert response.status_code == 204
    draft = Draft.objects.get(owner=personas["social.worker"], form="assessment",
                              object_id=assessment.pk)
    assert draft.data["analysis"] == ["Half a thought"]
    assert draft.data["factors"] == ["16A"]
    assert "csrfmiddlewaretoken" not in draft.data
    assessment.refresh_from_db()
    assert assessment.analysis == ""


def test_autosave_with_none_of_the_forms_fields_is_a_json_400(assessment, personas, login):
    response = login(personas["social.worker"]).post(draft_url(assessment), {"other": "x"})
    assert response.status_code == 400
    assert "error" in response.json()
    assert not Draft.objects.exists()


def test_autosave_of_an_over_long_field_is_a_json_400(assessment, personas, login):
    response = login(personas["social.worker"]).post(draft_url(assessment),
                                                     {"analysis": "x" * 100_001})
    assert response.status_code == 400
    assert "too long" in response.json()["error"]


def test_autosave_of_a_completed_assessment_is_a_json_400(assessment, personas, login):
    client = login(personas["social.worker"])
    client.post(page_of(assessment), {**content(), "action": "complete"})
    response = client.post(draft_url(assessment), {"analysis": "Too late"})
    assert response.status_code == 400
    assert not Draft.objects.exists()


def test_autosave_is_post_only(assessment, personas, login):
    assert login(personas["social.worker"]).get(draft_url(assessment)).status_code == 405


def test_a_draft_survives_signing_out_and_is_shown_over_the_saved_values(
        assessment, personas, client):
    worker = personas["social.worker"]
    actions.save_assessment(assessment, actor=worker, data={"analysis": "Saved analysis",
                                                            "wishes_and_feelings": "Saved"})
    client.force_login(worker)
    client.post(draft_url(assessment), {"analysis": "Draft analysis", "factors": ["16A"]})
    client.post(reverse("accounts:logout"))
    client.force_login(worker)
    page = client.get(page_of(assessment)).content.decode()
    assert "You have an unsaved draft from 30 June 2026, 11:00" in page
    assert "Draft analysis" in page
    assert "Saved analysis" not in page
    assert ">Saved</textarea>" in page  # a field the draft does not hold keeps its saved value


def test_a_draft_is_the_workers_own(assessment, personas, login):
    login(personas["social.worker"]).post(draft_url(assessment), {"analysis": "Mine"})
    page = login(personas["team.manager"]).get(page_of(assessment)).content.decode()
    assert "unsaved draft" not in page
    assert "Mine" not in page


def test_saving_the_assessment_clears_the_draft(assessment, personas, login):
    client = login(personas["social.worker"])
    client.post(draft_url(assessment), {"analysis": "Draft"})
    client.post(page_of(assessment), {**content(), "action": "save"})
    assert not Draft.objects.exists()
    assert "unsaved draft" not in client.get(page_of(assessment)).content.decode()


# --- Authorisation -----------------------------------------------------------------------

@pytest.fixture
def completed(assessment, personas):
    return actions.complete_assessment(assessment, actor=personas["social.worker"],
                                       completed_date=D(2026, 6, 20), data={
                                           "factors": ["16A"], "primary_need": "N1",
                                           "outcome": "cin_plan"})


def authorise_url(assessment):
    return reverse("casework:assessment_authorise", args=[assessment.pk])


def test_a_social_worker_cannot_authorise(completed, personas, login):
    client = login(personas["social.worker"])
    assert client.get(authorise_url(completed)).status_code == 403
    response = client.post(authorise_url(completed),
                           date_fields("authorisation_date", D(2026, 6, 29)))
    assert response.status_code == 403
    completed.refresh_from_db()
    assert completed.authorisation_date is None


def test_the_manager_sees_the_authorise_button_on_a_completed_assessment(completed, personas,
                                                                        login):
    page = login(personas["team.manager"]).get(page_of(completed)).content.decode()
    assert authorise_url(completed) in page


def test_the_manager_authorises_a_completed_assessment(completed, personas, login):
    response = login(personas["team.manager"]).post(
        authorise_url(completed), date_fields("authorisation_date", D(2026, 6, 29)))
    assert response["Location"] == reverse("casework:referral", args=[completed.referral_id])
    completed.refresh_from_db()
    assert (completed.authorisation_date, completed.authorised_by.username) == (
        D(2026, 6, 29), "team.manager")
    completed.referral.refresh_from_db()
    assert completed.referral.primary_need == "N1"


def test_authorisation_before_the_assessment_started_is_refused_citing_rule_8608(
        completed, personas, login):
    response = login(personas["team.manager"]).post(
        authorise_url(completed), date_fields("authorisation_date", D(2026, 6, 1)))
    assert "CIN rule 8608" in error_summary(response)
    completed.refresh_from_db()
    assert completed.authorisation_date is None


def test_an_assessment_not_yet_completed_cannot_be_authorised(assessment, personas, login):
    client = login(personas["team.manager"])
    page = client.get(authorise_url(assessment)).content.decode()
    assert "has not yet completed this assessment" in page
    assert "Authorise the assessment</button>" not in page
    client.post(authorise_url(assessment), date_fields("authorisation_date", D(2026, 6, 29)))
    assessment.refresh_from_db()
    assert assessment.authorisation_date is None
