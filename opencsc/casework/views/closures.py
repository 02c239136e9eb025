"""Closing an episode: the worker's request and the manager's sign-off."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.urls import reverse

from opencsc.people import access as people_access

from .. import access, actions, episodes, forms
from ._common import form_page, is_manager, posted, today


@login_required
def closure_new(request, pk):
    referral = episodes.episode(access.referral_for_user(request.user, pk, change=True))
    refuse = "A closure is already waiting for a manager's decision" \
        if episodes.pending_closure(referral) else ""
    form = forms.ClosureForm(posted(request), initial={"closure_date": today()}, refuse=refuse)

    def save(data):
        closure = actions.request_closure(referral, actor=request.user, **form.details())
        return reverse("casework:closure", args=[closure.pk])

    return form_page(request, "casework/closure_new.html", form,
                     {"referral": referral, "child": referral.child}, save,
                     "Closure sent to your manager for sign-off")


@login_required
def closure(request, pk):
    found = access.closure_for_user(request.user, pk)
    referral = found.referral
    if request.method == "POST":
        people_access.child_to_change_for_user(request.user, referral.child_id)
        access.require_manager(request.user)
    refuse = "This closure has already been decided" if found.approved is not None else ""
    form = forms.ClosureDecisionForm(posted(request), refuse=refuse)

    def save(data):
        actions.decide_closure(found, actor=request.user, approve=data["decision"] == "approve",
                               note=data["note"])
        if people_access.children_among_for_user(request.user, [referral.child_id]).exists():
            return reverse("casework:referral", args=[referral.pk])
        # Sign-off ended the case's allocation, and with it the manager's view of the child.
        messages.info(request, f"{referral.child} is no longer allocated: the case closed "
                               "with its episode")
        return reverse("worklists:team")

    can_decide = (found.approved is None and is_manager(request.user)
                  and people_access.can_change_child(request.user, referral.child))
    context = {"closure": found, "referral": referral, "child": referral.child,
               "can_decide": can_decide, "asked_by_you": found.requested_by_id == request.user.pk}
    return form_page(request, "casework/closure.html", form, context, save, "Decision recorded")
