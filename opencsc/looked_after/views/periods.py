"""Periods of care and their episodes: becoming looked after, a change of legal status or
of placement, and ceasing to be looked after."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required

from .. import actions, current, forms
from ._common import Page, child_form

START = Page("Record that the child became looked after", "Record the start of care",
             "Period of care started",
             intro="This starts a period of care and its first SSDA903 episode (RNE S).")
LEGAL_STATUS = Page("Record a change of legal status", "Record the change",
                    "Legal status changed",
                    intro="The current episode ends (REC X1) and a new one starts the same "
                          "day (RNE L), in the same placement.")
PLACEMENT = Page("Record a change of placement", "Record the move", "Placement changed",
                 intro="The current episode ends (REC X1) with the reason for the change, "
                       "and a new one starts the same day.")
CEASE = Page("Record that the child ceased to be looked after", "Record the end of care",
             "Period of care ended")


def _say_if_not_located(request, form) -> None:
    """Tell the worker if the LA of placement or the distance could not be worked out."""
    details = form.placement_details()
    for problem in actions.placement_problems(details["postcode"], details["home_postcode"]):
        messages.warning(request, problem)


@login_required
def start(request, pk):
    def save(child, form):
        actions.start_period_of_care(child, actor=request.user, **form.action_kwargs())
        _say_if_not_located(request, form)

    return child_form(request, pk, forms.StartForm, START, save,
                      refuse=current.looked_after_now)


@login_required
def legal_status(request, pk):
    def save(child, form):
        actions.change_legal_status(current.open_period(child), actor=request.user,
                                    **form.action_kwargs())

    return child_form(request, pk, forms.LegalStatusForm, LEGAL_STATUS, save,
                      refuse=current.not_looked_after_now)


@login_required
def placement(request, pk):
    def save(child, form):
        actions.change_placement(current.open_period(child), actor=request.user,
                                 **form.action_kwargs())
        _say_if_not_located(request, form)

    return child_form(request, pk, forms.PlacementChangeForm, PLACEMENT, save,
                      refuse=current.not_looked_after_now)


@login_required
def cease(request, pk):
    def save(child, form):
        actions.cease_care(current.open_period(child), actor=request.user, **form.action_kwargs())

    return child_form(request, pk, forms.CeaseForm, CEASE, save,
                      refuse=current.not_looked_after_now)
