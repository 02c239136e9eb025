import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.casework.models import Draft
from opencsc.people import actions as people_actions
from opencsc.people.models import Allocation, Person

from .conftest import TODAY

pytestmark = pytest.mark.django_db


def section(html: str, anchor: str) -> str:
    """The part of the page from one section's heading to the next h2."""
    start = html.index(f'id="{anchor}"')
    end = html.find("<h2", start)
    return html[start:end if end != -1 else None]


def page(client) -> str:
    response = client.get("/work/")
    assert response.status_code == 200
    return response.content.decode()


def test_social_worker_sees_only_children_allocated_to_them(login, personas, make_child,
                                                            deadline, today):
    mine = make_child(worker="social.worker", family="Mine")
    teammates = make_child(worker=None, family="Teammates")
    elsewhere = make_child(team="Assessment Team East", worker="other.worker", family="Elsewhere")
    for child in (mine, teammates, elsewhere):
        deadline(child, days=-3)
    html = page(login(personas["social.worker"]))
    assert "MINE" in html
    assert "TEAMMATES" not in html
    assert "ELSEWHERE" not in html


def test_items_are_sorted_into_overdue_this_week_and_visits(login, personas, make_child,
                                                            deadline, today):
    child = make_child(worker="social.worker", family="Sorted")
    deadline(child, "assessment", -2)
    deadline(child, "core_group", 3)
    deadline(child, "cp_visit", 20)
    deadline(child, "rcpc_first", 40)
    html = page(login(personas["social.worker"]))
    overdue, week, visits = (section(html, a) for a in ("overdue", "this-week", "visits"))
    assert "Complete the assessment" in overdue and "first core group" not in overdue
    assert "2 days late" in overdue and "days late" not in week
    assert "Hold the first core group" in week and "Complete the assessment" not in week
    assert "Visit the child (child protection)" in visits and "core group" not in visits
    assert "first review conference" not in overdue + week + visits


def test_each_status_has_its_govuk_tag_colour(login, personas, make_child, deadline, today):
    child = make_child(worker="social.worker")
    deadline(child, "assessment", -1)
    deadline(child, "cp_visit", 2)
    deadline(child, "cin_visit", 30)
    visits = section(page(login(personas["social.worker"])), "visits")
    assert 'govuk-tag--yellow">Due soon' in visits
    assert 'govuk-tag--green">On track' in visits
    overdue = section(page(login(personas["social.worker"])), "overdue")
    assert 'govuk-tag--red">Overdue' in overdue


def test_due_dates_are_read_from_stored_deadlines_not_recomputed(login, personas, make_child,
                                                                 deadline, today):
    child = make_child(worker="social.worker")
    # 45 working days from this referral would be in August; the stored row says otherwise.
    referral = deadline(child, "assessment", due=datetime.date(2026, 6, 12)).referral
    assert referral.referral_date == datetime.date(2026, 4, 1)
    html = page(login(personas["social.worker"]))
    assert "12 Jun 2026" in section(html, "this-week")


def test_met_deadlines_are_not_listed(login, personas, make_child, deadline, today):
    child = make_child(worker="social.worker")
    deadline(child, "icpc", -5, met=TODAY - datetime.timedelta(days=6))
    html = page(login(personas["social.worker"]))
    assert "initial child protection conference" not in html
    assert "Nothing is overdue" in html


def test_status_is_judged_against_today_when_read(login, personas, make_child, deadline,
                                                  time_machine):
    child = make_child(worker="social.worker")
    time_machine.move_to(datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC), tick=False)
    deadline(child, "assessment", due=datetime.date(2026, 6, 30))
    client = login(personas["social.worker"])
    assert "On track" in section(page(client), "children")
    time_machine.move_to(datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC), tick=False)
    client = login(personas["social.worker"])  # the old session has expired since
    assert "Complete the assessment" in section(page(client), "overdue")


def test_restricted_child_allocated_to_me_is_hidden_unless_i_am_named(login, personas,
                                                                      make_child, deadline,
                                                                      today):
    child = make_child(worker="social.worker", family="Guarded")
    deadline(child, days=-1)
    people_actions.restrict_record(child, actor=personas["team.manager"],
                                   restriction=Person.Restriction.HIGH_PROFILE, named_users=[])
    client = login(personas["social.worker"])
    assert "GUARDED" not in page(client)
    people_actions.restrict_record(child, actor=personas["team.manager"],
                                   restriction=Person.Restriction.HIGH_PROFILE,
                                   named_users=[personas["social.worker"]])
    assert "GUARDED" in page(client)


def test_child_reallocated_today_leaves_my_work_at_once(login, personas, trust, make_child,
                                                       deadline, today):
    child = make_child(worker="social.worker", family="Moved")
    Allocation.objects.filter(child=child).update(start_date=TODAY)
    deadline(child, days=-1)
    people_actions.allocate_child(child, actor=personas["team.manager"],
                                  team=trust.teams["Child Protection Team North"],
                                  worker=personas["team.manager"], reason="MANAGE")
    assert "MOVED" not in page(login(personas["social.worker"]))
    assert "MOVED" in page(login(personas["team.manager"]))


def test_drafts_link_back_to_the_form_they_came_from(login, personas, make_child, today):
    child = make_child(worker="social.worker", given="Dora", family="Drafted")
    worker = personas["social.worker"]
    Draft.objects.create(owner=worker, child=child, form="assessment", object_id=41)
    Draft.objects.create(owner=worker, child=child, form="case_note")
    Draft.objects.create(owner=personas["team.manager"], child=child, form="assessment",
                         object_id=99)
    drafts = section(page(login(worker)), "drafts")
    assert 'href="/assessments/41/"' in drafts
    assert f'href="/children/{child.pk}/notes/new/"' in drafts
    assert "/assessments/99/" not in drafts  # the manager's draft, not mine


def test_draft_on_a_child_i_can_no_longer_see_is_not_shown(login, personas, make_child, today):
    child = make_child(team="Assessment Team East", worker="other.worker", family="Gone")
    Draft.objects.create(owner=personas["social.worker"], child=child, form="case_note")
    assert "Gone" not in section(page(login(personas["social.worker"])), "drafts")


def test_each_item_links_to_the_child_and_the_episode(login, personas, make_child, deadline,
                                                      today):
    child = make_child(worker="social.worker")
    row = deadline(child, "assessment", -1)
    overdue = section(page(login(personas["social.worker"])), "overdue")
    assert f'href="/children/{child.pk}/"' in overdue
    assert f'href="/referrals/{row.referral_id}/"' in overdue


def test_team_manager_sees_their_own_cases_and_a_way_to_the_team_page(login, personas,
                                                                      make_child, deadline,
                                                                      today):
    own = make_child(worker="team.manager", family="Managers")
    teams = make_child(worker="social.worker", family="Workers")
    deadline(own, days=-1)
    deadline(teams, days=-1)
    html = page(login(personas["team.manager"]))
    assert "MANAGERS" in html and "WORKERS" not in html
    assert "awaiting your authorisation are on the" in html
    assert "awaiting your authorisation are on the" not in page(login(personas["social.worker"]))


@pytest.mark.parametrize("persona", ["analyst", "council.viewer", "police.partner", "admin"])
def test_roles_that_hold_no_cases_get_403(login, personas, persona):
    assert login(personas[persona]).get("/work/").status_code == 403


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get("/work/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/work/").status_code == 200
    return len(queries)


def _caseload(make_child, deadline, personas, n: int):
    for i in range(n):
        child = make_child(worker="social.worker", family=f"Load{i}")
        deadline(child, "assessment", -1 - i)
        deadline(child, "cp_visit", i)
        Draft.objects.create(owner=personas["social.worker"], child=child, form="case_note")


# Session, user, second factor, staff, role policy, session save (2 savepoint + 1); whether
# the worker is at the front door (ADR 0012); then the ids of the children allocated to them
# or drafted on, those children in scope, their allocations, deadlines and drafts: five
# whatever the caseload.
MY_WORK_QUERIES = 14


def test_my_work_issues_the_same_queries_for_1_or_30_children(login, personas, make_child,
                                                              deadline, today):
    client = login(personas["social.worker"])
    _caseload(make_child, deadline, personas, 1)
    one = _queries(client)
    _caseload(make_child, deadline, personas, 29)
    assert _queries(client) == one == MY_WORK_QUERIES
    assert page(client).count("LOAD") >= 30
