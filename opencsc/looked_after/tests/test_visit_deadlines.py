"""Statutory visits' special cases (CPPCR reg 28, shared/domain/reference.md 1.3 row 18):
a child placed with a parent (reg 19) or with a connected person approved only temporarily
(reg 24) is visited weekly until the first review after the placement starts; then every
6 weeks (reg 19), or every 4 weeks (reg 24, or placed with a parent under an interim care
order). A care order made while the child lives with a parent wants a visit within a week
of it, then every 6 weeks (reg 28(5)), never relaxed to 3 months."""

import datetime

import pytest
import time_machine

from opencsc.casework.models import Deadline
from opencsc.looked_after import actions
from opencsc.looked_after.models import Provider

from .history import D

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
START, REVIEW_VISIT = D(2026, 1, 5), D(2026, 2, 2)


@pytest.fixture
def carers(db):
    return {
        "parent": Provider.objects.create(name="Mother's home", kind="parent",
                                          provider_code="PR0"),
        "aunt": Provider.objects.create(name="The aunt's household", kind="connected_person",
                                        provider_code="PR1"),
        "foster": Provider.objects.create(name="The Ashworth household",
                                          kind="in_house_foster", provider_code="PR1"),
    }


def open_visit(child) -> tuple[str, datetime.date]:
    row = Deadline.objects.get(child=child, rule__startswith="lac_visit", met_date__isnull=True)
    return row.rule, row.due_date


def in_care(make_child, worker, provider, *, legal_status, placement_type, details=None):
    child = make_child(worker="social.worker", dob=D(2016, 5, 5))
    period = actions.start_period_of_care(
        child, actor=worker, start_date=START, legal_status=legal_status,
        category_of_need="N1", placement_type=placement_type, provider=provider,
        placement_details=details or {})
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 1, 9),
                                   child_seen=True, child_seen_alone=False)
    return child, period


def reviewed(period, worker, visit=REVIEW_VISIT) -> None:
    actions.record_review(period, actor=worker, review_date=D(2026, 1, 30),
                          participation="PN1")
    actions.record_statutory_visit(period, actor=worker, visit_date=visit, child_seen=True,
                                   child_seen_alone=False)


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_temporarily_approved_connected_person_weekly_then_every_4_weeks_reg_24(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["aunt"], legal_status="C1",
                            placement_type="U3", details={"temporary_approval": True})
    assert open_visit(child) == ("lac_visit_weekly", D(2026, 1, 16))
    reviewed(period, worker)
    assert open_visit(child) == ("lac_visit_4_weekly", D(2026, 3, 2))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_placed_with_a_parent_under_an_interim_care_order_every_4_weeks_after_review(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["parent"], legal_status="C1",
                            placement_type="P1")
    assert open_visit(child)[0] == "lac_visit_weekly"
    reviewed(period, worker)
    assert open_visit(child) == ("lac_visit_4_weekly", D(2026, 3, 2))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_placed_with_a_parent_under_a_care_order_every_6_weeks_after_review_reg_19(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["parent"], legal_status="C2",
                            placement_type="P1")
    reviewed(period, worker)
    assert open_visit(child) == ("lac_visit", D(2026, 3, 16))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_review_before_the_placement_began_does_not_end_the_weekly_visits(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["foster"], legal_status="C2",
                            placement_type="U6")
    reviewed(period, worker)
    actions.change_placement(period, actor=worker, change_date=D(2026, 3, 2),
                             provider=carers["parent"], placement_type="P1",
                             reason_placement_change="CARPL")
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 3, 6),
                                   child_seen=True, child_seen_alone=False)
    assert open_visit(child) == ("lac_visit_weekly", D(2026, 3, 13))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_an_ordinary_foster_placement_is_visited_every_6_weeks(make_child, personas, carers):
    worker = personas["social.worker"]
    child, _ = in_care(make_child, worker, carers["foster"], legal_status="C2",
                       placement_type="U6")
    assert open_visit(child) == ("lac_visit", D(2026, 2, 20))


def open_rows(child) -> dict[str, datetime.date]:
    return dict(Deadline.objects.filter(child=child, rule__startswith="lac_visit",
                                        met_date__isnull=True).values_list("rule", "due_date"))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_care_order_made_while_living_with_a_parent_wants_a_visit_within_a_week_reg_28_5(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["parent"], legal_status="C1",
                            placement_type="P1")
    reviewed(period, worker)
    assert open_rows(child) == {"lac_visit_4_weekly": D(2026, 3, 2)}  # reg 28(4)
    # The full care order replaces the interim one: a visit within a week of it, then
    # every 6 weeks, no longer every 4
    actions.change_legal_status(period, actor=worker, change_date=D(2026, 2, 16),
                                legal_status="C2")
    assert open_rows(child) == {"lac_visit_care_order": D(2026, 2, 23),
                                "lac_visit": D(2026, 3, 16)}
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 2, 20),
                                   child_seen=True, child_seen_alone=False)
    assert open_rows(child) == {"lac_visit": D(2026, 4, 3)}
    assert Deadline.objects.get(child=child, rule="lac_visit_care_order").met_date == D(
        2026, 2, 20)


@time_machine.travel(datetime.datetime(2027, 2, 1, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_living_with_a_parent_never_relaxes_to_3_months_after_a_year(
        make_child, personas, carers):
    worker = personas["social.worker"]
    child, period = in_care(make_child, worker, carers["parent"], legal_status="C2",
                            placement_type="P1", details={"long_term": True})
    reviewed(period, worker)
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2027, 1, 20),
                                   child_seen=True, child_seen_alone=False)
    assert open_rows(child) == {"lac_visit": D(2027, 3, 3)}
