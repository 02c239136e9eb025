"""The placement's LA (SSDA903 PL_LA) and distance from home (PL_DISTANCE), from postcodes
in the ONS postcode directory. The postcodes are real ones (the directory must hold them);
the children and carers are fictional."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from opencsc.looked_after import actions, geography
from opencsc.looked_after.models import Placement, Provider

from .history import D, make_providers, start_care

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)


# --- Reading the directory --------------------------------------------------------------

def test_postcodes_are_read_in_any_spacing_and_case_into_the_directorys_form():
    assert geography.directory_key("b11 1aa") == "B11 1AA"
    assert geography.directory_key("B1 1AA") == "B1  1AA"
    assert geography.directory_key("sw1a1aa") == "SW1A1AA"
    assert geography.directory_key("not a postcode") == ""
    assert geography.directory_key("BÉ1 1AA") == ""
    assert geography.find("BÉ1 1AA") is None
    assert geography.directory_key("") == ""


def test_a_postcode_in_the_directory_has_its_district_and_grid_reference():
    place = geography.find("b15 2tt")
    assert place.district == "E08000025"  # Birmingham
    assert place.easting and place.northing
    assert geography.find("ZZ99 9ZZ") is None
    assert geography.find("Q1 1AA") is None  # no postcode begins with Q: no file to read


def test_each_letter_is_read_once_however_many_lookups(monkeypatch):
    geography.forget()
    reads = []
    real = geography._read
    monkeypatch.setattr(geography, "_read", lambda letter: reads.append(letter) or real(letter))
    for postcode in ["B15 2TT", "B11 1AA", "B30 1AA", "WS1 1AA", "B1 1AA"]:
        assert geography.find(postcode) is not None
    assert sorted(reads) == ["B", "W"]
    assert set(geography.loaded()) == {"B", "W"}


def test_the_distance_is_the_straight_line_between_grid_references_in_miles_to_1_place():
    home, placed = geography.find("B11 1AA"), geography.find("B15 2TT")
    metres = ((home.easting - placed.easting) ** 2 + (home.northing - placed.northing) ** 2) ** .5
    assert geography.miles_between(home, placed) == Decimal(f"{metres / 1609.3:.1f}")
    assert geography.locate("B15 2TT", "B11 1AA") == geography.Location("E08000025",
                                                                        Decimal("2.4"), [])
    assert geography.locate("B15 2TT", "b15 2tt").distance_miles == Decimal("0.0")


@pytest.mark.parametrize(("postcode", "la"), [
    ("B15 2TT", "E08000025"),  # a metropolitan district is its own upper tier
    ("WS1 1AA", "E08000030"),  # Walsall
    ("SW1A 1AA", "E09000033"),  # a London borough: Westminster
    ("CB2 1TN", "E10000003"),  # Cambridge district: the county, Cambridgeshire
    ("CF10 1AA", "WAL"), ("EH1 1AA", "SCO"), ("BT1 1AA", "NIR"),
    ("JE2 3BX", "NUK"),  # Jersey is outside the UK
])
def test_the_placement_la_is_the_upper_tier_ons_code_or_a_country_code(postcode, la):
    assert geography.locate(postcode, "").placement_la == la


def test_no_distance_across_the_british_and_irish_grids_nor_without_a_grid_reference():
    assert geography.locate("BT1 1AA", "B1 1AA").distance_miles is None
    assert geography.locate("BT1 1AA", "BT7 1NN").distance_miles is not None
    jersey = geography.locate("JE2 3BX", "B1 1AA")
    assert jersey.distance_miles is None and "grid reference" in jersey.problems[0]


def test_an_unknown_or_missing_postcode_is_explained_never_raised():
    unknown = geography.locate("ZZ99 9ZZ", "B11 1AA")
    assert (unknown.placement_la, unknown.distance_miles) == ("", None)
    assert "ZZ99 9ZZ is not in the ONS postcode directory" in unknown.problems[0]
    home_unknown = geography.locate("B15 2TT", "ZZ99 9ZZ")
    assert home_unknown.placement_la == "E08000025" and home_unknown.distance_miles is None
    assert "the distance from home" in home_unknown.problems[0]
    assert "No home postcode" in geography.locate("B15 2TT", "").problems[0]
    assert "No placement postcode" in geography.locate("", "B11 1AA").problems[0]
    assert geography.la_name("E10000003") == "Cambridgeshire"


# Text shaped like postcodes and not: B and W files only, so the test reads two letters.
TYPED = st.text(alphabet="BW0123456789 aAÉ-\t", max_size=10)


@given(TYPED, TYPED)
def test_locate_answers_for_anything_typed_and_never_raises(placement, home):
    found = geography.locate(placement, home)
    assert found.problems or found.placement_la
    assert found.distance_miles is None or found.distance_miles >= 0


# --- Recorded with the placement ---------------------------------------------------------

@pytest.fixture
def providers(db):
    return make_providers()


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_placement_records_its_la_and_distance_when_started_and_when_the_child_moves(
        make_child, personas, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    period = start_care(child, worker, providers)  # B15 2TT, from home at B11 1AA
    first = Placement.objects.get(child=child)
    assert (first.placement_la, first.distance_miles) == ("E08000025", Decimal("2.4"))
    actions.change_placement(period, actor=worker, change_date=D(2026, 1, 5),
                             provider=providers["home"], placement_type="K2",
                             reason_placement_change="CARPL",
                             placement_details={"postcode": "WS1 1AA",
                                                "home_postcode": "B11 1AA"})
    moved = Placement.objects.filter(child=child).latest("start_date")
    assert moved.placement_la == "E08000030"
    assert Decimal("8") < moved.distance_miles < Decimal("12")


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_an_unknown_postcode_keeps_the_providers_la_and_a_confidential_one_stays_con(
        make_child, personas, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    actions.start_period_of_care(
        child, actor=worker, start_date=D(2025, 9, 1), legal_status="C1",
        category_of_need="N1", placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "ZZ99 9ZZ", "home_postcode": "B11 1AA"})
    placement = Placement.objects.get(child=child)
    assert (placement.placement_la, placement.distance_miles) == ("330", None)

    refuge = Provider.objects.create(name="Confidential carers", kind="in_house_foster",
                                     provider_code="PR1", postcode="B15 2TT",
                                     local_authority="CON")
    other = make_child(worker="social.worker", dob=D(2012, 5, 5))
    actions.start_period_of_care(
        other, actor=worker, start_date=D(2025, 9, 1), legal_status="C1",
        category_of_need="N1", placement_type="U6", provider=refuge,
        placement_details={"postcode": "B15 2TT", "home_postcode": "B11 1AA"})
    assert Placement.objects.get(child=other).placement_la == "CON"


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_care_page_shows_the_la_and_distance_and_a_move_to_an_unknown_postcode_says_so(
        make_child, personas, providers, login):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    start_care(child, worker, providers)
    client = login(worker)
    page = client.get(reverse("looked_after:care", args=[child.pk])).content.decode()
    shown = page[page.index('id="placement-location"'):]
    assert "Birmingham (E08000025)" in shown and "2.4 miles from B11 1AA" in shown

    response = client.post(reverse("looked_after:placement", args=[child.pk]), {
        "change_date_0": "5", "change_date_1": "1", "change_date_2": "2026",
        "provider": providers["agency"].pk, "placement_type": "U4",
        "reason_placement_change": "CARPL", "same_carer": "no", "postcode": "B99 9ZZ",
        "home_postcode": "B11 1AA"}, follow=True)
    page = response.content.decode()
    assert "B99 9ZZ is not in the ONS postcode directory" in page
    shown = page[page.index('id="placement-location"'):]
    assert "Distance from home: not known" in shown


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_move_measures_from_the_home_recorded_at_the_start_unless_given_another(
        make_child, personas, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2012, 5, 5))
    period = start_care(child, worker, providers)  # home B11 1AA
    actions.change_placement(period, actor=worker, change_date=D(2026, 1, 5),
                             provider=providers["agency"], placement_type="U6",
                             reason_placement_change="CARPL",
                             placement_details={"postcode": "B30 1AA"})
    moved = Placement.objects.filter(child=child).latest("start_date")
    assert moved.home_postcode == "B11 1AA" and moved.distance_miles is not None
