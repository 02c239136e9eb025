"""Who may see which worklist, and whose work a manager may allocate.

Worklists only ever read children through ``opencsc.people.access.children_for_user``;
this module adds the role checks on top: "My work" is for anyone who holds cases, "Team"
for the managers who answer for a team's work (a team manager their teams, a head of
service the teams of their service area).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from opencsc.core.roles import Permission, Role, has_permission, role_of
from opencsc.organisations.models import Team
from opencsc.people import access as people_access
from opencsc.people.models import Allocation, Person

from .queries import current_allocation


def require_caseholder(user) -> None:
    """My work lists the cases a user holds: only roles that record casework hold any."""
    if not has_permission(user, Permission.RECORD_CHILDREN):
        raise PermissionDenied("Your role does not hold children's cases.")


def manages_a_team(user) -> bool:
    return has_permission(user, Permission.MANAGE_TEAM_WORK)


def teams_for_user(user) -> QuerySet[Team]:
    """The teams whose work the user manages; 403 for anyone who manages none."""
    role = role_of(user) if manages_a_team(user) else None
    if role == Role.TEAM_MANAGER:
        return user.staff.teams.all().order_by("name")
    if role == Role.HEAD_OF_SERVICE and user.staff.service_area_id:
        return Team.objects.filter(service_area_id=user.staff.service_area_id).order_by("name")
    raise PermissionDenied("Only a team manager or head of service can see a team's work.")


def allocation_to_change_for_user(user, pk) -> tuple[Person, Allocation]:
    """A child whose case the user may allocate, with its current allocation.

    404 when the child is out of the user's sight, 403 when the user may only read it, is
    not a manager, or the child's case is held by a team the user does not manage.
    """
    child = people_access.child_to_change_for_user(user, pk)
    teams = teams_for_user(user)
    allocation = (Allocation.objects.filter(current_allocation(), child=child, team__in=teams)
                  .select_related("team", "worker").order_by("-start_date", "-pk").first())
    if allocation is None:
        raise PermissionDenied("This child's case is held by a team you do not manage.")
    return child, allocation
