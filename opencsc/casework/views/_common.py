"""What every step's page does alike: show a form, call the action on a valid POST, and
turn an entry rule's refusal into GOV.UK errors on the fields it names."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone

from .. import access
from ..actions import RuleViolation


def today():
    return timezone.localdate()


def form_page(request, template: str, form, context: dict, save, done: str = "Saved"):
    """Render ``form``; on a valid POST, ``save(cleaned_data)`` returns where to go next.

    A refusal from an entry rule keeps the form bound, so what the user typed stays."""
    if request.method == "POST" and form.is_valid():
        try:
            target = save(form.cleaned_data)
        except RuleViolation as refused:
            form.add_problems(refused.problems)
        else:
            messages.success(request, done)
            return redirect(target)
    return render(request, template, {"form": form, **context})


def posted(request):
    return request.POST if request.method == "POST" else None


def is_manager(user) -> bool:
    """Whether the user may authorise and sign off (the rule is ``access.require_manager``)."""
    try:
        access.require_manager(user)
    except PermissionDenied:
        return False
    return True
