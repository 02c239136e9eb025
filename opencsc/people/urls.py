from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("children/", views.children, name="children"),
    path("children/new/", views.child_new, name="child_new"),
    path("children/<int:pk>/", views.child, name="child"),
    path("children/<int:pk>/edit/", views.child_edit, name="child_edit"),
    path("children/<int:pk>/history/", views.child_history, name="child_history"),
    path("children/<int:pk>/access-log/", views.access_log, name="access_log"),
    path("children/<int:pk>/addresses/new/", views.address_new, name="address_new"),
    path("children/<int:pk>/names/new/", views.other_name_new, name="other_name_new"),
    path("children/<int:pk>/relationships/new/", views.relationship_new, name="relationship_new"),
    path("children/<int:pk>/professionals/new/", views.professional_new, name="professional_new"),
    path("emergency-access/", views.emergency_access, name="emergency_access"),
]
