"""Periods of care and care leavers for the demo trust's children, in bulk.

Who is looked after follows what the seeded allocations already say: a child held by the
Children in Care Team is now (since that allocation began); one whose care case has closed
was, until a little before it closed; a few other children had a period of care that
ended; young people held by the Care Leavers Team were looked after from 13 to 15 until
their 18th birthday (former relevant), and have keep-in-touch contacts around their
birthdays. Episodes obey ``looked_after.rules``: RNE S first, each change ends an
episode X1 and starts the next on the same day, placements allowed for the age and legal
status, providers from a small register with valid provider codes.
"""

import datetime
import random
from dataclasses import dataclass, field

from opencsc.care_leavers.models import (
    KeepInTouch,
    NeedsAssessment,
    PathwayPlan,
    PersonalAdviser,
)
from opencsc.codes.ssda903 import FOSTER_PLACEMENTS as FOSTER_PLACES
from opencsc.codes.ssda903 import PLACEMENT_TYPE
from opencsc.core.working_days import add_working_days
from opencsc.looked_after.models import (
    SDQ,
    CarePlan,
    Episode,
    HealthAssessment,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PlacementPlan,
    PreviousPermanence,
    Provider,
    Review,
    StatutoryVisit,
)
from opencsc.looked_after.rules import age_on, collection_year

from .episode import _at
from .journeys import Child, _add_years
from .rows import write_instances

DAY = datetime.timedelta(days=1)
IN_CARE, LEAVING_CARE = "Children in Care Team", "Care Leavers Team"
FOSTERING = "SC064990"  # the council's fostering service
# (name, kind, provider code, URN, postcode, LA of placement)
REGISTER = [
    # Foster carers carry the URN of their fostering service (the council's or an agency's).
    ("Fernbridge fostering: Ashby household", "in_house_foster", "PR1", FOSTERING, "B15 2TT",
     "330"),
    ("Fernbridge fostering: Okoro household", "in_house_foster", "PR1", FOSTERING, "B23 6SN",
     "330"),
    ("Fernbridge fostering: Patel household", "in_house_foster", "PR1", FOSTERING, "B29 5PR",
     "330"),
    ("Fernbridge fostering: Walsh household", "in_house_foster", "PR1", FOSTERING, "B44 8QT",
     "330"),
    ("Connected carers: Mensah family", "connected_person", "PR1", FOSTERING, "B11 1AA", "330"),
    ("Connected carers: Doyle family", "connected_person", "PR1", FOSTERING, "B12 9QD", "330"),
    ("Brightpath Fostering Agency", "agency_foster", "PR4", "SC412266", "WS1 1TP", "335"),
    ("Harbour Foster Care", "agency_foster", "PR5", "SC397104", "DY1 1HF", "332"),
    ("Willow Lodge children's home", "childrens_home", "PR1", "SC481123", "B30 2LQ", "330"),
    ("Meadowview House", "childrens_home", "PR4", "SC502947", "WV1 4DG", "336"),
    ("Castleford Road children's home", "childrens_home", "PR4", "SC066310", "B70 8QT", "333"),
    ("Stepping Stones supported housing", "supported", "PR5", "2604518", "B16 8EH", "330"),
    ("Parent or person with parental responsibility", "parent", "PR0", "", "", ""),
]
FOSTER = ([("in_house_foster", "U6"), ("in_house_foster", "U4"), ("agency_foster", "U6"),
           ("agency_foster", "U4"), ("connected_person", "U3"), ("connected_person", "U1")],
          [30, 12, 18, 8, 14, 6])
START_STATUS = (["V2", "C1", "L2", "L1"], [55, 35, 6, 4])
NEED = (["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [64, 6, 3, 8, 13, 2, 1, 3])
RETURN_HOME = (["E4A", "E13", "E41", "E45", "E47", "E8"], [45, 10, 10, 15, 10, 10])
AT_EIGHTEEN = (["E17", "E5", "E6", "E8"], [20, 55, 10, 15])
CHANGE_REASONS = (["CARPL", "CREQB", "CREQO", "CHILD", "CLOSE", "LAREQ", "OTHER"],
                  [40, 15, 12, 8, 8, 7, 10])
PARTICIPATION = (["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"], [45, 10, 5, 5, 8, 20, 7])
# Of everyone not held by a care team now or lately, the share with a past period of care.
PAST_PERIOD = 0.05
KEPT_AFTER_HOME = 60  # days, at most, the care team keeps a case after the child goes home


@dataclass
class Care:
    """The rows of every period of care and care leaver, with keys chosen here."""

    today: datetime.date
    providers: dict
    rows: dict = field(default_factory=dict)
    keys: dict = field(default_factory=dict)
    children: set = field(default_factory=set)  # whose deadlines to recompute
    # care leavers' periods of care, (first, last day), which a social worker must cover
    allocated_in_care: dict = field(default_factory=dict)
    homes: dict = field(default_factory=dict)  # addresses by person, for home postcodes

    def add(self, model, **values):
        key = self.keys.get(model) or _next_key(model)
        self.keys[model] = key + 1
        row = model(pk=key, **values)
        self.rows.setdefault(model, []).append(row)
        return row

    def write(self) -> dict[str, int]:
        _cover_with_workers(random.Random(f"cover {self.today}"), self.allocated_in_care)
        counts = {}
        for model in (PeriodOfCare, Placement, Episode, Review, StatutoryVisit, CarePlan,
                      PlacementPlan, HealthAssessment, MissingEpisode, PreviousPermanence,
                      SDQ, PersonalEducationPlan, NeedsAssessment, PathwayPlan,
                      PersonalAdviser, KeepInTouch):
            rows = self.rows.get(model, [])
            write_instances(model, rows)
            counts[str(model._meta.verbose_name_plural)] = len(rows)
        return counts


def _cover_with_workers(rng, periods: dict[int, tuple]) -> None:
    """Give every care leaver a social worker for all of their time in care (SSDA903 rules
    SW12STG2, SW11bSTG2, SW17STG2): the allocations were drawn before their care was, so
    the earliest is taken back to the day care began, and a worker named where an
    allocation during care had none (a front-door allocation, say)."""
    from django.contrib.auth import get_user_model

    from opencsc.core.roles import Role
    from opencsc.people.models import Allocation

    if not periods:
        return
    workers: dict[int, list[int]] = {}
    for user_id, team_id in get_user_model().objects.filter(
            staff__role=Role.SOCIAL_WORKER, staff__end_date__isnull=True,
    ).order_by("pk").values_list("pk", "staff__teams"):
        workers.setdefault(team_id, []).append(user_id)
    changed, seen = [], set()
    allocations = Allocation.objects.filter(child_id__in=list(periods)).order_by(
        "child_id", "start_date", "pk")
    for allocation in allocations:
        first, last = periods[allocation.child_id]
        if allocation.child_id not in seen:
            seen.add(allocation.child_id)
            if allocation.start_date > first:
                allocation.start_date = first
                changed.append(allocation)
        during = allocation.start_date <= last and (allocation.end_date is None
                                                    or allocation.end_date >= first)
        if during and allocation.worker_id is None and workers.get(allocation.team_id):
            allocation.worker_id = rng.choice(workers[allocation.team_id])
            changed.append(allocation)
    Allocation.objects.bulk_update(changed, ["start_date", "worker"], batch_size=2000)


def _next_key(model) -> int:
    last = model.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (last or 0) + 1


def register() -> dict[str, list[Provider]]:
    """The demo's providers by kind (created once; seeding again reuses them)."""
    by_kind: dict[str, list[Provider]] = {}
    for name, kind, code, urn, postcode, la in REGISTER:
        provider, _ = Provider.objects.get_or_create(name=name, defaults={
            "kind": kind, "provider_code": code, "urn": urn, "postcode": postcode,
            "local_authority": la})
        by_kind.setdefault(kind, []).append(provider)
    return by_kind


def seed_care(rng: random.Random, children: list[Child], today: datetime.date) -> Care:
    """Periods of care for the children whose allocations say so, and a few more."""
    care = Care(today, register())
    # A child turning 18 before the year ends would be looked after past 18 (rule 359).
    year_end = datetime.date(collection_year(today), 3, 31)
    care.homes = _homes()
    for child in children:
        age = age_on(child.born, today)
        if child.team == LEAVING_CARE and 18 <= age <= 21:
            _care_leaver(rng, care, child)
        elif child.team == IN_CARE:
            # A child looked after today always has an allocated social worker. One who
            # is not looked after has no open case (``cases.end_unheld`` closes it).
            if child.worker and _add_years(child.born, 18) > year_end:
                since = max(child.allocated or today, child.born + DAY)
                Period(rng, care, child, since, None).walk()
        elif child.former == IN_CARE and child.closed_on:
            went_home = child.closed_on - rng.randint(0, KEPT_AFTER_HOME) * DAY
            if went_home - child.allocated >= 20 * DAY:
                _past_period(rng, care, child, went_home)
        elif age < 17 and rng.random() < PAST_PERIOD:
            _past_period(rng, care, child, today - rng.randint(200, 1500) * DAY)
    return care


def _homes() -> dict[int, list[tuple]]:
    """Each person's addresses as (start, end, postcode), oldest first."""
    from opencsc.people.models import Address

    homes: dict[int, list[tuple]] = {}
    for pk, start, end, postcode in Address.objects.order_by("start_date").values_list(
            "person_id", "start_date", "end_date", "postcode"):
        homes.setdefault(pk, []).append((start, end, postcode))
    return homes


def _home_on(homes: list[tuple], day) -> str:
    """The postcode the child lived at on ``day``, else the earliest known."""
    for start, end, postcode in homes:
        if start <= day and (end is None or end >= day):
            return postcode
    return homes[0][2] if homes else ""


def _past_period(rng, care: Care, child: Child, ended: datetime.date) -> None:
    """A period of care that ended on ``ended``. A child looked after on 31 March has a
    social worker allocated from the start of the year, or of care if later (SSDA903 rule
    SW12STG2), so the period lies within the current allocation where it names a worker,
    and otherwise within one collection year, never over a 31 March."""
    if child.worker and child.allocated:
        earliest = child.allocated
    else:
        earliest = datetime.date(collection_year(ended) - 1, 4, 1)
    start = max(child.born + DAY, earliest, ended - rng.randint(40, 900) * DAY)
    if ended - start < 20 * DAY or age_on(child.born, ended) >= 18:
        return
    Period(rng, care, child, start, ended).walk(rng.choices(*RETURN_HOME)[0])


def _care_leaver(rng, care: Care, child: Child) -> None:
    eighteen = _add_years(child.born, 18)
    start = _add_years(child.born, 13) + rng.randint(0, 900) * DAY
    care.allocated_in_care[child.pk] = (start, eighteen - DAY)
    Period(rng, care, child, start, eighteen).walk(rng.choices(*AT_EIGHTEEN)[0])
    worker = child.worker or child.manager
    care.add(PersonalAdviser, child_id=child.pk, adviser=worker, start_date=eighteen,
             recorded_by=worker, recorded_at=_at(eighteen))
    plan = _add_years(child.born, 16) + rng.randint(0, 60) * DAY
    first = True
    while plan <= care.today:
        care.add(PathwayPlan, child_id=child.pk, plan_date=plan, is_review=not first,
                 recorded_by=worker, recorded_at=_at(plan))
        plan, first = plan + rng.randint(150, 200) * DAY, False
    for years in range(17, 22):
        _keep_in_touch(rng, care, child, worker, _add_years(child.born, years))


def _keep_in_touch(rng, care: Care, child: Child, worker, birthday) -> None:
    day = birthday + rng.randint(0, 30) * DAY
    if day > care.today:
        return
    touch = rng.choices(["YES", "NO", "REFU"], [88, 8, 4])[0]
    activity = rng.choices(["F2", "F1", "F5", "P5", "F4", "G5", "G4", "G6"],
                           [25, 8, 18, 8, 5, 26, 6, 4])[0] if touch == "YES" else ""
    accommodation = rng.choices(["U", "D", "Z", "B", "E", "T", "K"],
                                [35, 22, 12, 12, 8, 6, 5])[0] if touch == "YES" else ""
    care.add(KeepInTouch, child_id=child.pk, contact_date=day, in_touch=touch,
             activity=activity, accommodation=accommodation,
             accommodation_suitable=(rng.random() < 0.9) if accommodation else None,
             recorded_by=worker, recorded_at=_at(day))


class Period:
    """One period of care walked forward from its start, episode by episode."""

    def __init__(self, rng, care: Care, child: Child, start, end):
        self.rng, self.care, self.child = rng, care, child
        self.start, self.end = start, end
        self.worker = child.worker or child.manager
        if child.pk not in care.children:
            care.add(PreviousPermanence, child_id=child.pk, kind="Z1", recorded_by=self.worker,
                     recorded_at=_at(start))
        care.children.add(child.pk)
        self.period = care.add(PeriodOfCare, child_id=child.pk, start_date=start, end_date=end,
                               recorded_by=self.worker, recorded_at=_at(start))
        self.need = rng.choices(*NEED)[0]
        self.home = _home_on(care.homes.get(child.pk, []), start)
        self.moves: list[datetime.date] = []  # the day each placement began

    def walk(self, reason_ceased: str = "") -> None:
        rng, last = self.rng, self.end or self.care.today
        status = rng.choices(*START_STATUS)[0]
        placement = self._placement(self.start, status)
        episode = self._episode(self.start, "S", status, placement)
        while True:
            day = episode.start_date + self._lasts(status) * DAY
            if day >= last:
                break
            episode.end_date, episode.reason_ceased = day, "X1"
            if status in ("L1", "L2") or (status == "C1" and rng.random() < 0.6):
                status = "C1" if status != "C1" else "C2"
                episode = self._episode(day, "L", status, placement)
                continue
            episode.reason_placement_change = rng.choices(*CHANGE_REASONS)[0]
            placement.end_date = day
            placement = self._placement(day, status, placement)
            episode = self._episode(day, "P", status, placement)
        if self.end:
            if reason_ceased in ("E45", "E46") and episode.placement_type not in FOSTER_PLACES:
                reason_ceased = "E47"  # SGO to former foster carers needs a foster placement
            episode.end_date, episode.reason_ceased = self.end, reason_ceased
            placement.end_date = self.end
        for begun, ends in zip(self.moves, [*self.moves[1:], last], strict=True):
            self._visits(begun, ends)
        self._reviews(last)
        self._health(last)
        self._education(last)
        self._missing(last)
        self._needs(last)

    def _lasts(self, status) -> int:
        """Days in an episode: police protection (L1) 72 hours at most, an emergency
        protection order (L2) 8 days at most (SSDA903 rule 362 allows 21)."""
        return {"L1": self.rng.randint(1, 3), "L2": self.rng.randint(2, 8)}.get(
            status, self.rng.randint(45, 600))

    def _episode(self, day, rne, status, placement):
        return self.care.add(
            Episode, child_id=self.child.pk, period=self.period, placement=placement,
            start_date=day, reason_new_episode=rne, legal_status=status,
            category_of_need=self.need, placement_type=placement.kind,
            recorded_by=self.worker, recorded_at=_at(day))

    def _placement(self, day, status, before=None) -> Placement:
        # A move is to another carer (RNE P), never back to the same one (SSDA903 rule 435).
        while True:
            kind, place = self._kind(day, status)
            provider = self.rng.choice(self.care.providers[kind])
            if before is None or provider != before.provider:
                break
        placement = self.care.add(
            Placement, child_id=self.child.pk, period=self.period, provider=provider,
            start_date=day, postcode=provider.postcode, placement_la=provider.local_authority,
            home_postcode=self.home,
            long_term=place in ("U1", "U4"), recorded_by=self.worker, recorded_at=_at(day))
        placement.kind = place  # the episode's PLACE, carried along
        plan = add_working_days(day, self.rng.randint(1, 7))
        if plan <= self.care.today:
            self.care.add(PlacementPlan, placement=placement, plan_date=plan,
                          recorded_by=self.worker, recorded_at=_at(plan))
        self.moves.append(day)
        return placement

    def _kind(self, day, status) -> tuple[str, str]:
        age, roll = age_on(self.child.born, day), self.rng.random()
        if age >= 16 and roll < 0.35 and PLACEMENT_TYPE.is_valid("K3", collection_year(day)):
            return "supported", "K3"
        if age >= 10 and roll < 0.2:
            return "childrens_home", "K2"
        return self.rng.choices(*FOSTER)[0]

    def _visits(self, start, end) -> None:
        """Within a week of the placement, then about six-weekly (some fall behind)."""
        rng = self.rng
        day = start + rng.randint(1, 7) * DAY
        late = rng.random() < 0.15
        while day < end:
            self.care.add(StatutoryVisit, period=self.period, visit_date=day,
                          child_seen=rng.random() < 0.95, child_seen_alone=rng.random() < 0.6,
                          recorded_by=self.worker, recorded_at=_at(day))
            day += rng.randint(25, 42 + (40 if late else 0)) * DAY

    def _reviews(self, last) -> None:
        rng, care, child = self.rng, self.care, self.child
        plan = add_working_days(self.start, rng.randint(1, 10))
        if plan <= last:
            care.add(CarePlan, period=self.period, plan_date=plan, recorded_by=self.worker,
                     recorded_at=_at(plan))
        review = add_working_days(self.start, rng.randint(12, 22))
        gaps = [rng.randint(80, 95)] + [rng.randint(150, 185) for _ in range(40)]
        for gap in gaps:
            if review > last:
                break
            age = age_on(child.born, review)
            care.add(Review, period=self.period, review_date=review,
                     participation="PN0" if age < 4 else rng.choices(*PARTICIPATION)[0],
                     recorded_by=child.manager, recorded_at=_at(review))
            review += gap * DAY

    def _health(self, last) -> None:
        rng, care, child = self.rng, self.care, self.child
        health = add_working_days(self.start, rng.randint(10, 28))
        kind = HealthAssessment.Kind.INITIAL
        while health <= last:
            care.add(HealthAssessment, child_id=child.pk, kind=kind, assessment_date=health,
                     recorded_by=self.worker, recorded_at=_at(health))
            kind = HealthAssessment.Kind.REVIEW
            health += (rng.randint(150, 190) if age_on(child.born, health) < 5
                       else rng.randint(300, 380)) * DAY

        # An SDQ each collection year, by the end of August, or the reason there is none
        # outside ages 4 to 16 (OC2).
        offset = rng.randint(20, 150) * DAY
        for year in range(collection_year(self.start), collection_year(last) + 1):
            day = datetime.date(year - 1, 4, 1) + offset
            if not self.start < day <= last:
                continue
            age = age_on(child.born, day)
            scored = 4 <= age <= 16
            care.add(SDQ, child_id=child.pk, sdq_date=day,
                     score=rng.randint(4, 30) if scored else None,
                     reason="" if scored else "SDQ1", recorded_by=self.worker,
                     recorded_at=_at(day))

    def _education(self, last) -> None:
        """A personal education plan each term for a child of school age."""
        rng, day = self.rng, add_working_days(self.start, self.rng.randint(5, 20))
        while day <= last:
            if 3 <= age_on(self.child.born, day) <= 17:
                self.care.add(PersonalEducationPlan, child_id=self.child.pk, pep_date=day,
                              virtual_school_contact="Fernbridge Virtual School",
                              recorded_by=self.worker, recorded_at=_at(day))
            day += rng.randint(100, 130) * DAY

    def _needs(self, last) -> None:
        """The needs assessment once eligible: 16, after 13 weeks looked after since 14."""
        eligible = max(_add_years(self.child.born, 16), self.start + 91 * DAY)
        day = eligible + self.rng.randint(0, 40) * DAY
        if day <= last:
            self.care.add(NeedsAssessment, child_id=self.child.pk, assessment_date=day,
                          recorded_by=self.worker, recorded_at=_at(day))

    def _missing(self, last) -> None:
        rng = self.rng
        if age_on(self.child.born, last) < 12 or rng.random() > 0.25:
            return
        day = self.start + rng.randint(10, 60) * DAY
        for _ in range(rng.randint(1, 4)):
            back = day + rng.randint(0, 3) * DAY
            if back >= last:
                return
            offered = back + rng.randint(0, 3) * DAY
            self.care.add(MissingEpisode, child_id=self.child.pk, kind="M", start_date=day,
                          end_date=back, return_interview_offered=min(offered, last),
                          return_interview_accepted=rng.random() < 0.5,
                          recorded_by=self.worker, recorded_at=_at(day))
            day = back + rng.randint(14, 120) * DAY


def recompute_deadlines(child_ids, today: datetime.date, batch: int = 500) -> int:
    """``looked_after.deadlines.recompute_child`` for many children, a batch at a time:
    the same pure functions, fed by prefetched rows rather than eight queries a child."""
    from django.db.models import Prefetch

    from opencsc.care_leavers.deadlines import CARE_LEAVER_RULES, deadlines_for_care_leaver
    from opencsc.care_leavers.status import spans_for
    from opencsc.casework.models import Deadline
    from opencsc.looked_after.deadlines import LAC_RULES, PERIOD_PREFETCH, deadlines_for_child
    from opencsc.people.models import Person

    ids, written = sorted(child_ids), 0
    for i in range(0, len(ids), batch):
        children = Person.objects.filter(pk__in=ids[i:i + batch]).order_by("pk").prefetch_related(
            Prefetch("periods_of_care", queryset=PeriodOfCare.objects.order_by("start_date")
                     .prefetch_related(*PERIOD_PREFETCH)),
            "missing_episodes", "health_assessments", "peps", "care_episodes",
            "needs_assessments", "pathway_plans", "keep_in_touch")
        rows = []
        for child in children:
            rows += deadlines_for_child(child, list(child.periods_of_care.all()),
                                        list(child.missing_episodes.all()),
                                        list(child.health_assessments.all()),
                                        list(child.peps.all()))
            rows += deadlines_for_care_leaver(
                child, spans_for(child), today,
                needs=[n.assessment_date for n in child.needs_assessments.all()],
                plans=[p.plan_date for p in child.pathway_plans.all()],
                contacts=[c.contact_date for c in child.keep_in_touch.all()])
        Deadline.objects.filter(child_id__in=ids[i:i + batch],
                                rule__in=LAC_RULES + CARE_LEAVER_RULES).delete()
        Deadline.objects.bulk_create(rows, batch_size=2000)
        written += len(rows)
    return written
