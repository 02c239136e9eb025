"""What the child's page shows, read in a fixed number of queries whatever the history."""

from django.db.models import Prefetch
from django.utils import timezone

from opencsc.casework import episodes
from opencsc.codes.person import DISABILITY
from opencsc.core.models import AuditAction, AuditEntry
from opencsc.core.roles import Permission, has_permission

from . import access
from .models import Allocation, Person, Relationship

ACCESS_ACTIONS = [AuditAction.VIEW, AuditAction.EMERGENCY_ACCESS, AuditAction.CREATE,
                  AuditAction.UPDATE, AuditAction.EXPORT]


def context(user, child: Person) -> dict:
    today = timezone.localdate()
    people = Person.objects.filter(pk=child.pk).prefetch_related(
        "other_names", "addresses", "disabilities", "professionals",
        Prefetch("relationships", queryset=Relationship.objects.select_related("other")),
        Prefetch("allocations", queryset=Allocation.objects.select_related("team", "worker")
                 .order_by("-start_date", "-pk")),
    )
    full = people.get()
    allocations = list(full.allocations.all())
    current = next((a for a in allocations if a.end_date is None or a.end_date >= today), None)
    is_manager = has_permission(user, Permission.VIEW_ACCESS_LOG)
    return {
        "child": full,
        "age": _age(full, today),
        "disabilities": [DISABILITY.label(d.code) for d in full.disabilities.all()],
        "allocation": current,
        "previous_allocations": [a for a in allocations if a is not current][:5],
        "can_change": access.can_change_child(user, child),
        "is_manager": is_manager,
        "recent_views": _recent_views(child) if is_manager else [],
        **episodes.for_child_page(full),
    }


def _age(child: Person, today) -> int | None:
    born = child.date_of_birth
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _recent_views(child: Person) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(child_id=child.pk, action=AuditAction.VIEW)
                .order_by("-seq")[:5])


def history(child: Person):
    """Every recorded change to the child's record, newest first, as (entry, field, from, to)."""
    entries = AuditEntry.objects.filter(
        child_id=child.pk, action__in=[AuditAction.CREATE, AuditAction.UPDATE]
    ).order_by("-seq")[:500]
    return [
        {"entry": e, "field": field.replace("_", " "), "old": pair[0], "new": pair[1]}
        for e in entries for field, pair in e.changes.items()
    ]
