"""Aggregate counts of children with open case records, cut by council and team.

What each person sees follows their scope: a council oversight viewer only their
own council; managers the teams they can see; an analyst the whole organisation.
Counts under 5 are suppressed so that no small group identifies a child.
"""

from django.db.models import Count, Q
from django.utils import timezone

from opencsc.core.roles import Role, role_of
from opencsc.people.models import Allocation

SUPPRESS_BELOW = 5


def rows_for_user(user) -> list[dict]:
    today = timezone.localdate()
    current = Allocation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today), start_date__lte=today,
        child__responsible_council__isnull=False,
    )
    role, staff = role_of(user), user.staff
    if role == Role.COUNCIL_VIEWER:
        current = current.filter(child__responsible_council_id=staff.council_id)
    elif role == Role.TEAM_MANAGER:
        current = current.filter(team__in=staff.teams.all())
    elif role == Role.HEAD_OF_SERVICE:
        current = current.filter(team__service_area_id=staff.service_area_id)
    grouped = (
        current.values("child__responsible_council__name", "team__name")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("child__responsible_council__name", "team__name")
    )
    return [
        {
            "council": row["child__responsible_council__name"],
            "team": row["team__name"],
            "children": row["children"] if row["children"] >= SUPPRESS_BELOW else None,
        }
        for row in grouped
    ]
