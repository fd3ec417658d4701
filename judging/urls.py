"""The judges' URLs, under /judging/."""

from django.urls import path

from . import views

app_name = "judging"

urlpatterns = [
    path("", views.assignment_list, name="list"),
    path("<id:pk>/", views.score_sheet, name="sheet"),
    path("<id:pk>/autosave/", views.sheet_autosave, name="autosave"),
    path("<id:pk>/conflict/", views.conflict, name="conflict"),
    path("<id:pk>/documents/<id:number>/", views.document, name="document"),
]
