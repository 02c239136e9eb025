"""One CIN episode walked forward from its referral, step by step, for the demo's journeys
(``journeys.py`` decides whose and when). A step that would fall after the walk's horizon
is not recorded, so an episode stops where the horizon finds it; an open case's episode
is kept open (its plans run on past today and it is not closed)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

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
from opencsc.people.models import Allocation

if TYPE_CHECKING:
    from .journeys import Child, Journeys

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
PATHS = (["nfa", "assessed", "cin_plan", "s47"], [12, 56, 23, 9])
# The share of each team's open cases with CIN episodes, and of closed cases ("").
FRONT_DOOR = "Front Door and MASH"
# Who held a closed episode: the team its work ended in.
HELD_BY = {"nfa": FRONT_DOOR, "assessed": "Assessment Team East",
           "cin_plan": "Children in Need Team", "s47": "Child Protection Team South"}

def next_weekday(day: datetime.date) -> datetime.date:
    while not is_working_day(day):
        day += DAY
    return day


class Episode:
    """One CIN episode walked forward from its referral; stops at today, leaving it open."""

    def __init__(self, rng, journeys: Journeys, child: Child, referral_date: datetime.date, *,
                 until: datetime.date | None = None, keep_open: bool = False):
        """Steps after ``until`` (today unless given) are not recorded. ``keep_open``: an
        open case's episode, whose plans run on past today and which is not closed."""
        self.rng, self.j, self.child = rng, journeys, child
        self.today, self.keep_open = until or journeys.today, keep_open
        self.worker = child.worker or child.manager
        self.path = ""
        self.referral = journeys.add(
            Referral, child_id=child.pk, referral_date=referral_date,
            source=rng.choices(*SOURCES)[0], next_step=Referral.NextStep.ASSESSMENT,
            # An open episode carries its primary need from the start: the census asks it
            # of every referral that led to further action (CIN rule 8610).
            primary_need=rng.choices(*NEEDS)[0] if keep_open else "",
            recorded_by=self.worker, recorded_at=_at(referral_date))
        self.last = referral_date

    def walk(self, path: str = "") -> datetime.date | None:
        """Record the steps; return the closure date, or None if the episode is open."""
        path = self.path = path or self.rng.choices(*PATHS)[0]
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
        need = self.referral.primary_need or rng.choices(*NEEDS)[0]
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
        end = self._plan_end(start, 90, 500)
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
        conference = self.keep_open or rng.random() < 0.55
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
        plan = self.keep_open or rng.random() < 0.85
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
        end = self._plan_end(start, 100, 620)
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

    def _plan_end(self, start, shortest: int, longest: int) -> datetime.date:
        end = start + self.rng.randint(shortest, longest) * DAY
        if self.keep_open and end <= self.j.today:
            end = self.j.today + self.rng.randint(1, 200) * DAY
        return end

    def _close(self, reason):
        day = self.last + self.rng.randint(1, 20) * DAY
        if day > self.today or self.keep_open:
            return None
        r = self.referral
        r.closure_date, r.closure_reason = day, reason
        self.j.add(Closure, referral=r, closure_date=day, reason=reason,
                   summary="Closed after the work on this episode finished.",
                   requested_by=self.worker, requested_at=_at(day),
                   decided_by=self.child.manager, decided_at=_at(day), approved=True)
        return day


    def allocate(self, closed: datetime.date) -> None:
        """The closed episode's allocation, from referral to closure: no one holds a case
        once its episode has closed (``casework.actions.decide_closure``). A referral
        closed with no further action was never allocated."""
        if self.path == "nfa" or not self.j.holders:
            return
        # Drawn from the referral's key, not the walk's random numbers: whether the teams
        # are known does not change the journeys.
        key = self.referral.pk
        team = HELD_BY[self.path]
        if self.path == "s47" and key % 5 < 2:
            team = "Child Protection Team North"
        team_id, workers = self.j.holders[team]
        self.j.add(Allocation, child_id=self.child.pk, team_id=team_id,
                   worker_id=workers[key % len(workers)] if workers else None,
                   start_date=self.referral.referral_date, end_date=closed,
                   reason=Allocation.Reason.FCONTA)


def _at(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
