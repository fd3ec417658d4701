"""An entrant registers, writes an entry with autosave, and submits it."""

import json
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from categories.models import CategoryPage
from entries.models import Entry
from tests.e2e.conftest import own_entries
from tests.e2e.test_visitor_journey import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CASES = json.loads((Path(__file__).parent.parent / "word_count_cases.json").read_text())
PASSWORD = "a long and unusual passphrase"


def register(page, demo, email="ada@example.org"):
    """Sign up from the category page, and confirm the email address."""
    page.goto(demo + "/awards-2027/diagnostics-partnership/")
    page.get_by_role("link", name="Start your entry", exact=True).first.click()
    page.get_by_role("main").get_by_role("link", name="create an account").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Full name").fill("Ada Lovelace")
    page.get_by_label("Organisation").fill("Analytical Engines Ltd")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)", exact=True).fill(PASSWORD)
    page.get_by_label("I have read the privacy notice").check()
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Verify Your Email Address"
    )
    (verification,) = mail.outbox
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", verification.body)
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()
    # Signed in, and back where the entrant started.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter: Diagnostics and Devices Partnership"
    )
    mail.outbox.clear()


def start_entry(page, demo):
    """From the category page to the entry form, with autosave running."""
    page.goto(demo + "/awards-2027/diagnostics-partnership/")
    page.get_by_role("link", name="Start your entry", exact=True).first.click()
    page.get_by_role("button", name="Start your entry").click()
    page.wait_for_selector("[data-entry-form][data-ready]")


def test_register_write_autosave_and_submit(page, demo):
    register(page, demo)
    start_entry(page, demo)
    expect(page.get_by_text("0 of 8 sections answered")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Entry title").fill("Scans closer to home")
    status = page.locator("[data-save-status]")
    expect(status).to_have_text(re.compile(r"^Saved at \d\d:\d\d$"), timeout=10_000)
    expect(page.get_by_text("1 of 8 sections answered")).to_be_visible()

    page.reload()
    page.wait_for_selector("[data-entry-form][data-ready]")
    expect(page.get_by_label("Entry title")).to_have_value("Scans closer to home")

    ambition = page.get_by_role("textbox", name="Ambition")
    ambition.fill("word " * 501)
    counter = page.locator(f"#{ambition.get_attribute('id')}-count")
    expect(counter).to_have_text("501 of 500 words: 1 too many")
    expect(counter).to_have_class(re.compile("word-count--over"))
    expect(status).to_have_text(re.compile(r"^Saved at"), timeout=10_000)

    page.get_by_role("button", name="Continue to check your answers").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(
        summary.get_by_role("link", name=re.compile("Ambition must be 500 words"))
    ).to_be_visible()
    assert_accessible(page)

    ambition = page.get_by_role("textbox", name="Ambition")
    ambition.fill("We set out to halve the wait for a scan.")
    page.get_by_label("Organisations in the partnership").fill(
        "Example Trust and Scan Co"
    )
    page.get_by_label("Summary of the entry").fill("Mobile scanners in market towns.")
    for title in ("Collaboration", "Impact", "Scale", "Sustainability"):
        page.get_by_role("textbox", name=title).fill(f"Our answer on {title.lower()}.")
    page.get_by_role("button", name="Continue to check your answers").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Diagnostics and Devices Partnership "
        "Check your answers before submitting your entry"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Agree and submit entry").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_text(
        "Agree to the declaration to submit your entry"
    )
    assert_accessible(page)
    page.get_by_label("I agree to the declaration").check()
    page.get_by_role("button", name="Agree and submit entry").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Entry submitted")
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"PA\d\d-\d{4}", reference)
    assert_accessible(page)
    (confirmation,) = mail.outbox
    assert confirmation.to == ["ada@example.org"]
    assert f"Reference: {reference}" in confirmation.body
    entry = own_entries().get()
    assert (entry.status, entry.reference) == (Entry.Status.SUBMITTED, reference)


def test_signed_out_typing_is_kept_and_saved_after_signing_in(page, browser, demo):
    register(page, demo)
    start_entry(page, demo)
    entry_url = page.url

    page.context.clear_cookies(name="sessionid")  # the session expires
    page.get_by_label("Entry title").fill("Typed while signed out")
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text(
        "Not saved: you have been signed out", timeout=10_000
    )
    assert own_entries().get().answers.get("title", "") == ""

    page.goto(demo + "/accounts/login/?next=" + entry_url.removeprefix(demo))
    page.get_by_label("Email").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_selector("[data-entry-form][data-ready]")
    expect(page.get_by_label("Entry title")).to_have_value("Typed while signed out")
    expect(status).to_have_text(re.compile(r"^Saved at"), timeout=10_000)
    assert own_entries().get().answers["title"] == "Typed while signed out"


def test_network_failure_is_reported_not_hidden(page, demo):
    register(page, demo)
    start_entry(page, demo)
    page.context.set_offline(True)
    page.get_by_label("Entry title").fill("Written on a train")
    status = page.locator("[data-save-status]")
    expect(status).to_contain_text("Not saved: no connection", timeout=10_000)
    page.context.set_offline(False)
    expect(status).to_have_text(re.compile(r"^Saved at"), timeout=20_000)
    assert own_entries().get().answers["title"] == "Written on a train"


def test_two_tabs_autosave_never_overwrites(page, demo):
    register(page, demo)
    start_entry(page, demo)
    other = page.context.new_page()
    other.goto(page.url)
    other.wait_for_selector("[data-entry-form][data-ready]")
    page.get_by_label("Entry title").fill("From the first tab")
    expect(page.locator("[data-save-status]")).to_have_text(
        re.compile("^Saved at"), timeout=10_000
    )
    other.get_by_label("Entry title").fill("From the second tab")
    expect(other.locator("[data-save-status]")).to_contain_text(
        "changed in another tab", timeout=10_000
    )
    assert own_entries().get().answers["title"] == "From the first tab"
    other.get_by_role("button", name="Save draft").first.click()
    expect(other.get_by_label("Entry title")).to_have_value("From the second tab")
    expect(other.locator("#id_title-saved")).to_have_value("From the first tab")


def test_browser_counts_words_as_the_server_does(page, demo):
    page.goto(demo + "/awards-2027/diagnostics-partnership/")
    page.add_script_tag(url=demo + "/static/js/entry-form.js")
    counted = page.evaluate("cases => cases.map(c => window.countWords(c.text))", CASES)
    assert counted == [case["words"] for case in CASES]
    assert CategoryPage.objects.exists()
