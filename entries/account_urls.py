"""The entrant's account page, under /account/ (allauth's own views are under
/accounts/)."""

from django.urls import path

from . import account

app_name = "myaccount"

urlpatterns = [
    path("", account.account_home, name="home"),
    path("profile/", account.edit_profile, name="profile"),
    path("data.json", account.download_data, name="data"),
    path("delete/", account.delete_account_view, name="delete"),
]
