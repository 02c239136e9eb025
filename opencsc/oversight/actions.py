"""The only way to change oversight data. Each action runs in one transaction and writes
its audit entry inside it. No child is ever touched, so entries carry no child id."""

from django.db import transaction

from opencsc.core import audit
from opencsc.core.models import AuditAction

from .models import (
    ActionUpdate,
    Contract,
    ContractMeasure,
    ContractTarget,
    ImprovementAction,
    Inspection,
    StatisticalNeighbour,
)


@transaction.atomic
def agree_contract(*, actor, council, provider, name, start_date, end_date=None,
                   measures=()) -> Contract:
    """Record a contract and its measures: ``measures`` are dicts of code, target,
    tolerance and direction, in the order the contract lists them."""
    contract = Contract.objects.create(council=council, provider=provider, name=name,
                                       start_date=start_date, end_date=end_date)
    for position, spec in enumerate(measures):
        measure = ContractMeasure.objects.create(contract=contract, position=position,
                                                 code=spec["code"], direction=spec["direction"])
        ContractTarget.objects.create(measure=measure, from_date=start_date,
                                      target=spec["target"], tolerance=spec["tolerance"],
                                      recorded_by=actor)
    audit.record(actor, AuditAction.CONFIGURE, obj=contract, changes={
        "name": name, "start_date": start_date.isoformat(),
        "end_date": end_date.isoformat() if end_date else None,
        "measures": [m["code"] for m in measures]})
    return contract


def _target_changes(entry: ContractTarget) -> dict:
    return {"measure": entry.measure.code, "from": entry.from_date.isoformat(),
            "target": None if entry.removes else str(entry.target),
            "tolerance": None if entry.removes else str(entry.tolerance)}


@transaction.atomic
def add_contract_measure(contract: Contract, *, actor, code, direction, target, tolerance,
                         from_date) -> ContractTarget:
    """Bring a catalogue measure into the contract from a date, with its target. A measure
    taken out before comes back under its old row, so its history stays in one place."""
    last = contract.measures.order_by("-position").first()
    measure, _ = ContractMeasure.objects.get_or_create(
        contract=contract, code=code,
        defaults={"direction": direction, "position": last.position + 1 if last else 0})
    entry = ContractTarget.objects.create(measure=measure, from_date=from_date, target=target,
                                          tolerance=tolerance, recorded_by=actor)
    audit.record(actor, AuditAction.UPDATE, obj=contract,
                 changes={"added": _target_changes(entry)})
    return entry


@transaction.atomic
def set_contract_target(measure: ContractMeasure, *, actor, target, tolerance,
                        from_date) -> ContractTarget:
    """A new target from a date: appended, so earlier months keep the target they had."""
    entry = ContractTarget.objects.create(measure=measure, from_date=from_date, target=target,
                                          tolerance=tolerance, recorded_by=actor)
    audit.record(actor, AuditAction.UPDATE, obj=measure.contract,
                 changes={"target": _target_changes(entry)})
    return entry


@transaction.atomic
def remove_contract_measure(measure: ContractMeasure, *, actor, from_date) -> ContractTarget:
    """Take a measure out of the contract from a date (a row with no target)."""
    entry = ContractTarget.objects.create(measure=measure, from_date=from_date, target=None,
                                          recorded_by=actor)
    audit.record(actor, AuditAction.UPDATE, obj=measure.contract,
                 changes={"removed": _target_changes(entry)})
    return entry


@transaction.atomic
def open_action(*, actor, council, reference, title, owner, due_date, measure_codes,
                description="", opened_on=None) -> ImprovementAction:
    """Add an action to a council's improvement plan."""
    fields = {"reference": reference, "title": title, "owner": owner, "due_date": due_date,
              "measure_codes": list(measure_codes), "description": description}
    if opened_on:
        fields["opened_on"] = opened_on
    action = ImprovementAction.objects.create(council=council, created_by=actor, **fields)
    audit.record(actor, AuditAction.CREATE, obj=action, changes={
        k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in fields.items()})
    return action


@transaction.atomic
def record_progress(action: ImprovementAction, *, actor, status, evidence, evidence_date,
                    recorded_at=None) -> ActionUpdate:
    """Record an action's status from now on and the evidence for it (an appended row)."""
    update = ActionUpdate(action=action, status=status, evidence=evidence,
                          evidence_date=evidence_date, recorded_by=actor)
    if recorded_at:
        update.recorded_at = recorded_at
    update.save()
    audit.record(actor, AuditAction.UPDATE, obj=action, changes={
        "status": status, "evidence_date": str(evidence_date)})
    return update


@transaction.atomic
def set_neighbours(council, la_codes: list[str], *, actor) -> None:
    """Replace a council's statistical neighbours with these LA codes, in this order."""
    before = list(StatisticalNeighbour.objects.filter(council=council)
                  .values_list("la_code", flat=True))
    StatisticalNeighbour.objects.filter(council=council).delete()
    StatisticalNeighbour.objects.bulk_create(
        StatisticalNeighbour(council=council, la_code=code, position=i)
        for i, code in enumerate(la_codes))
    audit.record(actor, AuditAction.CONFIGURE, obj=council,
                 changes={"statistical_neighbours": {"from": before, "to": la_codes}})


@transaction.atomic
def import_inspections(rows: list[dict], *, actor, source: str) -> tuple[int, int]:
    """Add or refresh inspections (one per LA code and end date); returns (added, updated)."""
    added = updated = 0
    for row in rows:
        key = {"la_code": row["la_code"], "end_date": row["end_date"]}
        values = {k: v for k, v in row.items() if k not in key}
        _, created = Inspection.objects.update_or_create(
            **key, defaults={**values, "source": source})
        added, updated = added + created, updated + (not created)
    audit.record(actor, AuditAction.CONFIGURE, object_type="oversight.inspection",
                 object_id=source[:64], changes={"added": added, "updated": updated,
                                                 "source": source})
    return added, updated
