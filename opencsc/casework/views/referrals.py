"""Opening a referral (a CIN episode) and the episode's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from opencsc.people import access as people_access

from .. import access, actions, episodes, forms
from ._common import form_page, is_manager, posted


@login_required
def referral_new(request, pk):
    child = people_access.child_to_change_for_user(request.user, pk)
    form = forms.ReferralForm(posted(request))

    def save(data):
        referral = actions.open_referral(child, actor=request.user, **data)
        return reverse("casework:referral", args=[referral.pk])

    return form_page(request, "casework/referral_new.html", form, {"child": child}, save,
                     "Referral recorded")


@login_required
@require_safe
def referral(request, pk):
    found = episodes.episode(access.referral_for_user(request.user, pk))
    can_change = people_access.can_change_child(request.user, found.child)
    return render(request, "casework/referral.html", {
        "referral": found,
        "child": found.child,
        "status": episodes.status(found),
        "pending_closure": episodes.pending_closure(found),
        "timescales": episodes.timescales(found.deadlines.all()),
        "steps": episodes.steps(found),
        "next_steps": episodes.next_steps(found) if can_change else [],
        "can_change": can_change,
        "can_sign_off": can_change and is_manager(request.user),
    })
