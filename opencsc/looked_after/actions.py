"""The only way to record a child's care history. Each action checks the entry rules,
writes in one transaction with its audit entry, and recomputes the child's deadlines."""

import datetime
from decimal import Decimal

from django.db import transaction

from opencsc.casework.actions import RuleViolation
from opencsc.core import audit
from opencsc.core.models import AuditAction

from . import deadlines, geography, rules
from .models import (
    SDQ,
    Adoption,
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
    PreviousPermanence,
    Provider,
    Review,
    StatutoryVisit,
    UASCStatus,
    VisitRequest,
)

__all__ = ["RuleViolation"]


def _refuse_if(problems):
    if problems:
        raise RuleViolation(problems)


def _plain(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return getattr(value, "pk", value)


def _audit(actor, obj, child_id, fields, action=AuditAction.CREATE):
    changes = {f: [None, _plain(getattr(obj, f))] for f in fields}
    audit.record(actor, action, obj=obj, child_id=child_id, changes=changes)


@transaction.atomic
def add_provider(*, actor, name, kind, provider_code="", urn="", postcode="",
                 local_authority="") -> Provider:
    """Add a provider or carer to the register (no child's record is touched)."""
    provider = Provider.objects.create(name=name, kind=kind, provider_code=provider_code,
                                       urn=urn, postcode=postcode,
                                       local_authority=local_authority)
    _audit(actor, provider, None, ["name", "kind", "provider_code", "urn", "postcode",
                                   "local_authority"])
    return provider


PROVIDER_FIELDS = ["name", "kind", "provider_code", "urn", "postcode", "local_authority",
                   "active"]


@transaction.atomic
def edit_provider(provider: Provider, *, actor, **values) -> Provider:
    """Change a provider's details in the register, auditing each field that changed.

    Placements already made keep the postcode, LA and distance they were recorded with:
    the register describes the provider now, a placement where the child lived then."""
    unknown = set(values) - set(PROVIDER_FIELDS)
    if unknown:
        raise TypeError(f"edit_provider() cannot change {', '.join(sorted(unknown))}")
    changes = {f: [_plain(getattr(provider, f)), _plain(v)] for f, v in values.items()
               if getattr(provider, f) != v}
    if changes:
        for field, value in values.items():
            setattr(provider, field, value)
        provider.save(update_fields=list(changes))
        audit.record(actor, AuditAction.UPDATE, obj=provider, changes=changes)
    return provider


def _new_placement(child, period, *, actor, start, provider, details) -> Placement:
    placement = Placement.objects.create(child=child, period=period, provider=provider,
                                         start_date=start, recorded_by=actor,
                                         **_located(provider, details))
    _audit(actor, placement, child.pk, ["start_date", "provider", "postcode", "long_term",
                                        "temporary_approval", "placement_la", "distance_miles"])
    return placement


def _located(provider, details: dict) -> dict:
    """The placement's details with its LA (PL_LA) and distance from home (PL_DISTANCE)
    worked out from the postcodes (``geography``), unless given. A provider registered as
    confidential (CON) stays so; where the postcode is unknown, the provider's LA is used."""
    where = geography.locate(details.get("postcode", ""), details.get("home_postcode", ""))
    if provider.local_authority == "CON":
        la = "CON"
    else:
        la = where.placement_la or provider.local_authority
    return {"placement_la": la, "distance_miles": where.distance_miles, **details}


def placement_problems(placement_postcode: str, home_postcode: str) -> list[str]:
    """Why the LA of placement or the distance from home could not be worked out, if so."""
    return geography.locate(placement_postcode, home_postcode).problems


def _new_episode(child, period, placement, *, actor, start, rne, legal_status,
                 category_of_need, placement_type) -> Episode:
    episode = Episode.objects.create(
        child=child, period=period, placement=placement, start_date=start,
        reason_new_episode=rne, legal_status=legal_status, category_of_need=category_of_need,
        placement_type=placement_type, recorded_by=actor)
    _audit(actor, episode, child.pk, ["start_date", "reason_new_episode", "legal_status",
                                      "placement_type"])
    return episode


@transaction.atomic
def start_period_of_care(child, *, actor, start_date, legal_status, category_of_need,
                         placement_type, provider, placement_details=None) -> PeriodOfCare:
    """The child becomes looked after: a period of care, a placement and episode RNE S."""
    _refuse_if(rules.check_new_period(child, start_date) + rules.check_placement(
        child, start_date, legal_status, placement_type, provider.provider_code,
        starts_period=True))
    period = PeriodOfCare.objects.create(child=child, start_date=start_date, recorded_by=actor)
    _audit(actor, period, child.pk, ["start_date"])
    placement = _new_placement(child, period, actor=actor, start=start_date, provider=provider,
                               details=placement_details or {})
    _new_episode(child, period, placement, actor=actor, start=start_date, rne="S",
                 legal_status=legal_status, category_of_need=category_of_need,
                 placement_type=placement_type)
    deadlines.recompute_child(child)
    return period


def current_episode(period: PeriodOfCare) -> Episode:
    episode = period.episodes.filter(end_date__isnull=True).select_related("placement").first()
    if episode is None:
        raise RuleViolation([("", "This period of care has no open episode")])
    return episode


def _end_episode(episode, *, actor, end_date, reason, reason_placement_change=""):
    episode.end_date, episode.reason_ceased = end_date, reason
    episode.reason_placement_change = reason_placement_change
    episode.save(update_fields=["end_date", "reason_ceased", "reason_placement_change"])
    _audit(actor, episode, episode.child_id,
           ["end_date", "reason_ceased", "reason_placement_change"], AuditAction.UPDATE)


@transaction.atomic
def change_legal_status(period, *, actor, change_date, legal_status) -> Episode:
    """A new legal status, same placement: the episode ends X1 and RNE L starts that day."""
    episode = current_episode(period)
    child = period.child
    _refuse_if(rules.check_change(episode, change_date) + rules.check_placement(
        child, change_date, legal_status, episode.placement_type,
        episode.placement.provider.provider_code, starts_period=False))
    _end_episode(episode, actor=actor, end_date=change_date, reason="X1")
    new = _new_episode(child, period, episode.placement, actor=actor, start=change_date,
                       rne="L", legal_status=legal_status,
                       category_of_need=episode.category_of_need,
                       placement_type=episode.placement_type)
    deadlines.recompute_child(child)
    return new


@transaction.atomic
def change_placement(period, *, actor, change_date, provider, placement_type,
                     reason_placement_change, same_carer=False, legal_status=None,
                     placement_details=None) -> Episode:
    """A move: the episode ends X1 with its reason for change, and the next starts that day.

    RNE follows what changed: P (placement and carer), T (placement, same carer), B (legal
    status and placement and carer) or U (legal status and placement, same carer); a return
    from a temporary placement is P (rule 383). Moves into or out of a temporary placement
    carry no reason for change (rule 226).
    """
    episode = current_episode(period)
    child, details = period.child, dict(placement_details or {})
    # The distance is from the child's home when they came into care, unless a new one is given.
    details["home_postcode"] = (details.get("home_postcode")
                                or episode.placement.home_postcode)
    new_status = legal_status or episode.legal_status
    status_changed = new_status != episode.legal_status
    problems = rules.check_change(episode, change_date) + rules.check_placement(
        child, change_date, new_status, placement_type, provider.provider_code,
        starts_period=False)
    if episode.placement_type in rules.TEMPORARY_PLACEMENTS:
        problems += rules.check_return(_episode_before(episode), placement_type,
                                       details.get("postcode", ""), status_changed)
    needs_reason = rules.needs_reason_for_change(episode.placement_type, placement_type)
    if needs_reason and not reason_placement_change:
        problems.append(("reason_placement_change", "Select the reason for the placement "
                         "change (SSDA903 rule 225)"))
    _refuse_if(problems)
    _end_episode(episode, actor=actor, end_date=change_date, reason="X1",
                 reason_placement_change=reason_placement_change if needs_reason else "")
    old = episode.placement
    old.end_date = change_date
    old.save(update_fields=["end_date"])
    placement = _new_placement(child, period, actor=actor, start=change_date, provider=provider,
                               details=details)
    rne = rules.reason_for_move(episode.placement_type, status_changed, same_carer)
    new = _new_episode(child, period, placement, actor=actor, start=change_date, rne=rne,
                       legal_status=new_status, category_of_need=episode.category_of_need,
                       placement_type=placement_type)
    deadlines.recompute_child(child)
    return new


def _episode_before(episode: Episode) -> Episode | None:
    """The episode that ended the day ``episode`` started (X1), if any."""
    return (Episode.objects.filter(period_id=episode.period_id, end_date=episode.start_date)
            .exclude(pk=episode.pk).select_related("placement").order_by("-start_date", "-pk")
            .first())


@transaction.atomic
def cease_care(period, *, actor, end_date, reason_ceased) -> PeriodOfCare:
    """The child stops being looked after: the last episode ends with its REC."""
    episode = current_episode(period)
    child = period.child
    _refuse_if(rules.check_ceasing(child, episode, end_date, reason_ceased))
    open_missing = child.missing_episodes.filter(end_date__isnull=True).exists()
    if open_missing and reason_ceased != "E8":
        raise RuleViolation([("reason_ceased", "The child is recorded as missing, so care "
                              "ends with E8 (SSDA903 rule 580)")])
    _end_episode(episode, actor=actor, end_date=end_date, reason=reason_ceased)
    placement = episode.placement
    placement.end_date = end_date
    placement.save(update_fields=["end_date"])
    period.end_date = end_date
    period.save(update_fields=["end_date"])
    _audit(actor, period, child.pk, ["end_date"], AuditAction.UPDATE)
    deadlines.recompute_child(child)
    return period


def _record(model, *, actor, subject, problems, fields, **values):
    """Create a row of the child's (the ``subject``'s) history, audited, deadlines redone."""
    _refuse_if(problems)
    obj = model.objects.create(recorded_by=actor, **values)
    _audit(actor, obj, subject.pk, fields)
    deadlines.recompute_child(subject)
    return obj


@transaction.atomic
def record_review(period, *, actor, review_date, participation, iro=None, decisions=""):
    return _record(Review, actor=actor, subject=period.child,
                   problems=rules.check_review(period, period.child, review_date, participation),
                   fields=["review_date", "participation"], period=period,
                   review_date=review_date, participation=participation, iro=iro,
                   decisions=decisions)


@transaction.atomic
def record_statutory_visit(period, *, actor, visit_date, child_seen, child_seen_alone,
                           notes=""):
    return _record(StatutoryVisit, actor=actor, subject=period.child,
                   problems=rules.within_period(period, visit_date, "visit_date", "visit date"),
                   fields=["visit_date", "child_seen", "child_seen_alone"], period=period,
                   visit_date=visit_date, child_seen=child_seen,
                   child_seen_alone=child_seen_alone, notes=notes)


@transaction.atomic
def request_visit(period, *, actor, requested_date, reason, notes="") -> VisitRequest:
    """Record that an extra statutory visit is needed (CPPCR reg 28): the child or carer
    asked for one, or the authority was told the placement is at risk of disruption. The
    visit then falls due under ``lac_visit_requested``."""
    return _record(VisitRequest, actor=actor, subject=period.child,
                   problems=rules.within_period(period, requested_date, "requested_date",
                                                "date"),
                   fields=["requested_date", "reason"], period=period,
                   requested_date=requested_date, reason=reason, notes=notes)


@transaction.atomic
def allocate_iro(period, *, actor, iro, start_date):
    return _record(IROAllocation, actor=actor, subject=period.child,
                   problems=rules.within_period(period, start_date, "start_date", "start date"),
                   fields=["iro", "start_date"], period=period, iro=iro, start_date=start_date)


@transaction.atomic
def record_care_plan(period, *, actor, plan_date, permanence_plan=""):
    return _record(CarePlan, actor=actor, subject=period.child,
                   problems=rules.within_period(period, plan_date, "plan_date", "plan date"),
                   fields=["plan_date", "permanence_plan"], period=period, plan_date=plan_date,
                   permanence_plan=permanence_plan)


@transaction.atomic
def record_placement_plan(placement, *, actor, plan_date):
    return _record(PlacementPlan, actor=actor, subject=placement.child,
                   problems=rules.within_period(placement.period, plan_date, "plan_date",
                                                "plan date"),
                   fields=["plan_date"], placement=placement, plan_date=plan_date)


@transaction.atomic
def record_health_assessment(child, *, actor, kind, assessment_date):
    return _record(HealthAssessment, actor=actor, subject=child,
                   problems=rules.not_in_future("assessment_date", assessment_date,
                                                "assessment date"),
                   fields=["kind", "assessment_date"], child=child, kind=kind,
                   assessment_date=assessment_date)


@transaction.atomic
def record_health_check(child, *, actor, kind, check_date):
    return _record(HealthCheck, actor=actor, subject=child,
                   problems=rules.not_in_future("check_date", check_date, "date"),
                   fields=["kind", "check_date"], child=child, kind=kind, check_date=check_date)


@transaction.atomic
def record_sdq(child, *, actor, sdq_date, score=None, reason=""):
    problems = rules.not_in_future("sdq_date", sdq_date, "date")
    if (score is None) == (not reason):
        problems.append(("score", "Enter a score from 0 to 40, or the reason there is none"))
    if score is not None and not 0 <= score <= 40:
        problems.append(("score", "An SDQ score is from 0 to 40"))
    return _record(SDQ, actor=actor, subject=child, problems=problems,
                   fields=["sdq_date", "score", "reason"], child=child, sdq_date=sdq_date,
                   score=score, reason=reason)


@transaction.atomic
def record_pep(child, *, actor, pep_date, school="", virtual_school_contact=""):
    return _record(PersonalEducationPlan, actor=actor, subject=child,
                   problems=rules.not_in_future("pep_date", pep_date, "date of the plan"),
                   fields=["pep_date", "school"], child=child, pep_date=pep_date, school=school,
                   virtual_school_contact=virtual_school_contact)


@transaction.atomic
def record_missing(child, *, actor, kind, start_date, end_date=None,
                   return_interview_offered=None, return_interview_accepted=None):
    others = child.missing_episodes.all()
    return _record(MissingEpisode, actor=actor, subject=child,
                   problems=rules.check_missing(child, kind, start_date, end_date, others),
                   fields=["kind", "start_date", "end_date"], child=child, kind=kind,
                   start_date=start_date, end_date=end_date,
                   return_interview_offered=return_interview_offered,
                   return_interview_accepted=return_interview_accepted)


@transaction.atomic
def record_return(episode: MissingEpisode, *, actor, end_date, return_interview_offered=None,
                  return_interview_accepted=None):
    """The child is back: close the missing episode and record the return interview offer."""
    others = episode.child.missing_episodes.exclude(pk=episode.pk)
    _refuse_if(rules.check_missing(episode.child, episode.kind, episode.start_date, end_date,
                                   others))
    episode.end_date = end_date
    episode.return_interview_offered = return_interview_offered
    episode.return_interview_accepted = return_interview_accepted
    episode.save(update_fields=["end_date", "return_interview_offered",
                                "return_interview_accepted"])
    _audit(actor, episode, episode.child_id, ["end_date", "return_interview_offered"],
           AuditAction.UPDATE)
    deadlines.recompute_child(episode.child)
    return episode


@transaction.atomic
def record_uasc(child, *, actor, start_date, ceased_date=None):
    return _record(UASCStatus, actor=actor, subject=child,
                   problems=rules.not_in_future("start_date", start_date, "date"),
                   fields=["start_date", "ceased_date"], child=child, start_date=start_date,
                   ceased_date=ceased_date)


ADOPTION_FIELDS = ["decision_date", "placement_order_date", "matched_date", "placed_date",
                   "adoption_order_date", "reversed_date", "reversal_reason",
                   "foster_carer_adopting", "number_of_adopters", "adopters_sex",
                   "adopters_legal_status"]


@transaction.atomic
def record_adoption(child, *, actor, adoption=None, **values) -> Adoption:
    """Record or update the adoption milestones; each date must follow the one before."""
    order = ["decision_date", "placement_order_date", "matched_date", "placed_date",
             "adoption_order_date"]
    dated = [(f, values.get(f)) for f in order if values.get(f)]
    problems = [p for f, d in dated for p in rules.not_in_future(f, d, f.replace("_", " "))]
    for (earlier, a), (later, b) in zip(dated, dated[1:], strict=False):
        if b < a:
            problems.append((later, f"The {later.replace('_', ' ')} cannot be before the "
                             f"{earlier.replace('_', ' ')}"))
    if values.get("reversed_date") and not values.get("reversal_reason"):
        problems.append(("reversal_reason", "Select why the child should no longer be placed"))
    _refuse_if(problems)
    if adoption is None:
        adoption = Adoption.objects.create(child=child, recorded_by=actor, **values)
        _audit(actor, adoption, child.pk, list(values))
        return adoption
    changes = {f: [_plain(getattr(adoption, f)), _plain(v)] for f, v in values.items()
               if getattr(adoption, f) != v}
    for field, value in values.items():
        setattr(adoption, field, value)
    adoption.save()
    audit.record(actor, AuditAction.UPDATE, obj=adoption, child_id=child.pk, changes=changes)
    return adoption


@transaction.atomic
def record_previous_permanence(child, *, actor, kind, local_authority="", order_date=""):
    permanence, _ = PreviousPermanence.objects.update_or_create(
        child=child, defaults={"kind": kind, "local_authority": local_authority,
                               "order_date": order_date, "recorded_by": actor})
    _audit(actor, permanence, child.pk, ["kind", "local_authority", "order_date"])
    return permanence
