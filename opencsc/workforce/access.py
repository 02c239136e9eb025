"""Who may see and record what about the trust's workforce.

Seeing (the ``VIEW_WORKFORCE`` permission; everyone else gets 403):
- the measures page, /workforce/: the trust's figures beside England's, and a row per team
  for the teams the user answers for: a team manager their teams, a head of service the
  teams of their service area, an analyst or administrator every team. A council viewer
  (and a board member, where that role exists) sees the trust's figures only: no team and
  no member of staff.
- a team's page, /workforce/teams/<id>/, which names staff, their hours, caseloads and
  supervision: the team's manager, the head of service for its area, and administrators.
  A manager asking for a team they do not manage gets 404, as for a team that does not
  exist; roles that see no team's page get 403.

Recording (each write is an audited action in ``actions``):
- starters, leavers, hours, sickness and supervision: the team's manager, or the head of
  service for its area, since they line-manage its staff.
- posts (the establishment): the head of service for the team's area, or an administrator,
  since posts are set by the budget, not by the team.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from opencsc.core.roles import Permission, Role, has_permission, role_of
from opencsc.organisations.models import Team

TEAM_PAGE_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE, Role.ADMIN}
LINE_MANAGER_ROLES = {Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE}
POST_ROLES = {Role.HEAD_OF_SERVICE, Role.ADMIN}
ALL_TEAMS_ROLES = {Role.ANALYST, Role.ADMIN}


def require_workforce_viewer(user) -> None:
    if not has_permission(user, Permission.VIEW_WORKFORCE):
        raise PermissionDenied("Your role does not include the workforce measures.")


def teams_for_user(user) -> QuerySet[Team]:
    """The teams whose measures the user may see one by one (none for a council viewer)."""
    require_workforce_viewer(user)
    role, staff = role_of(user), user.staff
    if role in ALL_TEAMS_ROLES:
        return Team.objects.order_by("name")
    if role == Role.TEAM_MANAGER:
        return staff.teams.order_by("name")
    if role == Role.HEAD_OF_SERVICE and staff.service_area_id:
        return Team.objects.filter(service_area_id=staff.service_area_id).order_by("name")
    return Team.objects.none()


def may_open_team_pages(user) -> bool:
    return has_permission(user, Permission.VIEW_WORKFORCE) and role_of(user) in TEAM_PAGE_ROLES


def team_for_user(user, pk) -> Team:
    """A team whose page the user may open: 403 for roles that open none, 404 for a team
    outside their teams (as for one that does not exist)."""
    if not may_open_team_pages(user):
        raise PermissionDenied("Your role does not include teams' staff.")
    team = teams_for_user(user).filter(pk=pk).select_related("service_area").first()
    if team is None:
        raise Http404("No such team.")
    return team


def team_to_record_staff_for_user(user, pk) -> Team:
    """A team whose starters, leavers, sickness and supervision the user may record."""
    team = team_for_user(user, pk)
    if role_of(user) not in LINE_MANAGER_ROLES:
        raise PermissionDenied("Only the team's manager or head of service records its staff.")
    return team


def team_to_record_posts_for_user(user, pk) -> Team:
    """A team whose establishment (posts) the user may record."""
    team = team_for_user(user, pk)
    if role_of(user) not in POST_ROLES:
        raise PermissionDenied("Only a head of service or an administrator records posts.")
    return team


def may_record_staff(user) -> bool:
    return may_open_team_pages(user) and role_of(user) in LINE_MANAGER_ROLES


def may_record_posts(user) -> bool:
    return may_open_team_pages(user) and role_of(user) in POST_ROLES
