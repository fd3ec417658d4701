"""What editors see of a category's state before it happens: the programme's
page listing and the category's editor show the state now and its next change,
the preview shows the page in each state, and the dashboard counts live
categories only."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from categories.models import CATEGORY_PREVIEW_MODES, CategoryPage
from categories.status import CategoryState, EntryMode, status_in_state
from home.wagtail_hooks import entries_panel
from tests.entries_helpers import make_draft
from tests.factories import NOW, make_category, make_entry_form

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def states(programme, entry_form):
    """One category in each state on 1 March 2027, and the form beside them."""
    make_entry_form(programme, slug="programme-form")
    return {
        "open": make_category(programme, "open-one", entry_form=entry_form),
        "soon": make_category(
            programme,
            "soon-one",
            entry_form=entry_form,
            opens_at=NOW + timedelta(days=3, hours=-3),
        ),
        "closed": make_category(programme, "closed-one", entry_mode=EntryMode.CLOSED),
        "invitation": make_category(
            programme,
            "invitation-one",
            entry_mode=EntryMode.INVITATION,
            invitation_note="Finalists from the other awards.",
        ),
    }


@pytest.fixture
def editor_client(client, admin_user):
    client.force_login(admin_user)
    return client


def listing_rows(client, programme) -> dict[str, str]:
    """{title: entry state cell} of the programme's page listing."""
    response = client.get(reverse("wagtailadmin_explore", args=[programme.pk]))
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    headers = [th.get_text(" ", strip=True) for th in page.select("table thead th")]
    column = headers.index("Entry state")
    rows = {}
    for row in page.select("table tbody tr"):
        cells = row.find_all("td")
        title = row.select_one(".title-wrapper a, .title-wrapper").get_text(
            " ", strip=True
        )
        rows[title.split(" ")[0]] = cells[column].get_text(" ", strip=True)
    return rows


def test_the_listing_shows_each_state_and_its_next_change(
    editor_client, programme, states
):
    assert listing_rows(editor_client, programme) == {
        "Open": "Open for entries. Closes Wednesday 31 March 2027, 1pm",
        "Soon": "Coming soon. Opens Thursday 4 March 2027, 9am",
        "Closed": "Closed",
        "Invitation": "By invitation",
        "Enter": "",  # the entry form has no state
    }


@pytest.mark.parametrize("extra", [1, 3])
def test_the_listing_takes_no_query_per_category(
    editor_client, programme, entry_form, extra
):
    for i in range(extra):
        make_category(programme, f"more-{i}", entry_form=entry_form)
    url = reverse("wagtailadmin_explore", args=[programme.pk])
    editor_client.get(url)  # settle what the first request caches
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("Closes Wednesday 31 March 2027") == extra
    assert len(queries) == LISTING_QUERIES


# The listing's queries, with one category or three: the same number.
LISTING_QUERIES = 28


def test_the_editor_shows_the_state_now_and_its_next_change(editor_client, states):
    expected = {
        "open": "Open for entries. Closes Wednesday 31 March 2027, 1pm.",
        "soon": "Coming soon. Opens Thursday 4 March 2027, 9am.",
        "closed": "Closed. It changes only when the entry mode or the dates change.",
        "invitation": "By invitation. It changes only when the entry mode or the "
        "dates change.",
    }
    for name, category in states.items():
        response = editor_client.get(
            reverse("wagtailadmin_pages:edit", args=[category.pk])
        )
        page = BeautifulSoup(response.content, "html.parser")
        panel = page.select_one("[data-entry-state]")
        assert panel["data-entry-state"] == {"soon": "coming_soon"}.get(name, name)
        assert panel.get_text().strip() == (
            f"{expected[name]} Preview the page in each state with the preview's modes."
        )


def test_the_preview_offers_each_state_beside_as_it_is_now(editor_client, states):
    assert (
        CategoryPage.preview_modes
        == CATEGORY_PREVIEW_MODES
        == [
            ("", "As it is now"),
            ("coming_soon", "Coming soon"),
            ("open", "Open for entries"),
            ("closed", "Closed"),
            ("invitation", "By invitation"),
        ]
    )
    response = editor_client.get(
        reverse("wagtailadmin_pages:edit", args=[states["open"].pk])
    )
    page = BeautifulSoup(response.content, "html.parser")
    # The preview panel's mode menu.
    options = [
        (option["value"], option.get_text(strip=True))
        for option in page.select("select option")
    ]
    for mode in CATEGORY_PREVIEW_MODES:
        assert mode in options


def status_shown(response) -> tuple[str, str, str]:
    """(label, message, button) of the page's status panel."""
    page = BeautifulSoup(response.content, "html.parser")
    panel = page.select_one("section.status")
    button = panel.select_one("a.button")
    return (
        panel.select_one(".status__label").get_text(strip=True),
        panel.select_one(".status__message").get_text(" ", strip=True),
        button.get_text(strip=True) if button else "",
    )


@pytest.mark.parametrize(
    ("category", "mode", "shown"),
    [
        (
            "open",
            "",
            (
                "Open for entries",
                "The deadline is Wednesday 31 March 2027, 1pm (30 days left)",
                "Start your entry",
            ),
        ),
        (
            "open",
            "coming_soon",
            ("Coming soon", "Entries open on Saturday 30 January 2027, 12pm", ""),
        ),
        ("open", "closed", ("Closed", "Entries are now closed", "")),
        ("open", "invitation", ("By invitation", "Not open for entries", "")),
        (
            "soon",
            "open",
            (
                "Open for entries",
                "The deadline is Wednesday 31 March 2027, 1pm (27 days left)",
                "Start your entry",
            ),
        ),
        (
            "closed",
            "open",
            # It has no entry form: no button, as the page itself would show.
            (
                "Open for entries",
                "The deadline is Wednesday 31 March 2027, 1pm (30 days left)",
                "",
            ),
        ),
        ("soon", "", ("Coming soon", "Entries open on Thursday 4 March 2027, 9am", "")),
    ],
)
def test_each_preview_mode_shows_that_state(states, category, mode, shown):
    page = states[category]
    response = page.make_preview_request(preview_mode=mode)
    assert response.status_code == 200
    assert status_shown(response) == shown
    # Only the preview: the page itself is as it was.
    page.refresh_from_db()
    assert page.entry_mode == {"closed": EntryMode.CLOSED}.get(category, "open")


def test_a_preview_of_another_state_is_never_shared(states):
    response = states["open"].make_preview_request(preview_mode="closed")
    assert "private" in response["Cache-Control"]


def test_status_in_state_asks_the_one_rule(states, programme):
    """Each previewed state is category_status's own answer, for a copy."""
    for state in CategoryState:
        status = status_in_state(states["open"], state, programme=programme)
        assert status.state == state
    assert states["open"].entry_mode == EntryMode.OPEN


def test_the_dashboard_counts_live_categories_only(programme, entry_form, entrant):
    live = make_category(programme, "live-one", entry_form=entry_form)
    unpublished = make_category(programme, "awaiting", entry_form=entry_form)
    unpublished.unpublish()
    make_draft(entrant, live)
    context = entries_panel(now=NOW).get_context_data()
    assert [row["category"].slug for row in context["rows"]] == ["live-one"]
    assert (context["total_drafts"], context["total_submitted"]) == (1, 0)
