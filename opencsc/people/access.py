"""The one place that decides which children's records a user may see or change.

Every read of a child's data goes through ``child_for_user`` (one record, audited)
or ``children_for_user`` (a scoped queryset). A record outside the user's scope
raises Http404, exactly as for a record that does not exist. Changing a record the
user may only read raises PermissionDenied (403).

Scopes:
- social worker: children allocated to them (change); their teams' children (read).
- team manager: their teams' children.
- front door (social workers and managers in a front-door team): every child of the
  councils their organisation serves (read, and record a contact), so that a contact
  finds the child already on record whoever holds the case (ADR 0012).
- head of service: children allocated to teams in their service area.
- partner-agency user: children explicitly shared with their agency (read).
- analyst, council viewer, administrator: no identifiable child.
- anyone with a current emergency (break-glass) grant: that child (read).
- restricted records: only the people named on them, whatever the scope above.
"""

from collections.abc import Collection

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.roles import Permission, Role, has_permission, role_of
from opencsc.organisations.models import Organisation, Team

from .models import AgencyShare, Allocation, EmergencyAccess, Person, RestrictedAccess

Only = int | Collection[int] | None  # narrow a scope to one child, or to these children


def _current(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": today})
    )


def _ids(rows: QuerySet, only: Only) -> Q:
    """Children whose pk is a ``child_id`` of ``rows``. Checking one child or a few
    (``only``) reads their rows alone: otherwise both SQLite and PostgreSQL build the
    whole scope's list first, some 100 ms for a head of service with 100,000 children."""
    if isinstance(only, int):
        rows = rows.filter(child_id=only)
    elif only is not None:
        rows = rows.filter(child_id__in=only)
    return Q(pk__in=rows.values("child_id"))


def _allocated(only: Only, **filters) -> Q:
    return _ids(Allocation.objects.filter(_current(), **filters), only)


def _own_scope(user, only: Only = None) -> Q | None:
    """Children the user may see by their role, before emergency grants and restrictions."""
    staff = user.staff
    role = role_of(user)
    if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        if _at_front_door(staff):
            return _served_by(staff)
        # A join on the staff member's teams, not ``team__in`` a subquery: given it, SQLite
        # skip-scanned every team's allocations (about 100 ms with 100,000 children).
        return _allocated(only, team__members=staff) | _allocated(only, worker=user)
    if role == Role.HEAD_OF_SERVICE and staff.service_area_id:
        return _allocated(only, team__service_area_id=staff.service_area_id)
    if role == Role.PARTNER and staff.agency_id:
        return _ids(AgencyShare.objects.filter(_current(), agency_id=staff.agency_id), only)
    return None


def _at_front_door(staff) -> bool:
    return staff.teams.filter(kind=Team.Kind.FRONT_DOOR).exists()


def _served_by(staff) -> Q:
    """Every child of the councils the staff member's employer is, or delivers for."""
    employer = staff.employer_id
    councils = Organisation.objects.filter(Q(pk=employer) | Q(delivered_by=employer))
    return Q(responsible_council__in=councils.values("pk"))


def _emergency(user, only: Only = None) -> Q:
    grants = EmergencyAccess.objects.filter(user=user, expires_at__gt=timezone.now())
    return _ids(grants, only)


def children_for_user(user) -> QuerySet[Person]:
    """Every child's record the user may see, as a queryset (nothing is audited here)."""
    return _visible(user)


def children_among_for_user(user, ids: Collection[int]) -> QuerySet[Person]:
    """The children among ``ids`` the user may see. The same scope as ``children_for_user``,
    reading only these children's allocations, shares and grants: the way to check a
    search's candidates without building a head of service's whole scope."""
    ids = list(ids)
    return _visible(user, only=ids).filter(pk__in=ids)


def children_of_teams_for_user(user, teams) -> QuerySet[Person]:
    """The children whose cases ``teams`` hold that the user sees through those teams (a team
    manager's or social worker's own teams, a head of service's service area), restricted
    ones only if the user is named. For a manager's own teams these are exactly the teams'
    children in ``children_for_user``, read without building the rest of the user's scope:
    the team worklist narrows each of its lists by them (benchmarks/worklists.py).

    Each child is checked by its own rows (correlated EXISTS), so ask it about given
    children (``Exists(children.filter(pk=OuterRef(...)))``): building the whole list of a
    head of service's teams' children for every query was most of the page's time."""
    if not has_permission(user, Permission.VIEW_CHILDREN):
        return Person.objects.none()
    staff, role = user.staff, role_of(user)
    if role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER):
        through = {"team__members": staff}
    elif role == Role.HEAD_OF_SERVICE and staff.service_area_id:
        through = {"team__service_area_id": staff.service_area_id}
    else:
        return Person.objects.none()
    held = Allocation.objects.filter(_current(), child_id=OuterRef("pk"), team__in=teams,
                                     **through)
    named = RestrictedAccess.objects.filter(user=user, child_id=OuterRef("pk"))
    return Person.objects.children().filter(Exists(held), Q(restriction="") | Exists(named))


def _visible(user, only: Only = None) -> QuerySet[Person]:
    if not has_permission(user, Permission.VIEW_CHILDREN):
        return Person.objects.none()
    scope = _own_scope(user, only)
    visible = _emergency(user, only) if scope is None else scope | _emergency(user, only)
    named = _ids(RestrictedAccess.objects.filter(user=user), only)
    return Person.objects.children().filter((visible & Q(restriction="")) | named)


def child_for_user(user, pk, *, purpose: str = "") -> Person:
    """One child's record, or Http404; the view is written to the audit log."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    child = _visible(user, only=pk).select_related("responsible_council").filter(pk=pk).first()
    if child is None:
        raise Http404("No child's record here")
    with transaction.atomic():
        audit.record(user, AuditAction.VIEW, obj=child, child_id=child.pk, reason=purpose)
    return child


def can_change_child(user, child: Person) -> bool:
    """Whether the user may record on this child (they can already see it)."""
    if not has_permission(user, Permission.RECORD_CHILDREN):
        return False
    if RestrictedAccess.objects.filter(user=user, child=child).exists():
        return True
    if child.is_restricted:
        return False
    staff, role = user.staff, role_of(user)
    current = Allocation.objects.filter(_current(), child=child)
    if role == Role.SOCIAL_WORKER:
        return current.filter(worker=user).exists()
    if role == Role.TEAM_MANAGER:
        return current.filter(team__in=staff.teams.all()).exists()
    if role == Role.HEAD_OF_SERVICE:
        return current.filter(team__service_area_id=staff.service_area_id).exists()
    return False


def may_record_contact(user, child: Person) -> bool:
    """Whether the user may record (and decide) a contact about this child, whom they can
    already see: whoever may change the record, and the front door for any child."""
    if can_change_child(user, child):
        return True
    return (has_permission(user, Permission.RECORD_CHILDREN)
            and role_of(user) in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
            and _at_front_door(user.staff))


def child_for_contact_for_user(user, pk) -> Person:
    """A child the user may record a contact about: 404 when out of sight, 403 otherwise."""
    child = child_for_user(user, pk, purpose="to record a contact")
    if not may_record_contact(user, child):
        raise PermissionDenied("You can read this record but not record a contact on it.")
    return child


def child_to_change_for_user(user, pk) -> Person:
    """A child the user may change: 404 when out of sight, 403 when read-only."""
    child = child_for_user(user, pk, purpose="to record")
    if not can_change_child(user, child):
        raise PermissionDenied("You can read this record but not change it.")
    return child


def access_log_for_user(user, pk) -> tuple[Person, QuerySet[AuditEntry]]:
    """Who has looked at a child's record: managers only, for children they can see."""
    child = child_for_user(user, pk, purpose="access log")
    if not has_permission(user, Permission.VIEW_ACCESS_LOG):
        raise PermissionDenied("Only managers can see who has looked at a record.")
    entries = AuditEntry.objects.filter(child_id=child.pk).order_by("-seq")
    return child, entries


def may_request_emergency_access(user) -> bool:
    return has_permission(user, Permission.EMERGENCY_ACCESS)


def row_for_user(user, model, pk, *, child_path: str = "child", change: bool = False):
    """A row that belongs to a child's record (an episode, a plan, a review...), scoped
    through the child: 404 when the child is out of sight, 403 when read-only and
    ``change`` is asked for. The child's record is audited as viewed."""
    try:
        row = model.objects.filter(**{f"{child_path}__in": children_for_user(user)}).get(
            pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404 from exc
    child_id = row
    for part in child_path.split("__"):
        child_id = getattr(child_id, part)
    if change:
        child_to_change_for_user(user, child_id.pk)
    else:
        child_for_user(user, child_id.pk)
    return row
