"""The oversight pages in the access matrix (tests/test_access_matrix.py).

Board members, council viewers, heads of service and analysts read; heads of service and
analysts keep the improvement plan; analysts alone import inspections and edit neighbours;
council viewers, heads of service and analysts change the contract (ADR 0014). Everyone
else, social workers and partners included, gets 403. No page takes a child.

A contract page is also requested for a contract of a council the trust does not deliver
for ("elsewhere"): those who would see the page get 404 there, like a missing contract.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils import timezone

from opencsc.core.tests.matrix import Page

READERS = frozenset({"board.member", "council.viewer", "head.of.service", "analyst"})
PLAN_EDITORS = frozenset({"head.of.service", "analyst"})
DATA_KEEPERS = frozenset({"analyst"})
CONTRACT_EDITORS = frozenset({"council.viewer", "head.of.service", "analyst"})
ELSEWHERE = "elsewhere"  # a key no child has: nobody may reach that contract


@dataclass(frozen=True)
class ActionPage(Page):
    """A page about one improvement action: one is added to the world's council first."""

    param: str = field(default="action", init=False)

    def param_values(self, world) -> dict:
        from opencsc.oversight.models import ImprovementAction

        today = timezone.localdate()
        action = ImprovementAction.objects.create(
            council=world.children["own"].responsible_council, reference="M1",
            title="Matrix action", owner="Matrix owner", opened_on=today,
            due_date=today + datetime.timedelta(days=90), measure_codes=["re_referrals"],
            created_by=get_user_model().objects.get(username="head.of.service"))
        return {None: action.pk}  # no child: nothing on these pages is about one


def _contract(council, provider):
    from opencsc.oversight.actions import agree_contract

    return agree_contract(
        actor=None, council=council, provider=provider, name="Matrix contract",
        start_date=datetime.date(2024, 4, 1), end_date=datetime.date(2029, 3, 31),
        measures=[{"code": "re_referrals", "target": 20, "tolerance": 2, "direction": "lower"}])


def _contracts(world) -> dict:
    """A contract of the world's council, and one of a council outside the trust."""
    from opencsc.organisations.models import Organisation

    council = world.children["own"].responsible_council
    provider = council.delivered_by.first()
    outside, _ = Organisation.objects.get_or_create(
        la_code="999", defaults={"name": "Matrix Outside Council",
                                 "kind": Organisation.Kind.COUNCIL})
    return {None: _contract(council, provider), ELSEWHERE: _contract(outside, provider)}


@dataclass(frozen=True)
class ContractPage(Page):
    """A page about one contract: its council's, and another council's (see above)."""

    param: str = field(default="contract", init=False)

    def param_values(self, world) -> dict:
        return {key: contract.pk for key, contract in _contracts(world).items()}

    def expected(self, persona: str, child: str | None = None):
        status = super().expected(persona)
        return 404 if child == ELSEWHERE and status == self.ok else status


@dataclass(frozen=True)
class ContractMeasurePage(ContractPage):
    """A page about one measure of a contract."""

    param: str = field(default="contract measure", init=False)

    def param_values(self, world) -> dict:
        return {key: contract.measures.get().pk for key, contract in _contracts(world).items()}


URLS = {
    "oversight:index": Page(who=READERS),
    "oversight:report": Page(who=READERS),
    "oversight:report_pdf": Page(who=READERS),
    "oversight:plan": Page(who=READERS),
    "oversight:action_new": Page(who=PLAN_EDITORS),
    "oversight:action": ActionPage(who=READERS),
    "oversight:action_progress": ActionPage(who=PLAN_EDITORS),
    "oversight:inspections": Page(who=READERS),
    "oversight:inspections_import": Page(who=DATA_KEEPERS),
    "oversight:neighbours": Page(who=DATA_KEEPERS),
    "oversight:contracts": Page(who=READERS),
    "oversight:contract_new": Page(who=CONTRACT_EDITORS),
    "oversight:contract": ContractPage(who=READERS),
    "oversight:contract_measure_new": ContractPage(who=CONTRACT_EDITORS),
    "oversight:contract_target_new": ContractMeasurePage(who=CONTRACT_EDITORS),
    "oversight:contract_measure_remove": ContractMeasurePage(who=CONTRACT_EDITORS),
}
