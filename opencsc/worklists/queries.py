"""What is due, for one worker: read from the stored Deadline rows, judged against today.

Due dates are never recomputed here: ``casework.deadlines`` stores them when the record
changes. Only the status (on track, due soon, overdue) depends on the day it is read.
Every child comes through ``people.access.children_for_user``, so a worklist never shows
a child its reader could not open.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from opencsc.casework.models import Deadline, Draft
from opencsc.casework.timescales import DUE_SOON_WORKING_DAYS, RULES, Status
from opencsc.core.working_days import add_working_days
from opencsc.people.access import children_among_for_user
from opencsc.people.models import Allocation, Person

VISIT_RULES = ("cp_visit", "cin_visit")
TAG_CLASSES = {
    Status.OVERDUE: "govuk-tag--red",
    Status.DUE_SOON: "govuk-tag--yellow",
    Status.ON_TRACK: "govuk-tag--green",
}
DRAFT_FORMS = {"assessment": "Assessment", "case_note": "Case note"}


def current_allocation(prefix: str = "") -> Q:
    """The allocation holding a case today.

    Stricter than access's "current" on purpose: ``allocate_child`` ends a same-day
    allocation on the day it starts its successor, so an allocation that ends today has
    been handed on and must not show its child as still unallocated or still yours.
    """
    today = timezone.localdate()
    return Q(**{f"{prefix}start_date__lte": today}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gt": today}))


@dataclass(frozen=True)
class Horizon:
    """Today's thresholds, computed once per page so a status needs no calendar walk.

    ``status`` agrees with ``timescales.status_of`` for any unmet deadline (tested).
    """

    today: datetime.date
    due_soon_by: datetime.date
    week_ends: datetime.date

    @classmethod
    def from_today(cls, today: datetime.date | None = None) -> "Horizon":
        today = today or timezone.localdate()
        return cls(today, add_working_days(today, DUE_SOON_WORKING_DAYS),
                   today + datetime.timedelta(days=6))

    def status(self, due: datetime.date) -> Status:
        if due < self.today:
            return Status.OVERDUE
        return Status.DUE_SOON if due <= self.due_soon_by else Status.ON_TRACK

    def filter_for(self, status: str) -> Q:
        """The due dates with this status today, as a filter on Deadline."""
        return {
            Status.OVERDUE: Q(due_date__lt=self.today),
            Status.DUE_SOON: Q(due_date__gte=self.today, due_date__lte=self.due_soon_by),
            Status.ON_TRACK: Q(due_date__gt=self.due_soon_by),
        }.get(status, Q())


@dataclass
class Item:
    """One thing due on one child's case."""

    child: Person
    rule: str
    due_date: datetime.date
    status: Status
    referral_id: int | None
    worker: object = None
    days_overdue: int = 0

    @property
    def what(self) -> str:
        return RULES[self.rule].label if self.rule in RULES else self.rule

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES.get(self.status, "govuk-tag--grey")

    @property
    def is_visit(self) -> bool:
        return self.rule in VISIT_RULES


def item_from(deadline: Deadline, horizon: Horizon, worker=None) -> Item:
    return Item(deadline.child, deadline.rule, deadline.due_date,
                horizon.status(deadline.due_date), deadline.referral_id, worker,
                max(0, (horizon.today - deadline.due_date).days))


def my_children(user, *, with_drafts: bool = False) -> dict[int, Person]:
    """Children allocated to the user today (and, if asked, those they have drafts on) that
    they may see. The ids come first (one small query), then the one query that asks access,
    for those children only: PostgreSQL otherwise tested the whole trust against the scope.
    The rows read after it are these children's, by id."""
    mine = Allocation.objects.filter(current_allocation(), worker=user).values_list("child_id")
    if with_drafts:
        mine = mine.union(Draft.objects.filter(owner=user).values_list("child_id"))
    ids = [child_id for (child_id,) in mine]
    if not ids:
        return {}
    return {child.pk: child for child in children_among_for_user(user, ids)}


def my_allocations(user, children: dict[int, Person]) -> list[Allocation]:
    """The user's current allocations of these children, by the children's names."""
    allocations = list(Allocation.objects.filter(current_allocation(), worker=user,
                                                 child_id__in=list(children))
                       .select_related("team").order_by("pk"))
    for allocation in allocations:
        allocation.child = children[allocation.child_id]
    return sorted(allocations, key=lambda a: (a.child.family_name, a.child.given_names, a.pk))


def open_items(children: dict[int, Person], horizon: Horizon) -> list[Item]:
    """Everything due on these children, soonest first (one query, none for no children).

    Unmet rows are picked here, not by ``met_date IS NULL`` in SQL: given that, SQLite's
    planner walked every open deadline in the trust through the (met_date, due_date) index
    instead of these few children's rows through (child, met_date).
    """
    deadlines = Deadline.objects.filter(child_id__in=list(children)).order_by("due_date", "pk")
    items = []
    for deadline in deadlines:
        if deadline.met_date is None:
            deadline.child = children[deadline.child_id]
            items.append(item_from(deadline, horizon))
    return items


def worklist(user, horizon: Horizon | None = None) -> list[Item]:
    """Everything due on the user's own cases, soonest first (two queries)."""
    return open_items(my_children(user), horizon or Horizon.from_today())


@dataclass
class ChildRow:
    child: Person
    team: object
    since: datetime.date
    items: list[Item] = field(default_factory=list)

    @property
    def next_item(self) -> Item | None:
        return self.items[0] if self.items else None

    @property
    def overdue(self) -> int:
        return sum(item.status == Status.OVERDUE for item in self.items)


@dataclass
class DraftRow:
    draft: Draft

    @property
    def form_name(self) -> str:
        return DRAFT_FORMS.get(self.draft.form, self.draft.form.replace("_", " ").capitalize())

    @property
    def href(self) -> str:
        if self.draft.form == "assessment" and self.draft.object_id:
            return f"/assessments/{self.draft.object_id}/"
        if self.draft.form == "case_note":
            return f"/children/{self.draft.child_id}/notes/new/"
        return f"/children/{self.draft.child_id}/"


@dataclass
class MyWork:
    horizon: Horizon
    children: list[ChildRow]
    items: list[Item]
    drafts: list[DraftRow]

    @property
    def overdue(self) -> list[Item]:
        return [i for i in self.items if i.status == Status.OVERDUE]

    @property
    def due_this_week(self) -> list[Item]:
        return [i for i in self.items if self.horizon.today <= i.due_date <= self.horizon.week_ends]

    @property
    def visits(self) -> list[Item]:
        return [i for i in self.items if i.is_visit]


def my_work(user) -> MyWork:
    """The worker's children, what is due on them and their unfinished drafts: 4 queries."""
    horizon = Horizon.from_today()
    seen = my_children(user, with_drafts=True)
    rows = {a.child_id: ChildRow(a.child, a.team, a.start_date)
            for a in my_allocations(user, seen)}
    items = open_items({pk: row.child for pk, row in rows.items()}, horizon)
    for item in items:
        rows[item.child.pk].items.append(item)
    return MyWork(horizon, list(rows.values()), items, my_drafts(user, seen))


def my_drafts(user, children: dict[int, Person]) -> list[DraftRow]:
    """The user's unfinished forms on these children (ones they can still see)."""
    drafts = Draft.objects.filter(owner=user, child_id__in=list(children)).order_by("-updated_at")
    rows = []
    for draft in drafts:
        draft.child = children[draft.child_id]
        rows.append(DraftRow(draft))
    return rows
