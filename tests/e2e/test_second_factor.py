"""A member of the entries team sets up an authenticator app, then signs in to
the admin with a code from it (computed here as the app would)."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from tests.e2e.test_visitor_journey import assert_accessible
from tests.entries_helpers import make_staff
from tests.totp import totp_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "staff passphrase 42"  # make_staff's


def staff_sign_in(page, base: str, login: str, secret: str | None = None) -> None:
    """Sign in to the admin through allauth; with ``secret``, give its code."""
    page.goto(base + "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/admin/$"))
    page.get_by_label("Email or username").fill(login)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    if secret is not None:
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        page.get_by_label("Code").fill(totp_code(secret))
        page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()


def test_entries_team_enrols_totp_then_signs_in_with_a_code(page, demo):
    make_staff("Entries team", "emma", second_factor=False)
    page.goto(demo + "/admin/")
    page.get_by_label("Email or username").fill("emma")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()

    # No admin without a second factor: first, set up an authenticator app,
    # which allauth lets one do only after giving the password again.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next="))
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Activate Authenticator App"
    )
    assert_accessible(page)
    secret = page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Authenticator code").fill("000000")
    page.get_by_role("button", name="Activate").click()
    # In the error summary, and at the field it links to.
    expect(page.locator(".error-summary a[href='#id_code']")).to_have_text(
        "Incorrect code."
    )
    expect(page.locator("#id_code-error")).to_have_text("Error: Incorrect code.")
    page.get_by_label("Authenticator code").fill(totp_code(secret))
    page.get_by_role("button", name="Activate").click()

    # Recovery codes, for when the phone is lost.
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery Codes")
    assert_accessible(page)
    page.goto(demo + "/admin/")
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()

    # Signed out, then in again: the password alone is not enough.
    page.context.clear_cookies()
    cache.clear()  # allauth refuses a code twice within its 30 seconds
    page.goto(demo + "/admin/")
    page.get_by_label("Email or username").fill("emma")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    assert_accessible(page)
    page.get_by_label("Code").fill("123456" if totp_code(secret) != "123456" else "1")
    page.get_by_role("button", name="Sign In").click()
    # In the error summary, and at the field it links to.
    expect(page.locator(".error-summary a[href='#id_code']")).to_have_text(
        "Incorrect code."
    )
    expect(page.locator("#id_code-error")).to_have_text("Error: Incorrect code.")
    page.get_by_label("Code").fill(totp_code(secret))
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Dashboard")).to_be_visible()
    assert page.url == demo + "/admin/"
