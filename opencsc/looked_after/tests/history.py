"""Synthetic care histories for page tests, recorded through the actions."""

import datetime
from decimal import Decimal

from opencsc.looked_after import actions
from opencsc.looked_after.models import (
    SDQ,
    CarePlan,
    Episode,
    HealthAssessment,
    HealthCheck,
    IROAllocation,
    MissingEpisode,
    PeriodOfCare,
    PersonalEducationPlan,
    Placement,
    PlacementPlan,
    Provider,
    Review,
    StatutoryVisit,
)

D = datetime.date
# The long histories' placements, in turn: the provider (of make_providers) and its PLACE.
PROVIDER_OF = ["foster", "agency", "home"]
PLACE_OF = ["U6", "U6", "K2"]
CARE_STARTS, HISTORY_STARTS = D(2025, 9, 1), D(2016, 4, 4)


def make_providers() -> dict[str, Provider]:
    return {
        "foster": Provider.objects.create(name="The Ashworth household", kind="in_house_foster",
                                          provider_code="PR1", postcode="B15 2TT",
                                          local_authority="330"),
        "agency": Provider.objects.create(name="Brightwater Fostering: the Osei household",
                                          kind="agency_foster", provider_code="PR4",
                                          postcode="B30 1AA", local_authority="330"),
        "home": Provider.objects.create(name="Larchfield House", kind="childrens_home",
                                        provider_code="PR4", urn="SC123456",
                                        postcode="WS1 1AA", local_authority="335"),
    }


def start_care(child, worker, providers, start=CARE_STARTS):
    return actions.start_period_of_care(
        child, actor=worker, start_date=start, legal_status="C1", category_of_need="N1",
        placement_type="U6", provider=providers["foster"],
        placement_details={"postcode": "B15 2TT", "home_postcode": "B11 1AA"})


def long_history(child, worker, providers, episodes: int, start=HISTORY_STARTS, iro=None):
    """A period of care of ``episodes`` episodes, alternating moves and legal status
    changes a month or two apart, with a review (chaired by ``iro``) and a visit after each."""
    period = start_care(child, worker, providers, start)
    day, status = start, "C1"
    for n in range(1, episodes):
        day += datetime.timedelta(days=45)
        if n % 2:
            provider = providers["agency" if n % 4 == 1 else "foster"]
            actions.change_placement(period, actor=worker, change_date=day, provider=provider,
                                     placement_type="U6", reason_placement_change="CARPL")
        else:
            status = "C2" if status == "C1" else "C1"
            actions.change_legal_status(period, actor=worker, change_date=day,
                                        legal_status=status)
        actions.record_review(period, actor=worker, review_date=day + datetime.timedelta(5),
                              participation="PN1", iro=iro)
        actions.record_statutory_visit(period, actor=worker,
                                       visit_date=day + datetime.timedelta(2),
                                       child_seen=True, child_seen_alone=n % 3 == 0)
    return period


def years_of_care(child, worker, providers, *, years: int, today: datetime.date,
                  iro=None) -> PeriodOfCare:
    """A period of care of ``years`` years to ``today``, still open, written in bulk (no
    audit entries, no deadlines: call ``deadlines.recompute_child`` after, if wanted).

    Every 4 months the child moves (foster carer, agency carer, children's home in turn) or
    the legal status changes; a review every 6 months, a visit every 6 weeks, a care plan
    and health assessment, dental check and SDQ each year, a PEP each term, a placement
    plan for each placement, an IRO every 3 years and a missing episode each year."""
    start = today - datetime.timedelta(days=365 * years)
    period = PeriodOfCare.objects.create(child=child, start_date=start, recorded_by=worker)
    changes = [start + datetime.timedelta(days=122 * k) for k in range(1, years * 3)]
    placements = _placements(child, period, worker, providers, start, changes[::2], today)
    _episodes(child, period, worker, placements, start, changes)
    _every(StatutoryVisit, start, today, 42, period=period, recorded_by=worker,
           child_seen=True, child_seen_alone=True, date_field="visit_date")
    _every(Review, start + datetime.timedelta(days=20), today, 182, period=period,
           recorded_by=worker, participation="PN1", iro=iro, date_field="review_date")
    _every(IROAllocation, start, today, 3 * 365, period=period, recorded_by=worker,
           iro=iro or worker, date_field="start_date")
    _every(CarePlan, start + datetime.timedelta(days=9), today, 365, period=period,
           recorded_by=worker, date_field="plan_date")
    _every(HealthAssessment, start + datetime.timedelta(days=15), today, 365, child=child,
           recorded_by=worker, kind="review", date_field="assessment_date")
    _every(HealthCheck, start + datetime.timedelta(days=30), today, 365, child=child,
           recorded_by=worker, kind="dental", date_field="check_date")
    _every(SDQ, start + datetime.timedelta(days=60), today, 365, child=child,
           recorded_by=worker, score=12, date_field="sdq_date")
    _every(PersonalEducationPlan, start + datetime.timedelta(days=10), today, 122, child=child,
           recorded_by=worker, school="Fernbridge Academy", date_field="pep_date")
    for day in _days(start + datetime.timedelta(days=90), today, 365):
        MissingEpisode.objects.create(child=child, kind="M", start_date=day,
                                      end_date=day + datetime.timedelta(days=1),
                                      return_interview_offered=day + datetime.timedelta(days=2),
                                      recorded_by=worker)
    return period


def _days(first: datetime.date, last: datetime.date, step: int) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range(0, (last - first).days, step)]


def _every(model, first, last, step, *, date_field, **values) -> None:
    model.objects.bulk_create([model(**values, **{date_field: day})
                               for day in _days(first, last, step)])


def _placements(child, period, worker, providers, start, moves, today) -> list[Placement]:
    kinds = PROVIDER_OF
    starts = [start, *moves]
    ends = [*moves, None]
    made = Placement.objects.bulk_create([
        Placement(child=child, period=period, provider=providers[kinds[n % 3]], start_date=day,
                  end_date=end, postcode=providers[kinds[n % 3]].postcode,
                  home_postcode="B11 1AA", placement_la="E08000025",
                  distance_miles=Decimal("2.4"), recorded_by=worker)
        for n, (day, end) in enumerate(zip(starts, ends, strict=True))])
    PlacementPlan.objects.bulk_create([PlacementPlan(placement=p, plan_date=p.start_date,
                                                     recorded_by=worker) for p in made])
    return made


def _episodes(child, period, worker, placements, start, changes) -> None:
    rows, status, n = [], "C1", 0
    for k, day in enumerate([start, *changes]):
        if k == 0:
            rne = "S"
        elif k % 2:
            rne, n = "P", n + 1
        else:
            rne, status = "L", "C2" if status == "C1" else "C1"
        placement = placements[n]
        rows.append(Episode(child=child, period=period, placement=placement, start_date=day,
                            reason_new_episode=rne, legal_status=status, category_of_need="N1",
                            placement_type=PLACE_OF[n % 3],
                            recorded_by=worker))
    for earlier, later in zip(rows, rows[1:], strict=False):
        earlier.end_date, earlier.reason_ceased = later.start_date, "X1"
        earlier.reason_placement_change = "CARPL" if later.reason_new_episode == "P" else ""
    Episode.objects.bulk_create(rows)
