"""Care-leaver deadlines, computed from the derived status and the support recorded.
Pure; called by the looked-after recomputation so one pass covers the whole history."""

import datetime

from opencsc.casework.models import Deadline
from opencsc.casework.timescales import RULES
from opencsc.core.working_days import CALENDAR_VERSION

from .status import THIRTEEN_WEEKS, Span, Status, birthday, status_on

CARE_LEAVER_RULES = ["needs_assessment", "pathway_plan_review", "keep_in_touch"]
IN_TOUCH_WINDOW_BEFORE = datetime.timedelta(days=92)


def _row(child, code, instance, basis, met=None) -> Deadline:
    return Deadline(child_id=child.pk, rule=code, instance=instance, basis_date=basis,
                    due_date=RULES[code].due(basis), met_date=met,
                    calendar_version=CALENDAR_VERSION)


def deadlines_for_care_leaver(child, spans: list[Span], today, needs, plans,
                              contacts) -> list[Deadline]:
    born = child.date_of_birth
    status = status_on(born, spans, today)
    if status in (Status.NONE, Status.QUALIFYING):
        return []
    rows = []
    became_eligible = max(birthday(born, 16), min(s.start for s in spans) + THIRTEEN_WEEKS)
    met = min((d for d in needs if d >= became_eligible), default=None)
    rows.append(_row(child, "needs_assessment", f"child:{child.pk}:needs", became_eligible, met))
    if plans:
        rows.append(_row(child, "pathway_plan_review", f"child:{child.pk}:pathway",
                         max(plans)))
    rows += _birthdays(child, born, today, contacts)
    return rows


def _birthdays(child, born, today, contacts) -> list[Deadline]:
    rows = []
    for age in range(17, 22):
        day = birthday(born, age)
        if day - IN_TOUCH_WINDOW_BEFORE > today:
            break
        window_end = RULES["keep_in_touch"].due(day)
        met = min((c for c in contacts if day - IN_TOUCH_WINDOW_BEFORE <= c <= window_end),
                  default=None)
        if met or window_end >= today - datetime.timedelta(days=365):
            rows.append(_row(child, "keep_in_touch", f"child:{child.pk}:birthday:{age}", day,
                             met))
    return rows
