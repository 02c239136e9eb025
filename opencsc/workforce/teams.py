"""What a team's page shows: its posts and vacancies, its staff with their hours, caseloads
and supervision, and its measures, all as they stand on one day."""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember, Team

from .codes import ReasonForLeaving
from .measures import CASE_HOLDING_ROLES, Worker, census, load, year_before
from .models import Post


@dataclass(frozen=True)
class StaffRow:
    worker: Worker
    holds_cases: bool
    supervision_due: datetime.date | None
    overdue: bool


def team_view(team: Team, day: datetime.date) -> dict:
    snapshot = load(day)
    workers = sorted((w for w in snapshot.of_team(team) if w.in_post(day)),
                     key=lambda w: (w.role != Role.TEAM_MANAGER, w.name))
    rows = [_row(w, day) for w in workers]
    posts = (Post.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day), team=team,
                                 start_date__lte=day).order_by("-social_work", "title", "pk"))
    return {"day": day, "team": team, "measures": census(snapshot, team), "staff": rows,
            "posts": list(posts), "overdue": sum(r.overdue for r in rows),
            "movements": movements(snapshot.of_team(team), day)}


def movements(workers: list[Worker], day: datetime.date) -> list[dict]:
    """Who joined and who left in the 12 months to ``day``, latest first, with why they left."""
    since = year_before(day)
    rows = [{"worker": w, "what": "Started", "date": w.start, "reason": ""}
            for w in workers if since < w.start <= day]
    rows += [{"worker": w, "what": "Left", "date": w.end,
              "reason": ReasonForLeaving(w.leaving_reason or ReasonForLeaving.NOT_KNOWN).label}
             for w in workers if w.end and since < w.end <= day]
    return sorted(rows, key=lambda row: (row["date"], row["worker"].name), reverse=True)


def _row(worker: Worker, day: datetime.date) -> StaffRow:
    holds = worker.role in CASE_HOLDING_ROLES
    return StaffRow(worker, holds, worker.supervision_due() if holds else None,
                    holds and worker.supervision_overdue(day))


def staff_in_post(team: Team, day: datetime.date):
    """The team's staff in post on ``day``, for the forms' lists."""
    return (StaffMember.objects.filter(teams=team, start_date__lte=day)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .select_related("user").order_by("user__last_name", "user__first_name"))


def supervisors_for(team: Team, actor, day: datetime.date):
    """Who may be named as a session's supervisor: the team's managers, and the actor."""
    managers = staff_in_post(team, day).filter(role=Role.TEAM_MANAGER).values("user_id")
    return get_user_model().objects.filter(Q(pk__in=managers) | Q(pk=actor.pk)).order_by(
        "last_name", "first_name")
