"""Entrants' accounts: sign-up with consent, verification, sign-in, limits."""

import re

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from entries.models import EntrantProfile
from tests.factories import make_entrant

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # allauth counts attempts in the cache
    yield
    cache.clear()


def signup_data(**overrides):
    data = {
        "email": "new.entrant@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "full_name": "Mary Seacole",
        "organisation": "Example Health Board",
        "job_title": "Partnerships lead",
        "phone": "029 2000 0000",
        "privacy_consent": "on",
    }
    data.update(overrides)
    return data


def test_sign_up_records_profile_and_consent_and_sends_verification(client, home):
    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    user = get_user_model().objects.get(email="new.entrant@example.org")
    profile = EntrantProfile.objects.get(user=user)
    assert (
        profile.full_name,
        profile.organisation,
        profile.job_title,
        profile.phone,
    ) == (
        "Mary Seacole",
        "Example Health Board",
        "Partnerships lead",
        "029 2000 0000",
    )
    assert profile.privacy_notice_version == "2026-12"
    assert profile.privacy_consented_at is not None
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    link = re.search(
        r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body
    ).group(0)
    client.post(link.replace("http://testserver", ""))
    assert EmailAddress.objects.get(user=user).verified


def test_sign_up_without_consent_is_refused_with_a_message(client):
    response = client.post(reverse("account_signup"), signup_data(privacy_consent=""))
    assert response.status_code == 200
    assert (
        "Agree to the privacy notice to create an account" in response.content.decode()
    )
    assert not get_user_model().objects.exists()


def test_sign_up_form_links_the_privacy_notice(client):
    page = BeautifulSoup(client.get(reverse("account_signup")).content, "html.parser")
    assert page.find("a", string="Read the privacy notice")["href"] == "/privacy/"
    assert page.select_one("label[for=id_privacy_consent]") is not None


def test_privacy_notice_page(client):
    page = BeautifulSoup(client.get("/privacy/").content, "html.parser")
    assert page.h1.get_text() == "Privacy notice"
    assert "Version 2026-12" in page.select_one(".lead").get_text()


def test_sign_in_by_email(client):
    make_entrant(password=PASSWORD)
    response = client.post(
        reverse("account_login"), {"login": "entrant@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/entries/"


def test_failed_sign_ins_lock_the_account_out(client, settings):
    make_entrant(password=PASSWORD)
    attempt = {"login": "entrant@example.org", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(reverse("account_login"), attempt)
        assert "The email address and/or password you specified are not correct." in (
            response.content.decode()
        )
    response = client.post(reverse("account_login"), attempt)
    assert response.status_code == 429
    # Now even the right password is refused for a while.
    page = BeautifulSoup(response.content, "html.parser")
    assert page.h1.get_text() == "Too many attempts to sign in"
    # Now even the right password is refused for a while (allauth's own limit
    # answers first on its form; django-axes would refuse it too).
    response = client.post(
        reverse("account_login"), {"login": "entrant@example.org", "password": PASSWORD}
    )
    assert "Too many" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failed_admin_sign_ins_lock_out_too(client, settings):
    # The admin signs in on allauth's form (by username or email).
    assert client.get("/admin/login/")["Location"] == "/accounts/login/"
    get_user_model().objects.create_superuser("boss", "boss@example.org", PASSWORD)
    wrong = {"login": "boss", "password": "wrong"}
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(reverse("account_login"), wrong).status_code == 200
    assert client.post(reverse("account_login"), wrong).status_code == 429
    right = client.post(
        reverse("account_login"), {"login": "boss", "password": PASSWORD}
    )
    # allauth's form says so (its own limit answers first; axes would too).
    assert "Too many failed login attempts" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_does_not_reveal_who_has_an_account(client):
    make_entrant(password=PASSWORD)
    known = client.post(
        reverse("account_reset_password"), {"email": "entrant@example.org"}
    )
    unknown = client.post(
        reverse("account_reset_password"), {"email": "nobody@example.org"}
    )
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert [m.to for m in mail.outbox] == [
        ["entrant@example.org"],
        ["nobody@example.org"],
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "but no account uses it" in mail.outbox[1].body
    # The same subject, so that a glance at the inbox tells no one either.
    assert mail.outbox[0].subject == mail.outbox[1].subject == "Reset your password"
    # Both pages say the same thing.
    assert (
        client.get(known["Location"]).content == client.get(unknown["Location"]).content
    )


def test_sign_out_needs_a_post(client):
    user = make_entrant(password=PASSWORD)
    client.force_login(user)
    client.get(reverse("account_logout"))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_signing_in_from_the_header_comes_back_to_the_page(client, category):
    page = BeautifulSoup(client.get(category.url).content, "html.parser")
    header = page.select_one(".site-header__nav")
    links = {a.get_text(): a["href"] for a in header.select("a")}
    assert links == {
        "Sign in": f"/accounts/login/?next={category.url}",
        "Create an account": f"/accounts/signup/?next={category.url}",
    }
    user = make_entrant(password=PASSWORD)
    response = client.post(
        links["Sign in"], {"login": user.email, "password": PASSWORD}
    )
    assert response["Location"] == category.url
    # The sign-in page itself, and the home page, need no way back.
    for path in ("/accounts/login/", "/"):
        client.logout()
        page = BeautifulSoup(client.get(path).content, "html.parser")
        assert page.select_one(".site-header__nav a")["href"] == "/accounts/login/"
