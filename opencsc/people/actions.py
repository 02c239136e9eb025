"""The only way to change a child's record. Each action runs in one transaction and
writes its audit entry inside it; changed fields are kept as (from, to) pairs."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.roles import Role
from opencsc.organisations.models import Notification, StaffMember, Team

from .models import (
    Address,
    AgencyShare,
    Allocation,
    Disability,
    EmergencyAccess,
    NameKey,
    Person,
    PersonName,
    Professional,
    Relationship,
    RestrictedAccess,
)
from .search import keys_for_names, names_of

PERSON_FIELDS = [
    "given_names", "family_name", "date_of_birth", "expected_date_of_birth", "sex",
    "gender_identity", "ethnicity", "first_language", "religion", "nhs_number", "upn",
    "former_upn", "gp_practice", "school", "date_of_death",
]


def _value(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def index_names(person: Person) -> None:
    """Rebuild a person's search keys from all their names."""
    NameKey.objects.filter(person=person).delete()
    keys = keys_for_names(names_of(person))
    NameKey.objects.bulk_create(NameKey(person=person, key=k) for k in keys)


def assign_la_child_id(person: Person) -> None:
    if not person.la_child_id:
        person.la_child_id = f"OC{person.pk:08d}"
        person.save(update_fields=["la_child_id"])


@transaction.atomic
def create_child(*, actor, council, team: Team, details: dict, disabilities=(),
                 other_names=(), address: dict | None = None) -> Person:
    """Open a case record for a child, allocated to the actor (or their team)."""
    child = Person.objects.create(responsible_council=council, created_by=actor, **details)
    assign_la_child_id(child)
    Disability.objects.bulk_create(Disability(person=child, code=c) for c in disabilities)
    for given, family, kind in other_names:
        PersonName.objects.create(person=child, given_names=given, family_name=family, kind=kind)
    if address:
        Address.objects.create(person=child, **address)
    worker = actor if actor.staff.role == Role.SOCIAL_WORKER else None
    Allocation.objects.create(child=child, team=team, worker=worker,
                              start_date=timezone.localdate())
    index_names(child)
    audit.record(actor, AuditAction.CREATE, obj=child, child_id=child.pk,
                 changes={f: [None, _value(getattr(child, f))] for f in PERSON_FIELDS})
    return child


@transaction.atomic
def update_child(child: Person, *, actor, details: dict, disabilities=None) -> dict:
    """Change a child's details; returns the changes made as {field: [from, to]}."""
    changes = {}
    for field, new in details.items():
        old = getattr(child, field)
        if old != new:
            changes[field] = [_value(old), _value(new)]
            setattr(child, field, new)
    if disabilities is not None:
        old_codes = sorted(child.disabilities.values_list("code", flat=True))
        if old_codes != sorted(disabilities):
            changes["disabilities"] = [old_codes, sorted(disabilities)]
            child.disabilities.all().delete()
            Disability.objects.bulk_create(Disability(person=child, code=c) for c in disabilities)
    if not changes:
        return changes
    child.save()
    if {"given_names", "family_name"} & changes.keys():
        index_names(child)
    audit.record(actor, AuditAction.UPDATE, obj=child, child_id=child.pk, changes=changes)
    return changes


@transaction.atomic
def add_other_name(child: Person, *, actor, given_names: str, family_name: str, kind: str):
    name = PersonName.objects.create(person=child, given_names=given_names,
                                     family_name=family_name, kind=kind)
    index_names(child)
    audit.record(actor, AuditAction.CREATE, obj=name, child_id=child.pk,
                 changes={"other name": [None, str(name)], "kind": [None, kind]})
    return name


@transaction.atomic
def add_address(child: Person, *, actor, details: dict) -> Address:
    """Record a new address; the current one ends the day before the new one starts."""
    start = details["start_date"]
    for current in child.addresses.filter(end_date__isnull=True, start_date__lt=start):
        current.end_date = start - datetime.timedelta(days=1)
        current.save(update_fields=["end_date"])
        audit.record(actor, AuditAction.UPDATE, obj=current, child_id=child.pk,
                     changes={"end_date": [None, current.end_date.isoformat()]})
    address = Address.objects.create(person=child, **details)
    audit.record(actor, AuditAction.CREATE, obj=address, child_id=child.pk,
                 changes={k: [None, _value(v)] for k, v in details.items()})
    return address


@transaction.atomic
def add_relationship(child: Person, *, actor, other: Person | None, new_person: dict | None,
                     kind: str, parental_responsibility=False, lives_with=False) -> Relationship:
    """Link the child to a person in their life, creating that person if needed."""
    if other is None:
        other = Person.objects.create(created_by=actor, **(new_person or {}))
        index_names(other)
        audit.record(actor, AuditAction.CREATE, obj=other, child_id=child.pk,
                     changes={"related person": [None, other.full_name]})
    link = Relationship.objects.create(
        person=child, other=other, kind=kind,
        parental_responsibility=parental_responsibility, lives_with=lives_with,
        start_date=timezone.localdate(),
    )
    if kind in (Relationship.Kind.SIBLING, Relationship.Kind.HALF_SIBLING):
        Relationship.objects.create(person=other, other=child, kind=kind, lives_with=lives_with,
                                    start_date=link.start_date)
    audit.record(actor, AuditAction.CREATE, obj=link, child_id=child.pk,
                 changes={"relationship": [None, f"{other.full_name}: {link.get_kind_display()}"]})
    return link


@transaction.atomic
def add_professional(child: Person, *, actor, details: dict) -> Professional:
    professional = Professional.objects.create(child=child, **details)
    audit.record(actor, AuditAction.CREATE, obj=professional, child_id=child.pk,
                 changes={k: [None, _value(v)] for k, v in details.items()})
    return professional


@transaction.atomic
def allocate_child(child: Person, *, actor, team: Team, worker, reason: str) -> Allocation:
    """End the current allocation and start a new one today."""
    today = timezone.localdate()
    previous = child.allocations.filter(end_date__isnull=True).first()
    if previous:
        yesterday = today - datetime.timedelta(days=1)
        previous.end_date = yesterday if previous.start_date < today else today
        previous.save(update_fields=["end_date"])
    allocation = Allocation.objects.create(child=child, team=team, worker=worker,
                                           start_date=today, reason=reason)
    audit.record(actor, AuditAction.UPDATE, obj=allocation, child_id=child.pk, changes={
        "allocated to": [str(previous.worker or previous.team) if previous else None,
                         str(worker or team)],
        "reason": [None, reason],
    })
    return allocation


@transaction.atomic
def share_with_agency(child: Person, *, actor, agency, purpose: str, legal_basis: str,
                      end_date=None) -> AgencyShare:
    share = AgencyShare.objects.create(child=child, agency=agency, purpose=purpose,
                                       legal_basis=legal_basis, shared_by=actor,
                                       start_date=timezone.localdate(), end_date=end_date)
    audit.record(actor, AuditAction.UPDATE, obj=share, child_id=child.pk, reason=purpose,
                 changes={"shared with": [None, agency.name], "legal basis": [None, legal_basis]})
    return share


@transaction.atomic
def restrict_record(child: Person, *, actor, restriction: str, named_users) -> None:
    """Restrict a record to named people; the actor is always named."""
    old = child.restriction
    child.restriction = restriction
    child.save(update_fields=["restriction"])
    for user in {actor, *named_users}:
        RestrictedAccess.objects.get_or_create(child=child, user=user,
                                               defaults={"granted_by": actor})
    audit.record(actor, AuditAction.UPDATE, obj=child, child_id=child.pk, changes={
        "restriction": [old, restriction],
        "named people": [None, sorted(u.username for u in {actor, *named_users})],
    })


@transaction.atomic
def grant_emergency_access(child: Person, *, actor, reason: str) -> EmergencyAccess:
    """Break-glass: read access for a few hours, logged, and the team manager told."""
    now = timezone.now()
    grant = EmergencyAccess.objects.create(
        child=child, user=actor, reason=reason, started_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EMERGENCY_ACCESS_HOURS),
    )
    audit.record(actor, AuditAction.EMERGENCY_ACCESS, obj=child, child_id=child.pk,
                 reason=reason)
    for manager in _managers_of(child):
        Notification.objects.create(
            recipient=manager,
            message=(f"{actor.get_full_name() or actor.username} used emergency access to "
                     f"{child.la_child_id}'s record: {reason}"),
            link=f"/children/{child.pk}/access-log/",
        )
    return grant


def _managers_of(child: Person):
    allocation = child.allocations.filter(end_date__isnull=True).select_related("team").first()
    if allocation is None:
        return []
    staff = StaffMember.objects.filter(role=Role.TEAM_MANAGER, teams=allocation.team)
    return [s.user for s in staff.select_related("user")]
