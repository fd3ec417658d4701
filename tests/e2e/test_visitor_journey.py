"""A visitor finds an open category, reads it, and can start an entry."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violations on the page as shown."""
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_AA}})
    violations = results.response["violations"]
    assert violations == [], results.generate_report()


def test_home_to_an_open_category(page, demo):
    page.goto(demo + "/")
    expect(page).to_have_title("Health Partnership Awards")
    assert_accessible(page)

    page.get_by_role("link", name="See the categories and enter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Health Partnership Awards 2027"
    )
    assert_accessible(page)

    page.get_by_role("link", name="Open for entries (4)").click()
    expect(page.locator(".card")).to_have_count(4)
    page.get_by_role("link", name="Diagnostics and Devices Partnership").click()

    expect(page.locator(".status__label")).to_have_text("Open for entries")
    criteria = page.get_by_role("navigation", name="Judging criteria").get_by_role(
        "link"
    )
    expect(criteria).to_have_text(
        ["Ambition", "Collaboration", "Impact", "Scale", "Sustainability"]
    )
    expect(page.get_by_role("heading", level=2, name="Impact")).to_be_visible()
    expect(
        page.get_by_role("link", name="diagnostics@awards.example.org")
    ).to_have_attribute("href", "mailto:diagnostics@awards.example.org")
    expect(page.get_by_role("link", name="020 7946 0123")).to_have_attribute(
        "href", "tel:02079460123"
    )
    start = page.get_by_role("link", name="Start your entry", exact=True)
    expect(start).to_be_visible()
    assert_accessible(page)

    start.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter: Diagnostics and Devices Partnership"
    )


def test_keyboard_user_can_skip_to_content(page, demo):
    page.goto(demo + "/awards-2027/diagnostics-partnership/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize(
    "path",
    [
        "/awards-2027/partnership-of-the-year/",
        "/awards-2027/workforce-wellbeing/",
        "/awards-2027/greener-care/",
        "/no-such-page/",
    ],
)
def test_other_pages_are_accessible_on_a_phone(browser, demo, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(demo + path)
    # Nothing wider than the phone's screen: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)
    context.close()
