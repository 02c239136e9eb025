from django.urls import path

from . import views

app_name = "performance"

urlpatterns = [
    path("performance/", views.dashboard, name="dashboard"),
    path("performance/targets/", views.targets, name="targets"),
    path("performance/<slug:code>/", views.measure, name="measure"),
]
