"""The team worklist's scope (``access.children_of_teams_for_user``) is exactly the
manager's ``children_for_user`` narrowed to their teams' cases: checked against it."""

import pytest

from opencsc.people import access, actions
from opencsc.people.models import Allocation, Person
from opencsc.worklists.access import teams_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def children(make_child, personas):
    made = {
        "north": make_child(team="Child Protection Team North", worker="social.worker"),
        "south": make_child(team="Child Protection Team South"),
        "east": make_child(team="Assessment Team East", worker="other.worker"),
        "hidden": make_child(team="Child Protection Team North"),
        "named": make_child(team="Child Protection Team South"),
    }
    actions.restrict_record(made["hidden"], actor=personas["team.manager"],
                            restriction=Person.Restriction.HIGH_PROFILE, named_users=[])
    actions.restrict_record(made["named"], actor=personas["team.manager"],
                            restriction=Person.Restriction.HIGH_PROFILE,
                            named_users=[personas["head.of.service"]])
    return made


@pytest.mark.parametrize("persona", ["team.manager", "head.of.service", "front.door"])
def test_the_team_scope_is_the_users_scope_narrowed_to_their_teams(persona, personas, children):
    user = personas[persona]
    teams = list(teams_for_user(user)) if persona != "front.door" else list(
        user.staff.teams.all())
    held = Allocation.objects.filter(team__in=teams, end_date__isnull=True).values("child_id")
    expected = set(access.children_for_user(user).filter(pk__in=held).values_list("pk",
                                                                                   flat=True))
    got = set(access.children_of_teams_for_user(user, teams).values_list("pk", flat=True))
    assert got == expected


def test_a_head_of_service_sees_the_restricted_child_naming_them_only(personas, children):
    user = personas["head.of.service"]
    got = set(access.children_of_teams_for_user(user, list(teams_for_user(user))))
    assert children["named"] in got and children["hidden"] not in got
    assert children["north"] in got and children["east"] not in got


def test_teams_outside_the_users_own_show_nothing(personas, children, trust):
    user = personas["team.manager"]
    east = [trust.teams["Assessment Team East"]]
    assert not access.children_of_teams_for_user(user, east).exists()


def test_a_partner_has_no_team_scope(personas, children, trust):
    teams = list(trust.teams.values())
    assert not access.children_of_teams_for_user(personas["police.partner"], teams).exists()
