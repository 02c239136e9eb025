"""What the child's care page shows, read in a fixed number of queries whatever the length
of the history: every list is one prefetch, and everything else is worked out in Python.

The child must already have been opened through ``opencsc.people.access``.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import reverse

from opencsc.casework.models import Deadline
from opencsc.codes.ssda903 import (
    CATEGORY_OF_NEED,
    LEGAL_STATUS,
    PLACEMENT_PROVIDER,
    PLACEMENT_TYPE,
    REASON_EPISODE_CEASED,
    REASON_NEW_EPISODE,
    REASON_PLACEMENT_CHANGE,
)

from . import current, geography, reported, stability
from .deadlines import LAC_RULES
from .models import (
    Episode,
    IROAllocation,
    PeriodOfCare,
    Placement,
    Review,
    StatutoryVisit,
    VisitRequest,
)
from .timescales import split_timescales, timescales

RECENT = 6  # rows of a long list shown before "show all"

PERIOD_PREFETCH = [
    Prefetch("episodes", queryset=Episode.objects.select_related("placement__provider")
             .order_by("start_date", "pk")),
    Prefetch("placements", queryset=Placement.objects.select_related("provider")
             .prefetch_related("plans").order_by("start_date", "pk")),
    Prefetch("reviews", queryset=Review.objects.select_related("iro")
             .order_by("-review_date", "-pk")),
    Prefetch("visits", queryset=StatutoryVisit.objects.order_by("-visit_date", "-pk")),
    Prefetch("visit_requests", queryset=VisitRequest.objects.order_by("-requested_date", "-pk")),
    Prefetch("iros", queryset=IROAllocation.objects.select_related("iro")
             .order_by("-start_date", "-pk")),
    "care_plans",
]


@dataclass(frozen=True)
class Coded:
    """A DfE code with its label, shown together."""

    code: str
    label: str

    def __bool__(self) -> bool:
        return bool(self.code)


def _coded(codes, value) -> Coded:
    return Coded(value, codes.label(value) if value else "")


@dataclass(frozen=True)
class EpisodeRow:
    """One SSDA903 episode, each item with its code and label."""

    episode: Episode
    rne: Coded
    legal_status: Coded
    category_of_need: Coded
    placement_type: Coded
    provider_code: Coded
    reason_ceased: Coded
    reason_placement_change: Coded
    where: reported.Reported  # PL_LA, PL_LOCATION and PL_DISTANCE as the return has them

    @classmethod
    def of(cls, e: Episode, place: "Place") -> "EpisodeRow":
        return cls(e, _coded(REASON_NEW_EPISODE, e.reason_new_episode),
                   _coded(LEGAL_STATUS, e.legal_status),
                   _coded(CATEGORY_OF_NEED, e.category_of_need),
                   _coded(PLACEMENT_TYPE, e.placement_type),
                   _coded(PLACEMENT_PROVIDER, e.placement.provider.provider_code),
                   _coded(REASON_EPISODE_CEASED, e.reason_ceased),
                   _coded(REASON_PLACEMENT_CHANGE, e.reason_placement_change),
                   place.where(e))


@dataclass(frozen=True)
class Place:
    """What decides how the return reports a placement's location for this child: the
    council's codes (for PL_LOCATION) and whether the child is or recently was UASC."""

    council: tuple[str, ...]
    uasc: bool

    @classmethod
    def of(cls, child, uasc_rows, today: datetime.date) -> "Place":
        window = reported.uasc_window(reported.collection_year_start(today), today)
        return cls(reported.council_codes(child.responsible_council),
                   reported.was_uasc([(u.start_date, u.ceased_date) for u in uasc_rows],
                                     window))

    def where(self, e: Episode) -> reported.Reported:
        return reported.reported(e.placement.placement_la, e.placement.distance_miles,
                                 legal_status=e.legal_status, uasc=self.uasc,
                                 council=self.council)


@dataclass
class PeriodView:
    period: PeriodOfCare
    number: int
    episodes: list[EpisodeRow] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.period.is_open

    @property
    def latest_first(self) -> list[EpisodeRow]:
        return list(reversed(self.episodes))


@dataclass(frozen=True)
class Current:
    """Where the child is now, if looked after."""

    period: PeriodOfCare
    episode: EpisodeRow
    placement: Placement
    iro: IROAllocation | None
    care_plan_date: datetime.date | None
    placement_plan_date: datetime.date | None
    placement_la_name: str = ""


def care_context(child, today: datetime.date) -> dict:
    periods = list(PeriodOfCare.objects.filter(child=child).prefetch_related(*PERIOD_PREFETCH)
                   .order_by("start_date", "pk"))
    uasc = list(child.uasc.order_by("-start_date"))
    place = Place.of(child, uasc, today)
    views = [PeriodView(p, n, [EpisodeRow.of(e, place) for e in p.episodes.all()])
             for n, p in enumerate(periods, start=1)]
    now = _current(views[-1]) if views and views[-1].is_open else None
    episodes = [e for p in periods for e in p.episodes.all()]
    reviews = [(r, n) for n, p in enumerate(periods, start=1) for r in p.reviews.all()]
    visits = [v for p in periods for v in p.visits.all()]
    return {
        "periods": list(reversed(views)),
        "current": now,
        "stability": stability.stability(episodes, now.placement if now else None, today),
        **_recent_and_older("reviews", sorted(reviews, key=lambda rn: rn[0].review_date,
                                              reverse=True)),
        **_recent_and_older("visits", sorted(visits, key=lambda v: v.visit_date, reverse=True)),
        "visit_requests": _visit_requests(periods),
        "iros": [i for p in reversed(periods) for i in p.iros.all()],
        **_child_rows(child, today),
        "uasc": uasc,
        **split_timescales(timescales(
            Deadline.objects.filter(child=child, rule__in=LAC_RULES), today, _links(child))),
    }


@dataclass(frozen=True)
class AskedFor:
    """An extra visit asked for, and the first visit after it at which the child was seen."""

    request: VisitRequest
    visited: datetime.date | None


def _visit_requests(periods) -> list[AskedFor]:
    asked = []
    for period in reversed(periods):
        seen = sorted(v.visit_date for v in period.visits.all() if v.child_seen)
        for request in period.visit_requests.all():
            later = [day for day in seen if day >= request.requested_date]
            asked.append(AskedFor(request, later[0] if later else None))
    return asked


def _recent_and_older(name: str, rows: list) -> dict:
    """A long list as the latest few and the rest (which the page folds away)."""
    return {name: rows, f"{name}_recent": rows[:RECENT], f"{name}_older": rows[RECENT:]}


def _current(view: PeriodView) -> Current | None:
    if not view.episodes:
        return None
    latest = view.episodes[-1]
    placement = list(view.period.placements.all())[-1]
    plans = sorted((p.plan_date for p in placement.plans.all()), reverse=True)
    care_plans = sorted((c.plan_date for c in view.period.care_plans.all()), reverse=True)
    return Current(period=view.period, episode=latest, placement=placement,
                   iro=next(iter(view.period.iros.all()), None),
                   care_plan_date=care_plans[0] if care_plans else None,
                   placement_plan_date=plans[0] if plans else None,
                   placement_la_name=geography.la_name(placement.placement_la))


def _child_rows(child, today: datetime.date) -> dict:
    """Health, education, missing, UASC, adoption and permanence: one query each."""
    missing = list(child.missing_episodes.order_by("-start_date", "-pk"))
    year_ago = today - datetime.timedelta(days=365)
    recent = [m for m in missing if (m.end_date or today) >= year_ago]
    return {
        "health_assessments": list(child.health_assessments.order_by("-assessment_date")),
        "health_checks": list(child.health_checks.order_by("-check_date")),
        "sdqs": list(child.sdqs.order_by("-sdq_date")),
        "peps": list(child.peps.order_by("-pep_date")),
        "missing": missing,
        "missing_last_12_months": sum(1 for m in recent if m.kind == "M"),
        "away_last_12_months": sum(1 for m in recent if m.kind == "A"),
        "adoptions": list(child.adoptions.order_by("-decision_date", "-pk")),
        "previous_permanence": current.previous_permanence(child),
    }


RECORD_PAGE = {
    "care_plan": "care_plan_new", "placement_plan": "placement_plan_new",
    "lac_review_first": "review_new", "lac_review_second": "review_new",
    "lac_review": "review_new", "lac_visit_first": "visit_new", "lac_visit_weekly": "visit_new",
    "lac_visit": "visit_new", "lac_visit_long_term": "visit_new",
    "lac_visit_4_weekly": "visit_new", "lac_visit_requested": "visit_new",
    "lac_visit_care_order": "visit_new",
    "iha": "health_assessment_new", "rha_under_5": "health_assessment_new",
    "rha": "health_assessment_new", "pep_first": "pep_new", "pep": "pep_new",
    "return_interview": "missing_return",
}


def _links(child) -> dict[str, str]:
    return {rule: reverse(f"looked_after:{name}", args=[child.pk])
            for rule, name in RECORD_PAGE.items()}
