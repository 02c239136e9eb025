"""Writing and checking the audit chain.

Every entry stores the previous entry's hash and its own hash over its content,
so changing, removing or reordering any entry breaks the chain from that point.
Writers lock the single chain-head row, so entries are numbered without gaps.
"""

import hashlib
import json
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from .models import AuditAction, AuditChainHead, AuditEntry

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    body = {
        "seq": entry.seq,
        "prev": entry.prev_hash,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "username": entry.actor_username,
        "action": entry.action,
        "type": entry.object_type,
        "id": entry.object_id,
        "child": entry.child_id,
        "reason": entry.reason,
        "changes": entry.changes,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def record(
    actor,
    action: AuditAction,
    *,
    obj=None,
    child_id: int | None = None,
    reason: str = "",
    changes: dict | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEntry:
    """Append an entry. Must run inside the caller's transaction, so the entry
    and the change it describes are committed together or not at all."""
    if not connection.in_atomic_block:
        raise RuntimeError("record() must be called inside transaction.atomic().")
    head = _locked_head()
    entry = AuditEntry(
        seq=head.seq + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_username=getattr(actor, "username", "") or "anonymous",
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        child_id=child_id,
        reason=reason,
        changes=changes or {},
        prev_hash=head.hash,
    )
    entry.hash = entry_hash(entry)
    entry.save()
    AuditChainHead.objects.filter(pk=head.pk).update(seq=entry.seq, hash=entry.hash)
    return entry


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        AuditChainHead.objects.get_or_create(pk=1, defaults={"seq": 0, "hash": GENESIS})
        head = AuditChainHead.objects.select_for_update().get(pk=1)
    return head


def record_now(actor, action: AuditAction, **kwargs) -> AuditEntry:
    """Record an entry in a transaction of its own (for events with no other write)."""
    with transaction.atomic():
        return record(actor, action, **kwargs)


@dataclass
class ChainReport:
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_seq is None


def verify_chain(batch: int = 5000) -> ChainReport:
    """Walk the chain in order and report the first entry that does not check out."""
    expected_prev, expected_seq, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=batch):
        problem = _entry_problem(entry, expected_seq, expected_prev)
        if problem:
            # expected_seq, not entry.seq: after a gap, the first bad entry is the missing one.
            return ChainReport(checked, expected_seq, problem)
        expected_prev, expected_seq, checked = entry.hash, entry.seq + 1, checked + 1
    head = AuditChainHead.objects.filter(pk=1).first()
    if head and (head.seq != expected_seq - 1 or head.hash != expected_prev):
        return ChainReport(checked, expected_seq, "entries after this point were removed")
    return ChainReport(checked)


def _entry_problem(entry: AuditEntry, expected_seq: int, expected_prev: str) -> str:
    if entry.seq != expected_seq:
        return f"entry {expected_seq} is missing"
    if entry.prev_hash != expected_prev:
        return "it does not follow on from the entry before it"
    if entry.hash != entry_hash(entry):
        return "its content does not match its hash"
    return ""
