"""The journey's new end: check answers, change one, submit, keep the PDF, withdraw;
and deleting a draft. axe checks every page this adds."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect
from pypdf import PdfReader

from entries.models import Entry
from tests.e2e.conftest import own_entries
from tests.e2e.test_entrant_journey import register, start_entry
from tests.e2e.test_visitor_journey import assert_accessible

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ANSWERS = {
    "Entry title": "Scans closer to home",
    "Organisations in the partnership": "Example Trust and Scan Co",
    "Summary of the entry": "Mobile scanners in market towns.",
}
CRITERIA = ("Ambition", "Collaboration", "Impact", "Scale", "Sustainability")


def fill_entry(page):
    for label, text in ANSWERS.items():
        page.get_by_label(label).fill(text)
    for title in CRITERIA:
        page.get_by_role("textbox", name=title).fill(f"Our answer on {title.lower()}.")


def test_check_change_submit_download_and_withdraw(page, demo):
    register(page, demo)
    start_entry(page, demo)
    fill_entry(page)
    page.get_by_role("button", name="Continue to check your answers").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Check your answers")
    answers = page.locator(".check-list__answer")
    expect(answers.nth(3)).to_contain_text("Our answer on ambition.")
    assert_accessible(page)

    page.get_by_role("link", name="Change ambition").click()
    page.wait_for_selector("[data-entry-form][data-ready]")
    ambition = page.get_by_role("textbox", name="Ambition")
    expect(ambition).to_be_focused()
    ambition.fill("To halve the wait for a scan.")
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(answers.nth(3)).to_contain_text("To halve the wait for a scan.")
    expect(answers.nth(3)).to_contain_text("7 words of 500")

    page.get_by_label("I agree to the declaration").check()
    page.get_by_role("button", name="Agree and submit entry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Entry submitted")
    reference = page.locator(".reference").inner_text()

    with page.expect_download() as download:
        page.get_by_role(
            "link", name=re.compile("Download a copy of your entry")
        ).click()
    assert download.value.suggested_filename == f"{reference}.pdf"
    reader = PdfReader(download.value.path())
    lines = "\n".join(p.extract_text() for p in reader.pages).splitlines()
    assert reference in lines
    for text in [*ANSWERS.values(), "To halve the wait for a scan."]:
        assert text in lines, (text, lines)
    assert "Our answer on ambition." not in lines
    (email,) = mail.outbox
    assert email.attachments[0][0] == f"{reference}.pdf"

    page.get_by_role("link", name="View your entry").click()
    page.get_by_role("link", name="Withdraw this entry").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Withdraw this entry")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, withdraw this entry").click()
    expect(page.locator(".message")).to_have_text(
        f"Your entry {reference} has been withdrawn. It will not be judged; the "
        "awards team has been told."
    )
    assert_accessible(page)
    assert own_entries().get().status == Entry.Status.WITHDRAWN


def test_delete_a_draft(page, demo):
    register(page, demo)
    start_entry(page, demo)
    page.get_by_label("Entry title").fill("Not going ahead")
    page.get_by_role("button", name="Save draft").first.click()
    page.get_by_role("link", name="Delete this draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Delete this draft")
    assert_accessible(page)
    page.get_by_role("button", name="Yes, delete this draft").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My entries")
    expect(page.locator(".message")).to_have_text(
        "Your draft “Not going ahead” was deleted."
    )
    assert own_entries().count() == 0
