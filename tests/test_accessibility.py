"""WCAG 2.2 AA points of issue 17 that the HTML shows: the profile fields'
purpose (1.3.5), optional markers and the error pattern on every account form
(3.3.1, 3.3.2), the word counters' live region (4.1.3), unique titles with an
"Error: " prefix (2.4.2), and the entries admin's table and filters (1.3.1).
The browser's side (focus, reflow, announcements) is in tests/e2e/."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from entries.models import EntryFormPage
from tests.entries_helpers import (
    make_draft,
    make_open_category,
    make_staff,
    make_submitted,
)
from tests.factories import NOW

pytestmark = pytest.mark.django_db

SIGN_UP = "/accounts/signup/"
SIGN_IN = "/accounts/login/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def title_of(response) -> str:
    return " ".join(soup_of(response).title.get_text().split())


def label_of(page, field_id: str) -> str:
    return page.select_one(f"label[for={field_id}]").get_text(" ", strip=True)


def test_sign_up_fields_say_what_they_are_for(client):
    page = soup_of(client.get(SIGN_UP))
    fields = {
        name: (
            page.select_one(f"[name={name}]").get("type"),
            page.select_one(f"[name={name}]").get("autocomplete"),
        )
        for name in (
            "email",
            "full_name",
            "organisation",
            "job_title",
            "phone",
            "password1",
            "password2",
        )
    }
    assert fields == {
        "email": ("email", "email"),
        "full_name": ("text", "name"),
        "organisation": ("text", "organization"),
        "job_title": ("text", "organization-title"),
        "phone": ("tel", "tel"),
        "password1": ("password", "new-password"),
        "password2": ("password", "new-password"),
    }


def test_the_account_page_fields_say_the_same(signed_in):
    page = soup_of(signed_in.get(reverse("myaccount:profile")))
    assert [
        (
            field["name"],
            field["type"],
            field["autocomplete"],
            label_of(page, field["id"]),
        )
        for field in page.select("main form input:not([type=hidden])")
    ] == [
        ("full_name", "text", "name", "Full name"),
        ("organisation", "text", "organization", "Organisation"),
        ("job_title", "text", "organization-title", "Job title (optional)"),
        ("phone", "tel", "tel", "Phone number (optional)"),
    ]


def test_sign_up_marks_its_optional_fields_and_only_those(client):
    page = soup_of(client.get(SIGN_UP))
    labels = [label.get_text(" ", strip=True) for label in page.select("main label")]
    assert labels == [
        "Email",
        "Full name",
        "Organisation",
        "Job title (optional)",
        "Phone number (optional)",
        "I have read the privacy notice and agree to my details being used to run "
        "the awards",
        "Password",
        "Password (again)",
    ]


def error_pattern(response) -> list[tuple[str, str]]:
    """The error summary's links, after checking the pattern around them: the
    form leaves validation to the server, the title starts "Error: ", and each
    link's field shows its message and is described by it."""
    page = soup_of(response)
    assert page.title.get_text().split()[0] == "Error:"
    assert page.select_one("main form").has_attr("novalidate")
    summary = page.select_one(".error-summary")
    assert (summary["role"], summary["tabindex"]) == ("alert", "-1")
    assert summary.has_attr("data-error-summary")
    links = []
    for link in summary.select("a"):
        field_id = link["href"].removeprefix("#")
        field = page.select_one(f"#{field_id}")
        described_by = field["aria-describedby"].split()
        assert f"{field_id}-error" in described_by, field_id
        assert field["aria-invalid"] == "true"
        shown = page.select_one(f"#{field_id}-error").get_text(" ", strip=True)
        assert link.get_text(strip=True) in shown
        assert shown.startswith("Error:")
        links.append((field_id, link.get_text(strip=True)))
    return links


def test_a_wrong_password_is_shown_at_the_form_and_in_a_summary(client, entrant):
    response = client.post(
        SIGN_IN, {"login": entrant.email, "password": "not the password"}
    )
    assert title_of(response) == "Error: Sign In | Health Partnership Awards"
    assert error_pattern(response) == [
        (
            "id_login",
            "The email address and/or password you specified are not correct.",
        )
    ]


def test_sign_up_errors_follow_the_entry_pages_pattern(client):
    response = client.post(SIGN_UP, {"email": "not an address", "phone": "0"})
    assert title_of(response) == "Error: Signup | Health Partnership Awards"
    assert error_pattern(response) == [
        ("id_email", "Enter a valid email address."),
        ("id_full_name", "This field is required."),
        ("id_organisation", "This field is required."),
        ("id_privacy_consent", "Agree to the privacy notice to create an account"),
        ("id_password1", "This field is required."),
        ("id_password2", "This field is required."),
    ]


@pytest.mark.parametrize(
    ("url", "data", "links"),
    [
        (
            "/accounts/password/change/",
            {"oldpassword": "wrong"},
            [
                ("id_oldpassword", "Please type your current password."),
                ("id_password1", "This field is required."),
                ("id_password2", "This field is required."),
            ],
        ),
        (
            "/accounts/password/reset/",
            {"email": "nonsense"},
            [("id_email", "Enter a valid email address.")],
        ),
        (
            "/account/profile/",
            {"full_name": "", "organisation": ""},
            [
                ("id_full_name", "This field is required."),
                ("id_organisation", "This field is required."),
            ],
        ),
        (
            "/account/delete/",
            {"password": "wrong"},
            [("id_password", "The password is not right")],
        ),
    ],
)
def test_every_account_form_uses_the_error_pattern(signed_in, url, data, links):
    response = signed_in.post(url, data)
    assert error_pattern(response) == links


def test_the_email_change_field_is_described_by_its_error(signed_in):
    response = signed_in.post(
        "/accounts/email/", {"action_add": "", "email": "not an address"}
    )
    page = soup_of(response)
    assert title_of(response).startswith("Error: ")
    field = page.select_one("#id_email")
    assert field["aria-describedby"].split() == ["id_email-error"]
    assert field["aria-invalid"] == "true"
    assert page.select_one("#id_email-error").get_text(" ", strip=True) == (
        "Error: Enter a valid email address."
    )


@pytest.mark.usefixtures("frozen")
def test_word_counters_have_a_polite_live_region(signed_in, entrant, category):
    draft = make_draft(entrant, category)
    page = soup_of(signed_in.get(reverse("entries:detail", args=[draft.pk])))
    counted = page.select("[data-word-limit]")
    assert counted
    for field in counted:
        live = page.select_one(f"#{field['id']}-count-live")
        assert live["aria-live"] == "polite"
        assert "visually-hidden" in live["class"]
        assert live.get_text() == ""  # filled in by the browser after a pause
        # The input is described by the visible counter, not the live region
        # (a screen reader would otherwise hear the count twice).
        assert field["aria-describedby"].split()[-1] == f"{field['id']}-count"
        counter = page.select_one(f"#{field['id']}-count")
        assert not counter.has_attr("aria-live")
    # The save status is the one other live region.
    assert [
        tag.name for tag in page.select("main [aria-live], main [role=status]")
    ] == ["p"] + ["p"] * len(counted)


@pytest.mark.usefixtures("frozen")
def test_titles_tell_pages_apart(client, signed_in, entrant, programme, entry_form):
    first = make_open_category(programme, entry_form, "first", title="First")
    second = make_open_category(programme, entry_form, "second", title="Second")
    form_page = EntryFormPage.objects.get()
    one = make_draft(entrant, first, title="One")
    two = make_draft(entrant, first, title="Two")
    titles = {
        "home": title_of(client.get("/")),
        "programme": title_of(client.get(programme.url)),
        "open": title_of(client.get(f"{programme.url}?state=open")),
        "closed": title_of(client.get(f"{programme.url}?state=closed")),
        "form first": title_of(client.get(f"{form_page.url}?category={first.pk}")),
        "form second": title_of(client.get(f"{form_page.url}?category={second.pk}")),
        "entry one": title_of(client.get(f"/entries/{one.pk}/")),
        "entry two": title_of(client.get(f"/entries/{two.pk}/")),
    }
    site = "Health Partnership Awards"
    assert titles == {
        "home": f"Awards | {site}",
        "programme": f"{programme.title} | {site}",
        "open": f"Open for entries: {programme.title} | {site}",
        "closed": f"Closed: {programme.title} | {site}",
        "form first": f"Enter: First | Enter | {site}",
        "form second": f"Enter: Second | Enter | {site}",
        "entry one": f"One: your entry in First | {site}",
        "entry two": f"Two: your entry in First | {site}",
    }


def test_a_home_page_named_as_the_site_is_not_named_twice(client, home):
    home.title = "Health Partnership Awards"
    home.save_revision().publish()
    assert title_of(client.get("/")) == "Health Partnership Awards"


@pytest.mark.usefixtures("frozen")
def test_the_entry_page_title_says_error(signed_in, entrant, category):
    draft = make_draft(entrant, category)
    response = signed_in.post(
        f"/entries/{draft.pk}/", {"action": "check", "version": draft.version}
    )
    assert response.status_code == 400
    assert title_of(response) == (
        "Error: Untitled entry: your entry in Open Category | Health Partnership Awards"
    )


@pytest.fixture
def team(client):
    client.force_login(make_staff("Entries team", "emma"))
    return client


@pytest.fixture
def two_submitted(programme, entry_form, entrant):
    category = make_open_category(programme, entry_form)
    return [
        make_submitted(entrant, category, f"PA27-000{n}", NOW, title=f"Entry {n}")
        for n in (1, 2)
    ]


def test_each_inspect_page_has_its_own_title(team, two_submitted):
    titles = [
        title_of(team.get(f"/admin/entries/inspect/{entry.pk}/"))
        for entry in two_submitted
    ]
    assert [title.split(" - ")[0] for title in titles] == [
        "Inspecting entry PA27-0001",
        "Inspecting entry PA27-0002",
    ]


def test_the_sorted_column_says_so(team, two_submitted):
    headers = soup_of(team.get("/admin/entries/?o=-0")).select("table.listing th")
    assert [(th.get_text(strip=True), th.get("aria-sort")) for th in headers][:2] == [
        ("Reference", "descending"),
        ("Title", None),
    ]
    page = soup_of(team.get("/admin/entries/?o=1"))
    assert [
        th.get_text(strip=True) for th in page.select("th[aria-sort=ascending]")
    ] == ["Title"]
    region = page.select_one("[role=region]")
    assert (region["tabindex"], region["aria-labelledby"]) == (
        "0",
        "entries-table-caption",
    )
    assert page.select_one("#entries-table-caption").get_text(" ", strip=True) == (
        "Entries, sorted by title (scrolls sideways on a small screen)"
    )
    assert region.select_one("table.listing")


def test_filters_are_tied_to_their_headings_and_say_which_is_chosen(
    team, two_submitted
):
    category = two_submitted[0].category
    page = soup_of(team.get(f"/admin/entries/?category={category.pk}"))
    lists = page.select(".changelist-filter ul")
    assert [
        page.select_one(f"#{ul['aria-labelledby']}").get_text(strip=True)
        for ul in lists
    ] == ["By programme", "By category", "By status"]
    current = page.select(".changelist-filter a[aria-current=true]")
    assert [a.get_text(strip=True) for a in current] == [
        "All",
        f"{category.title} ({category.get_programme().title})",
        "All",
    ]


def test_the_extension_forms_errors_are_read_with_their_fields(team, two_submitted):
    entry = two_submitted[0]
    response = team.post(
        f"/admin/entries/extend/{entry.pk}/", {"extended_until": "", "reason": ""}
    )
    page = soup_of(response)
    assert title_of(response).startswith(f"Error: Extension: {entry}")
    for name in ("extended_until", "reason"):
        field = page.select_one(f"#id_{name}")
        error = page.select_one(f"#id_{name}-error")
        assert re.sub(r"\s+", " ", error.get_text(" ", strip=True)) == (
            "This field is required."
        )
        assert field["aria-describedby"].split() == [
            f"id_{name}-helptext",
            f"id_{name}-error",
        ]
        assert page.select_one(f"#id_{name}-helptext") is not None
