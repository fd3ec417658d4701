"""The entry page by keyboard and by screen reader (WCAG 2.4.11, 4.1.3, 3.3.4):
every focused element fully in view and clear of the sticky save bar, at
1280x900 and at 320x640, tabbing down, back up, and through the error
summary's links; word counts announced after a pause and the save status
changed only when its meaning does; a message after a reload read out; a
document removed only after a question; an upload's refusal at its input."""

import re

import pytest
from playwright.sync_api import expect

from categories.models import CategoryPage
from tests.e2e.a11y_checks import focus_problem
from tests.e2e.test_reflow import sign_in_entrant
from tests.e2e.test_visitor_journey import assert_accessible
from tests.entries_helpers import PDF, make_draft
from tests.factories import make_entrant

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIEWPORTS = [(1280, 900), (320, 640)]


@pytest.fixture
def draft(demo):
    category = CategoryPage.objects.get(slug="diagnostics-partnership")
    ada = make_entrant("ada@example.org", full_name="Ada Lovelace")
    return make_draft(ada, category)


def open_entry(page, base, draft):
    page.goto(f"{base}/entries/{draft.pk}/")
    page.wait_for_selector("[data-entry-form][data-ready]")


def in_footer(page) -> bool:
    return page.evaluate(
        "() => Boolean(document.activeElement.closest('.site-footer'))"
    )


def tab_through(page, key: str) -> list[str]:
    """Press ``key`` until focus reaches the footer (or leaves the page going
    up); the problems of each focused element."""
    problems, seen = [], 0
    for _ in range(200):
        page.keyboard.press(key)
        if key == "Tab" and in_footer(page):
            break
        if key == "Shift+Tab" and page.evaluate(
            "() => !document.activeElement.closest('main')"
        ):
            break
        seen += 1
        # The page's own scrolling after focus runs in the next frame.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        problem = focus_problem(page)
        if problem:
            problems.append(problem)
    assert seen > 10, "the entry page has more than 10 controls"
    return problems


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_focus_is_never_hidden_on_the_entry_page(page, demo, draft, width, height):
    page.set_viewport_size({"width": width, "height": height})
    sign_in_entrant(page, demo)
    open_entry(page, demo, draft)
    page.locator("main").focus()
    assert tab_through(page, "Tab") == []
    # Back up the form: where the sticky bar would cover what has focus.
    assert tab_through(page, "Shift+Tab") == []


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_error_summary_links_show_the_field_and_its_label(
    page, demo, draft, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    sign_in_entrant(page, demo)
    open_entry(page, demo, draft)
    page.get_by_role("button", name="Continue to check your answers").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    links = summary.get_by_role("link")
    count = links.count()
    assert count >= 3
    for n in range(count):
        page.evaluate("() => window.scrollTo(0, 0)")
        link = links.nth(n)
        target = link.get_attribute("href").removeprefix("#")
        link.focus()
        page.keyboard.press("Enter")
        expect(page.locator(f"[id='{target}']")).to_be_focused()
        assert focus_problem(page) is None
        # The question is in view too, below the bar where there is one.
        label_top = page.evaluate(
            """(id) => {
                const label = document.querySelector(`label[for='${id}']`);
                return label.getBoundingClientRect().top;
            }""",
            target,
        )
        bar_bottom = page.evaluate(
            """() => {
                const bar = document.querySelector('.save-bar');
                return getComputedStyle(bar).position === 'sticky'
                    ? bar.getBoundingClientRect().bottom : 0;
            }"""
        )
        assert label_top >= bar_bottom, (target, label_top, bar_bottom)


def test_counts_are_announced_after_a_pause_and_the_status_rarely_changes(
    page, demo, draft
):
    sign_in_entrant(page, demo)
    open_entry(page, demo, draft)
    page.evaluate(
        """() => {
            window.statusTexts = [];
            const status = document.querySelector('[data-save-status]');
            new MutationObserver(() => window.statusTexts.push(status.textContent))
                .observe(status, {childList: true, characterData: true, subtree: true});
        }"""
    )
    ambition = page.get_by_role("textbox", name="Ambition")
    field_id = ambition.get_attribute("id")
    live = page.locator(f"#{field_id}-count-live")
    ambition.fill("word " * 499)
    ambition.press("End")
    page.keyboard.type(" two more", delay=20)
    # Nothing is announced while typing goes on...
    expect(live).to_have_text("")
    # ...and the count once it stops.
    expect(live).to_have_text("501 of 500 words: 1 too many")
    expect(page.locator("[data-save-status]")).to_have_text(
        re.compile(r"^Saved at"), timeout=10_000
    )
    texts = page.evaluate("() => window.statusTexts")
    # 11 edits (a fill and ten keys), three changes of meaning.
    assert texts[:2] == ["Unsaved changes", "Saving…"]
    assert len(texts) == 3 and re.fullmatch(r"Saved at \d\d:\d\d", texts[2])


def test_upload_remove_and_refusal_are_heard(page, demo, draft, tmp_path):
    sign_in_entrant(page, demo)
    open_entry(page, demo, draft)
    plan = tmp_path / "plan.pdf"
    plan.write_bytes(PDF)
    page.get_by_label("Add documents").set_input_files(plan)
    page.get_by_role("button", name="Upload").click()
    messages = page.locator("[data-messages]")
    expect(messages).to_have_text("plan.pdf was added.")
    expect(messages).to_be_focused()
    assert_accessible(page)

    page.get_by_role("button", name="Remove plan.pdf").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Diagnostics and Devices Partnership Remove plan.pdf"
    )
    assert_accessible(page)
    page.get_by_role("link", name="No, keep it").click()
    expect(page.get_by_role("link", name="plan.pdf")).to_be_visible()
    page.get_by_role("button", name="Remove plan.pdf").click()
    page.get_by_role("button", name="Yes, remove this document").click()
    expect(messages).to_have_text("plan.pdf was removed.")
    expect(messages).to_be_focused()
    expect(page.get_by_text("No documents added.")).to_be_visible()

    notes = tmp_path / "notes.pdf"
    notes.write_bytes(b"just some text")
    page.get_by_label("Add documents").set_input_files(notes)
    page.get_by_role("button", name="Upload").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    summary.get_by_role("link").click()
    file_input = page.get_by_label("Add documents")
    expect(file_input).to_be_focused()
    expect(file_input).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_documents-error")).to_contain_text(
        "notes.pdf was not added"
    )
    assert_accessible(page)


def test_a_wrong_password_takes_focus_to_the_summary(page, demo, draft):
    page.goto(demo + "/accounts/login/")
    page.get_by_label("Email or username").fill("ada@example.org")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_title("Error: Sign In | Health Partnership Awards")
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.get_by_role("link").click()
    expect(page.get_by_label("Email or username")).to_be_focused()
