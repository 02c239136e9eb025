from django.urls import path

from . import views

app_name = "workforce"
urlpatterns = [
    path("workforce/", views.index, name="index"),
    path("workforce/teams/<int:team_id>/", views.team, name="team"),
    path("workforce/teams/<int:team_id>/posts/new/", views.post_new, name="post_new"),
    path("workforce/teams/<int:team_id>/starters/new/", views.starter_new, name="starter_new"),
    path("workforce/teams/<int:team_id>/hours/", views.hours_change, name="hours_change"),
    path("workforce/teams/<int:team_id>/leavers/new/", views.leaver_new, name="leaver_new"),
    path("workforce/teams/<int:team_id>/sickness/new/", views.sickness_new,
         name="sickness_new"),
    path("workforce/teams/<int:team_id>/supervision/new/", views.supervision_new,
         name="supervision_new"),
]
