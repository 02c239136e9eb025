"""What a manager needs to see about their team's work, in a fixed number of queries.

Children are always reached through ``people.access.children_of_teams_for_user``; the team filter
only narrows that. Caseload counts are figures, not children, so they count every case
the workers hold. Lists that can grow with the team are paged, each page and its list's
length one query, so the page costs the same number of queries whatever the team's size.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce
from django.utils import timezone

from opencsc.casework.models import Assessment, Closure, Deadline
from opencsc.casework.timescales import Status
from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember, Team
from opencsc.people.access import children_of_teams_for_user
from opencsc.people.models import Allocation, Person

from .queries import TAG_CLASSES, Horizon, Item, current_allocation, item_from

WORK_PAGE_SIZE = 50
WORKERS_PAGE_SIZE = 25  # a head of service's teams can hold hundreds of workers
UNALLOCATED_PAGE_SIZE = 25
AWAITING_SHOWN = 50
CASEHOLDING_ROLES = (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)
SORTS = {
    "due": ("due_date", "child__family_name", "child__given_names", "pk"),
    "child": ("child__family_name", "child__given_names", "due_date", "pk"),
    "worker": (F("worker_last").asc(nulls_last=True), F("worker_first").asc(nulls_last=True),
               "due_date", "pk"),
}
NOT_ALLOCATED = "none"


@dataclass(frozen=True)
class Filters:
    worker: str = ""        # a user id, NOT_ALLOCATED, or "" for anyone
    rule: str = ""          # a RULES code, or "" for any
    status: str = Status.OVERDUE.value  # a Status value, or "" for any
    sort: str = "due"
    page: int = 1
    unallocated_page: int = 1
    workers_page: int = 1


@dataclass
class Page:
    """One page of a list and the list's length, in one query.

    The length comes with the rows (``COUNT(*) OVER ()``) rather than from a second
    ``count()``: every query here checks the children against the user's scope, and that
    check is most of its cost. Only a page number past the end costs a second query.
    """

    items: list
    number: int
    total: int
    size: int

    @classmethod
    def of(cls, queryset, number: int, size: int, convert=lambda row: row) -> "Page":
        counted = queryset.annotate(list_total=Window(Count("pk")))
        start = (number - 1) * size
        rows = list(counted[start:start + size])
        if not rows and number > 1:
            return cls.of(queryset, 1, size, convert)
        total = rows[0].list_total if rows else 0
        return cls([convert(row) for row in rows], number, total, size)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number * self.size < self.total

    @classmethod
    def of_list(cls, rows: list, number: int, size: int, convert=lambda row: row) -> "Page":
        """A page of rows already read (no query); only the page's rows are converted."""
        number = number if (number - 1) * size < len(rows) else 1
        start = (number - 1) * size
        return cls([convert(row) for row in rows[start:start + size]], number, len(rows), size)

    @property
    def pages(self) -> int:
        return max(1, (self.total + self.size - 1) // self.size)


@dataclass
class WorkerRow:
    user: object
    employment: str
    caseload: int


@dataclass
class Awaiting:
    kind: str
    child: Person
    since: datetime.date
    by: object
    href: str


@dataclass
class TeamWork:
    teams: list[Team]
    workers: Page
    unallocated: Page
    awaiting: list[Awaiting]
    awaiting_total: int
    work: Page


def team_members(teams) -> QuerySet:
    """The team's case-holding staff working today, with the cases each holds (one query)."""
    today = timezone.localdate()
    active = Q(staff__end_date__isnull=True) | Q(staff__end_date__gte=today)
    held = (Allocation.objects.filter(current_allocation(), worker=OuterRef("pk"))
            .values("worker").annotate(n=Count("pk")).values("n"))
    in_teams = StaffMember.objects.filter(teams__in=teams).values("pk")
    return (get_user_model().objects
            .filter(active, staff__in=in_teams, staff__role__in=CASEHOLDING_ROLES,
                    staff__start_date__lte=today, is_active=True)
            .annotate(caseload=Coalesce(Subquery(held), 0))
            .select_related("staff").order_by("last_name", "first_name", "pk"))


def team_children(user, teams) -> QuerySet[Person]:
    """The teams' children the user may see, held by the teams today: to be asked about
    given children through ``in_team`` (see ``access.children_of_teams_for_user``)."""
    held = Allocation.objects.filter(current_allocation(), team__in=teams,
                                     child_id=OuterRef("pk"))
    return children_of_teams_for_user(user, teams).filter(Exists(held))


def in_team(children: QuerySet[Person], path: str) -> Exists:
    """Whether the child at ``path`` (say ``referral__child_id``) is one of ``children``."""
    return Exists(children.filter(pk=OuterRef(path)))


def worker_row(member) -> WorkerRow:
    return WorkerRow(member, member.staff.get_employment_type_display(), member.caseload)


def _with_next_status(allocation: Allocation, horizon: Horizon) -> Allocation:
    if allocation.next_due:
        allocation.next_status = horizon.status(allocation.next_due)
        allocation.next_tag = TAG_CLASSES[allocation.next_status]
    return allocation


def unallocated(user, teams, children, number: int, horizon: Horizon) -> Page:
    next_due = (Deadline.objects.filter(child_id=OuterRef("child_id"), met_date__isnull=True)
                .order_by("due_date").values("due_date")[:1])
    waiting = (Allocation.objects
               .filter(in_team(children, "child_id"), current_allocation(), team__in=teams,
                       worker__isnull=True)
               .select_related("child", "team").annotate(next_due=Subquery(next_due))
               .order_by("start_date", "child__family_name", "pk"))
    return Page.of(waiting, number, UNALLOCATED_PAGE_SIZE,
                   lambda row: _with_next_status(row, horizon))


def awaiting_authorisation(children: QuerySet[Person]) -> tuple[list[Awaiting], int]:
    """Completed assessments not yet authorised and closures awaiting sign-off, oldest first."""
    assessments = (Assessment.objects.filter(in_team(children, "referral__child_id"),
                                             completed_date__isnull=False,
                                             authorisation_date__isnull=True)
                   .select_related("referral__child", "recorded_by")
                   .order_by("completed_date", "pk"))
    closures = (Closure.objects.filter(in_team(children, "referral__child_id"),
                                       approved__isnull=True)
                .select_related("referral__child", "requested_by").order_by("requested_at", "pk"))
    assessed = Page.of(assessments, 1, AWAITING_SHOWN, lambda a: Awaiting(
        "Assessment", a.referral.child, a.completed_date, a.recorded_by,
        f"/assessments/{a.pk}/authorise/"))
    closing = Page.of(closures, 1, AWAITING_SHOWN, lambda c: Awaiting(
        "Closure", c.referral.child, timezone.localdate(c.requested_at), c.requested_by,
        f"/closures/{c.pk}/"))
    rows = sorted(assessed.items + closing.items, key=lambda r: r.since)
    return rows[:AWAITING_SHOWN], assessed.total + closing.total


def work_across(children, teams, filters: Filters, horizon: Horizon) -> Page:
    """Unmet deadlines on the team's children, filtered and sorted, one page."""
    # One filter() call, so the allocation join is shared by the worker filter and names.
    held = {"child__allocations__team__in": teams}
    if filters.worker == NOT_ALLOCATED:
        held["child__allocations__worker__isnull"] = True
    elif filters.worker:
        held["child__allocations__worker_id"] = filters.worker
    # The teams' children lead (an IN list SQLite reads through the (child, met_date) index):
    # left to itself, the planner walks every unmet deadline in the trust instead.
    leads = Allocation.objects.filter(current_allocation(), team__in=teams).values("child_id")
    deadlines = (Deadline.objects
                 .filter(current_allocation("child__allocations__"), child_id__in=leads, **held)
                 .filter(horizon.filter_for(filters.status), in_team(children, "child_id"),
                         met_date__isnull=True, **({"rule": filters.rule} if filters.rule else {}))
                 .annotate(worker_first=F("child__allocations__worker__first_name"),
                           worker_last=F("child__allocations__worker__last_name"))
                 .select_related("child").order_by(*SORTS.get(filters.sort, SORTS["due"])))
    return Page.of(deadlines, filters.page, WORK_PAGE_SIZE,
                   lambda d: _with_worker(item_from(d, horizon), d))


def _with_worker(item: Item, deadline) -> Item:
    names = (deadline.worker_first or "", deadline.worker_last or "")
    item.worker = " ".join(n for n in names if n) or None
    return item


def team_work(user, teams: list[Team], members: list, filters: Filters) -> TeamWork:
    horizon = Horizon.from_today()
    # Unallocated work and the work list read the teams' current allocations themselves,
    # so they need only the access check; the awaiting lists also need the team's hold.
    visible = children_of_teams_for_user(user, teams)
    awaiting, awaiting_total = awaiting_authorisation(team_children(user, teams))
    return TeamWork(
        teams=teams,
        workers=Page.of_list(members, filters.workers_page, WORKERS_PAGE_SIZE, worker_row),
        unallocated=unallocated(user, teams, visible, filters.unallocated_page, horizon),
        awaiting=awaiting, awaiting_total=awaiting_total,
        work=work_across(visible, teams, filters, horizon),
    )


def allocatable_workers(team: Team) -> QuerySet:
    """Who a case in this team may be allocated to: its case-holding staff, working today."""
    return team_members([team])

