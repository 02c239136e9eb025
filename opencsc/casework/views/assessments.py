"""The single assessment: starting it, writing it (with autosaved drafts), completing it,
and the manager's authorisation."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.urls import reverse

from opencsc.people import access as people_access

from .. import access, actions, drafts, episodes, forms
from ._common import form_page, is_manager, posted, today

DRAFT_FORM = "assessment"


@login_required
def assessment_new(request, pk):
    referral = access.referral_for_user(request.user, pk, change=True)
    form = forms.AssessmentStartForm(posted(request), initial={"start_date": today()})

    def save(data):
        assessment = actions.start_assessment(referral, actor=request.user, **data)
        return reverse("casework:assessment", args=[assessment.pk])

    return form_page(request, "casework/assessment_new.html", form,
                     {"referral": referral, "child": referral.child}, save, "Assessment started")


@login_required
def assessment(request, pk):
    found = access.assessment_for_user(request.user, pk, change=request.method == "POST")
    child = found.referral.child
    editable = not found.completed_date and people_access.can_change_child(request.user, child)
    draft = drafts.draft_for(request.user, DRAFT_FORM, found.pk) if editable else None
    initial = {f: getattr(found, f) for f in actions.ASSESSMENT_FIELDS}
    if draft:  # the draft over the saved values
        initial.update(forms.AssessmentForm.initial_from_draft(draft.data))
    completing = request.POST.get("action") == "complete"
    form = forms.AssessmentForm(posted(request), initial=initial, refuse=_refusal(found))

    def save(data):
        if completing:
            actions.complete_assessment(found, actor=request.user, data=data,
                                        completed_date=today())
            return reverse("casework:referral", args=[found.referral_id])
        actions.save_assessment(found, actor=request.user, data=data)
        return reverse("casework:assessment", args=[found.pk])

    done = "Assessment sent to your manager for authorisation" if completing else "Saved"
    can_authorise = (found.completed_date and not found.authorisation_date
                     and is_manager(request.user)
                     and people_access.can_change_child(request.user, child))
    context = {"assessment": found, "referral": found.referral, "child": child,
               "editable": editable, "draft": draft, "can_authorise": can_authorise,
               "factor_labels": episodes.factor_labels(found)}
    return form_page(request, "casework/assessment.html", form, context, save, done)


def _refusal(assessment) -> str:
    if assessment.completed_date:
        return "This assessment is completed; it can no longer be changed"
    return ""


@login_required
def assessment_draft(request, pk):
    """The autosave endpoint: keeps what the worker has typed, as their own draft."""
    found = access.assessment_for_user(request.user, pk, change=True)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    data = forms.AssessmentForm.draft_from(request.POST)
    problem = _refusal(found) or drafts.problem_with(data)
    if problem:
        return JsonResponse({"error": problem}, status=400)
    actions.save_draft(actor=request.user, child=found.referral.child, form=DRAFT_FORM,
                       data=data, object_id=found.pk)
    return HttpResponse(status=204)


@login_required
def assessment_authorise(request, pk):
    found = access.assessment_for_user(request.user, pk, change=True)
    access.require_manager(request.user)
    refuse = _not_to_authorise(found)
    form = forms.AuthoriseForm(posted(request), initial={"authorisation_date": today()},
                               refuse=refuse)

    def save(data):
        actions.authorise_assessment(found, actor=request.user, **data)
        return reverse("casework:referral", args=[found.referral_id])

    context = {"assessment": found, "referral": found.referral, "child": found.referral.child,
               "factor_labels": episodes.factor_labels(found)}
    return form_page(request, "casework/assessment_authorise.html", form, context, save,
                     "Assessment authorised")


def _not_to_authorise(assessment) -> str:
    if assessment.authorisation_date:
        return "This assessment is already authorised"
    if not assessment.completed_date:
        return "The social worker has not yet completed this assessment"
    return ""
