"""The admin asks a second factor of the Entries team, Judges and superusers;
both admins sign in through allauth, which asks for its code."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client

from tests.entries_helpers import make_staff
from tests.factories import make_entrant
from tests.totp import enrol_totp, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("path", ["/admin/", "/admin/entries/", "/django-admin/"])
def test_a_superuser_without_an_authenticator_app_must_set_one_up(home, path):
    boss = get_user_model().objects.create_superuser("boss", "b@example.org", "pw")
    response = signed_in(boss).get(path)
    assert (response.status_code, response["Location"]) == (
        302,
        f"{ACTIVATE}?next={path}",
    )


def test_the_entries_team_must_set_one_up_and_then_may_work(home):
    emma = make_staff("Entries team", "emma", second_factor=False)
    client = signed_in(emma)
    assert client.get("/admin/entries/")["Location"] == (
        f"{ACTIVATE}?next=/admin/entries/"
    )
    enrol_totp(emma)
    assert client.get("/admin/entries/").status_code == 200


def test_judges_must_set_one_up_too(home):
    judge = make_staff("Entries team", "jo", second_factor=False)
    judge.groups.set([Group.objects.get_or_create(name="Judges")[0]])
    assert signed_in(judge).get("/admin/")["Location"] == f"{ACTIVATE}?next=/admin/"


def test_marketing_editors_may_opt_in_but_need_not(home):
    editor = make_staff("Marketing editors", "mo", second_factor=False)
    assert signed_in(editor).get("/admin/").status_code == 200


def test_entrants_may_opt_in(home):
    response = signed_in(make_entrant()).get("/accounts/2fa/")
    assert response.status_code == 200
    assert "Authenticator App" in response.content.decode()


@pytest.mark.parametrize("admin", ["/admin/login/", "/django-admin/login/"])
def test_both_admins_sign_in_through_allauth(client, admin):
    response = client.get(admin, {"next": "/admin/pages/"})
    assert response["Location"] == "/accounts/login/?next=%2Fadmin%2Fpages%2F"


def test_with_an_app_the_password_alone_does_not_sign_in(client, home):
    make_staff("Entries team", "emma")
    response = client.post(
        "/accounts/login/",
        {"login": "emma", "password": "staff passphrase 42", "next": "/admin/"},
    )
    assert response["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    response = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert "Incorrect code." in response.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code()})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_signed_in_entrant_sent_to_sign_in_is_not_sent_round_in_a_loop(home):
    client = signed_in(make_entrant())
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [("/accounts/login/?next=/admin/", 302)]
    assert response.status_code == 200
