"""Entrants' URLs, under /entries/."""

from django.urls import path

from . import views

app_name = "entries"

urlpatterns = [
    path("", views.entry_list, name="list"),
    path("start/<id:category_pk>/", views.start_entry_view, name="start"),
    path("<id:pk>/", views.entry_detail, name="detail"),
    path("<id:pk>/autosave/", views.entry_autosave, name="autosave"),
    path("<id:pk>/check/", views.entry_check, name="check"),
    path("<id:pk>/record.pdf", views.entry_record, name="record"),
    path("<id:pk>/delete/", views.entry_delete, name="delete"),
    path("<id:pk>/withdraw/", views.entry_withdraw, name="withdraw"),
    path("<id:pk>/confirmation/", views.entry_confirmation, name="confirmation"),
    path(
        "<id:pk>/documents/<id:document_pk>/",
        views.document_download,
        name="document",
    ),
    path(
        "<id:pk>/documents/<id:document_pk>/remove/",
        views.document_remove,
        name="remove_document",
    ),
]
