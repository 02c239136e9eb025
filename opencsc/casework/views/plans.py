"""The child in need plan (start, reviews, end) and visits to the child."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from opencsc.people import access as people_access

from .. import access, actions, episodes, forms
from ..models import Visit
from ._common import form_page, posted


def _episode_page(referral):
    return reverse("casework:referral", args=[referral.pk])


@login_required
def cin_plan_new(request, pk):
    referral = access.referral_for_user(request.user, pk, change=True)
    form = forms.CINPlanStartForm(posted(request))

    def save(data):
        plan = actions.start_cin_plan(referral, actor=request.user, **data)
        return reverse("casework:cin_plan", args=[plan.pk])

    return form_page(request, "casework/cin_plan_new.html", form,
                     {"referral": referral, "child": referral.child}, save,
                     "Child in need plan started")


@login_required
@require_safe
def cin_plan(request, pk):
    found = access.cin_plan_for_user(request.user, pk)
    context = episodes.plan_context(found, Visit.Kind.CIN, f"cin:{found.pk}")
    context["can_change"] = context["can_change"] and people_access.can_change_child(
        request.user, context["child"])
    return render(request, "casework/cin_plan.html", context)


def _plan_step(request, pk, form_class, template, do, done):
    plan = access.cin_plan_for_user(request.user, pk, change=True)
    refuse = "This plan has ended" if plan.end_date else ""
    form = form_class(posted(request), refuse=refuse)

    def save(data):
        do(plan, data)
        return reverse("casework:cin_plan", args=[plan.pk])

    context = {"plan": plan, "referral": plan.referral, "child": plan.referral.child}
    return form_page(request, template, form, context, save, done)


@login_required
def cin_plan_review(request, pk):
    return _plan_step(request, pk, forms.CINPlanReviewForm, "casework/cin_plan_review.html",
                      lambda plan, data: actions.review_cin_plan(plan, actor=request.user,
                                                                 **data),
                      "Review recorded")


@login_required
def cin_plan_end(request, pk):
    return _plan_step(request, pk, forms.PlanEndForm, "casework/cin_plan_end.html",
                      lambda plan, data: actions.end_cin_plan(plan, actor=request.user, **data),
                      "Child in need plan ended")


@login_required
def visit_new(request, pk):
    referral = episodes.episode(access.referral_for_user(request.user, pk, change=True))
    form = forms.VisitForm(posted(request), initial={"kind": _kind(request, referral)})

    def save(data):
        actions.record_visit(referral, actor=request.user, **data)
        return _back(referral, data["kind"])

    return form_page(request, "casework/visit_new.html", form,
                     {"referral": referral, "child": referral.child}, save, "Visit recorded")


def _kind(request, referral) -> str:
    """The kind of visit asked for, or the one the episode's open plan calls for."""
    if request.GET.get("kind") in Visit.Kind.values:
        return request.GET["kind"]
    if episodes.open_cp_plan(referral):
        return Visit.Kind.CP
    return Visit.Kind.CIN if episodes.open_cin_plan(referral) else Visit.Kind.ASSESSMENT


def _back(referral, kind) -> str:
    """After a visit, back to the plan it was for, or to the episode."""
    if kind == Visit.Kind.CP and (plan := episodes.open_cp_plan(referral)):
        return reverse("casework:cp_plan", args=[plan.pk])
    if kind == Visit.Kind.CIN and (plan := episodes.open_cin_plan(referral)):
        return reverse("casework:cin_plan", args=[plan.pk])
    return _episode_page(referral)
