from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.index, name="index"),
    path("oversight/report/", views.report, name="report"),
    path("oversight/report.pdf", views.report_pdf, name="report_pdf"),
    path("oversight/plan/", views.plan, name="plan"),
    path("oversight/plan/new/", views.action_new, name="action_new"),
    path("oversight/plan/<int:pk>/", views.action, name="action"),
    path("oversight/plan/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("oversight/inspections/", views.inspections, name="inspections"),
    path("oversight/inspections/import/", views.inspections_import, name="inspections_import"),
    path("oversight/inspections/neighbours/", views.neighbours, name="neighbours"),
]
