"""Missing from placement and the return, UASC status, adoption and previous permanence."""

from django.contrib.auth.decorators import login_required

from .. import actions, current, forms
from ._common import Page, child_form

MISSING = Page("Record that the child is missing or away", "Record the missing episode",
               "Missing episode recorded",
               intro="Record every episode, however short. Offer a return home interview "
                     "within 72 hours of the child's return.")
RETURN = Page("Record the child's return", "Record the return", "Return recorded")
UASC = Page("Record UASC status", "Record UASC status", "UASC status recorded",
            intro="An unaccompanied asylum-seeking child. The status ceases no later than "
                  "the 18th birthday (SSDA903 rule 304).")
ADOPTION = Page("Record adoption milestones", "Save the adoption milestones",
                "Adoption milestones saved",
                intro="Each date must follow the one before it: decision, placement order, "
                      "match, placement, adoption order.")
PREVIOUS_PERMANENCE = Page("Record previous permanence", "Save previous permanence",
                           "Previous permanence saved",
                           intro="Whether the child was adopted or under a special "
                                 "guardianship or child arrangements order before entering "
                                 "care (SSDA903 PrevPerm).")


@login_required
def missing_new(request, pk):
    def save(child, form):
        actions.record_missing(child, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, forms.MissingForm, MISSING, save)


def _no_missing(child) -> str:
    return "" if current.missing_to_close(child) else "No missing or away episode is recorded"


def _return_initial(child) -> dict:
    episode = current.missing_to_close(child)
    if episode is None:
        return {}
    accepted = {True: "yes", False: "no"}.get(episode.return_interview_accepted, "")
    return {"end_date": episode.end_date, "return_interview_offered":
            episode.return_interview_offered, "return_interview_accepted": accepted}


@login_required
def missing_return(request, pk):
    def save(child, form):
        actions.record_return(current.missing_to_close(child), actor=request.user,
                              **form.action_kwargs())

    return child_form(request, pk, forms.ReturnForm, RETURN, save, refuse=_no_missing,
                      initial=_return_initial)


@login_required
def uasc(request, pk):
    def save(child, form):
        actions.record_uasc(child, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, forms.UASCForm, UASC, save)


@login_required
def adoption(request, pk):
    def save(child, form):
        actions.record_adoption(child, actor=request.user,
                                adoption=current.adoption_in_progress(child),
                                **form.action_kwargs())

    return child_form(request, pk, forms.AdoptionForm, ADOPTION, save,
                      initial=lambda child: forms.AdoptionForm.initial_from(
                          current.adoption_in_progress(child)))


def _permanence_initial(child) -> dict:
    found = current.previous_permanence(child)
    return {"kind": found.kind, "local_authority": found.local_authority,
            "order_date": found.order_date} if found else {}


@login_required
def previous_permanence(request, pk):
    def save(child, form):
        actions.record_previous_permanence(child, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, forms.PreviousPermanenceForm, PREVIOUS_PERMANENCE, save,
                      initial=_permanence_initial)
