"""A child's care history recorded through actions: from s20 to a care leaver at 19."""

import datetime

import pytest
import time_machine

from opencsc.care_leavers import actions as leaver_actions
from opencsc.care_leavers.status import Status, spans_for, status_on
from opencsc.casework.actions import RuleViolation
from opencsc.casework.models import Deadline
from opencsc.looked_after import actions
from opencsc.looked_after.models import Episode, Provider

D = datetime.date


@pytest.fixture
def providers():
    return {
        "foster": Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                          provider_code="PR1", postcode="B15 2TT"),
        "agency": Provider.objects.create(name="Brightwater Fostering: the Osei household",
                                          kind="agency_foster", provider_code="PR4",
                                          postcode="B30 1AA"),
    }


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_a_care_history_from_section_20_to_care_leaver(make_child, personas, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", given="Kai", family="Marsh", dob=D(2007, 1, 15))
    period = actions.start_period_of_care(
        child, actor=worker, start_date=D(2022, 9, 1), legal_status="V2", category_of_need="N4",
        placement_type="U6", provider=providers["foster"])
    first = Episode.objects.get(period=period)
    assert (first.reason_new_episode, first.legal_status, first.placement_type) == ("S", "V2", "U6")

    actions.record_review(period, actor=worker, review_date=D(2022, 9, 28), participation="PN1")
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2022, 9, 6),
                                   child_seen=True, child_seen_alone=True)
    moved = actions.change_placement(
        period, actor=worker, change_date=D(2023, 3, 1), provider=providers["agency"],
        placement_type="U4", reason_placement_change="CARPL",
        placement_details={"long_term": True})
    first.refresh_from_db()
    assert (first.end_date, first.reason_ceased, first.reason_placement_change) == (
        D(2023, 3, 1), "X1", "CARPL")
    assert (moved.start_date, moved.reason_new_episode) == (D(2023, 3, 1), "P")

    missing = actions.record_missing(child, actor=worker, kind="M", start_date=D(2023, 5, 1))
    actions.record_return(missing, actor=worker, end_date=D(2023, 5, 2),
                          return_interview_offered=D(2023, 5, 3),
                          return_interview_accepted=True)
    assert status_on(child.date_of_birth, spans_for(child), D(2023, 6, 1)) == Status.ELIGIBLE

    actions.cease_care(period, actor=worker, end_date=D(2025, 1, 15), reason_ceased="E17")
    leaver_actions.record_keep_in_touch(child, actor=worker, contact_date=D(2026, 1, 20),
                                        in_touch="YES", activity="F2", accommodation="Z",
                                        accommodation_suitable=True)
    assert status_on(child.date_of_birth, spans_for(child), D(2026, 1, 20)) == (
        Status.FORMER_RELEVANT)
    episodes = list(Episode.objects.filter(child=child).order_by("start_date"))
    assert [e.reason_ceased for e in episodes] == ["X1", "E17"]
    met = set(Deadline.objects.filter(child=child, met_date__isnull=False)
              .values_list("rule", flat=True))
    assert {"lac_review_first", "return_interview", "keep_in_touch"} <= met


@time_machine.travel(datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_placement_rules_cite_the_ssda903_rule(make_child, personas, providers):
    worker = personas["social.worker"]
    young = make_child(worker="social.worker", dob=D(2014, 1, 1))
    with pytest.raises(RuleViolation, match="371"):
        actions.start_period_of_care(young, actor=worker, start_date=D(2026, 1, 5),
                                     legal_status="C2", category_of_need="N1",
                                     placement_type="K3", provider=providers["agency"])
    with pytest.raises(RuleViolation, match="380"):
        actions.start_period_of_care(young, actor=worker, start_date=D(2026, 1, 5),
                                     legal_status="C2", category_of_need="N1",
                                     placement_type="T4", provider=providers["foster"])
    with pytest.raises(RuleViolation, match="378"):
        actions.start_period_of_care(young, actor=worker, start_date=D(2026, 1, 5),
                                     legal_status="V2", category_of_need="N1",
                                     placement_type="P1", provider=providers["foster"])
    period = actions.start_period_of_care(young, actor=worker, start_date=D(2026, 1, 5),
                                          legal_status="C1", category_of_need="N1",
                                          placement_type="U6", provider=providers["foster"])
    with pytest.raises(RuleViolation, match="355"):
        actions.change_legal_status(period, actor=worker, change_date=D(2026, 1, 5),
                                    legal_status="C2")
    with pytest.raises(RuleViolation, match="225"):
        actions.change_placement(period, actor=worker, change_date=D(2026, 2, 1),
                                 provider=providers["agency"], placement_type="U6",
                                 reason_placement_change="")
    with pytest.raises(RuleViolation, match="within the period of care"):
        actions.record_review(period, actor=worker, review_date=D(2025, 12, 1),
                              participation="PN1")
    with pytest.raises(RuleViolation, match="440"):
        actions.record_review(period, actor=worker, review_date=D(2026, 2, 1),
                              participation="PN0")
    with pytest.raises(RuleViolation, match="146"):
        actions.change_placement(period, actor=worker, change_date=D(2026, 2, 1),
                                 provider=providers["agency"], placement_type="Z1",
                                 reason_placement_change="CARPL")
    status = actions.change_legal_status(period, actor=worker, change_date=D(2026, 3, 2),
                                         legal_status="C2")
    assert status.reason_new_episode == "L"


@time_machine.travel(datetime.datetime(2026, 2, 2, 12, tzinfo=datetime.UTC), tick=False)
@pytest.mark.django_db
def test_reviews_and_visits_fall_due_by_the_regulations(make_child, personas, providers):
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2016, 5, 5))
    period = actions.start_period_of_care(child, actor=worker, start_date=D(2026, 1, 5),
                                          legal_status="C1", category_of_need="N1",
                                          placement_type="U6", provider=providers["foster"])

    def due(rule):
        return Deadline.objects.get(child=child, rule=rule, met_date__isnull=True).due_date

    assert due("lac_review_first") == D(2026, 2, 2)  # 20 working days
    assert due("lac_visit_first") == D(2026, 1, 12)  # within one week
    assert due("iha") == D(2026, 2, 2)
    assert due("care_plan") == D(2026, 1, 19)
    assert due("placement_plan") == D(2026, 1, 12)
    actions.record_statutory_visit(period, actor=worker, visit_date=D(2026, 1, 9),
                                   child_seen=True, child_seen_alone=False)
    assert due("lac_visit") == D(2026, 2, 20)  # six weeks
    actions.record_review(period, actor=worker, review_date=D(2026, 1, 30), participation="PN1")
    assert due("lac_review_second") == D(2026, 4, 30)
