import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from opencsc.casework.models import Assessment, Closure
from opencsc.people.models import Allocation

from .conftest import TODAY
from .test_my_work import section

pytestmark = pytest.mark.django_db


def team_page(client, query: str = "") -> str:
    response = client.get(f"/team/{query}")
    assert response.status_code == 200
    return response.content.decode()


def rows(html: str) -> list[str]:
    """The body rows of the work-across-the-team table, in order."""
    work = section(html, "work")
    body = work[work.index("<tbody"):work.index("</tbody>")]
    return body.split('<tr class="govuk-table__row">')[1:]


@pytest.mark.parametrize("persona", ["social.worker", "other.worker", "analyst",
                                     "council.viewer", "police.partner", "admin"])
def test_only_team_managers_and_heads_of_service_reach_the_team_page(login, personas, persona):
    assert login(personas[persona]).get("/team/").status_code == 403


def test_unallocated_children_in_my_team_wait_for_a_worker(login, personas, make_child, today):
    make_child(worker=None, family="Waiting")
    make_child(worker="social.worker", family="Held")
    make_child(team="Assessment Team East", worker=None, family="Eastern")
    unallocated = section(team_page(login(personas["team.manager"])), "unallocated")
    assert "WAITING" in unallocated
    assert "HELD" not in unallocated
    assert "EASTERN" not in unallocated


def test_each_unallocated_child_has_an_allocate_action(login, personas, make_child, today):
    child = make_child(worker=None)
    unallocated = section(team_page(login(personas["team.manager"])), "unallocated")
    assert f'href="/team/allocate/{child.pk}/"' in unallocated


def test_unallocated_work_shows_when_its_next_item_falls_due(login, personas, make_child,
                                                            deadline, today):
    late, calm = make_child(worker=None, family="Late"), make_child(worker=None, family="Calm")
    deadline(late, "icpc", -4)
    deadline(late, "cp_visit", 9)
    deadline(calm, "cp_visit", 30)
    unallocated = section(team_page(login(personas["team.manager"])), "unallocated")
    late_row = unallocated[unallocated.index("LATE"):].split("</tr>")[0]
    calm_row = unallocated[unallocated.index("CALM"):].split("</tr>")[0]
    assert "6 Jun 2026" in late_row and 'govuk-tag--red">Overdue' in late_row
    assert "10 Jul 2026" in calm_row and 'govuk-tag--green">On track' in calm_row


def test_caseload_counts_each_workers_current_cases_and_employment(login, personas, make_child,
                                                                   make_worker, deadline, today):
    agency = make_worker("agency.worker", employment="agency", family="Agencyperson")
    for _ in range(3):
        make_child(worker=agency)
    ended = make_child(worker=agency)
    Allocation.objects.filter(child=ended).update(end_date=TODAY - datetime.timedelta(days=1))
    late = make_child(worker="social.worker")
    deadline(late, days=-2)
    deadline(late, "cp_visit", -1)
    caseloads = section(team_page(login(personas["team.manager"])), "caseloads")
    agency_row = caseloads[caseloads.index("Agencyperson"):].split("</tr>")[0]
    assert "Agency</strong>" in agency_row
    assert '--numeric">3</td>' in agency_row
    sam_row = caseloads[caseloads.index("Sam Okafor"):].split("</tr>")[0]
    assert "Permanent" in sam_row
    assert '--numeric">1</td>' in sam_row
    assert f'worker={personas["social.worker"].pk}#work' in sam_row  # to their overdue work
    assert "Priya" not in caseloads  # other.worker is in another team


def test_team_page_shows_everything_overdue_across_the_team_by_default(login, personas,
                                                                       make_child, make_worker,
                                                                       deadline, today):
    colleague = make_worker("colleague.worker", family="Colleague")
    deadline(make_child(worker="social.worker", family="Late"), days=-3)
    deadline(make_child(worker=colleague, family="Later"), "cp_visit", -1)
    deadline(make_child(worker=None, family="Nobodys"), "icpc", -10)
    deadline(make_child(worker="social.worker", family="Future"), days=2)
    deadline(make_child(team="Assessment Team East", worker="other.worker", family="East"),
             days=-3)
    html = team_page(login(personas["team.manager"]))
    work = section(html, "work")
    assert "Overdue across the team (3)" in work
    assert all(name in work for name in ("LATE", "LATER", "NOBODYS"))
    assert "FUTURE" not in work and "EAST" not in work
    assert "Not allocated" in work and "Colleague" in work


def test_filters_narrow_the_team_work_by_worker_rule_and_status(login, personas, make_child,
                                                                make_worker, deadline, today):
    colleague = make_worker("colleague.worker", family="Colleague")
    mine = make_child(worker="social.worker", family="Mine")
    theirs = make_child(worker=colleague, family="Theirs")
    deadline(mine, "assessment", -3)
    deadline(mine, "cp_visit", 2)
    deadline(theirs, "assessment", 30)
    client = login(personas["team.manager"])
    sam = personas["social.worker"].pk
    by_worker = rows(team_page(client, f"?worker={sam}&status=any"))
    assert len(by_worker) == 2 and all("MINE" in r for r in by_worker)
    by_rule = rows(team_page(client, "?rule=assessment&status=any"))
    assert len(by_rule) == 2 and not any("Visit" in r for r in by_rule)
    due_soon = rows(team_page(client, "?status=due+soon"))
    assert len(due_soon) == 1 and "Visit the child" in due_soon[0]
    on_track = rows(team_page(client, "?status=on+track"))
    assert len(on_track) == 1 and "THEIRS" in on_track[0]


def test_sorting_by_due_date_child_and_worker(login, personas, make_child, make_worker,
                                              deadline, today):
    zed = make_worker("zed.worker", family="Zed")
    deadline(make_child(worker=zed, family="Alpha"), days=-1)
    deadline(make_child(worker="social.worker", family="Bravo"), days=-9)
    deadline(make_child(worker=None, family="Charlie"), days=-5)
    client = login(personas["team.manager"])

    def order(sort):
        found = rows(team_page(client, f"?sort={sort}"))
        return [next(n for n in ("ALPHA", "BRAVO", "CHARLIE") if n in r) for r in found]

    assert order("due") == ["BRAVO", "CHARLIE", "ALPHA"]
    assert order("child") == ["ALPHA", "BRAVO", "CHARLIE"]
    assert order("worker") == ["BRAVO", "ALPHA", "CHARLIE"]  # Okafor, Zed, then unallocated


def test_filter_values_that_are_not_choices_are_ignored(login, personas, make_child, deadline,
                                                        today):
    deadline(make_child(worker="social.worker", family="Still"), days=-1)
    html = team_page(login(personas["team.manager"]),
                     "?worker=99999&rule=nonsense&status=whenever&sort=%3Bdrop&page=x&team=abc")
    assert "STILL" in section(html, "work")
    assert "govuk-error-summary" in html


def test_the_work_list_is_paged_and_keeps_its_filters(login, personas, make_child, deadline,
                                                      today):
    child = make_child(worker="social.worker", family="Busy")
    for day in range(55):
        deadline(child, "cp_visit", -1 - day)
    client = login(personas["team.manager"])
    first = team_page(client, "?rule=cp_visit")
    assert len(rows(first)) == 50 and "Page 1 of 2" in first
    assert 'href="?rule=cp_visit&amp;page=2"' in first
    second = team_page(client, "?rule=cp_visit&page=2")
    assert len(rows(second)) == 5
    past_the_end = team_page(client, "?rule=cp_visit&page=99")
    assert len(rows(past_the_end)) == 50 and "Page 1 of 2" in past_the_end


def test_completed_assessments_and_closures_await_the_managers_authorisation(
        login, personas, make_child, episode, today):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", family="Assessed")
    referral = episode(child)
    done = Assessment.objects.create(referral=referral, start_date=datetime.date(2026, 4, 2),
                                     completed_date=datetime.date(2026, 6, 1), recorded_by=worker)
    Assessment.objects.create(referral=referral, start_date=datetime.date(2026, 4, 2),
                              completed_date=datetime.date(2026, 5, 1), recorded_by=worker,
                              authorisation_date=datetime.date(2026, 5, 2))
    Assessment.objects.create(referral=referral, start_date=datetime.date(2026, 4, 2),
                              recorded_by=worker)
    closing = make_child(worker="social.worker", family="Closing")
    closure = Closure.objects.create(referral=episode(closing), closure_date=TODAY, reason="RC8",
                                     summary="Needs met", requested_by=worker,
                                     requested_at=timezone.now())
    Closure.objects.create(referral=episode(make_child(worker="social.worker", family="Closed")),
                           closure_date=TODAY, reason="RC8", summary="Done",
                           requested_by=worker, approved=True)
    awaiting = section(team_page(login(personas["team.manager"])), "awaiting")
    assert "Awaiting your authorisation (2)" in awaiting
    assert f'href="/assessments/{done.pk}/authorise/"' in awaiting
    assert f'href="/closures/{closure.pk}/"' in awaiting
    assert "CLOSED" not in awaiting


def test_other_teams_items_do_not_await_this_manager(login, personas, make_child, episode,
                                                     today):
    child = make_child(team="Assessment Team East", worker="other.worker")
    Assessment.objects.create(referral=episode(child), start_date=datetime.date(2026, 4, 2),
                              completed_date=datetime.date(2026, 6, 1),
                              recorded_by=personas["other.worker"])
    awaiting = section(team_page(login(personas["team.manager"])), "awaiting")
    assert "Nothing is waiting for your authorisation" in awaiting


def test_head_of_service_sees_their_areas_teams_and_can_choose_one(login, personas, trust,
                                                                   make_child, deadline, today):
    deadline(make_child(worker=None, family="Northern"), days=-1)
    deadline(make_child(team="Child Protection Team South", worker=None, family="Southern"),
             days=-1)
    deadline(make_child(team="Assessment Team East", worker=None, family="Eastern"), days=-1)
    client = login(personas["head.of.service"])
    everything = team_page(client)
    assert "NORTHERN" in everything and "SOUTHERN" in everything
    assert "EASTERN" not in everything  # another service area
    south = trust.teams["Child Protection Team South"].pk
    one = team_page(client, f"?team={south}")
    assert "SOUTHERN" in section(one, "work") and "NORTHERN" not in section(one, "work")
    assert "NORTHERN" not in section(one, "unallocated")


def test_choosing_a_team_outside_my_area_shows_nothing_of_it(login, personas, trust,
                                                            make_child, deadline, today):
    deadline(make_child(team="Assessment Team East", worker=None, family="Eastern"), days=-1)
    east = trust.teams["Assessment Team East"].pk
    html = team_page(login(personas["head.of.service"]), f"?team={east}")
    assert "EASTERN" not in html
    assert "Assessment Team East" not in html


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/team/?status=any").status_code == 200
    return len(queries)


def _team_load(make_child, deadline, worker, n: int):
    for i in range(n):
        held = make_child(worker="social.worker", family=f"Held{i}")
        deadline(held, "assessment", -1 - i)
        Assessment.objects.create(referral=held.referrals.first(), recorded_by=worker,
                                  start_date=datetime.date(2026, 4, 2),
                                  completed_date=datetime.date(2026, 6, 1))
        Closure.objects.create(referral=held.referrals.first(), closure_date=TODAY,
                               reason="RC8", summary="Done", requested_by=worker)
        deadline(make_child(worker=None, family=f"Waiting{i}"), "cp_visit", i)


# Session, user, second factor, staff, role policy and the session save take 8; the team
# page adds teams, members, the caseloads of the page's workers, one query (rows and count
# together) each for unallocated work, assessments and closures, two for the children
# awaiting authorisation (who waits in the trust, then which are the teams'), and two for
# the work list: its page's ids with their count, then those
# rows (and one more, first, for a small team's list past WORK_LIST_CAP).
TEAM_QUERIES = 18


def test_team_page_issues_the_same_queries_for_1_or_30_children(login, personas, make_child,
                                                                deadline, today):
    client = login(personas["team.manager"])
    _team_load(make_child, deadline, personas["social.worker"], 1)
    one = _queries(client)
    _team_load(make_child, deadline, personas["social.worker"], 29)
    thirty = _queries(client)
    assert (one, thirty) == (TEAM_QUERIES, TEAM_QUERIES)
    assert team_page(client, "?status=any").count("HELD") >= 30


def test_a_large_teams_caseloads_come_a_page_at_a_time(login, personas, make_worker, today,
                                                       monkeypatch):
    from opencsc.worklists import team as team_module

    monkeypatch.setattr(team_module, "WORKERS_PAGE_SIZE", 3)
    for name in ["Abbot", "Baker", "Carver", "Dyer"]:
        make_worker(f"{name.lower()}.worker", family=name)
    client = login(personas["team.manager"])
    first = section(team_page(client), "caseloads")
    assert "Abbot" in first and "Baker" in first  # and Achterberg, the manager: by surname
    assert "Dyer" not in first and "workers_page=2" in first
    assert "Caseload per worker (6)" in team_page(client)
    second = section(team_page(client, "?workers_page=2"), "caseloads")
    assert "Dyer" in second and "Abbot" not in second


def test_caseloads_are_counted_for_the_workers_on_each_page(login, personas, make_worker,
                                                           make_child, today, monkeypatch):
    from opencsc.worklists import team as team_module

    monkeypatch.setattr(team_module, "WORKERS_PAGE_SIZE", 2)
    zed = make_worker("zed.worker", family="Zed")
    for _ in range(4):
        make_child(worker=zed)
    client = login(personas["team.manager"])
    assert "Zed" not in section(team_page(client), "caseloads")
    last = section(team_page(client, "?workers_page=2"), "caseloads")
    assert '--numeric">4</td>' in last[last.index("Zed"):].split("</tr>")[0]


def _overdue_children(make_child, deadline, names: str) -> None:
    for days, name in enumerate(names.split(), start=1):
        deadline(make_child(worker="social.worker", family=name), days=-days)


@pytest.mark.parametrize("large", [False, True])
def test_a_work_list_past_the_cap_holds_its_soonest_due_in_the_order_asked(
        login, personas, make_child, deadline, today, monkeypatch, large):
    from opencsc.worklists import team as team_module

    monkeypatch.setattr(team_module, "WORK_LIST_CAP", 3)
    monkeypatch.setattr(team_module, "SMALL_TEAM_WORKERS", 0 if large else 100)
    # Echo is the most overdue, Alpha the least: the soonest due are Echo, Delta, Charlie.
    _overdue_children(make_child, deadline, "Alpha Bravo Charlie Delta Echo")
    client = login(personas["team.manager"])
    html = team_page(client, "?sort=child")
    assert "Overdue across the team (more than 3)" in html
    assert "More than 3 items match" in html

    def names(found):
        return [next(n for n in ("ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO") if n in r)
                for r in found]

    assert names(rows(html)) == ["CHARLIE", "DELTA", "ECHO"]
    assert names(rows(team_page(client))) == ["ECHO", "DELTA", "CHARLIE"]


def test_a_work_list_within_the_cap_is_counted_exactly(login, personas, make_child, deadline,
                                                       today, monkeypatch):
    from opencsc.worklists import team as team_module

    monkeypatch.setattr(team_module, "WORK_LIST_CAP", 3)
    _overdue_children(make_child, deadline, "Alpha Bravo Charlie")
    html = team_page(login(personas["team.manager"]))
    assert "Overdue across the team (3)" in html and "items match" not in html
    assert len(rows(html)) == 3


def test_the_worker_filter_keeps_the_chosen_worker_selected(login, personas, make_child,
                                                            today):
    sam = personas["social.worker"].pk
    work = section(team_page(login(personas["team.manager"]), f"?worker={sam}"), "work")
    assert f'<option value="{sam}" selected>Sam Okafor</option>' in work
    assert '<option value="" selected>' not in work


def test_worker_names_in_the_filter_are_escaped(login, personas, make_worker, today):
    make_worker("odd.worker", family="<b>Odd</b>")
    work = section(team_page(login(personas["team.manager"])), "work")
    assert "Test &lt;b&gt;Odd&lt;/b&gt;</option>" in work and "<b>Odd</b>" not in work
