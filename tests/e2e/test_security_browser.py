"""In the browser: the security policy breaks nothing, and an outage loses nothing."""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import OperationalError
from playwright.sync_api import expect

from categories.models import CategoryPage, ProgrammePage
from entries import views
from tests.e2e.conftest import own_entries
from tests.e2e.test_second_factor import PASSWORD as STAFF_PASSWORD
from tests.e2e.test_second_factor import staff_sign_in
from tests.entries_helpers import make_draft
from tests.factories import make_entrant
from tests.totp import TOTP_SECRET, enrol_totp

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long and unusual passphrase"

# Records every Content Security Policy violation the page reports.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


def sign_in(page, demo, email):
    page.goto(demo + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My entries")


def violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations")


def test_site_and_admin_work_under_the_security_policy(page, demo):
    page.add_init_script(WATCH_CSP)
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    entrant = make_entrant("csp@example.org", password=PASSWORD)
    entry = make_draft(entrant, category)
    for path in ("/", "/awards-2027/", category.url, "/accounts/login/"):
        page.goto(demo + path)
        assert violations(page) == [], path
    sign_in(page, demo, "csp@example.org")
    page.goto(demo + f"/entries/{entry.pk}/")
    page.wait_for_selector("[data-entry-form][data-ready]")
    page.get_by_label("Entry title").fill("Typed under the policy")
    expect(page.locator("[data-save-status]")).to_have_text(
        re.compile("^Saved at"), timeout=10_000
    )
    assert violations(page) == []

    boss = get_user_model().objects.create_superuser(
        "boss", "boss@example.org", STAFF_PASSWORD
    )
    EmailAddress.objects.create(user=boss, email=boss.email, verified=True)
    enrol_totp(boss)
    page.context.clear_cookies()  # the entrant is gone
    staff_sign_in(page, demo, "boss", TOTP_SECRET)
    programme = ProgrammePage.objects.get(slug="awards-2027")
    for path in (
        "/admin/",
        f"/admin/pages/{programme.pk}/",
        f"/admin/pages/{category.pk}/edit/",
    ):
        page.goto(demo + path)
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path
    # The StreamField editor (built by script) shows the category's blocks.
    expect(page.get_by_text("Judging criterion").first).to_be_visible()


def test_database_outage_keeps_the_text_and_saves_it_later(page, demo, monkeypatch):
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    entrant = make_entrant("outage@example.org", password=PASSWORD)
    entry = make_draft(entrant, category)
    sign_in(page, demo, "outage@example.org")
    page.goto(demo + f"/entries/{entry.pk}/")
    page.wait_for_selector("[data-entry-form][data-ready]")

    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "save_draft", database_gone)
    page.get_by_label("Entry title").fill("Written during an outage")
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text(
        "Not saved: We could not reach our database", timeout=10_000
    )
    local = json.loads(page.evaluate(f"localStorage.getItem('entry-draft-{entry.pk}')"))
    assert local["answers"]["title"] == "Written during an outage"
    assert own_entries().get().answers.get("title", "") == ""

    monkeypatch.undo()  # the database is back; the page retries by itself
    expect(status).to_have_text(re.compile("^Saved at"), timeout=20_000)
    assert own_entries().get().answers["title"] == "Written during an outage"
