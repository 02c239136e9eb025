"""Every page of the journey: it renders for the allocated worker, names the child in its
title, and keeps outsiders (404) and read-only teammates (403) from writing."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from opencsc.core.models import AuditAction, AuditEntry

from .journey import record_journey

TODAY = datetime.datetime(2025, 1, 15, 12, tzinfo=datetime.UTC)

# Every page: URL name, the step whose id it takes, and whether GET needs change scope.
PAGES = [
    ("casework:contact", "contact", False),
    ("casework:referral_new", "child", True),
    ("casework:referral", "referral", False),
    ("casework:assessment_new", "referral", True),
    ("casework:assessment", "assessment", False),
    ("casework:assessment_authorise", "assessment", True),
    ("casework:cin_plan_new", "referral", True),
    ("casework:cin_plan", "cin_plan", False),
    ("casework:cin_plan_review", "cin_plan", True),
    ("casework:cin_plan_end", "cin_plan", True),
    ("casework:visit_new", "referral", True),
    ("casework:strategy_new", "referral", True),
    ("casework:section47", "section47", False),
    ("casework:conference_new", "referral", True),
    ("casework:cp_plan", "cp_plan", False),
    ("casework:core_group_new", "cp_plan", True),
    ("casework:cp_review_new", "cp_plan", True),
    ("casework:cp_plan_end", "cp_plan", True),
    ("casework:closure_new", "referral", True),
    ("casework:closure", "closure", False),
]
READ_ONLY = ["casework:referral", "casework:cin_plan", "casework:cp_plan"]
WRITES = [name for name, _, _ in PAGES if name not in READ_ONLY] + ["casework:assessment_draft"]
STEP_OF = {name: step for name, step, _ in PAGES} | {"casework:assessment_draft": "assessment"}


@pytest.fixture
def journeys(make_child, personas):
    """One journey on social.worker's own child, one on a teammate's child."""
    with time_machine.travel(TODAY, tick=False):
        own = make_child(worker="social.worker", given="Ruby", family="Fenwick")
        teammate = make_child(worker=None, given="Leo", family="Marsh")
        staff = {"worker": personas["social.worker"], "manager": personas["team.manager"]}
        return {"own": record_journey(own, **staff), "teammate": record_journey(teammate, **staff)}


def url(name, steps):
    return reverse(name, args=[steps[STEP_OF[name]]])


def writes(child_id) -> int:
    return AuditEntry.objects.filter(child_id=child_id, action__in=[
        AuditAction.CREATE, AuditAction.UPDATE]).count()


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", [p[0] for p in PAGES])
def test_each_page_renders_for_the_allocated_worker_and_names_the_child(
        name, journeys, personas, login):
    manager_page = name in ("casework:assessment_authorise",)
    user = personas["team.manager" if manager_page else "social.worker"]
    response = login(user).get(url(name, journeys["own"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1" in page
    assert "Ruby Fenwick" in page[page.index("<title>"):page.index("</title>")]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", WRITES)
def test_outsider_gets_404_on_every_page_and_write(name, journeys, personas, login):
    client = login(personas["other.worker"])
    before = writes(journeys["own"]["child"])
    assert client.get(url(name, journeys["own"])).status_code == 404
    assert client.post(url(name, journeys["own"]), {}).status_code == 404
    assert writes(journeys["own"]["child"]) == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", WRITES)
def test_read_only_teammate_gets_403_on_every_write(name, journeys, personas, login):
    client = login(personas["social.worker"])
    before = writes(journeys["teammate"]["child"])
    assert client.post(url(name, journeys["teammate"]), {}).status_code == 403
    assert writes(journeys["teammate"]["child"]) == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, _, needs_change in PAGES if not needs_change])
def test_read_only_teammate_can_read_the_journey_but_is_offered_no_form(
        name, journeys, personas, login):
    response = login(personas["social.worker"]).get(url(name, journeys["teammate"]))
    assert response.status_code == 200
    assert 'method="post"' not in response.content.decode().split("</header>")[1]


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, _, needs_change in PAGES if needs_change])
def test_read_only_teammate_gets_403_on_each_form_page(name, journeys, personas, login):
    assert login(personas["social.worker"]).get(url(name, journeys["teammate"])).status_code \
        == 403


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("name", READ_ONLY)
def test_pages_that_only_show_refuse_a_post(name, journeys, personas, login):
    assert login(personas["social.worker"]).post(url(name, journeys["own"])).status_code == 405


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "admin", "police.partner"])
def test_people_outside_casework_get_404_on_every_page(persona, journeys, personas, login):
    client = login(personas[persona])
    for name in WRITES + READ_ONLY:
        assert client.get(url(name, journeys["own"])).status_code == 404, name


@time_machine.travel(TODAY, tick=False)
@pytest.mark.django_db
def test_the_manager_is_offered_the_sign_off_from_the_episode(journeys, personas, login):
    episode = reverse("casework:referral", args=[journeys["own"]["referral"]])
    assert "Sign off or decline the closure" in login(personas["team.manager"]).get(
        episode).content.decode()
    assert "See the closure request" in login(personas["social.worker"]).get(
        episode).content.decode()
