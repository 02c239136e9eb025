"""The leaving-care page and its forms: the derived status in plain words, each form
recording through its action, scope (404 and 403), and refusals on the right field."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opencsc.care_leavers import actions as leaver_actions
from opencsc.care_leavers.models import (
    KeepInTouch,
    NeedsAssessment,
    PathwayPlan,
    PersonalAdviser,
    StayingPut,
)
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.looked_after import actions
from opencsc.looked_after.tests.history import D, make_providers

TODAY = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
FORMS = ["needs_assessment_new", "pathway_plan_new", "personal_adviser", "keep_in_touch_new",
         "staying_put_new"]
pytestmark = pytest.mark.django_db


def url(name, child):
    return reverse(f"care_leavers:{name}", args=[child.pk])


def date(prefix, day) -> dict:
    return {f"{prefix}_0": str(day.day), f"{prefix}_1": str(day.month),
            f"{prefix}_2": str(day.year)}


def writes(child) -> int:
    return AuditEntry.objects.filter(child_id=child.pk, action__in=[
        AuditAction.CREATE, AuditAction.UPDATE]).count()


def care_leaver(make_child, actor, **child):
    """Looked after from 15 (September 2022) until their 18th birthday in January 2025."""
    with time_machine.travel(TODAY, tick=False):
        young_person = make_child(dob=D(2007, 1, 15), **child)
        period = actions.start_period_of_care(
            young_person, actor=actor, start_date=D(2022, 9, 1), legal_status="V2",
            category_of_need="N4", placement_type="U6", provider=make_providers()["foster"])
        actions.cease_care(period, actor=actor, end_date=D(2025, 1, 15), reason_ceased="E17")
    return young_person


@pytest.fixture
def leaver(make_child, personas):
    return care_leaver(make_child, personas["social.worker"], worker="social.worker",
                       given="Kai", family="Marsh")


@time_machine.travel(TODAY, tick=False)
def test_the_page_shows_the_derived_status_in_plain_words_with_its_facts(
        leaver, personas, login):
    page = login(personas["social.worker"]).get(url("leaving_care", leaver)).content.decode()
    assert "<h1 class=\"govuk-heading-l\">Leaving care</h1>" in page
    assert "Former relevant child" in page
    assert "Aged 18 or over, and a relevant child before that" in page
    assert "No: left care on 15 January 2025" in page
    assert "Be in touch around the birthday: the 19th, 15 January 2026" in page  # OC3


@time_machine.travel(TODAY, tick=False)
def test_a_child_never_looked_after_is_told_why_there_is_no_status(
        make_child, personas, login):
    child = make_child(worker="social.worker", dob=D(2014, 1, 1))
    page = login(personas["social.worker"]).get(url("leaving_care", child)).content.decode()
    assert "Not a care leaver" in page and "Never looked after, so not a care leaver." in page


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", FORMS)
def test_each_form_renders_for_the_allocated_worker(name, leaver, personas, login):
    page = login(personas["social.worker"]).get(url(name, leaver)).content.decode()
    assert "Kai Marsh" in page[page.index("<title>"):page.index("</title>")]
    assert "Leaving care</a>" in page  # the breadcrumb back


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", ["leaving_care", *FORMS])
def test_outsider_gets_404_on_every_page_and_write(name, leaver, personas, login):
    client = login(personas["other.worker"])
    before = writes(leaver)
    assert client.get(url(name, leaver)).status_code == 404
    assert client.post(url(name, leaver), {}).status_code == 404
    assert writes(leaver) == before


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", FORMS)
def test_read_only_teammate_gets_403_on_every_form_and_write(name, make_child, personas, login):
    teammate = care_leaver(make_child, personas["team.manager"], worker=None)
    client = login(personas["social.worker"])
    assert client.get(url("leaving_care", teammate)).status_code == 200
    before = writes(teammate)
    assert client.get(url(name, teammate)).status_code == 403
    assert client.post(url(name, teammate), {}).status_code == 403
    assert writes(teammate) == before


POSTS = {
    "needs_assessment_new": (date("assessment_date", D(2023, 3, 1)), NeedsAssessment),
    "pathway_plan_new": ({**date("plan_date", D(2026, 5, 1)), "is_review": "yes",
                          "summary": "University place confirmed"}, PathwayPlan),
    "personal_adviser": ({"adviser": "team.manager", **date("start_date", D(2025, 1, 15))},
                         PersonalAdviser),
    "keep_in_touch_new": ({**date("contact_date", D(2026, 1, 20)), "in_touch": "YES",
                           "activity": "F2", "accommodation": "Z",
                           "accommodation_suitable": "yes"}, KeepInTouch),
    "staying_put_new": ({"carer_name": "The Ashworth household",
                         **date("start_date", D(2025, 1, 15))}, StayingPut),
}


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("name", FORMS)
def test_posting_a_form_records_through_the_action_with_an_audit_entry(
        name, leaver, personas, login):
    data, model = POSTS[name]
    before = writes(leaver)
    response = login(personas["social.worker"]).post(url(name, leaver), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response["Location"] == url("leaving_care", leaver)
    assert model.objects.filter(child=leaver).count() == 1
    assert writes(leaver) > before


@time_machine.travel(TODAY, tick=False)
def test_the_oc3_items_read_back_with_their_codes(leaver, personas, login):
    client = login(personas["social.worker"])
    client.post(url("keep_in_touch_new", leaver), POSTS["keep_in_touch_new"][0])
    page = client.get(url("leaving_care", leaver)).content.decode()
    assert "Full-time other education (F2)" in page
    assert "With former foster carers (Z1)" in page


@time_machine.travel(TODAY, tick=False)
def test_with_former_foster_carers_at_17_is_refused_on_the_accommodation(
        make_child, personas, login):
    young = care_leaver(make_child, personas["social.worker"], worker="social.worker")
    response = login(personas["social.worker"]).post(url("keep_in_touch_new", young), {
        **date("contact_date", D(2024, 1, 20)), "in_touch": "YES", "activity": "F2",
        "accommodation": "Z"})
    page = response.content.decode()
    assert '<a href="#id_accommodation">‘With former foster carers’ (Z) is for 18 and over' in page
    assert "(SSDA903 rule 3001)" in page
    assert '<option value="F2" selected>' in page
    assert not KeepInTouch.objects.filter(child=young).exists()


@time_machine.travel(TODAY, tick=False)
def test_in_touch_without_activity_and_accommodation_is_refused(leaver, personas, login):
    response = login(personas["social.worker"]).post(url("keep_in_touch_new", leaver), {
        **date("contact_date", D(2026, 1, 20)), "in_touch": "YES"})
    assert '<a href="#id_activity">When in touch, record their activity and accommodation' in (
        response.content.decode())


@time_machine.travel(TODAY, tick=False)
def test_the_page_reads_in_a_fixed_number_of_queries_however_much_is_recorded(
        make_child, personas, login):
    worker = personas["social.worker"]
    few = care_leaver(make_child, worker, worker="social.worker")
    many = care_leaver(make_child, worker, worker="social.worker")
    for n in range(12):
        day = D(2025, 2, 1) + datetime.timedelta(days=30 * n)
        leaver_actions.record_pathway_plan(many, actor=worker, plan_date=day, is_review=n > 0)
        leaver_actions.record_keep_in_touch(many, actor=worker, contact_date=day, in_touch="NO")
        leaver_actions.appoint_personal_adviser(many, actor=worker, adviser=worker,
                                                start_date=day)
    client = login(worker)

    def count(child):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("leaving_care", child)).status_code == 200
        return len(queries)

    assert count(few) == count(many)
