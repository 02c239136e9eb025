"""Child in need and child protection journeys for the demo trust's children, in bulk.

Each chosen child gets one to three CIN episodes over the last three years, walked forward
step by step from the referral: most end after the assessment (RC8, RC9, RC7), some go on
to a child in need plan, about one in ten to a strategy discussion and section 47, and some
of those to a conference and a child protection plan. Steps obey ``casework.rules`` (see
the tests). Rows are written with ``bulk_create``, keys chosen here; it is a bulk load, so
no actions and no audit entries (``seed_demo`` writes one).

What the record says of a case agrees with what the actions would have made of it:

- a child in need or child protection case still open (a current allocation in one of
  ``generator.EPISODE_TEAMS``) is one open episode, referred the day the case's first
  allocation began and walked to today by the team's kind of work: an assessment running
  (some past 45 working days), a child in need plan, a child protection plan, with visits
  and reviews falling overdue here and there;
- every other episode has closed, and the allocation it had ran from its referral to its
  closure, as ``casework.actions.decide_closure`` ends it; earlier episodes of an open
  case closed before it began;
- children in care and care leavers (``care.py``) may also have had episodes, held by
  their care allocations.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Min, OuterRef

from opencsc.casework.models import (
    Assessment,
    CINPlan,
    CINPlanReview,
    Closure,
    Contact,
    CoreGroup,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)
from opencsc.people.models import Allocation

from .episode import DAY, FRONT_DOOR, Episode
from .rows import write_instances

CHOSEN_BY_TEAM = {"Children in Care Team": 0.15, "Care Leavers Team": 0.15, "": 0.45}
EPISODES = ([1, 2, 3], [80, 15, 5])
YEARS_BACK = 3 * 365
# The work an open case's episode is doing, by the team holding it.
OPEN_PATHS = {"Front Door and MASH": (["assessed"], [1]),
              "Assessment Team East": (["assessed", "cin_plan"], [75, 25]),
              "Child Protection Team North": (["s47"], [1]),
              "Child Protection Team South": (["s47"], [1]),
              "Children in Need Team": (["cin_plan"], [1])}
GAP_BEFORE_CASE = 20 * DAY  # an earlier episode closed at least this long before the case


@dataclass
class Child:
    """What the journeys need to know about a seeded child."""

    pk: int
    born: datetime.date
    team: str
    worker: object
    manager: object
    allocated: datetime.date | None = None  # when the current allocation began
    case_start: datetime.date | None = None  # when the open case's first allocation began
    former: str = ""  # a closed case's last team, when its allocations were seeded
    closed_on: datetime.date | None = None  # and the day that allocation ended


@dataclass
class Journeys:
    """The rows of every child's episodes, with keys chosen here."""

    today: datetime.date
    holders: dict = field(default_factory=dict)  # team name: (team id, its workers)
    rows: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    cp_plans: dict = field(default_factory=dict)  # plans so far, by child

    def add(self, model, **values):
        key = self.keys.get(model) or _next_key(model)
        self.keys[model] = key + 1
        row = model(pk=key, **values)
        self.rows.setdefault(model, []).append(row)
        return row

    def mark(self, child: int) -> tuple:
        """Where the rows stand before walking an episode of ``child``'s."""
        return ({m: len(r) for m, r in self.rows.items()}, dict(self.keys), child,
                self.cp_plans.get(child))

    def undo(self, mark: tuple) -> None:
        """Forget every row added since ``mark``: an episode that would not fit."""
        lengths, keys, child, plans = mark
        self.keys = dict(keys)
        for model, rows in self.rows.items():
            del rows[lengths.get(model, 0):]
        if plans is None:
            self.cp_plans.pop(child, None)
        else:
            self.cp_plans[child] = plans

    def write(self) -> dict[str, int]:
        counts = {}
        for model in (Referral, Assessment, CINPlan, CINPlanReview, StrategyDiscussion,
                      Section47, InitialConference, CPPlan, CoreGroup, CPReview, Visit, Closure,
                      Allocation):
            rows = self.rows.get(model, [])
            write_instances(model, rows)
            counts[model._meta.verbose_name_plural] = len(rows)
        return counts


def _next_key(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def seed(trust, staff, *, seed: int, today: datetime.date) -> dict[str, int]:
    """Write every seeded child's journeys, then compute the open cases' deadlines."""
    from opencsc.casework.deadlines import recompute_open

    from . import care, cases, contacts, generator

    with transaction.atomic():
        children = children_to_walk(trust, staff)
        cin = seed_cin(random.Random(f"journeys {seed}"), children, today,
                       holders(trust, staff))
        front_door = contacts.seed_contacts(random.Random(f"contacts {seed}"), cin, children,
                                            staff[FRONT_DOOR])
        front_door.flush()
        counts = {"contacts": front_door.tables[Contact].written, **cin.write()}
        in_care = care.seed_care(random.Random(f"care {seed}"), children, today)
        counts.update(in_care.write())
        counts["cases closed after care"] = cases.end_unheld([c.pk for c in children], today)
        generator.reset_sequences([*cin.rows, *in_care.rows, *front_door.tables])
        recompute_open()
        care.recompute_deadlines(in_care.children, today)
    return counts


def holders(trust, staff) -> dict[str, tuple[int, list[int]]]:
    """Each team's key and its social workers' keys, to allocate closed episodes."""
    return {name: (trust.teams[name].pk, [w.pk for w in team.workers])
            for name, team in staff.items()}


def seed_cin(rng: random.Random, children: list[Child], today: datetime.date,
             teams: dict | None = None) -> Journeys:
    """Every open case's episode, and earlier or closed cases' episodes for about 45% of
    the other children, walked forward from their referrals."""
    journeys = Journeys(today, teams or {})
    for child in children:
        if child.team in OPEN_PATHS:
            _open_case(rng, journeys, child)
        elif child.team:  # looked after or a care leaver: held by their care allocation
            if rng.random() < CHOSEN_BY_TEAM.get(child.team, 0.3):
                _episodes_from(rng, journeys, child, today - rng.randint(0, YEARS_BACK) * DAY)
        elif not child.former and rng.random() < CHOSEN_BY_TEAM[""]:
            _closed_episodes(rng, journeys, child, today - rng.randint(30, YEARS_BACK) * DAY,
                             today, rng.choices(*EPISODES)[0])
    return journeys


def _episodes_from(rng, journeys: Journeys, child: Child, start: datetime.date) -> None:
    """One to three episodes, the last left open wherever today finds it."""
    adult = _add_years(child.born, 18)
    start = max(child.born, start)
    for _ in range(rng.choices(*EPISODES)[0]):
        if start > min(journeys.today, adult - 30 * DAY):
            break
        closed = Episode(rng, journeys, child, start).walk()
        if closed is None or closed >= adult - 30 * DAY:
            break
        start = closed + _gap(rng)


def _gap(rng) -> datetime.timedelta:
    """A few come back within the year (re-referrals), most later."""
    return (rng.randint(20, 330) if rng.random() < 0.4 else rng.randint(366, 900)) * DAY


def _closed_episodes(rng, journeys: Journeys, child: Child, start, until, count: int):
    """Up to ``count`` episodes from ``start``, each closed before ``until`` and held by a
    worker from referral to closure; an episode that would still be open is not kept."""
    adult = _add_years(child.born, 18)
    start = max(child.born, start)
    for _ in range(count):
        if start >= min(until, adult - 30 * DAY):
            return
        mark = journeys.mark(child.pk)
        episode = Episode(rng, journeys, child, start, until=until)
        closed = episode.walk()
        if closed is None or closed >= adult - 30 * DAY:
            journeys.undo(mark)
            return
        episode.allocate(closed)
        start = closed + _gap(rng)


def _open_case(rng, journeys: Journeys, child: Child) -> None:
    """Earlier closed episodes, if any, then the case's own, open today."""
    start = max(child.born, child.case_start or child.allocated or journeys.today)
    earlier = rng.choices(*EPISODES)[0] - 1
    if earlier:
        _closed_episodes(rng, journeys, child, start - rng.randint(150, YEARS_BACK) * DAY,
                         start - GAP_BEFORE_CASE, earlier)
    path = rng.choices(*OPEN_PATHS[child.team])[0]
    Episode(rng, journeys, child, start, keep_open=True).walk(path)


def children_to_walk(trust, staff) -> list[Child]:
    """The seeded children with their current team, worker and team manager, by key."""
    from opencsc.looked_after.models import PeriodOfCare
    from opencsc.people.models import Person

    teams = {team.pk: name for name, team in trust.teams.items()}
    current = {a.child_id: a for a in Allocation.objects.filter(end_date__isnull=True)
               .select_related("worker").order_by("child_id", "start_date")}
    first = dict(Allocation.objects.values_list("child_id").annotate(Min("start_date"))
                 .order_by())
    ended = {a.child_id: a for a in Allocation.objects.filter(end_date__isnull=False)
             .select_related("worker").order_by("child_id", "end_date")}
    # Seeding again adds children: leave those who already have a history alone.
    fresh = (Person.objects.children().exclude(date_of_birth=None)
             .exclude(Exists(Referral.objects.filter(child=OuterRef("pk"))))
             .exclude(Exists(PeriodOfCare.objects.filter(child=OuterRef("pk")))))
    out = []
    for pk, born in fresh.order_by("pk").values_list("pk", "date_of_birth"):
        allocation = current.get(pk)
        team = teams.get(allocation.team_id) if allocation else None
        manager = staff[team].manager if team in staff else staff[next(iter(staff))].manager
        child = Child(pk, born, team or "", allocation.worker if allocation else None,
                      manager, allocation.start_date if allocation else None, first.get(pk))
        if allocation is None and pk in ended:  # a closed care case (generator.py)
            last = ended[pk]
            child.former, child.worker = teams.get(last.team_id, ""), last.worker
            child.allocated, child.closed_on = last.start_date, last.end_date
        out.append(child)
    return out


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
