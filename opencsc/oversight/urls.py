from django.urls import path

from . import contract_views, views

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
    path("oversight/contracts/", contract_views.contracts, name="contracts"),
    path("oversight/contracts/new/", contract_views.contract_new, name="contract_new"),
    path("oversight/contracts/<int:pk>/", contract_views.contract, name="contract"),
    path("oversight/contracts/<int:pk>/measures/new/", contract_views.contract_measure_new,
         name="contract_measure_new"),
    path("oversight/contracts/measures/<int:pk>/target/", contract_views.contract_target_new,
         name="contract_target_new"),
    path("oversight/contracts/measures/<int:pk>/remove/",
         contract_views.contract_measure_remove, name="contract_measure_remove"),
]
