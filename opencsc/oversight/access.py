"""Who may see and change the oversight pages, and which councils they see.

Oversight holds no child's data, so there is nothing here to audit on read: every figure
is an aggregate from the performance engine. What matters is scope:

- board members, heads of service and performance analysts see every council the trust
  delivers for; a council oversight viewer sees only their own council;
- heads of service and analysts keep the improvement plan (they own and evidence its
  actions); board members and council viewers hold the trust to account and read only;
- analysts import Ofsted's outcomes and keep the list of statistical neighbours;
- everyone else (social workers, team managers, partners, administrators) gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencsc.core.roles import Role, role_of
from opencsc.organisations.models import Organisation

# The role is being added to opencsc/core/roles.py; its value is what the demo uses.
BOARD_MEMBER = getattr(Role, "BOARD_MEMBER", "board_member")

READERS = frozenset({BOARD_MEMBER, Role.COUNCIL_VIEWER, Role.HEAD_OF_SERVICE, Role.ANALYST})
PLAN_EDITORS = frozenset({Role.HEAD_OF_SERVICE, Role.ANALYST})
DATA_KEEPERS = frozenset({Role.ANALYST})


def require_reader(user) -> str:
    role = role_of(user)
    if role not in READERS:
        raise PermissionDenied("Oversight is for the board, the council and senior staff.")
    return role


def can_edit_plan(user) -> bool:
    return role_of(user) in PLAN_EDITORS


def require_plan_editor(user) -> None:
    require_reader(user)
    if not can_edit_plan(user):
        raise PermissionDenied("Only heads of service and analysts change the plan.")


def require_data_keeper(user) -> None:
    require_reader(user)
    if role_of(user) not in DATA_KEEPERS:
        raise PermissionDenied("Only performance analysts change inspection data.")


def councils_for_user(user) -> list[Organisation]:
    """The councils a reader oversees: a council viewer their own; others every council
    the trust delivers children's services for."""
    role = require_reader(user)
    if role == Role.COUNCIL_VIEWER:
        council = user.staff.council
        return [council] if council else []
    return list(Organisation.objects.filter(kind=Organisation.Kind.COUNCIL,
                                            delivered_by__isnull=False).distinct())


def council_for_user(user, la_code: str | None = None) -> Organisation:
    """The council asked for (by LA code), or the reader's first; 404 outside their scope."""
    councils = councils_for_user(user)
    if not councils:
        raise Http404("No council to oversee.")
    if not la_code:
        return councils[0]
    for council in councils:
        if council.la_code == la_code:
            return council
    raise Http404("No such council in your view.")


def action_for_user(user, pk: int):
    """An improvement action in one of the reader's councils; 404 otherwise."""
    from .models import ImprovementAction

    councils = councils_for_user(user)
    action = ImprovementAction.objects.filter(pk=pk, council__in=councils).first()
    if action is None:
        raise Http404("No such action.")
    return action


def is_data_keeper(user) -> bool:
    return role_of(user) in DATA_KEEPERS


def may_oversee(user) -> bool:
    """Whether the service navigation offers Oversight."""
    return role_of(user) in READERS
