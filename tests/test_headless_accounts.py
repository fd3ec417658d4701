"""Accounts over allauth's headless API: the same rules as the HTML pages.

Sign-up asks the profile and the privacy consent, and records it; the email's
links lead to the site's pages unless a front end is named; sign-in waits for a
confirmed address, and is limited and locked out as on the pages; browser
clients need CSRF, app clients a session token.
"""

import json

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from entries.models import EntrantProfile
from tests.factories import make_entrant
from tests.headless_helpers import (
    APP,
    BROWSER,
    PASSWORD,
    PROFILE,
    app_sign_in,
    app_sign_up,
    emailed_key,
    send,
)

pytestmark = pytest.mark.django_db


def test_sign_up_asks_the_profile_and_the_privacy_consent(client, home):
    response = send(
        client,
        "post",
        f"{APP}/auth/signup",
        {"email": "a@example.org", "password": PASSWORD},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "This field is required.",
            "code": "required",
            "param": "full_name",
        },
        {
            "message": "This field is required.",
            "code": "required",
            "param": "organisation",
        },
        {
            "message": "Agree to the privacy notice to create an account",
            "code": "required",
            "param": "privacy_consent",
        },
    ]
    assert not get_user_model().objects.exists()
    assert mail.outbox == []


def test_sign_up_records_the_consent_and_waits_for_the_address(
    client, home, settings, frozen
):
    response = send(
        client,
        "post",
        f"{APP}/auth/signup",
        {"email": "ada@example.org", "password": PASSWORD, **PROFILE},
    )
    assert response.status_code == 401
    body = response.json()
    assert body["meta"]["is_authenticated"] is False
    assert {"id": "verify_email", "is_pending": True} in body["data"]["flows"]
    profile = EntrantProfile.objects.get(user__email="ada@example.org")
    assert (profile.full_name, profile.organisation, profile.job_title) == (
        "Ada Lovelace",
        "Analytical NHS Trust",
        "Lead",
    )
    assert profile.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION
    assert profile.privacy_consented_at.isoformat() == "2027-03-01T12:00:00+00:00"
    # No front end is named: the link is the site's own confirmation page.
    assert "http://localhost/accounts/confirm-email/" in mail.outbox[0].body


def test_a_named_front_end_gets_the_emails_links(client, home, settings):
    settings.HEADLESS_FRONTEND_URLS = {
        "account_confirm_email": "https://app.example.org/verify/{key}"
    }
    send(
        client,
        "post",
        f"{APP}/auth/signup",
        {"email": "ada@example.org", "password": PASSWORD, **PROFILE},
    )
    assert "https://app.example.org/verify/" in mail.outbox[0].body
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


def test_confirming_signs_the_app_in_and_the_token_is_the_session(client, home):
    token = app_sign_up(client, "ada@example.org")
    response = send(Client(), "get", f"{APP}/auth/session", token=token)
    assert response.status_code == 200
    assert response.json()["data"]["user"]["email"] == "ada@example.org"
    # Signing out ends that token's session.
    response = send(Client(), "delete", f"{APP}/auth/session", token=token)
    assert response.status_code == 401
    response = send(Client(), "get", f"{APP}/auth/session", token=token)
    assert response.status_code == 410


def test_sign_in_waits_for_a_confirmed_address(client, home):
    make_entrant("new@example.org", verified=False, password=PASSWORD)
    response = send(
        client,
        "post",
        f"{APP}/auth/login",
        {"email": "new@example.org", "password": PASSWORD},
    )
    assert response.status_code == 401
    assert response.json()["meta"]["is_authenticated"] is False
    assert {"id": "verify_email", "is_pending": True} in response.json()["data"][
        "flows"
    ]


def test_a_wrong_password_is_refused_as_on_the_page(client, home):
    make_entrant("ada@example.org", password=PASSWORD)
    response = send(
        client,
        "post",
        f"{APP}/auth/login",
        {"email": "ada@example.org", "password": "no"},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "message": "The email address and/or password you specified are not "
            "correct.",
            "code": "email_password_mismatch",
            "param": "password",
        }
    ]


def test_repeated_failures_are_refused_even_with_the_right_password(
    client, home, settings
):
    make_entrant("ada@example.org", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        send(
            Client(),
            "post",
            f"{APP}/auth/login",
            {"email": "ada@example.org", "password": "wrong"},
        )
    response = send(
        Client(),
        "post",
        f"{APP}/auth/login",
        {"email": "ADA@example.org", "password": PASSWORD},
    )
    # allauth's own limit answers first, in its format: a form error (400).
    assert response.status_code == 400
    assert response.json() == {
        "status": 400,
        "errors": [
            {
                "message": "Too many failed login attempts. Try again later.",
                "code": "too_many_login_attempts",
            }
        ],
    }


def test_django_axes_locks_out_over_the_api_with_its_json(client, home, settings):
    # allauth's own limit (login_failed) off: the lock-out is axes' alone.
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": ""}
    make_entrant("ada@example.org", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        send(
            Client(),
            "post",
            f"{APP}/auth/login",
            {"email": "ada@example.org", "password": "wrong"},
        )
    response = send(
        Client(),
        "post",
        f"{APP}/auth/login",
        {"email": "ada@example.org", "password": PASSWORD},
    )
    assert response.status_code == 429
    assert response.json() == {
        "status": 429,
        "errors": [
            {
                "message": "There have been too many unsuccessful attempts to sign "
                "in to this account from your network. Signing in is paused for "
                "15 minutes.",
                "code": "too_many_login_attempts",
            }
        ],
    }


def test_sign_up_is_rate_limited_per_address(client, home, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/m/ip"}
    for number in range(2):
        response = send(
            client,
            "post",
            f"{APP}/auth/signup",
            {"email": f"a{number}@example.org", "password": PASSWORD, **PROFILE},
        )
        assert response.status_code == 401
    response = send(
        client,
        "post",
        f"{APP}/auth/signup",
        {"email": "a3@example.org", "password": PASSWORD, **PROFILE},
    )
    assert response.status_code == 429
    assert not get_user_model().objects.filter(email="a3@example.org").exists()


def test_password_reset_over_the_api(client, home):
    make_entrant("ada@example.org", password="old passphrase 42")
    response = send(
        client, "post", f"{APP}/auth/password/request", {"email": "ada@example.org"}
    )
    assert response.status_code == 200
    key = emailed_key("password/reset/key")
    response = send(
        client,
        "post",
        f"{APP}/auth/password/reset",
        {"key": key, "password": "new passphrase 42"},
    )
    # As on the pages, a reset password signs nobody in: they sign in with it.
    assert response.status_code == 401
    assert response.json()["meta"]["is_authenticated"] is False
    assert app_sign_in(Client(), "ada@example.org", "new passphrase 42")


def test_browser_clients_need_csrf_app_clients_do_not(home):
    make_entrant("ada@example.org", password=PASSWORD)
    credentials = {"email": "ada@example.org", "password": PASSWORD}
    browser = Client(enforce_csrf_checks=True)
    response = send(browser, "post", f"{BROWSER}/auth/login", credentials)
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
    # The CSRF token, as a browser client on another origin gets it.
    send(browser, "get", f"{BROWSER}/auth/session")
    token = browser.cookies["csrftoken"].value
    response = send(
        browser, "post", f"{BROWSER}/auth/login", credentials, HTTP_X_CSRFTOKEN=token
    )
    assert response.status_code == 200
    assert response.json()["data"]["user"]["email"] == "ada@example.org"
    app = Client(enforce_csrf_checks=True)
    response = send(app, "post", f"{APP}/auth/login", credentials)
    assert response.status_code == 200


def test_the_accounts_openapi_document_is_served(client):
    response = client.get("/_allauth/openapi.json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    signup = spec["components"]["schemas"]["BaseSignup"]
    assert {"full_name", "organisation", "privacy_consent"} <= set(signup["required"])
    assert signup["properties"]["privacy_consent"]["type"] == "boolean"
    response = client.get("/_allauth/openapi.yaml")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.0.3")


@pytest.mark.parametrize("client_type", ["browser", "app"])
def test_phone_endpoints_are_not_offered(client, entrant, client_type):
    client.force_login(entrant)
    response = client.get(f"/_allauth/{client_type}/v1/account/phone")
    assert response.status_code == 404
    assert response.json()["errors"][0]["code"] == "not_found"
