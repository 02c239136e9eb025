import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render

from opencsc.core import audit
from opencsc.core.models import AuditAction
from opencsc.core.roles import Permission, has_permission
from opencsc.organisations.models import Organisation

from . import access, actions, forms, record, search
from .models import Person


def _require(user, permission):
    if not has_permission(user, permission):
        raise PermissionDenied("Your role does not include children's records.")


@login_required
def children(request):
    _require(request.user, Permission.VIEW_CHILDREN)
    form = forms.SearchForm(request.GET or None)
    visible = access.children_for_user(request.user)
    criteria = search.Criteria(**form.cleaned_data) if form.is_valid() else search.Criteria()
    if criteria.is_empty:
        results = visible.order_by("family_name", "given_names", "pk")
    else:
        results = search.search(visible, criteria, among=functools.partial(
            access.children_among_for_user, request.user))
        audit.record_now(request.user, AuditAction.SEARCH, object_type="people.person",
                         reason=str({k: str(v) for k, v in form.cleaned_data.items() if v}))
    page = Paginator(results, 25).get_page(request.GET.get("page"))
    return render(request, "people/children.html", {
        "form": form, "page": page, "searched": not criteria.is_empty,
        "can_create": has_permission(request.user, Permission.RECORD_CHILDREN),
        "query": _without_page(request),
    })


def _without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def child_new(request):
    _require(request.user, Permission.RECORD_CHILDREN)
    staff = request.user.staff
    councils = Organisation.objects.filter(
        kind=Organisation.Kind.COUNCIL, delivered_by=staff.employer
    ) | Organisation.objects.filter(pk=staff.employer_id, kind=Organisation.Kind.COUNCIL)
    form = forms.NewChildForm(request.POST or None, councils=councils.distinct(),
                              teams=staff.teams.all())
    matches, hidden_matches = [], 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = search.likely_matches(Person.objects.children(), given_names=data["given_names"],
                                      family_name=data["family_name"],
                                      date_of_birth=data["date_of_birth"],
                                      nhs_number=data["nhs_number"])
        visible_ids = set(access.children_for_user(request.user)
                          .filter(pk__in=[p.pk for p in found]).values_list("pk", flat=True))
        matches = [p for p in found if p.pk in visible_ids]
        # Never count a restricted record: that would reveal it exists.
        hidden_matches = sum(1 for p in found if p.pk not in visible_ids and not p.is_restricted)
        if not (matches or hidden_matches) or data["confirm_new"]:
            child = actions.create_child(
                actor=request.user, council=data["council"], team=data["team"],
                details=form.details(), disabilities=data["disabilities"],
                address=form.address(),
            )
            messages.success(request, f"Record opened for {child.full_name} ({child.la_child_id})")
            return redirect("people:child", pk=child.pk)
    return render(request, "people/child_new.html", {
        "form": form, "matches": matches, "hidden_matches": hidden_matches,
    })


@login_required
def child(request, pk):
    child = access.child_for_user(request.user, pk)
    return render(request, "people/child.html", record.context(request.user, child))


@login_required
def child_edit(request, pk):
    child = access.child_to_change_for_user(request.user, pk)
    codes = list(child.disabilities.values_list("code", flat=True))
    form = forms.EditChildForm(request.POST or None, initial={
        **{f: getattr(child, f) for f in actions.PERSON_FIELDS}, "disabilities": codes,
    })
    if request.method == "POST" and form.is_valid():
        changes = actions.update_child(child, actor=request.user, details=form.details(),
                                       disabilities=form.cleaned_data["disabilities"])
        messages.success(request, "Changes saved" if changes else "Nothing was changed")
        return redirect("people:child", pk=child.pk)
    return render(request, "people/child_edit.html", {"form": form, "child": child})


@login_required
def child_history(request, pk):
    child = access.child_for_user(request.user, pk, purpose="history")
    return render(request, "people/child_history.html",
                  {"child": child, "entries": record.history(child)})


@login_required
def access_log(request, pk):
    child, entries = access.access_log_for_user(request.user, pk)
    page = Paginator(entries.filter(action__in=record.ACCESS_ACTIONS), 50).get_page(
        request.GET.get("page"))
    return render(request, "people/access_log.html", {"child": child, "page": page})


def _add(request, pk, form_class, heading, do):
    """One GET-form / POST-action page that adds something to a child's record."""
    child = access.child_to_change_for_user(request.user, pk)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        do(child, form.cleaned_data)
        messages.success(request, "Saved")
        return redirect("people:child", pk=child.pk)
    return render(request, "people/record_form.html",
                  {"form": form, "child": child, "heading": heading})


@login_required
def address_new(request, pk):
    return _add(request, pk, forms.AddressForm, "Add an address",
                lambda child, data: actions.add_address(child, actor=request.user, details=data))


@login_required
def other_name_new(request, pk):
    return _add(request, pk, forms.OtherNameForm, "Add another name",
                lambda child, data: actions.add_other_name(child, actor=request.user, **data))


@login_required
def professional_new(request, pk):
    return _add(request, pk, forms.ProfessionalForm, "Add a professional",
                lambda child, data: actions.add_professional(child, actor=request.user,
                                                             details=data))


@login_required
def relationship_new(request, pk):
    def do(child, data):
        person = {k: data[k] for k in ("given_names", "family_name", "date_of_birth")}
        actions.add_relationship(child, actor=request.user, other=None, new_person=person,
                                 kind=data["kind"],
                                 parental_responsibility=data["parental_responsibility"],
                                 lives_with=data["lives_with"])

    return _add(request, pk, forms.RelationshipForm, "Add a person in the child's life", do)


@login_required
def emergency_access(request):
    if not access.may_request_emergency_access(request.user):
        raise PermissionDenied("Your role cannot use emergency access.")
    form = forms.EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        child = Person.objects.children().filter(
            la_child_id=form.cleaned_data["la_child_id"].strip().upper(), restriction=""
        ).first()
        if child is None:
            # The same answer whether the record is missing or restricted.
            with transaction.atomic():
                audit.record(request.user, AuditAction.EMERGENCY_ACCESS,
                             object_id=form.cleaned_data["la_child_id"][:64],
                             object_type="people.person", reason=form.cleaned_data["reason"])
            raise Http404("No record with that LA child ID can be opened")
        actions.grant_emergency_access(child, actor=request.user,
                                       reason=form.cleaned_data["reason"])
        messages.success(request, "Emergency access granted for a few hours. It is logged and "
                         "the child's team manager has been told.")
        return redirect("people:child", pk=child.pk)
    return render(request, "people/emergency_access.html", {"form": form})


