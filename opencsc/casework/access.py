"""Reaching casework through the child's record: every lookup is scoped by
``opencsc.people.access`` first, so a step on a child outside the user's scope is a 404,
and the child's record is audited as viewed."""

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from opencsc.core.roles import Permission, Role, has_permission, role_of
from opencsc.people import access as people_access

from .models import (
    Assessment,
    CaseNote,
    CINPlan,
    Closure,
    Contact,
    CPPlan,
    Draft,
    Referral,
    Section47,
)


def _open(model, user, pk, path: str, *, change: bool):
    return people_access.row_for_user(user, model, pk, child_path=path, change=change)


def referral_for_user(user, pk, *, change: bool = False) -> Referral:
    return _open(Referral, user, pk, "child", change=change)


def assessment_for_user(user, pk, *, change: bool = False) -> Assessment:
    return _open(Assessment, user, pk, "referral__child", change=change)


def section47_for_user(user, pk, *, change: bool = False) -> Section47:
    return _open(Section47, user, pk, "referral__child", change=change)


def cp_plan_for_user(user, pk, *, change: bool = False) -> CPPlan:
    return _open(CPPlan, user, pk, "referral__child", change=change)


def cin_plan_for_user(user, pk, *, change: bool = False) -> CINPlan:
    return _open(CINPlan, user, pk, "referral__child", change=change)


def closure_for_user(user, pk) -> Closure:
    return _open(Closure, user, pk, "referral__child", change=False)


def contact_for_user(user, pk) -> Contact:
    """A contact is visible if any of its children is."""
    visible = people_access.children_for_user(user)
    contact = Contact.objects.filter(children__in=visible, pk=pk).distinct().first()
    if contact is None:
        raise Http404
    for child in contact.children.filter(pk__in=visible):
        people_access.child_for_user(user, child.pk, purpose="contact")
    return contact


def case_notes_for_user(user, child) -> QuerySet[CaseNote]:
    """The case notes on a child (already opened through ``people.access``) that the user
    may read. The trust's own staff read them all; anyone who can read but not record (a
    partner agency's user) only those marked shareable with partners, and never supervision
    or management oversight (need to know: ADR 0010). Every page, PDF and API that shows
    notes reads them here."""
    notes = CaseNote.objects.filter(child=child)
    if has_permission(user, Permission.RECORD_CHILDREN):
        return notes
    return notes.filter(shared_with_partners=True).exclude(kind__in=CaseNote.NEVER_SHARED)


def require_manager(user) -> None:
    """Authorising assessments, plans and closures is a manager's job."""
    if role_of(user) not in (Role.TEAM_MANAGER, Role.HEAD_OF_SERVICE):
        raise PermissionDenied("Only a team manager or head of service can authorise this.")


def require_recorder(user) -> None:
    if not has_permission(user, Permission.RECORD_CHILDREN):
        raise PermissionDenied("Your role cannot record casework.")


def draft_for_user(user, child, form: str, object_id: int = 0) -> Draft | None:
    """The user's own draft of a form about a child they have already opened through
    ``people.access``; never anyone else's draft."""
    return Draft.objects.filter(owner=user, child=child, form=form, object_id=object_id).first()
