"""The leaving-care page and its forms, under the child: /children/<id>/leaving-care/."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from opencsc.looked_after.views._common import Page, child_form
from opencsc.people.access import can_change_child, child_for_user

from . import actions, forms, summary


def _page(heading, button, done, intro=""):
    return Page(heading, button, done, intro, back="care_leavers:leaving_care",
                crumb="Leaving care")


NEEDS = _page("Record a needs assessment", "Record the assessment", "Needs assessment recorded",
              "Due within 3 months of the young person becoming an eligible child.")
PATHWAY = _page("Record a pathway plan or review", "Record the plan", "Pathway plan recorded",
                "A pathway plan is reviewed at least every 6 months.")
ADVISER = _page("Appoint a personal adviser", "Appoint the adviser", "Personal adviser appointed",
                "The new adviser replaces the current one from this date.")
IN_TOUCH = _page("Record a keep-in-touch contact", "Record the contact", "Contact recorded",
                 "The SSDA903 OC3 items: in touch, main activity, and accommodation with its "
                 "suitability, on or around each birthday from the 17th to the 21st.")
STAYING_PUT = _page("Record Staying Put", "Record Staying Put", "Staying Put recorded",
                    "A young person of 18 or over staying with their former foster carers.")


@login_required
def leaving_care(request, pk):
    child = child_for_user(request.user, pk, purpose="leaving care")
    context = summary.leaving_care_context(child, timezone.localdate())
    return render(request, "care_leavers/leaving_care.html", {
        "child": child, "can_change": can_change_child(request.user, child), **context})


def _child_page(request, pk, form_class, page, action):
    def save(child, form):
        action(child, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, form_class, page, save)


@login_required
def needs_assessment_new(request, pk):
    return _child_page(request, pk, forms.NeedsAssessmentForm, NEEDS,
                       actions.record_needs_assessment)


@login_required
def pathway_plan_new(request, pk):
    return _child_page(request, pk, forms.PathwayPlanForm, PATHWAY, actions.record_pathway_plan)


@login_required
def personal_adviser(request, pk):
    return _child_page(request, pk, forms.PersonalAdviserForm, ADVISER,
                       actions.appoint_personal_adviser)


@login_required
def keep_in_touch_new(request, pk):
    return _child_page(request, pk, forms.KeepInTouchForm, IN_TOUCH,
                       actions.record_keep_in_touch)


@login_required
def staying_put_new(request, pk):
    return _child_page(request, pk, forms.StayingPutForm, STAYING_PUT,
                       actions.start_staying_put)
