"""Synthetic children for the demo trust, written in bulk.

Children come in households: brothers and sisters who share a mother and often a father
or step-parent, sometimes a grandparent or other carer, an address history, a GP and
schools, and one team (usually one worker) holding all their cases. Everything is drawn
from one ``random.Random(seed)``, so a seed always makes the same population on a given
day. Rows are built in memory and written with ``bulk_create`` in batches, with primary
keys chosen here, so a hundred thousand children take a minute or two, not hours.

Seeding is a bulk load by the system, not thousands of actions by a user: it writes one
audit entry for the whole load (see ``seed``).
"""

import datetime
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.people.models import (
    AgencyShare,
    Allocation,
    Person,
    RestrictedAccess,
)

from .family import Household, HouseholdMaker
from .places import Identifiers
from .rows import ORDER, Rows
from .trust import TeamStaff, Trust, hire_social_worker

BATCH_CHILDREN = 2500

# Share of households by the team that holds them (care leavers and children who
# arrived alone are separate household kinds, see family.py).
TEAM_WEIGHTS = {
    "Front Door and MASH": 8,
    "Assessment Team East": 21,
    "Child Protection Team North": 6,
    "Child Protection Team South": 8,
    "Children in Need Team": 37,
    "Children in Care Team": 18,
}
# Most children on record are closed cases: of each team's households, the share whose
# case has closed. An open case is open to the service: a child in need or child
# protection case has an open episode (journeys.py), a child in the care team is looked
# after, a care leaver has a personal adviser (care.py). A closed care case is a child
# who went home, the team keeping them a while after.
CLOSED_SHARE = {
    "Front Door and MASH": 0.85,
    "Assessment Team East": 0.86,
    "Child Protection Team North": 0.7,  # the persona social worker's team
    "Child Protection Team South": 0.9,
    "Children in Need Team": 0.83,
    "Children in Care Team": 0.6,
}
# Teams whose cases are child in need episodes. A closed case's allocations are its
# episodes' own, from referral to closure, so journeys.py writes them, not this module.
EPISODE_TEAMS = {"Front Door and MASH", "Assessment Team East", "Child Protection Team North",
                 "Child Protection Team South", "Children in Need Team"}
# Open cases a social worker holds: England's average was 16.0 in 2023 (CSWW census, a
# case being a child allocated to a named worker; reference.md section 5). A team gives
# new cases to its fullest worker with room, each taking up to their own number in this
# range, and hires another when all are full.
SOCIAL_WORKER_CASELOAD = (14, 22)
UNALLOCATED = {"Front Door and MASH": 0.5, "Children in Care Team": 0.0}
PERSONA_CASELOAD = (16, 22)  # social.worker's: the demo's own caseload, never empty
RESTRICT_EVERY = 50  # one child in fifty in the persona team manager's team
SHARE_EVERY = 100  # one household in a hundred is shared with the police


@dataclass
class SeedSummary:
    children: int
    households: int
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def seed(trust: Trust, staff: dict[str, TeamStaff], *, children: int, seed: int,
         today: datetime.date | None = None,
         progress: Callable[[int], None] | None = None) -> SeedSummary:
    """Write ``children`` synthetic children and the people in their lives, in one
    transaction with a single audit entry saying what was loaded."""
    started = time.perf_counter()
    with transaction.atomic():
        population = Population(trust, staff, random.Random(seed),
                                today or timezone.localdate(), children)
        summary = population.write(progress)
        audit.record(
            SimpleNamespace(pk=None, username="opencsc seed_demo"), AuditAction.CONFIGURE,
            object_type="demo.trust", object_id=str(trust.trust.pk),
            reason=f"Seeded the demo trust with {summary.children} synthetic children "
                   f"(seed {seed})",
            changes={"children": [None, summary.children], "seed": [None, seed]},
        )
    _reset_sequences()
    _analyse()
    summary.seconds = time.perf_counter() - started
    return summary


def reset_sequences(models) -> None:
    """After writing ``models``' rows with chosen keys: move the database's sequences on."""
    _reset_sequences(models)


def _reset_sequences(models=ORDER) -> None:
    """Rows were written with chosen keys, so PostgreSQL's sequences must catch up."""
    sql = connection.ops.sequence_reset_sql(no_style(), list(models))
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def _analyse() -> None:
    """Refresh the planner's statistics after a bulk load, as a DBA would."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for model in ORDER:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA optimize")


class Population:
    """The children still to write, and who holds their cases."""

    def __init__(self, trust: Trust, staff: dict[str, TeamStaff], rng: random.Random,
                 today: datetime.date, children: int):
        self.trust, self.staff, self.rng, self.today = trust, staff, rng, today
        self.wanted = children
        self.rows = Rows()
        taken = Person.objects.exclude(nhs_number="", upn="")
        identifiers = Identifiers(rng, taken.values_list("nhs_number", flat=True),
                                  taken.values_list("upn", flat=True))
        self.maker = HouseholdMaker(rng, today, self.rows, trust.council, identifiers)
        self.teams = list(TEAM_WEIGHTS)
        self.team_weights = list(TEAM_WEIGHTS.values())
        self.caseload = rng.randint(*PERSONA_CASELOAD)
        self.counts = {"children": 0, "households": 0, "social.worker": 0, "north": 0}
        self.held = Counter(dict(
            Allocation.objects.filter(end_date__isnull=True, worker__isnull=False)
            .values_list("worker_id").annotate(n=Count("pk")).order_by()))
        self.counts["social.worker"] = self.held[trust.personas["social.worker"].pk]
        self.rooms: dict[str, list] = {}
        self.caseloads: dict[int, int] = {}
        self.written = 0

    def write(self, progress) -> SeedSummary:
        while self.counts["children"] < self.wanted:
            self._household(self.wanted - self.counts["children"])
            if self.rows.children >= BATCH_CHILDREN:
                self._flush(progress)
        self._flush(progress)
        return SeedSummary(self.counts["children"], self.counts["households"],
                           self.rows.written)

    def _flush(self, progress) -> None:
        self.written += self.rows.children
        self.rows.flush()
        if progress:
            progress(self.written)

    def _household(self, room: int) -> None:
        household = self.maker.household(room, self._team())
        self.counts["households"] += 1
        self.counts["children"] += len(household.children)
        closed = self._close(household)
        worker = self._earlier_worker(household.team) if closed else self._worker(household)
        if not (closed and household.team in EPISODE_TEAMS):
            for child in household.children:
                self._allocate(household, child, worker)
        self._restrict(household, worker)
        if self.counts["households"] % SHARE_EVERY == 5:
            self._share(household, worker)
        self.maker.finish(household)

    def _team(self) -> str:
        return self.rng.choices(self.teams, self.team_weights)[0]

    def _close(self, household: Household) -> bool:
        """Whether the household's case has closed; if so, end its current allocation on a
        day between its start and today."""
        team, start, _, reason = household.history[-1]
        if self.rng.random() >= CLOSED_SHARE.get(team, 0.0):
            return False
        if team == "Child Protection Team North" and not self.counts["social.worker"]:
            return False  # the persona's caseload is never empty
        end = start + datetime.timedelta(days=self.rng.randint(0, (self.today - start).days))
        household.history[-1] = (team, start, end, reason)
        return True

    def _worker(self, household: Household):
        """The named worker for a sibling group's open case, or None when held by the team
        only. Workers take cases up to their caseload; a team whose workers are all full
        hires another."""
        team = self.staff[household.team]
        # A child looked after always has a named social worker (SSDA903 rule SW12STG2).
        unallocated = UNALLOCATED.get(household.team, 0.04)
        if self.rng.random() < unallocated:
            return None
        size = len([c for c in household.children if c.date_of_birth])
        persona = self.trust.personas["social.worker"]
        if household.team == "Child Protection Team North":
            if self.counts["social.worker"] + size <= self.caseload:
                self.counts["social.worker"] += size
                self.held[persona.pk] += size
                return persona
        room = self._room(household.team)
        fits = [w for w in room if self.held[w.pk] + size <= self.caseloads[w.pk]]
        worker = max(fits, key=lambda w: self.held[w.pk]) if fits else hire_social_worker(
            self.trust, household.team, team)
        if not fits:
            self.caseloads[worker.pk] = _caseload(worker)
            room.append(worker)
        self.held[worker.pk] += size
        if self.held[worker.pk] >= self.caseloads[worker.pk]:
            room.remove(worker)
        return worker

    def _room(self, team: str) -> list:
        """The team's workers (not the persona) who can take more cases, kept as they fill
        so that a team of hundreds is not walked for every household."""
        if team not in self.rooms:
            persona = self.trust.personas["social.worker"]
            workers = [w for w in self.staff[team].workers if w != persona]
            self.caseloads.update({w.pk: _caseload(w) for w in workers})
            self.rooms[team] = [w for w in workers if self.held[w.pk] < self.caseloads[w.pk]]
        return self.rooms[team]

    def _allocate(self, household: Household, child: Person, worker) -> None:
        """The child's earlier allocations, then the current one (ended if closed). An
        unborn child has none: they have no episode of their own yet."""
        born = child.date_of_birth
        if born is None:
            return
        segments = household.history
        for (team, start, end, reason), earlier in zip(segments, segments[1:] + [None],
                                                       strict=True):
            if end is not None and end < born:
                continue
            current = earlier is None
            holder = worker if current else self._earlier_worker(team)
            self.rows.add(
                Allocation, child_id=child.pk, team_id=self.trust.teams[team].pk,
                worker_id=holder.pk if holder else None, start_date=max(start, born),
                end_date=end, reason=reason,
            )

    def _earlier_worker(self, team: str):
        if team == "Front Door and MASH" and self.rng.random() < 0.6:
            return None
        return self.rng.choice(self.staff[team].workers)

    def _restrict(self, household: Household, worker) -> None:
        if household.team != "Child Protection Team North":
            return
        manager = self.trust.personas["team.manager"]
        for child in household.children:
            self.counts["north"] += 1
            if self.counts["north"] % RESTRICT_EVERY != 2:
                continue
            child.restriction = self.rng.choice(
                [Person.Restriction.STAFF_RELATIVE, Person.Restriction.HIGH_PROFILE])
            for user in sorted({manager, worker} - {None}, key=lambda u: u.pk):
                self.rows.add(RestrictedAccess, child_id=child.pk, user_id=user.pk,
                              granted_by_id=manager.pk, granted_at=household.created_at)

    def _share(self, household: Household, worker) -> None:
        shared_by = worker or self.staff[household.team].manager
        start = self.today - datetime.timedelta(days=self.rng.randint(1, 200))
        for child in household.children:
            if child.restriction:
                continue
            self.rows.add(
                AgencyShare, child_id=child.pk, agency_id=self.trust.police.pk,
                shared_by_id=shared_by.pk, start_date=start,
                purpose="Joint enquiry with the police under section 47",
                legal_basis="Children Act 1989 s47; Data Protection Act 2018 Sch 1 para 18",
            )


def _caseload(worker) -> int:
    """The most open cases a worker takes: their own, the same whatever the seed."""
    return random.Random(f"caseload {worker.username}").randint(*SOCIAL_WORKER_CASELOAD)
