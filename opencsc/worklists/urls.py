from django.urls import path

from . import views

app_name = "worklists"
urlpatterns = [
    path("work/", views.my_work, name="my_work"),
    path("team/", views.team_page, name="team"),
    path("team/allocate/<int:pk>/", views.allocate, name="allocate"),
]
