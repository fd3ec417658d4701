"""The account page in a browser: each page passes axe, the data downloads, the
account can be deleted."""

import json

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.e2e.test_entrant_journey import PASSWORD, register
from tests.e2e.test_visitor_journey import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_account_pages(page, demo):
    register(page, demo)
    page.get_by_role("navigation", name="Account").get_by_role(
        "link", name="Your account"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    assert_accessible(page)

    page.get_by_role("link", name="Change your details").click()
    page.get_by_label("Full name").fill("")
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert_accessible(page)
    page.get_by_label("Full name").fill("Ada King")
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator("[data-profile]")).to_contain_text("Ada King")

    page.get_by_role("link", name="Change your email address").click()
    assert_accessible(page)
    page.go_back()
    page.get_by_role("link", name="Change your password").click()
    assert_accessible(page)
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="Download everything we hold about you").click()
    with open(download.value.path(), encoding="utf-8") as file:
        data = json.load(file)
    assert data["profile"]["full_name"] == "Ada King"
    assert data["account"]["email"] == "ada@example.org"

    page.get_by_role("link", name="Delete your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete your account")
    assert_accessible(page)
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Delete your account").click()
    expect(page.locator(".message")).to_have_text(
        "Your account and everything in it have been deleted."
    )
    assert not get_user_model().objects.filter(email="ada@example.org").exists()
