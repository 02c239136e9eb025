"""Recording care-leaver support: each action audits in its own transaction."""

from django.db import transaction

from opencsc.casework.actions import RuleViolation
from opencsc.codes.ssda903 import IN_TOUCH
from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.looked_after.deadlines import recompute_child
from opencsc.looked_after.rules import age_on, not_in_future

from .models import KeepInTouch, NeedsAssessment, PathwayPlan, PersonalAdviser, StayingPut


def _create(model, actor, child, fields, problems=(), **values):
    if problems:
        raise RuleViolation(list(problems))
    obj = model.objects.create(child=child, recorded_by=actor, **values)
    changes = {f: [None, str(getattr(obj, f))] for f in fields}
    audit.record(actor, AuditAction.CREATE, obj=obj, child_id=child.pk, changes=changes)
    recompute_child(child)
    return obj


@transaction.atomic
def record_needs_assessment(child, *, actor, assessment_date):
    return _create(NeedsAssessment, actor, child, ["assessment_date"],
                   not_in_future("assessment_date", assessment_date, "date"),
                   assessment_date=assessment_date)


@transaction.atomic
def record_pathway_plan(child, *, actor, plan_date, is_review=False, summary=""):
    return _create(PathwayPlan, actor, child, ["plan_date", "is_review"],
                   not_in_future("plan_date", plan_date, "date"), plan_date=plan_date,
                   is_review=is_review, summary=summary)


@transaction.atomic
def appoint_personal_adviser(child, *, actor, adviser, start_date):
    for current in child.personal_advisers.filter(end_date__isnull=True):
        current.end_date = start_date
        current.save(update_fields=["end_date"])
    return _create(PersonalAdviser, actor, child, ["adviser", "start_date"],
                   not_in_future("start_date", start_date, "date"), adviser=adviser,
                   start_date=start_date)


@transaction.atomic
def record_keep_in_touch(child, *, actor, contact_date, in_touch, activity="",
                         accommodation="", accommodation_suitable=None):
    problems = not_in_future("contact_date", contact_date, "date of contact")
    if not IN_TOUCH.is_valid(in_touch):
        problems.append(("in_touch", "Say whether you are in touch with the young person"))
    if in_touch == "YES" and (not activity or not accommodation):
        problems.append(("activity", "When in touch, record their activity and accommodation"))
    age = age_on(child.date_of_birth, contact_date) if contact_date else None
    if accommodation == "Z" and age is not None and age < 18:
        problems.append(("accommodation", "‘With former foster carers’ (Z) is for 18 and over; "
                         "at 17 the young person is still a foster child (SSDA903 rule 3001)"))
    return _create(KeepInTouch, actor, child, ["contact_date", "in_touch", "activity",
                                               "accommodation"], problems,
                   contact_date=contact_date, in_touch=in_touch, activity=activity,
                   accommodation=accommodation, accommodation_suitable=accommodation_suitable)


@transaction.atomic
def start_staying_put(child, *, actor, carer_name, start_date):
    age = age_on(child.date_of_birth, start_date) if start_date else None
    problems = not_in_future("start_date", start_date, "date")
    if age is not None and age < 18:
        problems.append(("start_date", "Staying Put starts at 18"))
    return _create(StayingPut, actor, child, ["carer_name", "start_date"], problems,
                   carer_name=carer_name, start_date=start_date)
