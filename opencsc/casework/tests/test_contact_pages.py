"""Recording a contact at the front door and deciding it within one working day."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.casework import actions
from opencsc.casework.models import Contact, Deadline, Referral
from opencsc.core.models import AuditAction, AuditEntry

from .journey import contact_details, date_fields, error_summary

# Tuesday 30 June 2026, 11:00 in London.
NOW = datetime.datetime(2026, 6, 30, 10, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def ruby(make_child):
    return make_child(worker="social.worker", given="Ruby", family="Fenwick")


def contact_form(*children, **changes) -> dict:
    return {
        "children": [str(c.pk) for c in children],
        **date_fields("received_date", datetime.date(2026, 6, 30)),
        "received_time": "09:15", "contactor_name": "Jo Rivers",
        "contactor_role": "Designated safeguarding lead", "source": "2A",
        "concern": "Bruising noticed in PE", "consent": "not_sought",
        "legal_basis": "safeguarding", **changes,
    }


def new_contact_url(*children) -> str:
    return reverse("casework:contact_new") + "?" + "&".join(f"child={c.pk}" for c in children)


def test_worker_records_a_contact_about_a_chosen_child(ruby, personas, login):
    response = login(personas["social.worker"]).post(new_contact_url(ruby), contact_form(ruby))
    contact = Contact.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:contact", args=[contact.pk])
    assert list(contact.children.all()) == [ruby]
    assert (contact.source, contact.contactor_name, contact.recorded_by.username) == (
        "2A", "Jo Rivers", "social.worker")
    assert AuditEntry.objects.filter(action=AuditAction.CREATE, child_id=ruby.pk,
                                     object_type="casework.contact").exists()


def test_the_contact_page_shows_the_decision_due_within_one_working_day(ruby, personas, login):
    client = login(personas["social.worker"])
    client.post(new_contact_url(ruby), contact_form(ruby))
    page = client.get(reverse("casework:contact", args=[Contact.objects.get().pk]))
    text = page.content.decode()
    assert "Decide on the contact" in text
    assert "1 Jul 2026" in text  # one working day after Tuesday 30 June
    assert Deadline.objects.get(rule="contact_decision").due_date == datetime.date(2026, 7, 1)


def test_a_refused_contact_keeps_what_was_typed(ruby, personas, login):
    form = contact_form(ruby, consent="", concern="Left alone at home overnight")
    response = login(personas["social.worker"]).post(new_contact_url(ruby), form)
    assert response.status_code == 200
    assert "Select whether consent was given" in error_summary(response)
    assert "Left alone at home overnight" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_contact_received_in_the_future_is_refused(ruby, personas, login):
    response = login(personas["social.worker"]).post(
        new_contact_url(ruby), contact_form(ruby, received_time="23:30"))
    assert "must be now or in the past" in error_summary(response)
    assert not Contact.objects.exists()


def test_finding_a_child_lists_only_children_the_user_can_see(ruby, make_child, personas,
                                                             login):
    make_child(team="Assessment Team East", worker="other.worker", given="Ruby",
               family="Fenwicke")
    response = login(personas["social.worker"]).get(reverse("casework:contact_new"),
                                                    {"name": "ruby fenwick"})
    page = response.content.decode()
    assert f"child={ruby.pk}" in page
    assert "Fenwicke" not in page


def test_a_child_not_found_offers_to_open_a_record_first(personas, login):
    response = login(personas["social.worker"]).get(reverse("casework:contact_new"),
                                                    {"name": "Nobody Known"})
    page = response.content.decode()
    assert "No child you can see matches" in page
    assert reverse("people:child_new") in page


def test_a_contact_about_a_child_the_user_cannot_see_is_404(make_child, personas, login):
    elsewhere = make_child(team="Assessment Team East", worker="other.worker")
    client = login(personas["social.worker"])
    assert client.get(new_contact_url(elsewhere)).status_code == 404
    assert client.post(new_contact_url(elsewhere), contact_form(elsewhere)).status_code == 404
    assert not Contact.objects.exists()


def test_a_contact_about_a_child_the_user_may_only_read_is_403(make_child, personas, login):
    teammates = make_child(worker=None)
    response = login(personas["social.worker"]).post(new_contact_url(teammates),
                                                     contact_form(teammates))
    assert response.status_code == 403
    assert not Contact.objects.exists()


def test_a_partner_agency_user_cannot_record_a_contact(personas, login):
    assert login(personas["police.partner"]).get(reverse("casework:contact_new")).status_code \
        == 403


@pytest.fixture
def contact(ruby, personas):
    return actions.record_contact(actor=personas["social.worker"], children=[ruby],
                                  details=contact_details())


def test_deciding_a_referral_opens_an_episode_passed_to_the_chosen_team(
        contact, ruby, trust, personas, login):
    team = trust.teams["Child Protection Team North"]
    response = login(personas["team.manager"]).post(
        reverse("casework:contact", args=[contact.pk]), {"outcome": "referral", "team": team.pk})
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.outcome, contact.decided_by.username) == ("referral", "team.manager")
    referral = Referral.objects.get(child=ruby)
    assert referral.contact == contact
    assert ruby.allocations.filter(end_date__isnull=True).get().team == team


def test_a_referral_decision_needs_the_team_to_pass_it_to(contact, personas, login):
    response = login(personas["social.worker"]).post(
        reverse("casework:contact", args=[contact.pk]), {"outcome": "referral"})
    assert "Select the team to pass the referral to" in error_summary(response)
    assert not Referral.objects.exists()


def test_a_decision_of_advice_records_no_episode(contact, personas, login):
    login(personas["social.worker"]).post(reverse("casework:contact", args=[contact.pk]),
                                          {"outcome": "advice"})
    contact.refresh_from_db()
    assert contact.outcome == "advice"
    assert not Referral.objects.exists()


def test_a_contact_is_decided_only_once(contact, personas, login):
    client = login(personas["social.worker"])
    client.post(reverse("casework:contact", args=[contact.pk]), {"outcome": "advice"})
    response = client.post(reverse("casework:contact", args=[contact.pk]), {"outcome": "nfa"})
    assert "already been recorded" in error_summary(response)
    contact.refresh_from_db()
    assert contact.outcome == "advice"


def test_the_teams_offered_are_those_of_the_users_organisation(contact, trust, personas, login):
    page = login(personas["social.worker"]).get(
        reverse("casework:contact", args=[contact.pk])).content.decode()
    assert all(team.name in page for team in trust.teams.values())


def test_a_contact_about_siblings_shows_its_decision_deadline_once(ruby, make_child, personas,
                                                                  login):
    brother = make_child(worker="social.worker", given="Sol", family="Fenwick")
    client = login(personas["social.worker"])
    client.post(new_contact_url(ruby, brother), contact_form(ruby, brother))
    contact = Contact.objects.get()
    assert set(contact.children.all()) == {ruby, brother}
    page = client.get(reverse("casework:contact", args=[contact.pk])).content.decode()
    assert page.count("Decide on the contact") == 1
