"""Who may build, check and download statutory returns, and which runs they reach.

The files hold identifiable children (IDs, dates of birth, UPNs) for a whole council, so
only the roles that produce the returns may use them (ADR 0009): performance analysts and
heads of service. Everyone else gets 403 on every returns page; a run that does not exist
is 404. Links from a report to a child's page are given only through
``opencsc.people.access``, so nobody is shown a way into a record they may not see.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.roles import Permission, has_permission
from opencsc.organisations.models import Organisation
from opencsc.people.access import children_for_user

from .models import ReturnRun


def may_produce_returns(user) -> bool:
    return has_permission(user, Permission.PRODUCE_RETURNS)


def _require(user) -> None:
    if not may_produce_returns(user):
        raise PermissionDenied("Only performance analysts and heads of service work on returns.")


def runs_for_user(user) -> QuerySet[ReturnRun]:
    """Every run, for those who produce returns (they share the work); 403 for others."""
    _require(user)
    return ReturnRun.objects.select_related("council", "requested_by")


def run_for_user(user, pk) -> ReturnRun:
    """One run, or 403 for those who do not produce returns, or 404."""
    try:
        return runs_for_user(user).get(pk=int(pk))
    except (ReturnRun.DoesNotExist, TypeError, ValueError) as exc:
        raise Http404("No such run") from exc


def report_for_user(user, pk) -> ReturnRun:
    """A finished run's validation report: reading it is audited, as it names children."""
    run = run_for_user(user, pk)
    if not run.has_report:
        raise Http404("This run has no validation report")
    with transaction.atomic():
        audit.record(user, AuditAction.VIEW, obj=run, reason="validation report")
    return run


def councils_for_user(user) -> QuerySet[Organisation]:
    _require(user)
    return Organisation.objects.filter(kind=Organisation.Kind.COUNCIL).exclude(la_code="")


def child_pages_for_user(user, run: ReturnRun, child_ids) -> dict[str, int]:
    """LA child IDs of a return built from our record that the user may open, to the
    child's record. An uploaded file's IDs are another system's: never linked."""
    if not run.is_built or run.council_id is None:
        return {}
    visible = children_for_user(user).filter(responsible_council_id=run.council_id,
                                             la_child_id__in=list(child_ids))
    return dict(visible.values_list("la_child_id", "pk"))
