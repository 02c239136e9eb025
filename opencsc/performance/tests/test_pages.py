"""The performance pages: who sees which cut, errors for bad choices, targets, and the
stored figures served again while the record has not changed."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from opencsc.casework import actions as casework
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.performance.models import Snapshot, Target

D = datetime.date
PAGES = ["performance:dashboard", "performance:targets"]


@pytest.fixture
def referred(make_child, personas):
    """A child with a distinctive name, referred this month, in Child Protection Team North."""
    child = make_child(given="Zebedee", family="Quillfeather", worker="social.worker")
    casework.open_referral(child, actor=personas["social.worker"],
                           referral_date=timezone.localdate().replace(day=1),
                           source="1A", next_step="assessment")
    return child


def _get(client, name="performance:dashboard", **query):
    return client.get(reverse(name), query)


@pytest.mark.django_db
def test_head_of_service_sees_their_service_area_first_and_may_choose_the_trust(
        login, personas, referred):
    client = login(personas["head.of.service"])
    page = _get(client).content.decode()
    assert "Performance: Safeguarding" in page
    assert _get(client, cut="trust").status_code == 200


@pytest.mark.django_db
def test_team_manager_cannot_choose_the_whole_trust(login, personas):
    response = _get(login(personas["team.manager"]), cut="trust")
    assert response.status_code == 400
    assert "you can only see figures for your own part of it" in response.content.decode()


@pytest.mark.django_db
def test_a_month_not_in_the_list_is_refused_with_a_clear_error(login, personas):
    response = _get(login(personas["analyst"]), month="2019-13")
    assert response.status_code == 400
    assert "Choose a month from the list" in response.content.decode()


@pytest.mark.django_db
def test_council_viewer_sees_their_council_and_never_a_child(login, personas, trust, referred):
    client = login(personas["council.viewer"])
    team = trust.teams["Child Protection Team North"]
    assert _get(client, cut=f"team:{team.pk}").status_code == 400
    pages = [_get(client), _get(client,
                                cut=f"council:{trust.council.pk}"),
             client.get(reverse("performance:measure", args=["referrals_rate"]))]
    assert [p.status_code for p in pages] == [200, 200, 200]
    for page in pages:
        text = page.content.decode()
        assert "Quillfeather" not in text and "Zebedee" not in text
        assert referred.la_child_id not in text
        assert not re.search(r'href="/children/', text)
    # The referral is counted all the same: 1 child of the demo council's 30,000.
    assert "1 of 30,000 children" in pages[0].content.decode()


@pytest.mark.django_db
def test_a_measure_page_has_a_chart_and_a_table_of_twelve_months(login, personas):
    response = login(personas["analyst"]).get(
        reverse("performance:measure", args=["assessments_45wd"]))
    text = response.content.decode()
    assert "<svg" in text and text.count('<th scope="row" class="govuk-table__header">') == 12


@pytest.mark.django_db
def test_an_unknown_measure_is_404(login, personas):
    client = login(personas["analyst"])
    assert client.get(reverse("performance:measure", args=["no_such"])).status_code == 404


@pytest.mark.django_db
def test_an_analyst_sets_a_target_and_it_is_audited_and_shown(login, personas):
    client = login(personas["analyst"])
    response = client.post(reverse("performance:targets"), {
        "measure": "assessments_45wd", "from_date_0": "1", "from_date_1": "4",
        "from_date_2": "2025", "value": "85", "note": "Improvement plan"})
    assert response.status_code == 302
    target = Target.objects.get()
    assert (target.measure, float(target.value), target.from_date) == (
        "assessments_45wd", 85.0, D(2025, 4, 1))
    assert AuditEntry.objects.filter(action=AuditAction.CONFIGURE,
                                     object_id=str(target.pk)).exists()
    page = _get(client, cut="trust").content.decode()
    assert "85.0%" in page


@pytest.mark.django_db
def test_a_target_that_is_not_a_number_is_refused(login, personas):
    response = login(personas["head.of.service"]).post(reverse("performance:targets"), {
        "measure": "assessments_45wd", "from_date_0": "1", "from_date_1": "4",
        "from_date_2": "2025", "value": "lots"})
    assert response.status_code == 200
    assert "Enter the target as a number" in response.content.decode()
    assert not Target.objects.exists()


@pytest.mark.django_db
def test_team_manager_cannot_set_targets(login, personas):
    response = login(personas["team.manager"]).post(reverse("performance:targets"), {
        "measure": "assessments_45wd", "from_date_0": "1", "from_date_1": "4",
        "from_date_2": "2025", "value": "85"})
    assert response.status_code == 403 and not Target.objects.exists()


@pytest.mark.django_db
def test_stored_figures_are_served_until_the_record_changes(
        login, personas, make_child, django_assert_max_num_queries):
    client = login(personas["analyst"])
    _get(client, cut="trust")
    assert Snapshot.objects.count() == 1
    first = Snapshot.objects.get().version
    # Sign-in and session (8), the cuts (3), then the record's version, the stored
    # snapshot and the targets: nothing is computed again.
    with django_assert_max_num_queries(14):
        _get(client, cut="trust")
    assert Snapshot.objects.count() == 1
    child = make_child()
    casework.open_referral(child, actor=personas["social.worker"],
                           referral_date=timezone.localdate().replace(day=1),
                           source="1A", next_step="assessment")
    page = _get(client, cut="trust").content.decode()
    assert Snapshot.objects.count() == 1 and Snapshot.objects.get().version > first
    assert "1 of 30,000 children" in page


@pytest.mark.django_db
def test_a_trend_past_its_time_budget_says_which_months_are_not_worked_out(personas):
    from opencsc.performance.engine import trend

    months = [D(2026, 1, 1), D(2026, 2, 1), D(2026, 3, 1)]
    figures = trend("referrals_rate", months, budget_seconds=0)
    # Newest first: March is always worked out; with no time left, January and February wait.
    assert [f.worked_out for f in figures] == [False, False, True]
    assert figures[0].shown == "Not worked out yet"
    again = trend("referrals_rate", months)  # no budget: every month
    assert all(f.worked_out for f in again) and Snapshot.objects.count() == 3
