"""Case notes, the drafts saved as a worker types, and the child's chronology."""

import json
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from opencsc.people import access as people_access

from . import access, actions, chronology, chronology_pdf
from .forms_notes import (
    CaseNoteForm,
    ChronologyFilterForm,
    NoteFilterForm,
    draft_data,
    open_episode,
    restored,
)

CASE_NOTE = "case_note"  # the name the case note form's drafts are kept under


@login_required
@require_safe  # nothing here changes; a note, once saved, is never deleted
def notes(request, pk):
    child = people_access.child_for_user(request.user, pk, purpose="case notes")
    filters = NoteFilterForm(request.GET or None)
    found = filters.apply(access.case_notes_for_user(request.user, child)
                          .select_related("recorded_by", "referral")
                          .order_by("-event_date", "-recorded_at", "-pk"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "casework/notes/list.html", {
        "child": child, "filters": filters, "query": query.urlencode(),
        "page": Paginator(found, 25).get_page(request.GET.get("page")),
        "can_change": people_access.can_change_child(request.user, child),
    })


@login_required
def new_note(request, pk):
    child = people_access.child_to_change_for_user(request.user, pk)
    if "discard_draft" in request.POST:
        if actions.discard_draft(actor=request.user, child=child, form=CASE_NOTE):
            messages.success(request, "Your draft has been discarded")
        return redirect("notes:new", pk=child.pk)
    episode = open_episode(child)
    draft = None
    if request.method == "POST":
        form = CaseNoteForm(request.POST, episode=episode)
        if form.is_valid() and _add_note(request, child, form, episode):
            messages.success(request, "Case note saved")
            return redirect("notes:list", pk=child.pk)
    else:
        draft = access.draft_for_user(request.user, child, CASE_NOTE)
        form = (restored(CaseNoteForm, draft.data, episode=episode) if draft
                else CaseNoteForm(episode=episode))
    return render(request, "casework/notes/new.html", {
        "child": child, "form": form, "draft": draft, "episode": episode,
        "storage_key": f"opencsc:{CASE_NOTE}:child-{child.pk}:user-{request.user.pk}",
    })


def _add_note(request, child, form, episode) -> bool:
    linked = episode if form.cleaned_data.get("link_episode") else None
    try:
        actions.add_case_note(child, actor=request.user, details=form.details(), referral=linked)
    except actions.RuleViolation as refused:
        for field, message in refused.problems:
            form.add_error(field or None, message)
        return False
    return True


# --- Drafts: the endpoint long forms save to as the worker types -------------------------

def json_sign_in_required(view):
    """Like login_required, but a 401 in JSON: the script behind it keeps the text."""
    @wraps(view)
    def check(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": "You have been signed out. Sign in again to carry "
                                           "on; nothing was saved."}, status=401)
        return view(request, *args, **kwargs)
    return check


@json_sign_in_required
def note_draft(request, pk):
    child = people_access.child_to_change_for_user(request.user, pk)
    return autosave(request, child, CaseNoteForm, CASE_NOTE, episode=open_episode(child))


def autosave(request, child, form_class, form_name: str, object_id: int = 0, **form_kwargs):
    """GET: the user's draft as JSON. POST: keep the form's values as the draft (204).

    Any long form can use this: pass a child already opened for change (so outsiders get
    404 and read-only users 403) and the form class whose fields the draft may hold.
    """
    if request.method == "GET":
        draft = access.draft_for_user(request.user, child, form_name, object_id)
        return JsonResponse({"form": form_name, "data": draft.data if draft else {},
                             "updated_at": draft.updated_at.isoformat() if draft else None})
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    try:
        data = draft_data(form_class, _submitted(request), **form_kwargs)
    except ValueError as bad:
        return JsonResponse({"detail": str(bad)}, status=400)
    actions.save_draft(actor=request.user, child=child, form=form_name, data=data,
                       object_id=object_id)
    return HttpResponse(status=204)


def _submitted(request) -> QueryDict | dict:
    if request.content_type != "application/json":
        return request.POST
    try:
        body = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError("The draft is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ValueError("The draft must be a JSON object of field names and values")
    return body


# --- The chronology ---------------------------------------------------------------------

@login_required
@require_safe
def chronology_page(request, pk):
    child = people_access.child_for_user(request.user, pk, purpose="chronology")
    form = ChronologyFilterForm(request.GET or None)
    filters = form.filters()
    return render(request, "casework/notes/chronology.html", {
        "child": child, "form": form,
        "entries": chronology.build(child, filters, reader=request.user),
        "period": chronology.period(filters), "described": chronology.describe(filters),
        "printed_at": timezone.localtime(), "query": request.GET.urlencode(),
    })


@login_required
@require_safe
def chronology_download(request, pk):
    form = ChronologyFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():  # show what is wrong on the page
        return redirect(f"{reverse('notes:chronology', args=[pk])}?{request.GET.urlencode()}")
    filters = form.filters()
    child = chronology.child_for_export(request.user, pk, what="PDF", filters=filters)
    pdf = chronology_pdf.render(child, chronology.build(child, filters, reader=request.user),
                                filters,
                                user=request.user, at=timezone.localtime())
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"chronology-{child.la_child_id}-{timezone.localdate():%Y-%m-%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response
