"""GET /api/v1/children/{id}/care: a child's periods of care with their SSDA903 episodes,
looked-after reviews and statutory visits.

Mounted on the read API in ``opencsc.api.api``, so it shares the API's authentication and
JSON errors. The child is opened through the access layer: a 404 outside the caller's
scope, and the read is written to the audit log as a view.
"""

import datetime

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Router, Schema

from opencsc.api.schemas import Error, ValidationErrors
from opencsc.people.access import child_for_user

from .models import Episode, PeriodOfCare, Review, StatutoryVisit
from .record import Place

router = Router(tags=["children looked after"])


class EpisodeOut(Schema):
    """One SSDA903 episode; codes as the return spells them."""

    id: int
    DECOM: datetime.date
    RNE: str
    LS: str
    CIN: str
    PLACE: str
    PLACE_PROVIDER: str
    provider: str
    URN: str
    PL_POST: str
    HOME_POST: str
    # Worked out from the postcodes (opencsc.looked_after.geography), blank where the
    # SSDA903 rules say so (opencsc.looked_after.reported): PL_LA, IN or OUT of the
    # responsible council's area, and the miles from HOME_POST to one decimal place.
    PL_LA: str
    PL_LOCATION: str
    PL_DISTANCE: float | None
    DEC: datetime.date | None
    REC: str
    REASON_PLACE_CHANGE: str


class ReviewOut(Schema):
    review_date: datetime.date
    participation: str  # PN0 to PN7


class VisitOut(Schema):
    visit_date: datetime.date
    child_seen: bool
    child_seen_alone: bool


class PeriodOut(Schema):
    id: int
    start_date: datetime.date
    end_date: datetime.date | None
    episodes: list[EpisodeOut]
    reviews: list[ReviewOut]
    visits: list[VisitOut]


class CareHistory(Schema):
    child_id: int
    la_child_id: str
    periods_of_care: list[PeriodOut]


def _episode(e: Episode, place: Place) -> dict:
    placement, provider = e.placement, e.placement.provider
    where = place.where(e)
    return {"id": e.pk, "DECOM": e.start_date, "RNE": e.reason_new_episode,
            "LS": e.legal_status, "CIN": e.category_of_need, "PLACE": e.placement_type,
            "PLACE_PROVIDER": provider.provider_code, "provider": provider.name,
            "URN": provider.urn, "PL_POST": placement.postcode,
            "HOME_POST": placement.home_postcode, "PL_LA": where.placement_la,
            "PL_LOCATION": where.location, "PL_DISTANCE": None if where.distance_miles is None
            else float(where.distance_miles), "DEC": e.end_date, "REC": e.reason_ceased,
            "REASON_PLACE_CHANGE": e.reason_placement_change}


def _periods(child) -> list[dict]:
    place = Place.of(child, child.uasc.all(), timezone.localdate())
    periods = PeriodOfCare.objects.filter(child=child).order_by("start_date", "pk")
    periods = periods.prefetch_related(
        Prefetch("episodes", queryset=Episode.objects.select_related("placement__provider")
                 .order_by("start_date", "pk")),
        Prefetch("reviews", queryset=Review.objects.order_by("review_date", "pk")),
        Prefetch("visits", queryset=StatutoryVisit.objects.order_by("visit_date", "pk")))
    return [{"id": p.pk, "start_date": p.start_date, "end_date": p.end_date,
             "episodes": [_episode(e, place) for e in p.episodes.all()],
             "reviews": list(p.reviews.all()), "visits": list(p.visits.all())}
            for p in periods]


@router.get("/children/{child_id}/care",
            response={200: CareHistory, 401: Error, 404: Error, 422: ValidationErrors},
            summary="A child's periods of care, episodes, reviews and visits",
            url_name="child_care")
def child_care(request, child_id: int):
    child = child_for_user(request.user, child_id, purpose="API care history")
    return {"child_id": child.pk, "la_child_id": child.la_child_id,
            "periods_of_care": _periods(child)}
