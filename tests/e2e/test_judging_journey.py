"""Staff assign a round; a judge scores blind; staff shortlist.

The issue's journey in Chromium, with axe on every judging page: given a
round and its panel, staff run the assignment in the admin; a judge signs in
with a code and sees only their entries, with no entrant's name; they declare
a conflict on one, score another with autosave, and submit it; staff then see
the leaderboard and shortlist the entry.
"""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone
from playwright.sync_api import expect

from categories.models import CategoryPage, ProgrammePage
from judging.models import Assignment, ConflictOfInterest, Decision, ScoreSheet
from tests.e2e.test_second_factor import staff_sign_in
from tests.e2e.test_visitor_journey import assert_accessible
from tests.entries_helpers import make_staff
from tests.judging_helpers import make_entries, make_judge, make_round
from tests.totp import TOTP_SECRET, totp_code

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def judge_sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/judging/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/judging/$"))
    page.get_by_label("Email or username").fill(username)
    page.get_by_label("Password").fill("judge passphrase 42")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    page.get_by_label("Code").fill(totp_code(TOTP_SECRET))
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/judging/$"))


def test_staff_and_judge_journey(browser, demo):
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    entries = make_entries(category, 3, start=101)
    ada = make_judge("ada")
    bob = make_judge("bob")
    make_staff("Entries team", "emma")

    staff = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    staff.set_default_timeout(10_000)
    staff_sign_in(staff, demo, "emma", TOTP_SECRET)
    # The round and its panel are made here, not in the round editor: in
    # Chromium its "Add Panels" button added no panel form (see the notes).
    make_round(
        ProgrammePage.objects.get(slug="awards-2027"),
        [category],
        [ada, bob],
        name="Diagnostics shortlisting",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    staff.goto(demo + "/admin/judging/")
    staff.get_by_role("link", name="Results of Diagnostics shortlisting").click()
    staff.get_by_role("button", name="Run assignment").click()
    expect(
        staff.get_by_text("6 new assignments in Diagnostics shortlisting.")
    ).to_be_visible()

    judge = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    judge.set_default_timeout(10_000)
    cache.clear()
    judge_sign_in(judge, demo, "ada")
    round_section = judge.locator("section.judging-round").filter(
        has_text="Diagnostics shortlisting"
    )
    expect(round_section.locator("[data-progress]")).to_have_text("0 of 3 scored")
    assert_accessible(judge)
    text = judge.content()
    for entry in entries:
        profile = entry.entrant.entrant
        assert profile.full_name not in text
        assert profile.organisation not in text
        assert entry.entrant.email not in text
    # Only Ada's own: every entry of the panel (every member judges).
    mine = Assignment.objects.filter(judge=ada).order_by("entry__reference")
    expect(judge.locator("[data-assignment]")).to_have_count(3)
    assert [a.entry for a in mine] == entries

    first, second = entries[0], entries[1]
    judge.get_by_role("link", name=f"Score {first.reference}").click()
    assert_accessible(judge)
    judge.get_by_role("link", name="Declare a conflict of interest").click()
    assert_accessible(judge)
    judge.get_by_label("Why do you have a conflict?").fill("I advised this team.")
    judge.get_by_role("button", name="Declare the conflict").click()
    expect(
        judge.get_by_text(f"You declared a conflict of interest on {first.reference}.")
    ).to_be_visible()
    assert ConflictOfInterest.objects.filter(judge=ada, entry=first).exists()

    judge.get_by_role("link", name=f"Score {second.reference}").click()
    expect(judge.locator("[data-score-sheet]")).to_have_attribute("data-ready", "true")
    judge.get_by_label("Impact", exact=True).fill("8")
    expect(judge.locator("[data-save-status]")).to_have_text(re.compile(r"^Saved at "))
    sheet = ScoreSheet.objects.get(assignment__judge=ada, assignment__entry=second)
    assert list(sheet.scores.values()) == [8]
    judge.reload()
    expect(judge.get_by_label("Impact", exact=True)).to_have_value("8")
    scores = judge.locator('input[type="number"]')
    for n in range(scores.count()):
        if not scores.nth(n).input_value():
            scores.nth(n).fill("7")
    judge.get_by_role("button", name="Submit score sheet").click()
    expect(
        judge.get_by_text(f"Your score sheet for {second.reference} is submitted.")
    ).to_be_visible()
    expect(round_section.locator("[data-progress]")).to_have_text("1 of 2 scored")

    staff.goto(staff.url)
    row = staff.locator(f'tr[data-entry="{second.reference}"]')
    expect(row).to_contain_text("1 of 2")
    row.get_by_label(f"Decision for {second.reference}").select_option("shortlisted")
    row.get_by_role("button", name=re.compile("Save")).click()
    expect(staff.get_by_text(f"{second.reference}: Shortlisted.")).to_be_visible()
    assert Decision.objects.get(entry=second).outcome == "shortlisted"
