"""The child's care page, and the register of providers and carers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from opencsc.core.roles import Permission, has_permission
from opencsc.people.access import can_change_child, child_for_user

from .. import actions, forms, providers, record
from ._common import posted


@login_required
def care(request, pk):
    child = child_for_user(request.user, pk, purpose="care history")
    context = record.care_context(child, timezone.localdate())
    return render(request, "looked_after/care.html", {
        "child": child, "can_change": can_change_child(request.user, child), **context})


def _require_recorder(user):
    # Provider names and postcodes include foster carers' homes: staff who record only.
    if not has_permission(user, Permission.RECORD_CHILDREN):
        raise PermissionDenied("Only social workers and their managers use the register.")


@login_required
def provider_list(request):
    _require_recorder(request.user)
    form = forms.ProviderSearchForm(request.GET or None)
    query = form.cleaned_data if form.is_valid() else {}
    found = providers.search(query.get("q", ""), query.get("kind", ""))
    page = Paginator(found, 50).get_page(request.GET.get("page"))
    return render(request, "looked_after/providers.html", {"form": form, "page": page})


@login_required
def provider_new(request):
    _require_recorder(request.user)
    form = forms.ProviderForm(posted(request))
    if request.method == "POST" and form.is_valid():
        provider = actions.add_provider(actor=request.user, **form.cleaned_data)
        messages.success(request, f"{provider.name} added to the register")
        return redirect("looked_after:providers")
    return render(request, "looked_after/provider_new.html", {"form": form})


@login_required
def provider_edit(request, pk):
    _require_recorder(request.user)
    provider = providers.provider(pk)
    form = forms.ProviderEditForm(posted(request),
                                  initial=forms.ProviderEditForm.initial_from(provider))
    if request.method == "POST" and form.is_valid():
        actions.edit_provider(provider, actor=request.user, **form.cleaned_data)
        messages.success(request, f"{provider.name} updated in the register")
        return redirect("looked_after:providers")
    return render(request, "looked_after/provider_new.html",
                  {"form": form, "provider": provider})
