"""Looked-after reviews, statutory visits, the IRO, the care plan and the placement plan.

Each is recorded against the period of care (or placement) its date falls in, so a late
entry for an earlier period lands where it belongs."""

from django.contrib.auth.decorators import login_required

from opencsc.casework.timescales import RULES

from .. import actions, current, forms
from ._common import Page, child_form

REVIEW = Page("Record a looked-after review", "Record the review", "Review recorded")
VISIT = Page("Record a statutory visit", "Record the visit", "Visit recorded",
             intro="A visit by the child's social worker under regulation 28 of the Care "
                   "Planning, Placement and Case Review Regulations 2010.")
VISIT_REQUEST = Page(
    "Record that an extra visit is needed", "Record that a visit is needed",
    "Extra visit recorded: it is now due on the timescales",
    intro="Regulation 28 of the Care Planning, Placement and Case Review Regulations 2010 "
          "asks for a visit when the child or their carer reasonably asks for one, or when "
          "we are told the placement is at risk of disruption. The visit is due within "
          f"{RULES['lac_visit_requested'].description}: the regulations set no period, so "
          "this is the service's own standard.")
IRO = Page("Allocate an independent reviewing officer", "Allocate the IRO", "IRO allocated")
CARE_PLAN = Page("Record the care plan", "Record the care plan", "Care plan recorded")
PLACEMENT_PLAN = Page("Record a placement plan", "Record the placement plan",
                      "Placement plan recorded")


def _period_page(request, pk, form_class, page, action, date_field):
    """A form whose action is recorded on the period of care its date falls in."""
    def save(child, form):
        period = current.period_on(child, form.cleaned_data[date_field])
        action(period, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, form_class, page, save, refuse=current.never_looked_after)


@login_required
def review_new(request, pk):
    return _period_page(request, pk, forms.ReviewForm, REVIEW, actions.record_review,
                        "review_date")


@login_required
def visit_new(request, pk):
    return _period_page(request, pk, forms.VisitForm, VISIT, actions.record_statutory_visit,
                        "visit_date")


@login_required
def visit_request(request, pk):
    return _period_page(request, pk, forms.VisitRequestForm, VISIT_REQUEST,
                        actions.request_visit, "requested_date")


@login_required
def iro(request, pk):
    return _period_page(request, pk, forms.IROForm, IRO, actions.allocate_iro, "start_date")


@login_required
def care_plan_new(request, pk):
    return _period_page(request, pk, forms.CarePlanForm, CARE_PLAN, actions.record_care_plan,
                        "plan_date")


@login_required
def placement_plan_new(request, pk):
    def save(child, form):
        placement = current.placement_on(child, form.cleaned_data["plan_date"])
        actions.record_placement_plan(placement, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, forms.PlacementPlanForm, PLACEMENT_PLAN, save,
                      refuse=current.never_looked_after)
