"""Every page the entrants, the entries team and the judges use, at 320 CSS px
(WCAG 1.4.10 reflow) and at 200% zoom (1.4.4, a 1280x900 window zoomed is a
640x450 CSS px viewport): no sideways scrolling of the page, and no control
cut off, unless it sits in a focusable, labelled scroll region.

The page lists are plain lists of (name, URL) made by the fixtures below:
a new area adds a list of its own, and it is checked the same way.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from categories.models import CategoryPage, ProgrammePage
from entries.models import EntryFormPage
from judging.assignment import assign_round
from judging.models import Assignment
from tests.e2e.a11y_checks import layout_problems
from tests.e2e.conftest import without_demo_entries
from tests.e2e.test_judging_journey import judge_sign_in
from tests.e2e.test_second_factor import staff_sign_in
from tests.entries_helpers import add_document, make_draft, make_staff, make_submitted
from tests.factories import make_entrant
from tests.judging_helpers import make_entries, make_judge, make_round
from tests.totp import TOTP_SECRET

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# (width, height) in CSS px: 320 px wide, and a 1280x900 window at 200%.
VIEWPORTS = {"320px": (320, 640), "200% zoom": (640, 450)}
ENTRANT_PASSWORD = "correct horse 42"  # make_entrant's
LONG_NAME = "A-very-long-document-name-without-spaces-for-the-judges-2027.pdf"


@pytest.fixture
def entries(demo):
    """A draft with a document and a submitted entry, in an open category."""
    without_demo_entries()
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    ada = make_entrant("ada@example.org", full_name="Ada Lovelace")
    draft = make_draft(ada, category, title="Scans closer to home")
    add_document(draft, LONG_NAME)
    submitted = make_submitted(
        ada,
        category,
        "PA27-0001",
        category.get_programme().opens_at,
        title="Medicines at home, delivered by the community pharmacy team",
    )
    form_page = EntryFormPage.objects.live().first()
    return {
        "category": category,
        "draft": draft,
        "submitted": submitted,
        "document": draft.documents.get(),
        "form_page": f"{form_page.url}?category={category.pk}",
    }


def public_pages(entries) -> list[tuple[str, str]]:
    category = entries["category"]
    programme = category.get_programme()
    return [
        ("home", "/"),
        ("programme", programme.url),
        ("programme, open filter", f"{programme.url}?state=open"),
        ("category", category.url),
        ("entry form page", entries["form_page"]),
        ("privacy notice", "/privacy/"),
        ("sign in", "/accounts/login/"),
        ("sign up", "/accounts/signup/"),
        ("password reset", "/accounts/password/reset/"),
    ]


def entrant_pages(entries) -> list[tuple[str, str]]:
    draft, submitted = entries["draft"], entries["submitted"]
    document = entries["document"]
    return [
        ("my entries", "/entries/"),
        ("draft", f"/entries/{draft.pk}/"),
        ("check answers", f"/entries/{draft.pk}/check/"),
        ("remove a document", f"/entries/{draft.pk}/documents/{document.pk}/remove/"),
        ("delete a draft", f"/entries/{draft.pk}/delete/"),
        ("submitted entry", f"/entries/{submitted.pk}/"),
        ("withdraw", f"/entries/{submitted.pk}/withdraw/"),
        ("your account", "/account/"),
        ("change your details", "/account/profile/"),
        ("delete your account", "/account/delete/"),
        ("change email", "/accounts/email/"),
        ("change password", "/accounts/password/change/"),
    ]


def staff_pages(entries) -> list[tuple[str, str]]:
    draft, submitted = entries["draft"], entries["submitted"]
    category = entries["category"]
    return [
        ("dashboard", "/admin/"),
        ("entries list", "/admin/entries/"),
        ("entries list, sorted", "/admin/entries/?o=2"),
        ("entries list, filtered", f"/admin/entries/?category={category.pk}"),
        ("inspect", f"/admin/entries/inspect/{submitted.pk}/"),
        ("inspect a draft", f"/admin/entries/inspect/{draft.pk}/"),
        ("withdraw", f"/admin/entries/withdraw/{submitted.pk}/"),
        ("extension", f"/admin/entries/extend/{draft.pk}/"),
        ("history", f"/admin/entries/history/{submitted.pk}/"),
    ]


def sign_in_entrant(page, base):
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email or username").fill("ada@example.org")
    page.get_by_label("Password").fill(ENTRANT_PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("link", name="Your account")).to_be_visible()


def report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{name}: {'; '.join(found[name])}" for name in found)


def check_pages(page, base, pages) -> dict[str, list[str]]:
    """The layout problems of each page, at each viewport, by name."""
    found = {}
    for label, (width, height) in VIEWPORTS.items():
        page.set_viewport_size({"width": width, "height": height})
        for name, path in pages:
            response = page.goto(base + path)
            # 400: a page showing errors (the check page of an unfinished draft).
            assert response.status in (200, 400), f"{name}: {path} is {response.status}"
            problems = layout_problems(page)
            if problems:
                found[f"{name} at {label} ({path})"] = problems
    return found


def test_public_and_entrant_pages_reflow(page, demo, entries):
    found = check_pages(page, demo, public_pages(entries))
    sign_in_entrant(page, demo)
    found |= check_pages(page, demo, entrant_pages(entries))
    assert found == {}, report(found)


def test_entries_team_pages_reflow(page, demo, entries):
    make_staff("Entries team", "emma")
    staff_sign_in(page, demo, "emma", TOTP_SECRET)
    found = check_pages(page, demo, staff_pages(entries))
    assert found == {}, report(found)


def test_judges_pages_reflow(page, demo):
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    make_entries(category, 2, start=101)
    ada = make_judge("ada")
    judging_round = make_round(
        ProgrammePage.objects.get(slug="awards-2027"),
        [category],
        [ada],
        name="Diagnostics shortlisting",
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    assign_round(judging_round)
    assignment = Assignment.objects.filter(judge=ada).first()
    judge_sign_in(page, demo, "ada")
    found = check_pages(
        page,
        demo,
        [
            ("judging", reverse("judging:list")),
            ("score sheet", reverse("judging:sheet", args=[assignment.pk])),
            ("conflict", reverse("judging:conflict", args=[assignment.pk])),
        ],
    )
    assert found == {}, report(found)
