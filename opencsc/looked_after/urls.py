"""A child's care lives under the child: /children/<id>/care/ and the forms beneath it.
Each form finds the period of care, placement or missing episode it acts on."""

from django.urls import path

from .views import care, events, health, periods, reviews

app_name = "looked_after"
CARE = "children/<int:pk>/care/"
urlpatterns = [
    path("providers/", care.provider_list, name="providers"),
    path("providers/new/", care.provider_new, name="provider_new"),
    path("providers/<int:pk>/edit/", care.provider_edit, name="provider_edit"),
    path(CARE, care.care, name="care"),
    path(CARE + "start/", periods.start, name="start"),
    path(CARE + "legal-status/", periods.legal_status, name="legal_status"),
    path(CARE + "placement/", periods.placement, name="placement"),
    path(CARE + "end/", periods.cease, name="cease"),
    path(CARE + "reviews/new/", reviews.review_new, name="review_new"),
    path(CARE + "visits/new/", reviews.visit_new, name="visit_new"),
    path(CARE + "visits/request/", reviews.visit_request, name="visit_request"),
    path(CARE + "iro/", reviews.iro, name="iro"),
    path(CARE + "care-plans/new/", reviews.care_plan_new, name="care_plan_new"),
    path(CARE + "placement-plans/new/", reviews.placement_plan_new, name="placement_plan_new"),
    path(CARE + "health-assessments/new/", health.health_assessment_new,
         name="health_assessment_new"),
    path(CARE + "health-checks/new/", health.health_check_new, name="health_check_new"),
    path(CARE + "sdq/new/", health.sdq_new, name="sdq_new"),
    path(CARE + "peps/new/", health.pep_new, name="pep_new"),
    path(CARE + "missing/new/", events.missing_new, name="missing_new"),
    path(CARE + "missing/return/", events.missing_return, name="missing_return"),
    path(CARE + "uasc/", events.uasc, name="uasc"),
    path(CARE + "adoption/", events.adoption, name="adoption"),
    path(CARE + "previous-permanence/", events.previous_permanence,
         name="previous_permanence"),
]
