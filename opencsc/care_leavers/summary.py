"""What the leaving-care page shows: the status derived from the care history, explained in
plain words, the support recorded, and the timescales. A fixed number of queries; the
child must already have been opened through ``opencsc.people.access``."""

import datetime
from dataclasses import dataclass

from django.urls import reverse

from opencsc.casework.models import Deadline
from opencsc.looked_after.rules import age_on
from opencsc.looked_after.timescales import split_timescales, timescales

from .deadlines import CARE_LEAVER_RULES
from .status import SHORT_BREAKS, THIRTEEN_WEEKS, Status, birthday, spans_for, status_on
from .status import _time_looked_after as time_looked_after  # the 13-week test's own sum

# Children Act 1989 and the Children (Leaving Care) Act 2000, in plain words
# (shared/domain/reference.md section 1.4).
DEFINITIONS = {
    Status.ELIGIBLE: "Aged 16 or 17 and still looked after, having been looked after for at "
                     "least 13 weeks in total since the age of 14, some of it after their "
                     "16th birthday. They have a personal adviser, a needs assessment and a "
                     "pathway plan.",
    Status.RELEVANT: "Aged 16 or 17, no longer looked after, and an eligible child before "
                     "leaving care. The council supports and accommodates them, with a "
                     "personal adviser and a pathway plan.",
    Status.FORMER_RELEVANT: "Aged 18 or over, and a relevant child before that, or an eligible "
                            "child when care ended at 18. Support continues to 21, or to 25 "
                            "if they are in education or training or ask for it.",
    Status.QUALIFYING: "Aged 16 to 25 and looked after on or after their 16th birthday, "
                       "without meeting the 13-week test. They are entitled to advice and "
                       "assistance.",
}


@dataclass(frozen=True)
class Facts:
    """The facts the status is derived from, so a worker can check it."""

    age: int | None
    weeks_since_fourteen: int
    looked_after_now: bool
    left_care: datetime.date | None
    sixteenth: datetime.date | None
    twenty_first: datetime.date | None


def _facts(child, spans, today) -> Facts:
    born = child.date_of_birth
    counted = [s for s in spans if s.legal_status not in SHORT_BREAKS]
    now = any(s.start <= today and (s.end is None or s.end > today) for s in counted)
    weeks = time_looked_after(counted, birthday(born, 14), today) if born else None
    return Facts(age=age_on(born, today),
                 weeks_since_fourteen=(weeks // datetime.timedelta(weeks=1)) if weeks else 0,
                 looked_after_now=now,
                 left_care=None if now else max((s.end for s in counted if s.end), default=None),
                 sixteenth=birthday(born, 16) if born else None,
                 twenty_first=birthday(born, 21) if born else None)


def not_a_care_leaver(child, spans, today) -> str:
    """Why the child has no care-leaver status, in plain words."""
    age = age_on(child.date_of_birth, today)
    if not spans:
        return "Never looked after, so not a care leaver."
    if age is None or age < 16:
        return "Care-leaver status starts at 16."
    if age >= 25:
        return "Care-leaver support ends at 25."
    return "Not looked after on or after their 16th birthday, so not a care leaver."


def leaving_care_context(child, today: datetime.date) -> dict:
    spans = spans_for(child)
    status = status_on(child.date_of_birth, spans, today)
    return {
        "status": status.value,
        "definition": DEFINITIONS.get(status, "") or not_a_care_leaver(child, spans, today),
        "facts": _facts(child, spans, today),
        "thirteen_weeks": THIRTEEN_WEEKS.days // 7,
        "needs_assessments": list(child.needs_assessments.order_by("-assessment_date")),
        "pathway_plans": list(child.pathway_plans.order_by("-plan_date", "-pk")),
        "advisers": list(child.personal_advisers.select_related("adviser")
                         .order_by("-start_date", "-pk")),
        "contacts": [(c, age_on(child.date_of_birth, c.contact_date))
                     for c in child.keep_in_touch.order_by("-contact_date", "-pk")],
        "staying_put": list(child.staying_put.order_by("-start_date")),
        **split_timescales(timescales(
            Deadline.objects.filter(child=child, rule__in=CARE_LEAVER_RULES), today,
            _links(child))),
    }


def _links(child) -> dict[str, str]:
    pages = {"needs_assessment": "needs_assessment_new",
             "pathway_plan_review": "pathway_plan_new", "keep_in_touch": "keep_in_touch_new"}
    return {rule: reverse(f"care_leavers:{name}", args=[child.pk])
            for rule, name in pages.items()}
