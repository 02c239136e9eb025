"""A young person's leaving care, under their record: /children/<id>/leaving-care/."""

from django.urls import path

from . import views

app_name = "care_leavers"
LEAVING = "children/<int:pk>/leaving-care/"
urlpatterns = [
    path(LEAVING, views.leaving_care, name="leaving_care"),
    path(LEAVING + "needs-assessments/new/", views.needs_assessment_new,
         name="needs_assessment_new"),
    path(LEAVING + "pathway-plans/new/", views.pathway_plan_new, name="pathway_plan_new"),
    path(LEAVING + "personal-adviser/", views.personal_adviser, name="personal_adviser"),
    path(LEAVING + "keep-in-touch/new/", views.keep_in_touch_new, name="keep_in_touch_new"),
    path(LEAVING + "staying-put/new/", views.staying_put_new, name="staying_put_new"),
]
