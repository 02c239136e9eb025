"""Entry rules between the steps of the journey, checked before anything is saved.

Each check returns a list of problems (field, message). Where a DfE CIN census
validation rule says the same thing, the message cites it, so that what is refused at
entry is what the census would later reject.
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from opencsc.care_leavers.models import PersonalAdviser
from opencsc.looked_after.models import PeriodOfCare

from .models import Referral

Problems = list[tuple[str, str]]


def _today() -> datetime.date:
    return timezone.localdate()


def not_in_future(field: str, value: datetime.date | None, label: str) -> Problems:
    if value and value > _today():
        return [(field, f"The {label} must be today or in the past")]
    return []


def not_before_referral(field: str, value, referral: Referral, label: str, rule: str) -> Problems:
    if value and value < referral.referral_date:
        return [(field, f"The {label} cannot be before the referral date "
                        f"({referral.referral_date:%-d %B %Y}) (CIN rule {rule})")]
    return []


def episode_takes_activity(referral: Referral) -> Problems:
    if referral.nfa:
        return [("", "This referral was closed with no further action, so nothing more can be "
                     "recorded on it (CIN rule 8831). Record a new referral instead")]
    if not referral.is_open:
        return [("", "This episode is closed, so nothing more can be recorded on it "
                     "(CIN rule 8565)")]
    return []


def check_new_referral(child, referral_date) -> Problems:
    problems = not_in_future("referral_date", referral_date, "referral date")
    open_episode = child.referrals.filter(closure_date__isnull=True, nfa=False).first()
    if open_episode:
        problems.append(("", "This child already has an open episode from "
                             f"{open_episode.referral_date:%-d %B %Y}. A child can have only one "
                             "open episode at a time (CIN rule 8815)"))
    last = child.referrals.exclude(closure_date__isnull=True).order_by("-closure_date").first()
    if referral_date and last and last.closure_date >= referral_date and not last.nfa:
        problems.append(("referral_date", "The referral date must be after the last episode "
                         f"closed on {last.closure_date:%-d %B %Y}: episodes cannot overlap "
                         "(CIN rule 8820)"))
    return problems


def check_assessment_start(referral: Referral, start) -> Problems:
    problems = episode_takes_activity(referral)
    problems += not_in_future("start_date", start, "assessment start date")
    problems += not_before_referral("start_date", start, referral, "assessment start date", "1103")
    if any(a.authorisation_date is None for a in referral.assessments.all()):
        problems.append(("start_date", "Another assessment is still open on this episode. "
                         "Complete it first (CIN rule 8896)"))
    return problems


def check_assessment_completion(assessment, data: dict) -> Problems:
    problems = not_in_future("completed_date", data.get("completed_date"), "completion date")
    done = data.get("completed_date")
    if done and done < assessment.start_date:
        problems.append(("completed_date", "The assessment cannot end before it started "
                         "(CIN rule 8608)"))
    factors = data.get("factors") or []
    if not factors:
        problems.append(("factors", "Select the factors identified at assessment, or ‘No "
                         "factors identified’ (CIN rule 8897Q)"))
    if "21" in factors and len(factors) > 1:
        problems.append(("factors", "‘No factors identified’ cannot be chosen with other "
                         "factors (CIN rule 8869)"))
    if not data.get("primary_need"):
        problems.append(("primary_need", "Select the child's primary need (CIN rule 8610)"))
    if not data.get("outcome"):
        problems.append(("outcome", "Select the outcome of the assessment"))
    return problems


def check_authorisation(assessment, authorisation_date) -> Problems:
    if assessment.completed_date is None:
        return [("", "The social worker has not yet completed this assessment")]
    problems = not_in_future("authorisation_date", authorisation_date, "authorisation date")
    if authorisation_date and authorisation_date < assessment.start_date:
        problems.append(("authorisation_date", "Authorisation cannot be before the assessment "
                         "started (CIN rule 8608)"))
    return problems


def check_strategy(referral: Referral, discussion_date, decision) -> Problems:
    problems = episode_takes_activity(referral)
    problems += not_in_future("discussion_date", discussion_date, "date of the discussion")
    problems += not_before_referral("discussion_date", discussion_date, referral,
                                    "strategy discussion", "2889")
    if decision == "s47" and any(
        s.end_date is None and not hasattr(s, "conference") for s in referral.section47s.all()
    ):
        problems.append(("decision", "A section 47 enquiry is already open on this episode "
                         "(CIN rule 8839)"))
    return problems


def check_section47_conclusion(section47, end_date, outcome) -> Problems:
    problems = not_in_future("end_date", end_date, "date the enquiry ended")
    if end_date and end_date < section47.start_date:
        problems.append(("end_date", "The enquiry cannot end before it started"))
    return problems


def check_conference(referral: Referral, section47, conference_date) -> Problems:
    problems = episode_takes_activity(referral)
    problems += not_in_future("conference_date", conference_date, "conference date")
    problems += not_before_referral("conference_date", conference_date, referral,
                                    "conference date", "1104")
    if conference_date and conference_date.weekday() >= 5:
        problems.append(("conference_date", "A conference cannot be held on a Saturday or "
                         "Sunday (CIN rule 8875)"))
    if section47 and conference_date and conference_date < section47.start_date:
        problems.append(("conference_date", "The conference cannot be before the section 47 "
                         "enquiry started (CIN rule 8615)"))
    if section47 and section47.icpc_not_required:
        problems.append(("", "The section 47 enquiry concluded that no conference was needed"))
    return problems


def check_new_cp_plan(referral: Referral, start) -> Problems:
    """A plan starts only from a conference (CIN rule 2885) and never alongside another."""
    problems = []
    if any(p.end_date is None for p in referral.child_cp_plans()):
        problems.append(("", "This child already has an open child protection plan "
                             "(CIN rule 8935)"))
    if any(p.end_date is None or p.end_date > start for p in referral.cin_plans.all()):
        problems.append(("", "End the child in need plan before the child protection plan "
                             "starts: the two cannot run at the same time (CIN rule 4001)"))
    return problems


def check_new_cin_plan(referral: Referral, start) -> Problems:
    problems = episode_takes_activity(referral)
    problems += not_in_future("start_date", start, "plan start date")
    problems += not_before_referral("start_date", start, referral, "plan start date", "4015")
    if any(p.end_date is None for p in referral.cin_plans.all()):
        problems.append(("start_date", "This child already has an open child in need plan "
                         "(CIN rule 4004)"))
    if any(p.end_date is None or (start and p.end_date > start)
           for p in referral.child_cp_plans()):
        problems.append(("start_date", "A child in need plan cannot run at the same time as a "
                         "child protection plan (CIN rule 4001)"))
    return problems


def check_plan_event(plan, event_date, field: str, label: str) -> Problems:
    problems = not_in_future(field, event_date, label)
    if event_date and event_date <= plan.start_date and field == "review_date":
        problems.append((field, "A review conference must be after the plan started "
                                "(CIN rule 8841)"))
    if event_date and event_date < plan.start_date:
        problems.append((field, f"The {label} cannot be before the plan started"))
    if plan.end_date is not None:
        problems.append(("", "This plan has ended"))
    return problems


def check_plan_end(plan, end_date) -> Problems:
    problems = not_in_future("end_date", end_date, "end date")
    if end_date and end_date <= plan.start_date:
        problems.append(("end_date", "A plan must end after the day it started "
                                     "(CIN rules 8840 and 4011)"))
    return problems


def check_closure(referral: Referral, closure_date, reason) -> Problems:
    problems = not_in_future("closure_date", closure_date, "closure date")
    if not reason:
        problems.append(("reason", "Select the reason for closure: a case cannot be closed "
                                   "without one (CIN rule 8805)"))
    if closure_date and closure_date < referral.referral_date:
        problems.append(("closure_date", "The closure date cannot be before the referral date "
                                         "(CIN rule 8630)"))
    if any(a.authorisation_date is None for a in referral.assessments.all()):
        problems.append(("", "An assessment on this episode has not been authorised "
                             "(CIN rule 8867)"))
    if any(s.end_date is None and not s.icpc_not_required and not hasattr(s, "conference")
           for s in referral.section47s.all()):
        problems.append(("", "A section 47 enquiry has no conference and is not marked as not "
                             "needing one (CIN rule 8868)"))
    if any(p.end_date is None for p in referral.cp_plans.all()):
        problems.append(("", "End the child protection plan before closing the episode"))
    if any(p.end_date is None for p in referral.cin_plans.all()):
        problems.append(("", "End the child in need plan before closing the episode"))
    if reason in ("RC8", "RC9") and not referral.assessments.exists():
        problems.append(("reason", "RC8 and RC9 mean the case closed after an assessment, "
                                   "but there is no assessment on this episode (CIN rule 8825Q)"))
    latest = latest_activity(referral)
    if closure_date and latest and closure_date < latest:
        problems.append(("closure_date", f"The closure date cannot be before the last activity "
                         f"on the episode ({latest:%-d %B %Y}) (CIN rule 8565)"))
    return problems


def check_sign_off(closure, actor) -> Problems:
    """Four eyes: whoever asked to close an episode cannot be the one who signs it off."""
    if closure.requested_by_id == actor.pk:
        return [("decision", "You asked for this closure, so another manager must sign it off. "
                             "You can decline it to withdraw your request")]
    return []


def still_open_to_the_service(referral: Referral) -> list[str]:
    """Why the child stays open to children's social care once this episode closes: looked
    after, a care leaver with a personal adviser, or another open episode. Empty when the
    closure ends the case, and with it the child's allocation."""
    child, today = referral.child_id, _today()
    reasons = []
    if PeriodOfCare.objects.filter(child_id=child, end_date__isnull=True).exists():
        reasons.append("looked after")
    if PersonalAdviser.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today),
                                      child_id=child).exists():
        reasons.append("a care leaver with a personal adviser")
    if Referral.objects.filter(child_id=child, closure_date__isnull=True, nfa=False).exclude(
            pk=referral.pk).exists():
        reasons.append("another open episode")
    return reasons


def latest_activity(referral: Referral):
    dates = [a.authorisation_date or a.start_date for a in referral.assessments.all()]
    dates += [s.discussion_date for s in referral.strategy_discussions.all()]
    dates += [p.end_date or p.start_date for p in referral.cp_plans.all()]
    dates += [p.end_date or p.start_date for p in referral.cin_plans.all()]
    dates += [c.conference_date for c in referral.initial_conferences.all()]
    return max([d for d in dates if d], default=None)
