"""The last check that every open case in the demo is open to the service.

The generator draws which cases are open before the journeys and care are walked, and
those make every open case's episode open or the child looked after or a care leaver.
A few cases still end up with nothing open (a child in the care team who turns 18 before
the collection year ends is not placed, say): their allocation ends here, on the day the
child's last episode or period of care ended, as ``casework.actions.decide_closure``
would have ended it.
"""

import datetime

from django.db.models import Exists, Max, OuterRef

from opencsc.care_leavers.models import PersonalAdviser
from opencsc.casework.models import Referral
from opencsc.looked_after.models import PeriodOfCare
from opencsc.people.models import Allocation


def unheld(child_ids):
    """The current allocations, among these children's (a range of keys: a hundred
    thousand is too many parameters for SQLite), of a child nothing keeps open."""
    child = OuterRef("child_id")
    if not child_ids:
        return Allocation.objects.none()
    keys = {"child_id__gte": min(child_ids), "child_id__lte": max(child_ids)}
    return (Allocation.objects.filter(end_date__isnull=True, **keys)
            .exclude(Exists(Referral.objects.filter(child=child, closure_date__isnull=True,
                                                    nfa=False)))
            .exclude(Exists(PeriodOfCare.objects.filter(child=child, end_date__isnull=True)))
            .exclude(Exists(PersonalAdviser.objects.filter(child=child,
                                                           end_date__isnull=True))))


def end_unheld(child_ids, today: datetime.date) -> int:
    """End each such allocation on the day its child's last episode or care ended (or the
    day it began, if later; today at the latest). Returns how many were ended."""
    held = list(unheld(child_ids).order_by("pk"))
    ids = [a.child_id for a in held]
    ended = dict(Referral.objects.filter(child_id__in=ids).values_list("child_id")
                 .annotate(Max("closure_date")).order_by())
    for child, day in PeriodOfCare.objects.filter(child_id__in=ids).values_list(
            "child_id").annotate(Max("end_date")).order_by():
        ended[child] = max(filter(None, [day, ended.get(child)]), default=None)
    for allocation in held:
        last = ended.get(allocation.child_id) or allocation.start_date
        allocation.end_date = min(today, max(last, allocation.start_date))
    Allocation.objects.bulk_update(held, ["end_date"], batch_size=2000)
    return len(held)
