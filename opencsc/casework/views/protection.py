"""Child protection: the strategy discussion, the section 47 enquiry, the initial
conference, and the child protection plan with its core groups and review conferences."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from opencsc.people import access as people_access

from .. import access, actions, episodes, forms
from ..models import StrategyDiscussion, Visit
from ._common import form_page, posted


@login_required
def strategy_new(request, pk):
    referral = access.referral_for_user(request.user, pk, change=True)
    form = forms.StrategyForm(posted(request), initial={"social_care_invited": True})

    def save(data):
        discussion = actions.record_strategy_discussion(
            referral, actor=request.user, discussion_date=data["discussion_date"],
            decision=data["decision"], notes=data["notes"], attendees=form.attendees())
        if discussion.decision == StrategyDiscussion.Decision.SECTION_47:
            return reverse("casework:section47", args=[discussion.section47.pk])
        return reverse("casework:referral", args=[referral.pk])

    return form_page(request, "casework/strategy_new.html", form,
                     {"referral": referral, "child": referral.child}, save,
                     "Strategy discussion recorded")


@login_required
def section47(request, pk):
    found = access.section47_for_user(request.user, pk, change=request.method == "POST")
    referral = found.referral
    refuse = "This enquiry has already been concluded" if found.end_date else ""
    form = forms.Section47ConcludeForm(posted(request), refuse=refuse)

    def save(data):
        actions.conclude_section47(found, actor=request.user, **data)
        return reverse("casework:section47", args=[found.pk])

    can_change = people_access.can_change_child(request.user, referral.child)
    return form_page(request, "casework/section47.html", form, {
        "section47": found, "referral": referral, "child": referral.child,
        "strategy": found.strategy, "attendees": found.strategy.attendees.all(),
        "conference": getattr(found, "conference", None),
        "target": actions.conference_target(found),
        "can_conclude": can_change and not found.end_date and referral.is_open,
        "can_record_conference": can_change and referral.is_open,
    }, save, "Section 47 enquiry concluded")


@login_required
def conference_new(request, pk):
    referral = episodes.episode(access.referral_for_user(request.user, pk, change=True))
    enquiry = _enquiry(request, referral)
    refuse = "" if enquiry else "No section 47 enquiry on this episode is awaiting a conference"
    previous = referral.child_cp_plans().exclude(referral=referral).count()
    form = forms.ConferenceForm(posted(request), initial={"previous_plans": previous},
                                refuse=refuse)

    def save(data):
        conference = actions.record_initial_conference(referral, actor=request.user,
                                                       section47=enquiry, **data)
        if plan := getattr(conference, "plan", None):
            return reverse("casework:cp_plan", args=[plan.pk])
        return reverse("casework:referral", args=[referral.pk])

    return form_page(request, "casework/conference_new.html", form, {
        "referral": referral, "child": referral.child, "section47": enquiry,
        "target": actions.conference_target(enquiry) if enquiry else None,
    }, save, "Initial conference recorded")


def _enquiry(request, referral):
    """The enquiry named in ``?section47=``, which must be this episode's, or the one
    awaiting a conference."""
    wanted = request.GET.get("section47")
    if not wanted:
        return episodes.awaiting_conference(referral)
    enquiry = access.section47_for_user(request.user, wanted, change=True)
    if enquiry.referral_id != referral.pk:
        raise Http404("That enquiry is not on this episode")
    return enquiry


@login_required
@require_safe
def cp_plan(request, pk):
    found = access.cp_plan_for_user(request.user, pk)
    context = episodes.plan_context(found, Visit.Kind.CP, f"plan:{found.pk}")
    context["can_change"] = context["can_change"] and people_access.can_change_child(
        request.user, context["child"])
    return render(request, "casework/cp_plan.html", context)


def _plan_step(request, pk, form_class, template, do, done):
    plan = access.cp_plan_for_user(request.user, pk, change=True)
    refuse = "This plan has ended" if plan.end_date else ""
    form = form_class(posted(request), refuse=refuse)

    def save(data):
        do(plan, data)
        return reverse("casework:cp_plan", args=[plan.pk])

    context = {"plan": plan, "referral": plan.referral, "child": plan.referral.child}
    return form_page(request, template, form, context, save, done)


@login_required
def core_group_new(request, pk):
    return _plan_step(request, pk, forms.CoreGroupForm, "casework/core_group_new.html",
                      lambda plan, data: actions.record_core_group(plan, actor=request.user,
                                                                   **data),
                      "Core group meeting recorded")


@login_required
def cp_review_new(request, pk):
    return _plan_step(request, pk, forms.CPReviewForm, "casework/cp_review_new.html",
                      lambda plan, data: actions.record_cp_review(plan, actor=request.user,
                                                                  **data),
                      "Review conference recorded")


@login_required
def cp_plan_end(request, pk):
    return _plan_step(request, pk, forms.CPPlanEndForm, "casework/cp_plan_end.html",
                      lambda plan, data: actions.end_cp_plan(plan, actor=request.user, **data),
                      "Child protection plan ended")
