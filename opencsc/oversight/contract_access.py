"""Who may see and change the council's contract with the trust (ADR 0014).

Every oversight reader sees the contracts of the councils they oversee (access.py). The
council's oversight officer, and the trust's heads of service and performance analysts,
change them: the contract is the council's to set and the trust's to deliver, so both
sides record what they agreed. Board members read it; everyone else gets 403. A contract
or measure of a council outside the person's view is a 404, like a missing one.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from opencsc.core.roles import Role, role_of

from . import access
from .models import Contract, ContractMeasure

CONTRACT_EDITORS = frozenset({Role.COUNCIL_VIEWER, Role.HEAD_OF_SERVICE, Role.ANALYST})


def can_edit_contract(user) -> bool:
    return role_of(user) in CONTRACT_EDITORS


def require_contract_editor(user) -> None:
    access.require_reader(user)
    if not can_edit_contract(user):
        raise PermissionDenied("Only the council's oversight officer, heads of service and "
                               "performance analysts change the contract.")


def contracts_of(council):
    """The council's contracts, newest first: ``council`` must come from
    access.council_for_user, which keeps a reader to their own councils."""
    return Contract.objects.filter(council=council).select_related("council", "provider")


def contract_for_user(user, pk: int) -> Contract:
    """A contract of one of the reader's councils; 404 otherwise."""
    councils = access.councils_for_user(user)
    found = (Contract.objects.filter(pk=pk, council__in=councils)
             .select_related("council", "provider").first())
    if found is None:
        raise Http404("No such contract.")
    return found


def contract_measure_for_user(user, pk: int) -> ContractMeasure:
    """A measure of a contract of one of the reader's councils; 404 otherwise."""
    councils = access.councils_for_user(user)
    found = (ContractMeasure.objects.filter(pk=pk, contract__council__in=councils)
             .select_related("contract__council").prefetch_related("targets").first())
    if found is None:
        raise Http404("No such contract measure.")
    return found
