"""The signed-in user's worklist at /api/v1/worklist/: the same items as "My work"."""

import datetime
from typing import Literal

from ninja import Router, Schema

from . import access, queries

router = Router(tags=["worklist"])


class WorklistItem(Schema):
    child_id: int
    what: str
    rule: str
    due_date: datetime.date
    status: Literal["on track", "due soon", "overdue"]
    referral_id: int | None


@router.get("/", response=list[WorklistItem], url_name="worklist",
            summary="What is due on the signed-in user's own cases, soonest first")
def worklist(request):
    access.require_caseholder(request.user)
    return [{"child_id": item.child.pk, "what": item.what, "rule": item.rule,
             "due_date": item.due_date, "status": item.status.value,
             "referral_id": item.referral_id}
            for item in queries.worklist(request.user)]
