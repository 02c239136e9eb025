from django.urls import path

from . import views_notes as views

app_name = "notes"
urlpatterns = [
    path("children/<int:pk>/notes/", views.notes, name="list"),
    path("children/<int:pk>/notes/new/", views.new_note, name="new"),
    path("children/<int:pk>/notes/draft/", views.note_draft, name="draft"),
    path("children/<int:pk>/chronology/", views.chronology_page, name="chronology"),
    path("children/<int:pk>/chronology.pdf", views.chronology_download, name="chronology_pdf"),
]
