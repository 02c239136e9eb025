"""Child in need and child protection journeys for the demo trust's children, in bulk.

Each chosen child gets one to three CIN episodes over the last three years, walked forward
step by step from the referral: most end after the assessment (RC8, RC9, RC7), some go on
to a child in need plan, about one in ten to a strategy discussion and section 47, and some
of those to a conference and a child protection plan. A step that would fall after today is
not recorded, so the child's latest episode stays open where it stopped: an assessment still
running (some past 45 working days), a plan still open, visits falling overdue. Steps obey
``casework.rules`` (see the tests). Rows are written with ``bulk_create``, keys chosen here;
it is a bulk load, so no actions and no audit entries (``seed_demo`` writes one).
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef

from opencsc.casework.models import (
    Assessment,
    CINPlan,
    CINPlanReview,
    Closure,
    CoreGroup,
    CPPlan,
    CPReview,
    InitialConference,
    Referral,
    Section47,
    StrategyDiscussion,
    Visit,
)
from opencsc.core.working_days import CALENDAR_VERSION, add_working_days, is_working_day

DAY = datetime.timedelta(days=1)
SOURCES = (["2A", "3A", "3B", "3E", "6", "1A", "5A", "5D", "8", "4", "9", "10"],
           [17, 6, 5, 5, 29, 8, 6, 6, 6, 4, 3, 5])
NEEDS = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"],
         [57, 9, 4, 10, 16, 2, 1, 1, 0.5])
FACTORS = ["1B", "2B", "3A", "3B", "4A", "4B", "5B", "6B", "7A", "10A", "11A", "14A", "15A",
           "16A", "17A", "18C", "24A"]
CATEGORIES = (["NEG", "EMO", "PHY", "SAB", "MUL"], [50, 38, 6, 4, 2])
# What happens after the referral: NFA, assessment then close, assessment then CIN plan,
# strategy discussion and section 47.
PATHS = (["nfa", "assessed", "cin_plan", "s47"], [12, 55, 22, 11])
# The share of each team's open cases with CIN episodes, and of closed cases ("").
CHOSEN_BY_TEAM = {"Front Door and MASH": 0.55, "Assessment Team East": 0.85,
                  "Child Protection Team North": 0.95, "Child Protection Team South": 0.95,
                  "Children in Need Team": 0.8, "Children in Care Team": 0.15, "": 0.45}
EPISODES = ([1, 2, 3], [80, 15, 5])
YEARS_BACK = 3 * 365
CLOSED_CASE_DAYS = 900  # children whose case has closed: no episode starts later than this


@dataclass
class Child:
    """What the journeys need to know about a seeded child."""

    pk: int
    born: datetime.date
    team: str
    worker: object
    manager: object
    allocated: datetime.date | None = None  # when the current allocation began


@dataclass
class Journeys:
    """The rows of every child's episodes, with keys chosen here."""

    today: datetime.date
    rows: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    cp_plans: dict = field(default_factory=dict)  # plans so far, by child

    def add(self, model, **values):
        key = self.keys.get(model) or _next_key(model)
        self.keys[model] = key + 1
        row = model(pk=key, **values)
        self.rows.setdefault(model, []).append(row)
        return row

    def write(self) -> dict[str, int]:
        counts = {}
        for model in (Referral, Assessment, CINPlan, CINPlanReview, StrategyDiscussion,
                      Section47, InitialConference, CPPlan, CoreGroup, CPReview, Visit, Closure):
            rows = self.rows.get(model, [])
            model.objects.bulk_create(rows, batch_size=2000)
            counts[model._meta.verbose_name_plural] = len(rows)
        return counts


def _next_key(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def seed(trust, staff, *, seed: int, today: datetime.date) -> dict[str, int]:
    """Write every seeded child's journeys, then compute the open cases' deadlines."""
    from opencsc.casework.deadlines import recompute_open

    from . import care, generator

    with transaction.atomic():
        children = children_to_walk(trust, staff)
        cin = seed_cin(random.Random(f"journeys {seed}"), children, today)
        counts = cin.write()
        in_care = care.seed_care(random.Random(f"care {seed}"), children, today)
        counts.update(in_care.write())
        generator.reset_sequences([*cin.rows, *in_care.rows])
        recompute_open()
        care.recompute_deadlines(in_care.children, today)
    return counts


def seed_cin(rng: random.Random, children: list[Child], today: datetime.date) -> Journeys:
    """Episodes for about 45% of ``children``, walked forward from their referrals."""
    journeys = Journeys(today)
    for child in children:
        if rng.random() >= CHOSEN_BY_TEAM.get(child.team, 0.3):
            continue
        adult = _add_years(child.born, 18)
        # A closed case's episodes began long enough ago that every one of them has closed
        # (the longest path, through a child protection plan, takes under 720 days).
        latest = today if child.team else today - CLOSED_CASE_DAYS * DAY
        back = rng.randint(0 if child.team else CLOSED_CASE_DAYS, YEARS_BACK)
        start = max(child.born, today - back * DAY)
        for _ in range(rng.choices(*EPISODES)[0]):
            if start > min(latest, adult - 30 * DAY):
                break
            closed = Episode(rng, journeys, child, start).walk()
            if closed is None or closed >= adult - 30 * DAY:
                break
            # A few come back within the year (re-referrals), most later.
            gap = rng.randint(20, 330) if rng.random() < 0.4 else rng.randint(366, 900)
            start = closed + gap * DAY
    return journeys


def children_to_walk(trust, staff) -> list[Child]:
    """The seeded children with their current team, worker and team manager, by key."""
    from opencsc.looked_after.models import PeriodOfCare
    from opencsc.people.models import Allocation, Person

    teams = {team.pk: name for name, team in trust.teams.items()}
    current = {a.child_id: a for a in Allocation.objects.filter(end_date__isnull=True)
               .select_related("worker").order_by("child_id", "start_date")}
    # Seeding again adds children: leave those who already have a history alone.
    fresh = (Person.objects.children().exclude(date_of_birth=None)
             .exclude(Exists(Referral.objects.filter(child=OuterRef("pk"))))
             .exclude(Exists(PeriodOfCare.objects.filter(child=OuterRef("pk")))))
    out = []
    for pk, born in fresh.order_by("pk").values_list("pk", "date_of_birth"):
        allocation = current.get(pk)
        team = teams.get(allocation.team_id) if allocation else None
        manager = staff[team].manager if team in staff else staff[next(iter(staff))].manager
        out.append(Child(pk, born, team or "", allocation.worker if allocation else None,
                         manager, allocation.start_date if allocation else None))
    return out


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def next_weekday(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += DAY
    return day


class Episode:
    """One CIN episode walked forward from its referral; stops at today, leaving it open."""

    def __init__(self, rng, journeys: Journeys, child: Child, referral_date: datetime.date):
        self.rng, self.j, self.child, self.today = rng, journeys, child, journeys.today
        self.worker = child.worker or child.manager
        self.referral = journeys.add(
            Referral, child_id=child.pk, referral_date=referral_date,
            source=rng.choices(*SOURCES)[0], next_step=Referral.NextStep.ASSESSMENT,
            primary_need="", recorded_by=self.worker, recorded_at=_at(referral_date))
        self.last = referral_date

    def walk(self) -> datetime.date | None:
        """Record the steps; return the closure date, or None if the episode is open."""
        path = self.rng.choices(*PATHS)[0]
        if path == "nfa":
            return self._nfa()
        if path == "s47":
            self.referral.next_step = Referral.NextStep.STRATEGY
            return self._section47()
        assessment = self._assessment(self.referral.referral_date, "cin_plan"
                                      if path == "cin_plan" else "nfa")
        if assessment is None:
            return None
        if path == "cin_plan":
            if not self._cin_plan(assessment.authorisation_date):
                return None
            return self._close("RC7")
        return self._close(self.rng.choices(["RC8", "RC9", "RC7"], [55, 30, 15])[0])

    def _nfa(self):
        r = self.referral
        r.nfa, r.next_step = True, Referral.NextStep.NFA
        r.closure_date, r.closure_reason = r.referral_date, "RC8"
        return r.closure_date

    def _assessment(self, start, outcome):
        """An assessment from ``start``; None if it is still open today."""
        rng = self.rng
        start = start + rng.randint(0, 4) * DAY
        if start > self.today:
            return None
        need = rng.choices(*NEEDS)[0]
        factors = sorted(rng.sample(FACTORS, rng.choice([1, 1, 2, 2, 3])))
        # About one in eight runs late, past the 45 working days.
        days = rng.randint(50, 110) if rng.random() < 0.12 else rng.randint(8, 44)
        done = add_working_days(start, days)
        seen = start + rng.randint(0, 6) * DAY
        a = self.j.add(
            Assessment, referral=self.referral, start_date=start,
            child_seen_date=seen if seen <= self.today else None,
            child_seen_alone=rng.random() < 0.6, factors=factors, primary_need=need,
            recorded_by=self.worker, recorded_at=_at(start))
        self.referral.primary_need = need
        self._visits(Visit.Kind.ASSESSMENT, start, min(done, self.today), 10)
        if done > self.today:
            return None
        authorised = done + rng.randint(0, 5) * DAY
        if authorised > self.today:
            a.completed_date, a.outcome = done, outcome
            self.last = done
            return None
        a.completed_date, a.outcome = done, outcome
        a.authorised_by, a.authorisation_date = self.child.manager, authorised
        self.last = authorised
        return a

    def _visits(self, kind, start, end, every: int) -> None:
        """Visits about every ``every`` working days; some workers fall behind."""
        rng, day = self.rng, start
        late = rng.random() < 0.2
        while True:
            day = add_working_days(day, rng.randint(every // 2, every + (every if late else 0)))
            if day > end:
                return
            self.j.add(Visit, referral=self.referral, kind=kind, visit_date=day,
                       child_seen=rng.random() < 0.92, child_seen_alone=rng.random() < 0.5,
                       recorded_by=self.worker, recorded_at=_at(day))
            self.last = max(self.last, day)

    def _cin_plan(self, start) -> bool:
        """A child in need plan; False if it is still open today."""
        rng = self.rng
        start = start + rng.randint(1, 15) * DAY
        if start > self.today:
            return False
        end = start + rng.randint(90, 500) * DAY
        plan = self.j.add(CINPlan, referral=self.referral, start_date=start,
                          recorded_by=self.worker, recorded_at=_at(start))
        review = start + rng.randint(60, 92) * DAY
        while review < min(end, self.today):
            self.j.add(CINPlanReview, plan=plan, review_date=review, recorded_by=self.worker,
                       recorded_at=_at(review))
            review += rng.randint(70, 100 if rng.random() < 0.8 else 130) * DAY
        self._visits(Visit.Kind.CIN, start, min(end, self.today), 20)
        if end > self.today:
            return False
        plan.end_date = end
        self.last = max(self.last, end)
        return True

    def _section47(self):
        rng, r = self.rng, self.referral
        day = next_weekday(r.referral_date + rng.randint(0, 2) * DAY)
        if day > self.today:
            return None
        discussion = self.j.add(StrategyDiscussion, referral=r, discussion_date=day,
                                decision=StrategyDiscussion.Decision.SECTION_47,
                                recorded_by=self.worker, recorded_at=_at(day))
        self.last = day
        assessment = self._assessment(day, "strategy")
        conference = rng.random() < 0.55
        s47 = self.j.add(Section47, referral=r, strategy=discussion, start_date=day,
                         recorded_by=self.worker, recorded_at=_at(day))
        if not conference:
            end = day + rng.randint(5, 30) * DAY
            if end > self.today or assessment is None:
                return None
            s47.end_date, s47.icpc_not_required = end, True
            s47.outcome = rng.choice([Section47.Outcome.NOT_SUBSTANTIATED, Section47.Outcome.NFA])
            self.last = max(self.last, end)
            # Not RC8 or RC9: those mean nothing happened after the assessment (CIN rule 2990).
            return self._close("RC7")
        return self._conference(s47, assessment)

    def _conference(self, s47, assessment):
        rng, r = self.rng, self.referral
        target = add_working_days(s47.start_date, 15)
        # About a quarter of conferences are held late.
        held = add_working_days(s47.start_date, rng.randint(8, 15) if rng.random() < 0.75
                                else rng.randint(16, 30))
        if held > self.today:
            return None
        plan = rng.random() < 0.85
        decision = InitialConference.Decision
        s47.outcome, s47.end_date = Section47.Outcome.ICPC, held
        conference = self.j.add(
            InitialConference, referral=r, section47=s47, target_date=target,
            calendar_version=CALENDAR_VERSION, conference_date=held,
            decision=decision.PLAN if plan else decision.NO_PLAN,
            recorded_by=self.worker, recorded_at=_at(held))
        self.last = max(self.last, held)
        if not plan:
            return None if assessment is None else self._close("RC7")
        if not self._cp_plan(conference):
            return None
        return None if assessment is None else self._close("RC7")

    def _cp_plan(self, conference) -> bool:
        """A child protection plan from the conference; False if still open today."""
        rng, start = self.rng, conference.conference_date
        category = rng.choices(*CATEGORIES)[0]
        end = start + rng.randint(100, 620) * DAY
        plan = self.j.add(CPPlan, referral=self.referral, conference=conference,
                          start_date=start, initial_category=category, latest_category=category,
                          previous_plans=self.j.cp_plans.get(self.child.pk, 0),
                          recorded_by=self.worker, recorded_at=_at(start))
        self.j.cp_plans[self.child.pk] = plan.previous_plans + 1
        group = add_working_days(start, rng.randint(5, 10))
        while group < min(end, self.today):
            self.j.add(CoreGroup, plan=plan, meeting_date=group, recorded_by=self.worker,
                       recorded_at=_at(group))
            group = add_working_days(group, rng.randint(25, 35))
        review = next_weekday(start + rng.randint(60, 90) * DAY)
        while review < min(end, self.today):
            self.j.add(CPReview, plan=plan, review_date=review,
                       decision=CPReview.Decision.CONTINUE, recorded_by=self.worker,
                       recorded_at=_at(review))
            review = next_weekday(review + rng.randint(150, 182) * DAY)
        self._visits(Visit.Kind.CP, start, min(end, self.today), 10)
        if end > self.today:
            return False
        plan.end_date, plan.end_reason = end, CPPlan.EndReason.NO_LONGER_AT_RISK
        self.last = max(self.last, end)
        return True

    def _close(self, reason):
        day = self.last + self.rng.randint(1, 20) * DAY
        if day > self.today:
            return None
        r = self.referral
        r.closure_date, r.closure_reason = day, reason
        self.j.add(Closure, referral=r, closure_date=day, reason=reason,
                   summary="Closed after the work on this episode finished.",
                   requested_by=self.worker, requested_at=_at(day),
                   decided_by=self.child.manager, decided_at=_at(day), approved=True)
        return day


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
