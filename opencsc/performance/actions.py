"""The only way to change the performance app's state: setting a target (audited)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from opencsc.core import audit
from opencsc.core.models import AuditAction

from .access import may_set_targets
from .catalogue import BY_CODE
from .models import Target


def set_target(measure: str, from_date: datetime.date, value: Decimal, *, actor,
               note: str = "") -> Target:
    """Set a measure's target from a date; earlier targets still apply before it."""
    if not may_set_targets(actor):
        raise PermissionDenied("Only a head of service or an analyst sets targets.")
    if measure not in BY_CODE:
        raise ValueError(f"No measure {measure!r} in the catalogue")
    with transaction.atomic():
        target = Target.objects.create(measure=measure, from_date=from_date, value=value,
                                       note=note, set_by=actor)
        audit.record(actor, AuditAction.CONFIGURE, obj=target, changes={
            "measure": [None, measure], "from": [None, from_date.isoformat()],
            "target": [None, str(value)]})
    return target
