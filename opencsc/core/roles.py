"""Roles and the named permissions each one carries. Scopes over children live in
``opencsc.people.access``; this module only says what kind of work a role does."""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    HEAD_OF_SERVICE = "head_of_service", "Head of service"
    ANALYST = "analyst", "Performance analyst"
    COUNCIL_VIEWER = "council_viewer", "Council oversight viewer"
    BOARD_MEMBER = "board_member", "Trust board member"
    PARTNER = "partner", "Partner agency user"
    ADMIN = "admin", "Administrator"


class Permission(StrEnum):
    VIEW_CHILDREN = "view_children"
    RECORD_CHILDREN = "record_children"
    VIEW_ACCESS_LOG = "view_access_log"
    EMERGENCY_ACCESS = "emergency_access"
    VIEW_AGGREGATES = "view_aggregates"
    VIEW_PSEUDONYMISED = "view_pseudonymised"
    ADMINISTER = "administer"
    MANAGE_TEAM_WORK = "manage_team_work"  # see a team's worklist and allocate its cases
    PRODUCE_RETURNS = "produce_returns"  # build, validate and download statutory returns
    VIEW_WORKFORCE = "view_workforce"  # workforce measures; which teams: workforce/access.py


P = Permission
ROLE_PERMISSIONS: dict[str, frozenset[Permission]] = {
    Role.SOCIAL_WORKER: frozenset({P.VIEW_CHILDREN, P.RECORD_CHILDREN, P.EMERGENCY_ACCESS}),
    Role.TEAM_MANAGER: frozenset(
        {P.VIEW_CHILDREN, P.RECORD_CHILDREN, P.VIEW_ACCESS_LOG, P.EMERGENCY_ACCESS,
         P.VIEW_AGGREGATES, P.MANAGE_TEAM_WORK, P.VIEW_WORKFORCE}
    ),
    Role.HEAD_OF_SERVICE: frozenset(
        {P.VIEW_CHILDREN, P.RECORD_CHILDREN, P.VIEW_ACCESS_LOG, P.EMERGENCY_ACCESS,
         P.VIEW_AGGREGATES, P.MANAGE_TEAM_WORK, P.PRODUCE_RETURNS, P.VIEW_WORKFORCE}
    ),
    Role.ANALYST: frozenset({P.VIEW_AGGREGATES, P.VIEW_PSEUDONYMISED, P.PRODUCE_RETURNS,
                             P.VIEW_WORKFORCE}),
    Role.COUNCIL_VIEWER: frozenset({P.VIEW_AGGREGATES, P.VIEW_WORKFORCE}),
    Role.BOARD_MEMBER: frozenset({P.VIEW_AGGREGATES, P.VIEW_WORKFORCE}),
    Role.PARTNER: frozenset({P.VIEW_CHILDREN}),
    Role.ADMIN: frozenset({P.ADMINISTER, P.VIEW_WORKFORCE}),
}


def role_of(user) -> str | None:
    staff = getattr(user, "staff", None) if getattr(user, "is_authenticated", False) else None
    if staff is None or not staff.is_active_on():
        return None
    return staff.role


def has_permission(user, permission: Permission) -> bool:
    role = role_of(user)
    return role is not None and permission in ROLE_PERMISSIONS.get(role, frozenset())
