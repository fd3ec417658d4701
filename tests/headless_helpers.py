"""Helpers for the headless tests: allauth's app and browser clients in JSON."""

import json
import re

from django.core import mail
from django.test import Client

APP = "/_allauth/app/v1"
BROWSER = "/_allauth/browser/v1"
PASSWORD = "a long passphrase 42"
PROFILE = {
    "full_name": "Ada Lovelace",
    "organisation": "Analytical NHS Trust",
    "job_title": "Lead",
    "phone": "",
    "privacy_consent": True,
}


def send(client: Client, method: str, path: str, body=None, token=None, **headers):
    """A JSON request; ``token`` is an app client's X-Session-Token."""
    if token:
        headers["HTTP_X_SESSION_TOKEN"] = token
    if body is None:
        return getattr(client, method)(path, **headers)
    return getattr(client, method)(
        path, json.dumps(body), content_type="application/json", **headers
    )


def emailed_key(kind: str) -> str:
    """The key in the last email's link: ``confirm-email`` or ``password/reset/key``."""
    link = re.search(rf"/accounts/{kind}/(\S+?)/\s", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    return link.group(1)


def app_sign_up(client: Client, email: str, **profile) -> str:
    """Sign up over the app client and confirm the address: the session token."""
    body = {"email": email, "password": PASSWORD, **PROFILE, **profile}
    response = send(client, "post", f"{APP}/auth/signup", body)
    assert response.status_code == 401, response.content
    token = response.json()["meta"]["session_token"]
    response = send(
        client,
        "post",
        f"{APP}/auth/email/verify",
        {"key": emailed_key("confirm-email")},
        token=token,
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


def app_sign_in(client: Client, email: str, password: str) -> str:
    """Sign in over the app client: the session token."""
    response = send(
        client, "post", f"{APP}/auth/login", {"email": email, "password": password}
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]
