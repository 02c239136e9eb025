"""The workforce pages read in a fixed number of queries, however many teams and staff
(15 today for eight teams and some fifty staff; the rest is room for the base template)."""

import datetime
from decimal import Decimal

import pytest

from opencsc.demo.trust import add_team_staff
from opencsc.workforce.models import Post
from opencsc.workforce.templatetags.workforce import figure, percent

pytestmark = pytest.mark.django_db


def test_figures_print_to_one_place_with_no_figure_for_nothing():
    assert (percent(None), percent(12.345), figure(Decimal("33119.1")), figure(16.0)) == (
        "No figure", "12.3%", "33,119.1", "16")


def test_the_measures_page_reads_in_a_fixed_number_of_queries(
        login, personas, trust, django_assert_max_num_queries):
    add_team_staff(trust)
    for team in trust.teams.values():
        Post.objects.create(team=team, title="Social worker", fte=Decimal("1"),
                            start_date=datetime.date(2020, 1, 1))
    client = login(personas["analyst"])
    with django_assert_max_num_queries(18):
        assert client.get("/workforce/").status_code == 200


def test_the_team_page_reads_in_a_fixed_number_of_queries(
        login, personas, trust, django_assert_max_num_queries):
    add_team_staff(trust)
    team = trust.teams["Child Protection Team North"]
    client = login(personas["team.manager"])
    with django_assert_max_num_queries(18):
        assert client.get(f"/workforce/teams/{team.pk}/").status_code == 200
