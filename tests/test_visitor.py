"""What a visitor meets: a favicon, robots.txt, a meta description on every
page, the right words for a category that is not open, and one call to action
on the entry form page."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse

from categories.status import EntryMode
from home import demo_content
from tests.factories import NOW, make_category

pytestmark = pytest.mark.usefixtures("frozen")

DEFAULT_DESCRIPTION = (
    "Awards for partnerships that improve health care: categories, criteria, "
    "deadlines and how to enter."
)
HOW_TO_APPLY = {
    "type": "how_to_apply",
    "value": {
        "steps": [
            "Create an account.",
            "Start your entry from this page and save it as you go.",
        ],
        "note": "",
    },
}


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_every_page_has_a_favicon(client, category):
    for url in ["/", category.url, reverse("account_login"), "/privacy/"]:
        icon = soup(client.get(url)).find("link", rel="icon")
        assert (icon["href"], icon["type"]) == (
            "/static/img/favicon.svg",
            "image/svg+xml",
        )
    assert finders.find("img/favicon.svg")
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (
        301,
        "/static/img/favicon.svg",
    )


@pytest.mark.parametrize(
    "address", ["https://awards.example.org", "http://127.0.0.1:8123"]
)
def test_robots_txt_points_at_the_sitemap(client, home, settings, address):
    settings.SITE_URL = address
    call_command("sync_default_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /django-admin/\n"
        "Disallow: /entries/\n"
        "Disallow: /account/\n"
        "Disallow: /accounts/\n"
        "\n"
        f"Sitemap: {address}/sitemap.xml\n"
    )
    assert client.post("/robots.txt").status_code == 405


def test_every_page_has_a_meta_description(client, category, programme):
    programme.search_description = "The 2027 awards."
    programme.save()
    expected = {
        "/": DEFAULT_DESCRIPTION,
        programme.url: "The 2027 awards.",
        category.url: category.summary,
        f"{category.entry_form.url}?category={category.pk}": DEFAULT_DESCRIPTION,
        reverse("account_login"): DEFAULT_DESCRIPTION,
        "/privacy/": DEFAULT_DESCRIPTION,
    }
    for url, description in expected.items():
        metas = soup(client.get(url)).find_all("meta", attrs={"name": "description"})
        assert [meta["content"] for meta in metas] == [description], url


def how_to_apply_text(client, category) -> str:
    section = soup(client.get(category.url)).select_one(".block-how-to-apply")
    return section.get_text(" ", strip=True) if section else ""


def test_only_an_open_category_says_start_your_entry_from_this_page(
    client, programme, entry_form
):
    open_one = make_category(
        programme, "open-one", entry_form=entry_form, body=[HOW_TO_APPLY]
    )
    soon = make_category(
        programme,
        "soon-one",
        entry_form=entry_form,
        opens_at=NOW + timedelta(days=3, hours=-3),
        body=[HOW_TO_APPLY],
    )
    closed = make_category(
        programme, "closed-one", entry_mode=EntryMode.CLOSED, body=[HOW_TO_APPLY]
    )
    assert how_to_apply_text(client, open_one) == (
        "How to apply Create an account. "
        "Start your entry from this page and save it as you go."
    )
    assert how_to_apply_text(client, soon) == (
        "How to apply Entries open on Thursday 4 March 2027, 9am. You can read the "
        "criteria now and start your entry from this page once entries open."
    )
    assert how_to_apply_text(client, closed) == ""


def test_the_demo_intro_states_no_number_of_categories(db):
    intro = demo_content.CURRENT_PROGRAMME["intro"]
    numbers = r"\b(\d+|one|two|three|four|five|six|seven|eight|nine|ten)\b"
    assert not re.search(numbers + r" categor", intro, re.IGNORECASE)


def calls_to_action(response) -> list[tuple[str, str]]:
    """(text, target) of each button-styled link or button in the main area."""
    main = soup(response).find("main")
    return [
        (
            element.get_text(strip=True),
            element.get("href") or element.find_parent("form")["action"],
        )
        for element in main.select("a.button, button.button")
    ]


def test_the_entry_form_page_has_one_call_to_action(category, client, signed_in):
    url = f"{category.entry_form.url}?category={category.pk}"
    start = reverse("entries:start", args=[category.pk])
    assert calls_to_action(signed_in.get(url)) == [("Start your entry", start)]
    client.logout()
    next_url = f"/entry-form/%3Fcategory%3D{category.pk}"
    assert calls_to_action(client.get(url)) == [
        ("Sign in to start your entry", f"/accounts/login/?next={next_url}")
    ]
