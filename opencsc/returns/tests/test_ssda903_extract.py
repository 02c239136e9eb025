"""The SSDA903 return built from a care history recorded through the actions."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.care_leavers import actions as leaver_actions
from opencsc.looked_after import actions, geography
from opencsc.looked_after.models import Provider
from opencsc.people.models import Address, Allocation
from opencsc.returns.ssda903.extract import ssda903_tables
from opencsc.returns.ssda903.tables import TABLES_BY_YEAR
from opencsc.returns.validation.engine import Context, validate
from opencsc.returns.years import CollectionYear

D = datetime.date
NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)


@pytest.fixture
def providers():
    return {
        "foster": Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                          provider_code="PR1", postcode="B15 2TT",
                                          urn="SC100001"),
        "agency": Provider.objects.create(name="Brightwater Fostering: the Osei household",
                                          kind="agency_foster", provider_code="PR4",
                                          postcode="B30 1AA", urn="SC100002"),
    }


def errors_in(tables) -> list[tuple]:
    """The DfE rules' errors (and any rule that broke) on the tables, for a readable diff."""
    report = validate("903", tables, Context(2026))
    errors = report.findings.filter(kind="error").select("code", "message", "values").rows()
    return errors + list(report.broken.items())


def record_care(child, worker, providers):
    """Care from May 2025: foster care, a legal order, a move, a stay with a relief carer
    on holiday, a review, a missing night, health checks; still in care in June 2026."""
    period = actions.start_period_of_care(
        child, actor=worker, start_date=D(2025, 5, 1), legal_status="V2", category_of_need="N1",
        placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B29 6AA"})
    actions.record_previous_permanence(child, actor=worker, kind="Z1")
    actions.record_review(period, actor=worker, review_date=D(2025, 5, 28), participation="PN1")
    actions.change_legal_status(period, actor=worker, change_date=D(2025, 7, 1),
                                legal_status="C2")
    actions.change_placement(period, actor=worker, change_date=D(2025, 9, 1),
                             provider=providers["agency"], placement_type="U4",
                             reason_placement_change="CARPL",
                             placement_details={"home_postcode": "B29 6AA", "long_term": True})
    missing = actions.record_missing(child, actor=worker, kind="M", start_date=D(2025, 10, 3))
    actions.record_return(missing, actor=worker, end_date=D(2025, 10, 4))
    actions.record_review(period, actor=worker, review_date=D(2025, 11, 20), participation="PN1")
    # A move after 31 March: the return shows the placement as still open.
    actions.change_placement(period, actor=worker, change_date=D(2026, 5, 1),
                             provider=providers["foster"], placement_type="U4",
                             reason_placement_change="LAREQ")
    return period


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_episodes_show_the_record_as_it_stood_on_31_march(make_child, personas, trust,
                                                           providers):
    child = make_child(worker="social.worker", given="Ruby", family="Fenwick",
                       dob=D(2012, 6, 15), sex="F", ethnicity="WBRI")
    record_care(child, personas["social.worker"], providers)
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert list(tables) == TABLES_BY_YEAR[2026]
    episodes = tables["Episodes"]
    assert episodes["RNE"].to_list() == ["S", "L", "P"]
    assert episodes["REC"].to_list() == ["X1", "X1", None]
    assert episodes["DEC"].to_list() == [D(2025, 7, 1), D(2025, 9, 1), None]
    assert episodes["REASON_PLACE_CHANGE"].to_list() == [None, "CARPL", None]
    assert episodes["PLACE_PROVIDER"].to_list() == ["PR1", "PR1", "PR4"]
    assert episodes["PL_POST"].to_list() == ["B15 2TT", "B15 2TT", "B30 1AA"]
    assert episodes["HOME_POST"].to_list() == ["B29 6AA", "B29 6AA", "B29 6AA"]
    assert episodes["URN"].to_list() == ["SC100001", "SC100001", "SC100002"]
    header = tables["Header"].row(0, named=True)
    assert (header["CHILD"], header["SEX"], header["ETHNIC"], header["MOTHER"]) == (
        child.la_child_id, "F", "WBRI", "0")
    assert tables["Reviews"]["REVIEW"].to_list() == [D(2025, 5, 28), D(2025, 11, 20)]
    assert tables["Missing"].select("MISSING", "MIS_START", "MIS_END").rows() == [
        ("M", D(2025, 10, 3), D(2025, 10, 4))]
    assert tables["PrevPerm"]["PREV_PERM"].to_list() == ["Z1"]
    assert tables["OC2"].height == 0  # in care since May 2025: not 12 months at 31 March
    [social_worker] = tables["SWEpisodes"].rows(named=True)
    assert social_worker["SW_ID"] == personas["social.worker"].staff.social_work_england_id
    assert (social_worker["SW_DECOM"], social_worker["SW_REASON"]) == (D(2024, 1, 1), "FCONTA")


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_the_return_from_the_record_has_no_validation_errors(make_child, personas, trust,
                                                            providers):
    child = make_child(worker="social.worker", dob=D(2012, 6, 15), sex="F", ethnicity="WBRI")
    record_care(child, personas["social.worker"], providers)
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert errors_in(tables) == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_child_in_care_all_year_has_outcomes_in_oc2(make_child, personas, trust, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2017, 3, 3), sex="M")
    actions.start_period_of_care(child, actor=worker, start_date=D(2024, 2, 1),
                                 legal_status="C2", category_of_need="N1", placement_type="U4",
                                 provider=providers["foster"])
    actions.record_health_assessment(child, actor=worker, kind="review",
                                     assessment_date=D(2025, 8, 1))
    actions.record_health_check(child, actor=worker, kind="dental", check_date=D(2025, 9, 1))
    actions.record_sdq(child, actor=worker, sdq_date=D(2025, 9, 2), score=14)
    oc2 = ssda903_tables(trust.council, CollectionYear(2026))["OC2"].row(0, named=True)
    assert (oc2["HEALTH_ASSESSMENT"], oc2["TEETH_CHECK"], oc2["IMMUNISATIONS"]) == ("1", "1", "0")
    assert (oc2["SDQ_SCORE"], oc2["CONVICTED"], oc2["HEALTH_CHECK"]) == ("14", None, None)


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_care_leaver_turning_19_is_in_oc3_with_the_contact_near_the_birthday(
        make_child, personas, trust, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2007, 1, 15), sex="M")
    period = actions.start_period_of_care(child, actor=worker, start_date=D(2022, 9, 1),
                                          legal_status="V2", category_of_need="N4",
                                          placement_type="U6", provider=providers["foster"])
    actions.cease_care(period, actor=worker, end_date=D(2025, 1, 15), reason_ceased="E17")
    leaver_actions.record_keep_in_touch(child, actor=worker, contact_date=D(2026, 1, 20),
                                        in_touch="YES", activity="F2", accommodation="Z",
                                        accommodation_suitable=True)
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert tables["OC3"].select("CHILD", "IN_TOUCH", "ACTIV", "ACCOM").rows() == [
        (child.la_child_id, "YES", "F2", "Z1")]
    assert tables["Header"]["CHILD"].to_list() == [child.la_child_id]
    assert tables["Episodes"].height == 0


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_young_person_leaving_care_at_18_this_year_waits_for_next_years_oc3(
        make_child, personas, trust, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2007, 10, 2), sex="F")
    period = actions.start_period_of_care(child, actor=worker, start_date=D(2022, 9, 1),
                                          legal_status="C2", category_of_need="N1",
                                          placement_type="U4", provider=providers["foster"],
                                          placement_details={"home_postcode": "B29 6AA"})
    actions.cease_care(period, actor=worker, end_date=D(2025, 10, 2), reason_ceased="E5")
    leaver_actions.record_keep_in_touch(child, actor=worker, contact_date=D(2025, 10, 20),
                                        in_touch="YES", activity="F2", accommodation="D",
                                        accommodation_suitable=True)
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert tables["OC3"].height == 0 and tables["Episodes"].height == 1  # rule 1016
    assert errors_in(tables) == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_child_turning_17_in_care_all_year_has_the_sdq_taken_at_16(
        make_child, personas, trust, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2008, 11, 3), sex="M")
    actions.start_period_of_care(child, actor=worker, start_date=D(2023, 2, 1),
                                 legal_status="C2", category_of_need="N1", placement_type="U4",
                                 provider=providers["foster"])
    actions.record_sdq(child, actor=worker, sdq_date=D(2025, 9, 2), score=21)
    oc2 = ssda903_tables(trust.council, CollectionYear(2026))["OC2"]
    assert oc2["SDQ_SCORE"].to_list() == ["21"]  # rule 197B


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_sex_is_coded_1_or_2_before_2024_25(make_child, personas, trust, providers):
    child = make_child(dob=D(2012, 6, 15), sex="M")
    actions.start_period_of_care(child, actor=personas["social.worker"],
                                 start_date=D(2023, 5, 1), legal_status="C2",
                                 category_of_need="N1", placement_type="U4",
                                 provider=providers["foster"])
    assert ssda903_tables(trust.council, CollectionYear(2024))["Header"]["SEX"].to_list() == ["1"]
    assert ssda903_tables(trust.council, CollectionYear(2026))["Header"]["SEX"].to_list() == ["M"]
    Allocation.objects.all().delete()
    assert ssda903_tables(trust.council, CollectionYear(2026))["SWEpisodes"].height == 0


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_an_adoption_in_the_year_fills_ad1_and_placed_for_adoption(make_child, personas, trust,
                                                                   providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2022, 2, 1), sex="F")
    adopters = Provider.objects.create(name="The Okafor family (adopters)", kind="adopters",
                                       provider_code="PR1", urn="XXXXXXX", postcode="B17 8QQ")
    Address.objects.create(person=child, line_1="1 Synthetic Row", postcode="B29 6AA",
                           start_date=D(2022, 2, 1))
    period = actions.start_period_of_care(child, actor=worker, start_date=D(2024, 3, 1),
                                          legal_status="C2", category_of_need="N1",
                                          placement_type="U4", provider=providers["foster"])
    actions.change_legal_status(period, actor=worker, change_date=D(2024, 9, 2),
                                legal_status="E1")
    actions.change_placement(period, actor=worker, change_date=D(2025, 6, 2), provider=adopters,
                             placement_type="A6", reason_placement_change="CARPL")
    actions.record_adoption(child, actor=worker, decision_date=D(2024, 7, 1),
                            placement_order_date=D(2024, 9, 2), matched_date=D(2025, 5, 20),
                            placed_date=D(2025, 6, 2), adoption_order_date=D(2026, 1, 12),
                            foster_carer_adopting=False, number_of_adopters=2,
                            adopters_sex="MF", adopters_legal_status="L11")
    actions.cease_care(period, actor=worker, end_date=D(2026, 1, 12), reason_ceased="E11")
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert tables["AD1"].select("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                                "SEX_ADOPTR", "LS_ADOPTR").rows() == [
        (D(2024, 7, 1), D(2025, 5, 20), "0", "2", "MF", "L11")]
    assert tables["PlacedAdoption"].select("DATE_PLACED", "DATE_PLACED_CEASED").rows() == [
        (D(2024, 7, 1), None)]
    assert tables["Episodes"]["REC"].to_list() == ["X1", "E11"]  # the first ended in 2024
    assert tables["Episodes"]["HOME_POST"].to_list() == ["B29 6AA"] * 2
    assert tables["Header"]["MOTHER"].to_list() == ["0"]
    assert tables["SWEpisodes"].height == 0  # not looked after on 31 March
    assert errors_in(tables) == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_temporary_placement_has_no_provider_or_urn_and_uasc_is_reported(
        make_child, personas, trust, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2010, 4, 4), sex="M")
    period = actions.start_period_of_care(child, actor=worker, start_date=D(2025, 4, 10),
                                          legal_status="V2", category_of_need="N1",
                                          placement_type="U6", provider=providers["foster"])
    actions.record_uasc(child, actor=worker, start_date=D(2025, 4, 10))
    actions.change_placement(period, actor=worker, change_date=D(2025, 8, 1),
                             provider=providers["agency"], placement_type="T3",
                             reason_placement_change="")
    actions.change_placement(period, actor=worker, change_date=D(2025, 8, 14),
                             provider=providers["foster"], placement_type="U6",
                             reason_placement_change="CARPL")
    actions.record_previous_permanence(child, actor=worker, kind="Z1")
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    episodes = tables["Episodes"]
    assert episodes["PLACE"].to_list() == ["U6", "T3", "U6"]
    assert episodes["PLACE_PROVIDER"].to_list() == ["PR1", None, "PR1"]
    assert episodes["URN"].to_list() == ["SC100001", None, "SC100001"]
    # The record asks why the child left the temporary placement; the return gives no
    # reason for a temporary placement or the move into it (rule 226).
    assert episodes["REASON_PLACE_CHANGE"].to_list() == [None, None, None]
    assert tables["UASC"].select("CHILD", "SEX", "DUC").rows() == [(child.la_child_id, "M",
                                                                    None)]
    assert errors_in(tables) == []


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_building_costs_the_same_queries_for_one_child_or_many(make_child, personas, trust,
                                                              providers):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            ssda903_tables(trust.council, CollectionYear(2026))
        return len(captured)

    record_care(make_child(worker="social.worker", dob=D(2012, 6, 15), sex="F"),
                personas["social.worker"], providers)
    one = queries()
    for _ in range(2):
        record_care(make_child(worker="social.worker", dob=D(2011, 2, 3), sex="M"),
                    personas["social.worker"], providers)
    assert queries() == one


def derived_by_the_dfe(episodes) -> list[tuple]:
    """PL_LA and PL_DISTANCE as the DfE's tools work them out from the file's postcodes."""
    found = [geography.locate(r["PL_POST"] or "", r["HOME_POST"] or "")
             for r in episodes.iter_rows(named=True)]
    return [(f.placement_la or None, f.distance_miles) for f in found]


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_short_break_gives_no_postcodes_or_urn_so_no_la_or_distance(
        make_child, personas, trust, providers):
    worker = personas["social.worker"]
    on_breaks = make_child(worker="social.worker", dob=D(2014, 2, 2), sex="M")
    period = actions.start_period_of_care(
        on_breaks, actor=worker, start_date=D(2025, 6, 6), legal_status="V3",
        category_of_need="N2", placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B29 6AA"})
    actions.cease_care(period, actor=worker, end_date=D(2025, 6, 9), reason_ceased="E13")
    in_care = make_child(worker="social.worker", dob=D(2014, 3, 3), sex="F")
    actions.start_period_of_care(
        in_care, actor=worker, start_date=D(2025, 6, 6), legal_status="C2",
        category_of_need="N1", placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B29 6AA"})
    for child in (on_breaks, in_care):
        actions.record_previous_permanence(child, actor=worker, kind="Z1")
    tables = ssda903_tables(trust.council, CollectionYear(2026))
    assert errors_in(tables) == []  # no URN needed for the short break (218 and 214)
    episodes = tables["Episodes"].sort("LS")
    assert episodes["LS"].to_list() == ["C2", "V3"]
    # The short break: nothing from which a PL_LA or distance could be worked out (398,
    # 420), and no placement postcode or URN (214); the child in care keeps all three.
    assert episodes.select("HOME_POST", "PL_POST", "URN").rows() == [
        ("B29 6AA", "B15 2TT", "SC100001"), (None, None, None)]
    [(la, miles), short_break] = derived_by_the_dfe(episodes)
    assert la == "E08000025" and miles is not None
    assert short_break == (None, None)


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("ceased, home_given", [
    (None, False),  # UASC now
    (D(2023, 4, 1), False),  # UASC on the first day of 2023-24, two years before 2025-26
    (D(2023, 3, 31), True),  # last UASC in 2022-23: too long ago for rule 406
])
def test_a_child_who_is_or_recently_was_uasc_has_no_distance(
        make_child, personas, trust, providers, ceased, home_given):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2008, 1, 1), sex="M")
    actions.record_uasc(child, actor=worker, start_date=D(2022, 10, 1), ceased_date=ceased)
    actions.start_period_of_care(
        child, actor=worker, start_date=D(2025, 5, 5), legal_status="C2",
        category_of_need="N1", placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B29 6AA"})
    episodes = ssda903_tables(trust.council, CollectionYear(2026))["Episodes"]
    assert episodes["HOME_POST"].to_list() == (["B29 6AA"] if home_given else [None])
    [(la, miles)] = derived_by_the_dfe(episodes)
    assert la == "E08000025"  # the LA of placement is still given (only 398/420 blank it)
    assert (miles is not None) == home_given
