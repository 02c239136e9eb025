"""Where a placement is, as the SSDA903 reports it: the LA (PL_LA), inside or outside the
council's area (PL_LOCATION) and the distance from home (PL_DISTANCE), blank where rules
398, 406 and 420 say so, on the care page and in the API."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from opencsc.accounts.actions import create_api_token
from opencsc.looked_after import actions, reported

from .history import D, make_providers, start_care

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
HOME = ("E08000025", "330")  # a council known by its ONS code and its DfE code
YEAR = (D(2026, 4, 1), D(2027, 3, 31))


@pytest.mark.parametrize("placement_la, expected", [
    ("E08000025", "IN"), ("330", "IN"),  # the register's DfE code where no postcode was known
    ("E08000030", "OUT"), ("WAL", "OUT"), ("CON", ""), ("", ""),
])
def test_pl_location_compares_the_placements_la_with_the_councils(placement_la, expected):
    assert reported.location(placement_la, HOME) == expected


def test_no_council_code_means_every_known_la_is_outside():
    assert reported.location("E08000025", ("", "")) == "OUT"


@pytest.mark.parametrize("legal_status", ["V3", "V4"])
def test_a_short_break_reports_no_la_location_or_distance(legal_status):
    where = reported.reported("E08000025", Decimal("2.4"), legal_status=legal_status,
                              uasc=False, council=HOME)
    assert (where.placement_la, where.location, where.distance_miles) == ("", "", None)
    assert "398" in where.la_withheld and "420" in where.la_withheld


def test_a_uasc_child_has_the_la_but_no_distance():
    where = reported.reported("E08000030", Decimal("12.0"), legal_status="C2", uasc=True,
                              council=HOME)
    assert (where.placement_la, where.location, where.distance_miles) == ("E08000030", "OUT",
                                                                          None)
    assert "406" in where.distance_withheld and not where.la_withheld


def test_any_other_episode_reports_what_the_postcodes_gave():
    where = reported.reported("E08000025", Decimal("2.4"), legal_status="C2", uasc=False,
                              council=HOME)
    assert (where.placement_la, where.location, where.distance_miles) == (
        "E08000025", "IN", Decimal("2.4"))
    assert not where.la_withheld and not where.distance_withheld


@pytest.mark.parametrize("status, within", [
    ((D(2020, 1, 1), None), True),  # still UASC
    ((D(2020, 1, 1), D(2024, 4, 1)), True),  # ceased on the first day of the window
    ((D(2020, 1, 1), D(2024, 3, 31)), False),  # ceased the day before it
    ((D(2027, 4, 1), None), False),  # not UASC until after the year
])
def test_rule_406_looks_back_two_collection_years(status, within):
    window = reported.uasc_window(*YEAR)
    assert window == (D(2024, 4, 1), D(2027, 3, 31))
    assert reported.was_uasc([status], window) is within


@pytest.mark.parametrize("day, start", [(D(2026, 3, 31), D(2025, 4, 1)),
                                        (D(2026, 4, 1), D(2026, 4, 1))])
def test_the_collection_year_starts_on_1_april(day, start):
    assert reported.collection_year_start(day) == start


@pytest.fixture
def providers(db):
    return make_providers()


def care_page(client, child) -> str:
    return client.get(reverse("looked_after:care", args=[child.pk])).content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_page_says_the_placement_is_inside_the_councils_area(
        make_child, personas, providers, login, trust):
    trust.council.gss_code = "E08000025"
    trust.council.save()
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    start_care(child, personas["social.worker"], providers)  # B15 2TT: Birmingham
    page = care_page(login(personas["social.worker"]), child)
    assert f"Inside the area of {trust.council.name} (IN)" in page
    assert "2.4 miles from B11 1AA" in page
    assert "LA E08000025 (IN), 2.4 miles from home" in page  # the episode's row


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_page_says_a_placement_elsewhere_is_outside_it(
        make_child, personas, providers, login, trust):
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    start_care(child, personas["social.worker"], providers)
    page = care_page(login(personas["social.worker"]), child)
    assert f"Outside the area of {trust.council.name} (OUT)" in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_page_shows_no_la_or_distance_for_a_short_break(
        make_child, personas, providers, login):
    child = make_child(worker="social.worker", dob=D(2014, 2, 2))
    actions.start_period_of_care(
        child, actor=personas["social.worker"], start_date=D(2026, 6, 28), legal_status="V3",
        category_of_need="N2", placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B11 1AA"})
    page = care_page(login(personas["social.worker"]), child)
    assert "LA of placement: not reported for a short break" in page
    assert "Distance from home: not reported for a short break" in page
    assert " miles " not in page and "E08000025" not in page
    assert "No LA or distance: a short break" in page


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_page_and_api_show_no_distance_for_a_uasc_child(
        make_child, personas, providers, login, client):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2010, 2, 2))
    actions.record_uasc(child, actor=worker, start_date=D(2025, 1, 5))
    start_care(child, worker, providers)
    page = care_page(login(worker), child)
    assert "Distance from home: not reported for a child who is, or recently was" in page
    assert " miles " not in page
    assert "Birmingham (E08000025)" in page  # the LA of placement is still shown
    client.logout()
    key = create_api_token(worker, name="test")
    body = client.get(f"/api/v1/children/{child.pk}/care",
                      HTTP_AUTHORIZATION=f"Bearer {key}").json()
    [episode] = body["periods_of_care"][0]["episodes"]
    assert (episode["PL_LA"], episode["PL_LOCATION"], episode["PL_DISTANCE"]) == (
        "E08000025", "OUT", None)
