from django.urls import path

from . import views

app_name = "returns"
RUN = "returns/runs/<int:run_id>/"
urlpatterns = [
    path("returns/", views.index, name="index"),
    path("returns/check/", views.upload, name="upload"),
    path("returns/rules/", views.rules, name="rules"),
    path(RUN, views.run, name="run"),
    path(RUN + "status.json", views.status, name="status"),
    path(RUN + "download/", views.download, name="download"),
    path(RUN + "report/", views.report, name="report"),
    path(RUN + "report/rules/<str:code>/", views.report_rule, name="report_rule"),
    path(RUN + "report/rules/<str:code>/explain/<path:child_id>/", views.explain,
         name="explain"),
    path(RUN + "report/children/", views.report_children, name="report_children"),
    path(RUN + "report/children/<path:child_id>/", views.report_child, name="report_child"),
    path(RUN + "report.csv", views.report_file, {"suffix": ".csv"}, name="report_csv"),
    path(RUN + "report.xlsx", views.report_file, {"suffix": ".xlsx"}, name="report_xlsx"),
]
