"""The workforce measures of the DfE's children's social work workforce (CSWW) census, at
any date, for one team or the whole trust.

Definitions follow the DfE's published statistics ("Children's social work workforce",
explore-education-statistics.service.gov.uk, methodology and data guidance; summarised in
../shared/domain/reference.md section 5). The census's reference date is 30 September and
its year runs to it; here any date can be the reference date, and "the year" is the 12
months up to and including it.

- Social workers: staff in social work roles (social worker, team manager, head of
  service). Permanent staff are the census's "LA-employed"; agency staff are counted apart.
- Agency worker rate: agency FTE in post / (agency FTE + permanent FTE in post).
- Vacancy rate: vacant FTE / (vacant FTE + permanent FTE in post). A team's vacant FTE is
  its social worker posts' FTE not filled by permanent staff (the census counts a post
  covered by an agency worker as vacant); the trust's is the sum over teams, so one team's
  extra staff do not fill another team's vacancy.
- Turnover rate: FTE of permanent staff who left in the year / permanent FTE in post.
- Starters: permanent staff who started in the year.
- Average caseload: children allocated to social workers in post / those workers' FTE
  (DfE: cases / case-holder FTE), and per worker (headcount). Unlike the census, agency
  social workers count too: they hold the trust's cases. The spread (median, quartiles,
  largest) is per worker, with quartiles by the inclusive method (a spreadsheet's
  QUARTILE.INC).
- Sickness days per FTE: working days lost in sickness episodes that began in the year, by
  permanent staff / permanent FTE in post (DfE publishes days lost and the absence rate).
- Supervision on time: social workers in post whose next supervision is not overdue / all
  social workers in post (the trust's policy, ``codes.SUPERVISION_INTERVAL``; no DfE figure).

Staff without a ``WorkforceRecord`` count as full time. Hours and team membership are as
they stand now, whatever the date (neither keeps a dated history: changes of hours are in
the audit log), and someone in two teams counts in both.
A rate whose denominator is nothing is ``None``, shown as "no figure".
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, Sum

from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember, Team
from opencsc.people.models import Allocation

from .codes import SUPERVISION_INTERVAL, ReasonForLeaving
from .models import Post, SicknessAbsence, SupervisionSession

SOCIAL_WORK_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE)
CASE_HOLDING_ROLES = (Role.SOCIAL_WORKER,)
FULL_TIME = Decimal("1.00")


@dataclass(frozen=True)
class Worker:
    staff_id: int
    user_id: int
    name: str
    role: str
    job_title: str
    agency: bool
    fte: Decimal
    start: datetime.date
    end: datetime.date | None
    team_ids: frozenset[int]
    cases: int = 0
    sickness_days: Decimal = Decimal(0)
    last_supervision: datetime.date | None = None
    leaving_reason: str = ""  # a ReasonForLeaving code, where one was recorded

    def in_post(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    def supervision_due(self) -> datetime.date:
        return (self.last_supervision or self.start) + SUPERVISION_INTERVAL

    def supervision_overdue(self, day: datetime.date) -> bool:
        return self.supervision_due() < day


@dataclass(frozen=True)
class Snapshot:
    """Everything the measures read, as it stood on ``day``: a handful of queries."""

    day: datetime.date
    workers: tuple[Worker, ...]
    post_fte: dict[int, Decimal]  # social worker posts' FTE by team id

    def of_team(self, team: Team | None) -> list[Worker]:
        if team is None:
            return list(self.workers)
        return [w for w in self.workers if team.pk in w.team_ids]


def year_before(day: datetime.date) -> datetime.date:
    """The day before the 12 months that end on ``day`` begin (29 Feb falls back a day)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def load(day: datetime.date) -> Snapshot:
    """Read the trust's social work staff, posts, cases, sickness and supervision on ``day``.

    Rows, not model instances: a trust of thousands of staff is read in well under a second.
    """
    since = year_before(day)
    cases = dict(Allocation.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=day), start_date__lte=day,
        worker__isnull=False).values_list("worker_id").annotate(n=Count("child_id",
                                                                          distinct=True)))
    sickness = dict(SicknessAbsence.objects.filter(start_date__gt=since, start_date__lte=day)
                    .values_list("staff_id").annotate(days=Sum("working_days_lost")))
    supervised = dict(SupervisionSession.objects.filter(date__lte=day)
                      .values_list("staff_id").annotate(last=Max("date")))
    staff = (StaffMember.objects.filter(role__in=SOCIAL_WORK_ROLES, start_date__lte=day)
             .filter(Q(end_date__isnull=True) | Q(end_date__gt=since)))
    teams: dict[int, set[int]] = {}
    for staff_id, team_id in (StaffMember.teams.through.objects
                              .filter(staffmember__in=staff)
                              .values_list("staffmember_id", "team_id")):
        teams.setdefault(staff_id, set()).add(team_id)
    workers = tuple(_worker(row, teams, cases, sickness, supervised)
                    for row in staff.values(*STAFF_FIELDS).order_by("pk"))
    posts = (Post.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=day),
                                 social_work=True, start_date__lte=day)
             .values_list("team_id").annotate(fte=Sum("fte")))
    return Snapshot(day, workers, dict(posts))


STAFF_FIELDS = ["pk", "user_id", "user__username", "user__first_name", "user__last_name",
                "role", "job_title", "employment_type", "start_date", "end_date",
                "workforce_record__fte", "leaving__reason"]


def _worker(row: dict, teams, cases, sickness, supervised) -> Worker:
    name = f"{row['user__first_name']} {row['user__last_name']}".strip()
    return Worker(
        staff_id=row["pk"], user_id=row["user_id"], name=name or row["user__username"],
        role=row["role"], job_title=row["job_title"] or Role(row["role"]).label,
        agency=row["employment_type"] == StaffMember.EmploymentType.AGENCY,
        fte=row["workforce_record__fte"] or FULL_TIME, start=row["start_date"],
        end=row["end_date"], team_ids=frozenset(teams.get(row["pk"], ())),
        cases=cases.get(row["user_id"], 0), sickness_days=sickness.get(row["pk"], Decimal(0)),
        last_supervision=supervised.get(row["pk"]), leaving_reason=row["leaving__reason"] or "",
    )


# --- The measures: pure functions of the snapshot ----------------------------------------


def _fte(workers) -> Decimal:
    return sum((w.fte for w in workers), Decimal(0))


def _rate(part, whole) -> float | None:
    return float(Decimal(part) * 100 / Decimal(whole)) if whole else None


def vacant_fte(snapshot: Snapshot, team_ids) -> Decimal:
    """Social worker posts' FTE not filled by permanent staff, team by team."""
    total = Decimal(0)
    for team_id in team_ids:
        filled = _fte(w for w in snapshot.workers if team_id in w.team_ids
                      and not w.agency and w.in_post(snapshot.day))
        total += max(Decimal(0), snapshot.post_fte.get(team_id, Decimal(0)) - filled)
    return total


def caseload_spread(counts: list[int]) -> dict:
    if not counts:
        return {"median": None, "lower_quartile": None, "upper_quartile": None, "largest": None}
    ordered = sorted(counts)
    if len(ordered) == 1:
        lower = upper = float(ordered[0])
    else:
        lower, _, upper = statistics.quantiles(ordered, n=4, method="inclusive")
    return {"median": float(statistics.median(ordered)), "lower_quartile": float(lower),
            "upper_quartile": float(upper), "largest": ordered[-1]}


def leavers_by_reason(leavers: list[Worker]) -> list[tuple[str, int]]:
    """How many left for each reason, most common first; no reason recorded is "Not known"."""
    counts: dict[str, int] = {}
    for worker in leavers:
        label = ReasonForLeaving(worker.leaving_reason or ReasonForLeaving.NOT_KNOWN).label
        counts[label] = counts.get(label, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def census(snapshot: Snapshot, team: Team | None = None) -> dict:
    """Every measure for one team (or the whole trust, ``team=None``) on the snapshot's day."""
    day, since = snapshot.day, year_before(snapshot.day)
    everyone = snapshot.of_team(team)
    in_post = [w for w in everyone if w.in_post(day)]
    permanent = [w for w in in_post if not w.agency]
    agency = [w for w in in_post if w.agency]
    leavers = [w for w in everyone if not w.agency and w.end and since < w.end <= day]
    starters = [w for w in everyone if not w.agency and since < w.start <= day]
    holders = [w for w in in_post if w.role in CASE_HOLDING_ROLES]
    team_ids = [team.pk] if team else list(snapshot.post_fte)
    vacant = vacant_fte(snapshot, team_ids)
    cases = sum(w.cases for w in holders)
    sick_days = sum((w.sickness_days for w in everyone if not w.agency), Decimal(0))
    on_time = [w for w in holders if not w.supervision_overdue(day)]
    return {
        "date": day, "team": team,
        "in_post_headcount": len(permanent), "in_post_fte": _fte(permanent),
        "agency_headcount": len(agency), "agency_fte": _fte(agency),
        "agency_rate": _rate(_fte(agency), _fte(agency) + _fte(permanent)),
        "established_fte": sum((snapshot.post_fte.get(t, Decimal(0)) for t in team_ids),
                               Decimal(0)),
        "vacancy_fte": vacant, "vacancy_rate": _rate(vacant, vacant + _fte(permanent)),
        "starters_headcount": len(starters), "starters_fte": _fte(starters),
        "leavers_headcount": len(leavers), "leavers_fte": _fte(leavers),
        "turnover_rate": _rate(_fte(leavers), _fte(permanent)),
        "leavers_by_reason": leavers_by_reason(leavers),
        "case_holders": len(holders), "case_holder_fte": _fte(holders), "cases": cases,
        "average_caseload": float(cases / _fte(holders)) if holders else None,
        "cases_per_worker": cases / len(holders) if holders else None,
        **caseload_spread([w.cases for w in holders]),
        "sickness_days": sick_days,
        "sickness_days_per_fte": float(sick_days / _fte(permanent)) if permanent else None,
        "supervision_due": len(holders), "supervision_on_time": len(on_time),
        "supervision_on_time_rate": _rate(len(on_time), len(holders)),
    }


def census_at(day: datetime.date, team: Team | None = None) -> dict:
    """The workforce measures on ``day`` for ``team``, or the whole trust when ``team`` is
    None. A stable signature: other apps' reports read it."""
    return census(load(day), team)


def census_by_team(day: datetime.date, teams) -> tuple[dict, list[dict]]:
    """The whole trust's measures and each team's, from one snapshot."""
    snapshot = load(day)
    return census(snapshot), [census(snapshot, team) for team in teams]
