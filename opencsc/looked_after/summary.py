"""The child's care at a glance, for the child's record page: one query, whatever the
length of the history. The child must already have been opened through the access layer."""

import datetime

from opencsc.care_leavers.status import Span, Status, status_on
from opencsc.codes.ssda903 import LEGAL_STATUS, PLACEMENT_TYPE

from .models import Episode


def for_child(child, today: datetime.date) -> dict:
    episodes = list(Episode.objects.filter(child=child).select_related("placement__provider")
                    .order_by("start_date", "pk"))
    if not episodes:
        return {"ever_looked_after": False, "leaver_status": ""}
    latest = episodes[-1]
    spans = [Span(e.start_date, e.end_date, e.legal_status) for e in episodes]
    looked_after = latest.end_date is None
    starts = [e.start_date for e in episodes if e.reason_new_episode == "S"]
    status = status_on(child.date_of_birth, spans, today)
    return {
        "ever_looked_after": True,
        "looked_after": looked_after,
        "since": starts[-1] if starts else episodes[0].start_date,
        "ended": None if looked_after else latest.end_date,
        "legal_status": f"{LEGAL_STATUS.label(latest.legal_status)} ({latest.legal_status})",
        "placement": f"{PLACEMENT_TYPE.label(latest.placement_type)} "
                     f"({latest.placement_type})",
        "provider": latest.placement.provider.name,
        "periods": len(starts),
        "leaver_status": "" if status == Status.NONE else status.value,
    }
