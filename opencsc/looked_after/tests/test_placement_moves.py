"""Moves into and out of a temporary placement (T0 to T4), as the SSDA903 rules for the
2025-26 return define them:

- rule 226: no reason for placement change on a temporary placement's episode, nor on the
  episode before it (the one the child left to go there);
- rule 383: after a temporary placement the child returns to their usual placement, with
  the same placement type and postcode, and that episode's reason for new episode is P.
"""

import datetime

import pytest
import time_machine

from opencsc.casework.actions import RuleViolation
from opencsc.looked_after import actions
from opencsc.looked_after.models import Episode

from .history import D, make_providers

NOW = datetime.datetime(2026, 6, 30, 12, tzinfo=datetime.UTC)
HOME = {"postcode": "B15 2TT", "home_postcode": "B11 1AA"}


@pytest.fixture
def providers(db):
    return make_providers()


@pytest.fixture
def on_respite(make_child, personas, providers):
    """Fostered since January 2026, in a temporary placement (T3) since 1 May."""
    worker = personas["social.worker"]
    child = make_child(worker="social.worker", dob=D(2014, 3, 3))
    with time_machine.travel(NOW, tick=False):
        period = actions.start_period_of_care(
            child, actor=worker, start_date=D(2026, 1, 5), legal_status="C2",
            category_of_need="N1", placement_type="U6", provider=providers["foster"],
            placement_details=HOME)
        actions.change_placement(period, actor=worker, change_date=D(2026, 5, 1),
                                 provider=providers["agency"], placement_type="T3",
                                 reason_placement_change="CARPL", same_carer=False,
                                 placement_details={"postcode": "B30 1AA"})
    return period


def back_home(period, worker, providers, **changes):
    values = {"change_date": D(2026, 5, 14), "provider": providers["foster"],
              "placement_type": "U6", "reason_placement_change": "",
              "placement_details": HOME, **changes}
    return actions.change_placement(period, actor=worker, **values)


def episodes(period) -> list[Episode]:
    return list(Episode.objects.filter(period=period).order_by("start_date", "pk"))


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_moving_into_a_temporary_placement_records_no_reason_on_the_episode_left_rule_226(
        on_respite):
    left, temporary = episodes(on_respite)
    assert (left.reason_ceased, left.reason_placement_change) == ("X1", "")
    assert (temporary.placement_type, temporary.reason_new_episode) == ("T3", "P")


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_leaving_a_temporary_placement_needs_no_reason_and_records_none_rule_226(
        on_respite, personas, providers):
    back_home(on_respite, personas["social.worker"], providers)
    assert episodes(on_respite)[1].reason_placement_change == ""

    # A reason typed anyway is not put on the temporary placement's episode either.
    period, worker = on_respite, personas["social.worker"]
    actions.change_placement(period, actor=worker, change_date=D(2026, 6, 1),
                             provider=providers["agency"], placement_type="T4",
                             reason_placement_change="")
    back_home(period, worker, providers, change_date=D(2026, 6, 5),
              reason_placement_change="CARPL")
    assert [e.reason_placement_change for e in episodes(period)] == ["", "", "", "", ""]


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
@pytest.mark.parametrize("same_carer", [True, False])
def test_the_return_to_the_usual_carer_is_recorded_as_rne_p_rule_383(
        same_carer, on_respite, personas, providers):
    returned = back_home(on_respite, personas["social.worker"], providers,
                         same_carer=same_carer)
    assert returned.reason_new_episode == "P"


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_returning_from_a_temporary_placement_to_another_placement_type_is_refused_rule_383(
        on_respite, personas, providers):
    with pytest.raises(RuleViolation, match="383") as refused:
        back_home(on_respite, personas["social.worker"], providers, placement_type="U4")
    assert refused.value.problems[0][0] == "placement_type"
    assert len(episodes(on_respite)) == 2


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_returning_from_a_temporary_placement_to_another_postcode_is_refused_rule_383(
        on_respite, personas, providers):
    with pytest.raises(RuleViolation, match="383"):
        back_home(on_respite, personas["social.worker"], providers,
                  placement_details={"postcode": "WS1 1AA"})


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_a_change_of_legal_status_on_the_day_of_return_is_refused_rule_383(
        on_respite, personas, providers):
    with pytest.raises(RuleViolation, match="383") as refused:
        back_home(on_respite, personas["social.worker"], providers, legal_status="E1")
    assert refused.value.problems[0][0] == "legal_status"


@time_machine.travel(NOW, tick=False)
@pytest.mark.django_db
def test_an_ordinary_move_still_needs_its_reason_and_a_same_carer_move_is_rne_t_rule_225(
        on_respite, personas, providers):
    worker = personas["social.worker"]
    back_home(on_respite, worker, providers)
    with pytest.raises(RuleViolation, match="225"):
        actions.change_placement(on_respite, actor=worker, change_date=D(2026, 6, 1),
                                 provider=providers["agency"], placement_type="U6",
                                 reason_placement_change="")
    moved = actions.change_placement(on_respite, actor=worker, change_date=D(2026, 6, 1),
                                     provider=providers["foster"], placement_type="U6",
                                     reason_placement_change="PLACE", same_carer=True,
                                     placement_details={"postcode": "B15 3AA"})
    assert moved.reason_new_episode == "T"
    assert episodes(on_respite)[-2].reason_placement_change == "PLACE"
