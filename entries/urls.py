"""Entrants' URLs, under /entries/."""

from django.urls import path

from . import views

app_name = "entries"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("start/<int:category_pk>/", views.start_entry_view, name="start"),
    path("<int:pk>/", views.entry_detail, name="detail"),
    path("<int:pk>/autosave/", views.entry_autosave, name="autosave"),
    path("<int:pk>/check/", views.entry_check, name="check"),
    path("<int:pk>/record.pdf", views.entry_record, name="record"),
    path("<int:pk>/delete/", views.entry_delete, name="delete"),
    path("<int:pk>/withdraw/", views.entry_withdraw, name="withdraw"),
    path("<int:pk>/confirmation/", views.entry_confirmation, name="confirmation"),
    path(
        "<int:pk>/documents/<int:document_pk>/",
        views.document_download,
        name="document",
    ),
]
