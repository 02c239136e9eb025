"""Health and education: health assessments and checks, SDQ scores and personal education
plans. These belong to the child, not to one period of care."""

from django.contrib.auth.decorators import login_required

from .. import actions, forms
from ._common import Page, child_form

HEALTH_ASSESSMENT = Page("Record a health assessment", "Record the assessment",
                         "Health assessment recorded",
                         intro="The initial health assessment is due within 20 working days "
                               "of becoming looked after; reviews every 6 months under 5, "
                               "then every year.")
HEALTH_CHECK = Page("Record a health check", "Record the check", "Health check recorded")
SDQ = Page("Record a strengths and difficulties questionnaire", "Record the SDQ",
           "SDQ recorded", intro="Enter the total score, or the reason there is none.")
PEP = Page("Record a personal education plan", "Record the PEP",
           "Personal education plan recorded",
           intro="Agreed with the school and the virtual school; reviewed each term.")


def _child_page(request, pk, form_class, page, action):
    def save(child, form):
        action(child, actor=request.user, **form.action_kwargs())

    return child_form(request, pk, form_class, page, save)


@login_required
def health_assessment_new(request, pk):
    return _child_page(request, pk, forms.HealthAssessmentForm, HEALTH_ASSESSMENT,
                       actions.record_health_assessment)


@login_required
def health_check_new(request, pk):
    return _child_page(request, pk, forms.HealthCheckForm, HEALTH_CHECK,
                       actions.record_health_check)


@login_required
def sdq_new(request, pk):
    return _child_page(request, pk, forms.SDQForm, SDQ, actions.record_sdq)


@login_required
def pep_new(request, pk):
    return _child_page(request, pk, forms.PEPForm, PEP, actions.record_pep)
