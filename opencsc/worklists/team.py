"""What a manager needs to see about their team's work, in a fixed number of queries.

Children are always reached through ``people.access.children_of_teams_for_user``; the team filter
only narrows that. Caseload counts are figures, not children, so they count every case
the workers hold. Lists that can grow with the team are paged, so the page costs the same
number of queries whatever the team's size, and each request's work is bounded too: the
caseloads are counted for the page's workers only, and the work list holds at most
``WORK_LIST_CAP`` items (the soonest due), so a team with tens of thousands of unmet
deadlines is never counted or sorted whole.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
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
WORK_LIST_CAP = 1000  # a longer work list holds its soonest due: narrow it with the filters
# Teams with more case-holding staff than this hold thousands of children, enough of the
# trust's deadlines that walking them in due order finds a page sooner than reading all
# of the teams' children's (see ``_matching``).
SMALL_TEAM_WORKERS = 250
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
    more: bool = False  # the list was cut at ``total``: more than that match

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
    def count(self) -> str:
        """The list's length, as its heading gives it."""
        return f"more than {self.total:,}" if self.more else f"{self.total:,}"

    @property
    def pages(self) -> int:
        return max(1, (self.total + self.size - 1) // self.size)


@dataclass(frozen=True)
class Member:
    """A case-holding member of the teams' staff, as the page names them."""

    pk: int
    name: str
    employment: str


@dataclass
class WorkerRow:
    member: Member
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


def _caseholders(teams) -> QuerySet:
    """The teams' case-holding staff working today, by name."""
    today = timezone.localdate()
    active = Q(staff__end_date__isnull=True) | Q(staff__end_date__gte=today)
    in_teams = StaffMember.objects.filter(teams__in=teams).values("pk")
    return (get_user_model().objects
            .filter(active, staff__in=in_teams, staff__role__in=CASEHOLDING_ROLES,
                    staff__start_date__lte=today, is_active=True)
            .order_by("last_name", "first_name", "pk"))


def team_members(teams) -> list[Member]:
    """The teams' case-holding staff working today, by name (one query, read as plain
    values: a head of service's or a large team's list runs to well over a thousand)."""
    employment = dict(StaffMember.EmploymentType.choices)
    rows = _caseholders(teams).values_list("pk", "first_name", "last_name", "username",
                                           "staff__employment_type")
    return [Member(pk, f"{first} {last}".strip() or username, employment.get(kind, kind))
            for pk, first, last, username, kind in rows]


def caseloads(members: list[Member]) -> dict[int, int]:
    """How many cases each of these workers holds today (one query; none for no workers)."""
    held = (Allocation.objects.filter(current_allocation(), worker_id__in=[m.pk for m in members])
            .values("worker_id").annotate(n=Count("pk")).order_by())
    return {row["worker_id"]: row["n"] for row in held}


def workers_page(members: list[Member], number: int) -> Page:
    """One page of the workers, with the caseloads of that page's workers only."""
    page = Page.of_list(members, number, WORKERS_PAGE_SIZE)
    held = caseloads(page.items) if page.items else {}
    page.items = [WorkerRow(member, held.get(member.pk, 0)) for member in page.items]
    return page


def team_children(user, teams) -> QuerySet[Person]:
    """The teams' children the user may see, held by the teams today: to be asked about
    given children through ``in_team`` (see ``access.children_of_teams_for_user``)."""
    held = Allocation.objects.filter(current_allocation(), team__in=teams,
                                     child_id=OuterRef("pk"))
    return children_of_teams_for_user(user, teams).filter(Exists(held))


def in_team(children: QuerySet[Person], path: str) -> Exists:
    """Whether the child at ``path`` (say ``referral__child_id``) is one of ``children``."""
    return Exists(children.filter(pk=OuterRef(path)))


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
    """Completed assessments not yet authorised and closures awaiting sign-off, oldest first.

    Few items wait across the whole trust, so their children are found first (one query)
    and then checked against the teams' scope, by id (one query, which also names them):
    asked the other way round, PostgreSQL built the teams' whole scope first (about 30 ms
    for a team of 1,800 children), and joined in, it merged every child in the trust."""
    assessments = Assessment.objects.filter(completed_date__isnull=False,
                                            authorisation_date__isnull=True)
    closures = Closure.objects.filter(approved__isnull=True)
    waiting_for = assessments.values_list("referral__child_id").union(
        closures.values_list("referral__child_id"))
    named = children.in_bulk([child for (child,) in waiting_for])
    assessed = Page.of(assessments.filter(referral__child_id__in=list(named))
                       .select_related("referral", "recorded_by").order_by("completed_date", "pk"),
                       1, AWAITING_SHOWN, lambda a: (
                           "Assessment", a.referral.child_id, a.completed_date, a.recorded_by,
                           f"/assessments/{a.pk}/authorise/"))
    closing = Page.of(closures.filter(referral__child_id__in=list(named))
                      .select_related("referral", "requested_by").order_by("requested_at", "pk"),
                      1, AWAITING_SHOWN, lambda c: (
                          "Closure", c.referral.child_id, timezone.localdate(c.requested_at),
                          c.requested_by, f"/closures/{c.pk}/"))
    waiting = sorted(assessed.items + closing.items, key=lambda row: row[2])[:AWAITING_SHOWN]
    rows = [Awaiting(kind, named[child], *rest) for kind, child, *rest in waiting]
    return rows, assessed.total + closing.total


def _held(teams, filters: Filters) -> QuerySet[Allocation]:
    """The teams' current allocations, narrowed by the worker filter."""
    held = Allocation.objects.filter(current_allocation(), team__in=teams)
    if filters.worker == NOT_ALLOCATED:
        return held.filter(worker__isnull=True)
    return held.filter(worker_id=filters.worker) if filters.worker else held


def _matching(children, teams, filters: Filters, horizon: Horizon, *, led: bool) -> QuerySet:
    """The ids of the unmet deadlines on the team's children that pass the filters.

    ``led``, the children held lead (an IN list SQLite reads through the (child, met_date)
    index): cheap when they are few. Otherwise each deadline's child is looked up, so that
    SQLite can walk the trust's unmet deadlines through the (met_date, due_date) index in
    due order, and stop once it has the soonest: far cheaper for a team holding thousands
    of children than listing them all first."""
    held = _held(teams, filters)
    by_team = (Q(child_id__in=held.values("child_id")) if led
               else Exists(held.filter(child_id=OuterRef("child_id"))))
    return (Deadline.objects
            .filter(by_team, horizon.filter_for(filters.status), in_team(children, "child_id"),
                    met_date__isnull=True, **({"rule": filters.rule} if filters.rule else {}))
            .values("pk"))


def work_across(children, teams, filters: Filters, horizon: Horizon, *, large: bool) -> Page:
    """Unmet deadlines on the team's children, filtered and sorted, one page (two queries;
    one more when a small team's list passes the cap).

    The list holds at most ``WORK_LIST_CAP`` items: a longer one holds its soonest due, in
    the order asked for. Counting, sorting and paging tens of thousands of rows was most of
    a large team's page, and no one pages through them: the filters narrow the list. Up to
    ``WORK_LIST_CAP + 1`` matches are read (one more, to know there are more), then all but
    the last due of them sorted and paged.
    """
    # A worker's children are few, whatever the team's size.
    led = not large or filters.worker not in ("", NOT_ALLOCATED)
    matching = _matching(children, teams, filters, horizon, led=led)
    soonest = matching.order_by("due_date", "pk")[:WORK_LIST_CAP + 1]
    # Unordered, SQLite reads the few children's deadlines; ordered, it walks the trust's.
    page = _listed(matching[:WORK_LIST_CAP + 1] if led else soonest, teams, filters, horizon)
    if led and page.more:
        page = _listed(soonest, teams, filters, horizon)
    return page


def _listed(ids: QuerySet, teams, filters: Filters, horizon: Horizon) -> Page:
    """One page of these deadlines in the order asked for, less the last due of them if
    they pass ``WORK_LIST_CAP``, with each one's worker (two queries).

    The first sorts and pages the deadlines as bare ids, the second reads the page's rows in
    full: sorting a thousand whole rows, with their children, cost more than both."""
    worker = _held(teams, filters).filter(child_id=OuterRef("child_id"))
    names = {"worker_first": Subquery(worker.values("worker__first_name")[:1]),
             "worker_last": Subquery(worker.values("worker__last_name")[:1])}
    ordered = (Deadline.objects.filter(pk__in=ids).only("pk")
               .annotate(due_rank=Window(RowNumber(), order_by=[F("due_date"), F("pk")]),
                         **(names if filters.sort == "worker" else {}))
               .filter(due_rank__lte=WORK_LIST_CAP)
               .order_by(*SORTS.get(filters.sort, SORTS["due"])))
    page = Page.of(ordered, filters.page, WORK_PAGE_SIZE, lambda d: d.pk)
    rows = (Deadline.objects.filter(pk__in=page.items).select_related("child")
            .annotate(**names).in_bulk())
    # A deadline recomputed away between the two queries is left out, not an error.
    page.items = [_with_worker(item_from(rows[pk], horizon), rows[pk])
                  for pk in page.items if pk in rows]
    page.more, page.total = page.total > WORK_LIST_CAP, min(page.total, WORK_LIST_CAP)
    return page


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
        workers=workers_page(members, filters.workers_page),
        unallocated=unallocated(user, teams, visible, filters.unallocated_page, horizon),
        awaiting=awaiting, awaiting_total=awaiting_total,
        work=work_across(visible, teams, filters, horizon,
                         large=len(members) > SMALL_TEAM_WORKERS),
    )


def allocatable_workers(team: Team) -> QuerySet:
    """Who a case in this team may be allocated to: its case-holding staff, working today,
    with the cases each holds."""
    held = (Allocation.objects.filter(current_allocation(), worker=OuterRef("pk"))
            .values("worker").annotate(n=Count("pk")).values("n"))
    return _caseholders([team]).annotate(caseload=Coalesce(Subquery(held), 0))

