"""Open episodes with their histories, written in bulk for the worklist benchmark.

Used only when ``seed_demo`` has not written journeys itself. Every child with a current
allocation in a team below gets an open episode with that team's share: the assessment
teams' children are being assessed, most of the child protection teams' children are on a
plan (a few waiting for their conference), most of the children in need team's children on
a child in need plan. Some are late: visits missed, conferences and core groups overdue,
assessments awaiting a manager. About a quarter also have an older, closed episode.
Deadlines are not written here: the benchmark computes them with ``recompute_open``.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from opencsc.casework import models as cw
from opencsc.core.roles import Role
from opencsc.organisations.models import StaffMember
from opencsc.people.models import Allocation
from opencsc.worklists.queries import current_allocation

CATEGORIES = ["NEG", "NEG", "NEG", "EMO", "EMO", "PHY", "SAB"]
SOURCES = ["1A", "2A", "2B", "3A", "3E", "5A", "5B", "5C", "6"]
NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N8", "N9"]


@dataclass
class Batch:
    """Unsaved rows by model, written parents first."""

    rows: dict = field(default_factory=lambda: {m: [] for m in ORDER})

    def add(self, model, **values):
        obj = model(**values)
        self.rows[model].append(obj)
        return obj

    def write(self) -> None:
        # bulk_create takes each parent's key from the parent object saved just before.
        for model in ORDER:
            model.objects.bulk_create(self.rows[model], batch_size=2000)


ORDER = [cw.Referral, cw.Assessment, cw.StrategyDiscussion, cw.Section47, cw.InitialConference,
         cw.CPPlan, cw.CoreGroup, cw.CPReview, cw.CINPlan, cw.CINPlanReview, cw.Visit,
         cw.Closure]


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


class Stories:
    def __init__(self, rng: random.Random, today: datetime.date, batch: Batch):
        self.rng, self.today, self.batch = rng, today, batch

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, high))

    def referral(self, child_id, by, start, **extra):
        return self.batch.add(cw.Referral, child_id=child_id, recorded_by_id=by,
                              referral_date=start, source=self.rng.choice(SOURCES),
                              next_step=cw.Referral.NextStep.ASSESSMENT, **extra)

    def assessment(self, referral, by, manager, *, done: bool, authorised: bool):
        start = referral.referral_date + self.days(0, 3)
        completed = min(start + self.days(10, 40), self.today) if done else None
        signed = completed and authorised and min(completed + self.days(0, 4), self.today)
        return self.batch.add(
            cw.Assessment, referral=referral, recorded_by_id=by, start_date=min(start, self.today),
            child_seen_date=min(start + self.days(0, 5), self.today), primary_need=(
                self.rng.choice(NEEDS) if done else ""), completed_date=completed,
            authorisation_date=signed or None, authorised_by_id=manager if signed else None,
            outcome=cw.Assessment.Outcome.CIN_PLAN if done else "")

    def assessing(self, child_id, by, manager):
        referral = self.referral(child_id, by, self.today - self.days(2, 80))
        if self.rng.random() < 0.85:
            done = self.rng.random() < 0.4
            authorised = done and self.rng.random() < 0.5
            self.assessment(referral, by, manager, done=done, authorised=authorised)
            if authorised and self.rng.random() < 0.3:
                self.batch.add(cw.Closure, referral=referral, closure_date=self.today,
                               reason="RC8", summary="Needs met by universal services",
                               requested_by_id=by)

    def enquiry(self, child_id, by, manager, *, start=None, assessed=False):
        referral = self.referral(child_id, by, start or self.today - self.days(3, 30))
        done = assessed or self.rng.random() < 0.3  # some waiting for the manager
        self.assessment(referral, by, manager, done=done, authorised=assessed)
        day = min(referral.referral_date + self.days(0, 2), self.today)
        strategy = self.batch.add(cw.StrategyDiscussion, referral=referral, recorded_by_id=by,
                                  discussion_date=day,
                                  decision=cw.StrategyDiscussion.Decision.SECTION_47)
        s47 = self.batch.add(cw.Section47, referral=referral, strategy=strategy,
                             recorded_by_id=by, start_date=day)
        return referral, strategy, s47

    def cp_plan(self, child_id, by, manager):
        referral, strategy, s47 = self.enquiry(child_id, by, manager,
                                               start=self.today - self.days(40, 700),
                                               assessed=True)
        held = _weekday(strategy.discussion_date + self.days(10, 20))
        s47.end_date, s47.outcome = held, cw.Section47.Outcome.ICPC
        conference = self.batch.add(
            cw.InitialConference, referral=referral, section47=s47, recorded_by_id=manager,
            target_date=held, calendar_version="benchmark", conference_date=held,
            decision=cw.InitialConference.Decision.PLAN)
        category = self.rng.choice(CATEGORIES)
        plan = self.batch.add(cw.CPPlan, referral=referral, conference=conference,
                              recorded_by_id=manager, start_date=held, initial_category=category,
                              latest_category=category)
        if self.rng.random() < 0.92 and held + self.days(5, 14) <= self.today:
            self.batch.add(cw.CoreGroup, plan=plan, recorded_by_id=by,
                           meeting_date=held + self.days(5, 14))
        review, gap = held + datetime.timedelta(days=85), 0
        while review + datetime.timedelta(days=gap) <= self.today and self.rng.random() < 0.97:
            review += datetime.timedelta(days=gap)
            self.batch.add(cw.CPReview, plan=plan, recorded_by_id=manager, review_date=review,
                           decision=cw.CPReview.Decision.CONTINUE)
            gap = 175
        self.visits(referral, by, "cp", held, every=10, late=18)

    def cin_plan(self, child_id, by, manager):
        referral = self.referral(child_id, by, self.today - self.days(60, 500))
        assessment = self.assessment(referral, by, manager, done=True, authorised=True)
        start = min(assessment.authorisation_date + self.days(1, 10), self.today)
        plan = self.batch.add(cw.CINPlan, referral=referral, recorded_by_id=by, start_date=start)
        review = start + datetime.timedelta(days=85)
        while review <= self.today and self.rng.random() < 0.93:
            self.batch.add(cw.CINPlanReview, plan=plan, recorded_by_id=by, review_date=review)
            review += datetime.timedelta(days=90)
        self.visits(referral, by, "cin", start, every=20, late=35)
        if self.rng.random() < 0.06:  # the worker has asked to close; the manager has not
            self.batch.add(cw.Closure, referral=referral, closure_date=self.today,
                           reason="RC8", summary="Plan achieved; family supported by school",
                           requested_by_id=by)

    def visits(self, referral, by, kind, since, *, every: int, late: int):
        day = self.today - self.days(0, late)
        for _ in range(4):
            if day < since:
                break
            self.batch.add(cw.Visit, referral=referral, recorded_by_id=by, kind=kind,
                           visit_date=day, child_seen=True,
                           child_seen_alone=self.rng.random() < 0.6)
            day -= datetime.timedelta(days=every)

    def closed_before(self, child_id, by, manager):
        start = self.today - self.days(800, 1500)
        closed = start + self.days(30, 60)
        referral = self.referral(child_id, by, start, closure_date=closed, closure_reason="RC8",
                                 primary_need=self.rng.choice(NEEDS))
        self.assessment(referral, by, manager, done=True, authorised=True)
        self.batch.add(cw.Closure, referral=referral, closure_date=closed, reason="RC8",
                       summary="Needs met", requested_by_id=by, decided_by_id=manager,
                       approved=True)


def _managers() -> dict[int, int]:
    rows = StaffMember.objects.filter(role=Role.TEAM_MANAGER).values_list("teams", "user_id")
    return {team: user for team, user in rows if team}


def _story(stories: Stories, team: str, rng: random.Random):
    roll = rng.random()
    if team.startswith("Child Protection"):
        return stories.cp_plan if roll < 0.7 else stories.enquiry if roll < 0.85 \
            else stories.cin_plan
    if team == "Children in Need Team":
        return stories.cin_plan if roll < 0.8 else stories.assessing
    return stories.assessing


@transaction.atomic
def write(open_share: dict[str, float], rng: random.Random, today=None) -> int:
    """Give children in these teams open episodes, each team's share of them; returns how many."""
    today = today or timezone.localdate()
    batch = Batch()
    stories = Stories(rng, today, batch)
    managers = _managers()
    held = (Allocation.objects.filter(current_allocation(), team__name__in=open_share)
            .values_list("child_id", "team_id", "team__name", "worker_id", "worker__username")
            .order_by("child_id"))
    written = 0
    for child_id, team_id, team, worker_id, username in held:
        if username != "social.worker" and rng.random() >= open_share[team]:
            continue
        manager = managers.get(team_id)
        by = worker_id or manager
        if rng.random() < 0.25:
            stories.closed_before(child_id, by, manager)
        _story(stories, team, rng)(child_id, by, manager)
        written += 1
    batch.write()
    return written
