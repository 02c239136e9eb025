"""What every care form page does alike: open the child for change (404 out of scope, 403
read-only), show the form, call the action on a valid POST, and turn an entry rule's
refusal into GOV.UK errors on the fields it names, keeping what was typed."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse

from opencsc.casework.actions import RuleViolation
from opencsc.people.access import child_to_change_for_user


@dataclass(frozen=True)
class Page:
    """The words of a form page: its heading (and title), button and success message."""

    heading: str
    button: str
    done: str
    intro: str = ""
    back: str = "looked_after:care"  # the page Cancel and success go back to
    crumb: str = "Care history"  # that page's name in the breadcrumbs


def posted(request):
    return request.POST if request.method == "POST" else None


def child_form(request, pk, form_class, page: Page, save: Callable, *,
               refuse: Callable | None = None, initial: Callable | None = None):
    """The form page for an action on one child.

    ``save(child, form)`` calls the action; ``refuse(child)`` says why the action cannot be
    taken now (the form is then not offered); ``initial(child)`` prefills the form."""
    child = child_to_change_for_user(request.user, pk)
    form = form_class(posted(request), refuse=refuse(child) if refuse else "",
                      initial=initial(child) if initial else None)
    back = reverse(page.back, args=[child.pk])
    if request.method == "POST" and form.is_valid():
        try:
            save(child, form)
        except RuleViolation as refused:
            form.add_problems(refused.problems)
        else:
            messages.success(request, page.done)
            return redirect(back)
    return render(request, "looked_after/form.html",
                  {"form": form, "child": child, "page": page, "back": back})
