"""Which cuts of the service each person may see figures for (docs/adr/0008).

No cut ever names a child: the figures are counts. Scopes:
- team manager: their teams;
- head of service: their service area, its teams, and the whole trust's totals;
- analyst and trust board member: the trust, every council, service area and team;
- council oversight viewer: their own council only.
Anyone without aggregate figures gets 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied

from opencsc.core.roles import Permission, Role, has_permission, role_of
from opencsc.organisations.models import Organisation, ServiceArea, Team

from .engine import TRUST


@dataclass(frozen=True)
class Cut:
    key: str  # as in engine.cut_key: "trust", "council:1", "area:2", "team:3"
    label: str
    group: str

    @property
    def choice(self) -> str:
        """How the cut reads in a list of choices: "Team: Child Protection Team North"."""
        return self.label if self.key == TRUST else f"{self.group}: {self.label}"

    @property
    def kwargs(self) -> dict:
        if self.key == TRUST:
            return {}
        kind, pk = self.key.split(":")
        return {{"council": "council", "area": "service_area", "team": "team"}[kind]: int(pk)}


def _teams(teams) -> list[Cut]:
    return [Cut(f"team:{t.pk}", t.name, "Team") for t in teams.order_by("name")]


def _areas(areas) -> list[Cut]:
    return [Cut(f"area:{a.pk}", a.name, "Service area") for a in areas.order_by("name")]


def _councils(councils) -> list[Cut]:
    return [Cut(f"council:{c.pk}", c.name, "Council") for c in councils.order_by("name")]


def cuts_for_user(user) -> list[Cut]:
    """The cuts the user may see, the first being their default; 403 for anyone else."""
    if not has_permission(user, Permission.VIEW_AGGREGATES):
        raise PermissionDenied("Your role does not include performance figures.")
    role, staff = role_of(user), user.staff
    trust = Cut(TRUST, "The whole trust", "Trust")
    councils = Organisation.objects.filter(kind=Organisation.Kind.COUNCIL)
    if role in (Role.ANALYST, Role.BOARD_MEMBER):
        return [trust, *_councils(councils), *_areas(ServiceArea.objects.all()),
                *_teams(Team.objects.all())]
    if role == Role.HEAD_OF_SERVICE and staff.service_area_id:
        area = ServiceArea.objects.filter(pk=staff.service_area_id)
        return [*_areas(area), *_teams(Team.objects.filter(service_area__in=area)), trust]
    if role == Role.TEAM_MANAGER:
        return _teams(staff.teams.all())
    if role == Role.COUNCIL_VIEWER and staff.council_id:
        return _councils(councils.filter(pk=staff.council_id))
    raise PermissionDenied("Your role does not include performance figures.")


def may_set_targets(user) -> bool:
    return role_of(user) in (Role.HEAD_OF_SERVICE, Role.ANALYST)
