"""What visitors see on the home, programme and category pages."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone
from django.views.defaults import server_error
from wagtail.blocks import StreamBlockValidationError
from wagtail.models import Page

from categories.blocks import CategoryBodyBlock
from categories.status import EntryMode
from tests.factories import CONTACTS, EVERY_BLOCK, NOW, make_category, make_programme


def soup_of(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def text_of(soup, selector) -> str:
    return " ".join(soup.select_one(selector).get_text(" ", strip=True).split())


@pytest.fixture
def full_category(programme, entry_form):
    return make_category(
        programme, "full", entry_form=entry_form, is_new=True, body=EVERY_BLOCK
    )


def test_every_block_type_renders_in_the_editors_order(client, full_category, frozen):
    soup = soup_of(client.get(full_category.url))
    body = soup.select_one(".category__body")
    assert [c["class"][-1] for c in body.find_all(recursive=False)] == [
        "block-intro",
        "block-how-to-apply",
        "block-eligibility",
        "block-criterion",
        "notice",
        "block-contacts",
    ]
    assert [h.get_text() for h in body.find_all("h2")] == [
        "How to apply",
        "Eligibility",
        "Impact",
        "Contacts",
    ]
    assert body.select_one(".block-intro b").get_text() == "partners"
    steps = [li.get_text() for li in body.select(".block-how-to-apply ol li")]
    assert steps == ["Register.", "Start your entry.", "Submit it."]
    assert [li.get_text() for li in body.select(".block-eligibility li")] == [
        "Open to NHS partners.",
        "Work from the last two years.",
    ]
    criterion = body.select_one("#criterion-impact")
    assert [li.get_text() for li in criterion.select("ul li")] == [
        "Give figures.",
        "Quote patients.",
    ]
    assert text_of(criterion, ".block-criterion__limit") == "Word limit: 350 words"
    assert text_of(body, ".notice") == "See the other category."


def test_contacts_are_mailto_and_tel_links(client, full_category, frozen):
    soup = soup_of(client.get(full_category.url))
    contacts = soup.select_one(".block-contacts")
    hrefs = [a["href"] for a in contacts.select("a")]
    assert hrefs == ["mailto:ada@example.org", "tel:02079460001"]
    assert "Entry enquiries" in contacts.get_text()


def test_category_without_contacts_shows_its_programmes(client, programme, frozen):
    category = make_category(programme, entry_mode=EntryMode.CLOSED)
    soup = soup_of(client.get(category.url))
    assert [a["href"] for a in soup.select(".block-contacts a")] == [
        "mailto:ada@example.org",
        "tel:02079460001",
    ]


def test_notice_links_to_another_category(client, programme, entry_form, frozen):
    target = make_category(programme, "target", entry_form=entry_form)
    notice = {
        "type": "notice",
        "value": {"text": "<p>Go there.</p>", "link": target.pk},
    }
    source = make_category(programme, "source", entry_form=entry_form, body=[notice])
    link = soup_of(client.get(source.url)).select_one(".notice a")
    assert (link["href"], link.get_text()) == (target.url, "Go to Target")


def test_open_category_page_leads_with_its_state(client, full_category, frozen):
    soup = soup_of(client.get(full_category.url))
    status = soup.select_one("header .status")
    assert text_of(status, ".status__label") == "Open for entries"
    assert text_of(status, ".status__message") == (
        "The deadline is Wednesday 31 March 2027, 1pm (30 days left)"
    )
    button = status.select_one("a.button")
    assert button.get_text() == "Start your entry"
    assert button["href"] == f"/entry-form/?category={full_category.pk}"
    assert text_of(soup, "h1") == "New Full"
    assert soup.select_one("h1 .badge--new").get_text() == "New"
    assert [a.get_text() for a in soup.select(".toc a")] == ["Impact"]


@pytest.mark.parametrize(
    ("fields", "label", "message"),
    [
        (
            {"opens_at": NOW + timedelta(days=2)},
            "Coming soon",
            "Entries open on Wednesday 3 March 2027, 12pm",
        ),
        ({"closes_at": NOW - timedelta(days=1)}, "Closed", "Entries are now closed"),
        ({"entry_mode": EntryMode.CLOSED}, "Closed", "Entries are now closed"),
        (
            {"entry_mode": EntryMode.INVITATION, "invitation_note": "Judges choose."},
            "By invitation",
            "Not open for entries",
        ),
    ],
)
def test_other_states_offer_no_entry(
    client, programme, entry_form, frozen, fields, label, message
):
    category = make_category(programme, entry_form=entry_form, **fields)
    soup = soup_of(client.get(category.url))
    assert text_of(soup, ".status__label") == label
    assert text_of(soup, ".status__message") == message
    assert soup.select("a.button") == []
    if fields.get("invitation_note"):
        assert text_of(soup, ".status__note") == "Judges choose."


def test_title_and_meta_description(client, programme, frozen):
    category = make_category(programme, "meta", entry_mode=EntryMode.CLOSED)
    soup = soup_of(client.get(category.url))
    assert soup.title.get_text() == "Meta | Health Partnership Awards"
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Summary of meta"
    )
    category.search_description = "Written for search engines."
    category.seo_title = "Meta award"
    category.save_revision().publish()
    soup = soup_of(client.get(category.url))
    assert soup.title.get_text() == "Meta award | Health Partnership Awards"
    assert soup.find("meta", attrs={"name": "description"})["content"] == (
        "Written for search engines."
    )


@pytest.fixture
def listing(programme, entry_form):
    """One category in each state at NOW."""
    make_category(programme, "open-a", entry_form=entry_form)
    make_category(
        programme, "soon-b", entry_form=entry_form, opens_at=NOW + timedelta(days=1)
    )
    make_category(programme, "closed-c", entry_mode=EntryMode.CLOSED)
    make_category(
        programme, "invited-d", entry_mode=EntryMode.INVITATION, invitation_note="x"
    )
    make_category(programme, "open-e", entry_form=entry_form, is_new=True)
    return programme


def card_titles(soup) -> list[str]:
    return [h.get_text(strip=True) for h in soup.select(".card__title")]


def test_programme_lists_categories_with_badges(client, listing, frozen):
    soup = soup_of(client.get(listing.url))
    assert card_titles(soup) == ["Open A", "Soon B", "Closed C", "Invited D", "Open E"]
    badges = [
        [b.get_text() for b in card.select(".badge")] for card in soup.select(".card")
    ]
    assert badges == [
        ["Open for entries"],
        ["Coming soon"],
        ["Closed"],
        ["By invitation"],
        ["Open for entries", "New"],
    ]
    filters = [a.get_text() for a in soup.select(".filters a")]
    assert filters == [
        "All (5)",
        "Coming soon (1)",
        "Open for entries (2)",
        "Closed (1)",
        "By invitation (1)",
    ]


@pytest.mark.parametrize(
    ("state", "titles"),
    [
        ("open", ["Open A", "Open E"]),
        ("coming_soon", ["Soon B"]),
        ("closed", ["Closed C"]),
        ("invitation", ["Invited D"]),
    ],
)
def test_programme_filters_by_state(client, listing, frozen, state, titles):
    soup = soup_of(client.get(listing.url, {"state": state}))
    assert card_titles(soup) == titles
    assert soup.select_one(".filters a[aria-current]")["href"].endswith(
        f"?state={state}"
    )


def test_unknown_state_filter_shows_all_with_a_note(client, listing, frozen):
    soup = soup_of(client.get(listing.url, {"state": "<script>"}))
    assert len(card_titles(soup)) == 5
    assert "not one of the entry states" in text_of(soup, ".notice")
    assert "<script>" not in soup.decode()


def test_unpublished_categories_are_not_listed(client, listing, frozen):
    listing.get_children().get(slug="open-a").unpublish()
    assert "Open A" not in card_titles(soup_of(client.get(listing.url)))


def test_home_leads_to_the_current_programme(client, home, listing, frozen):
    make_programme(
        home,
        "awards-2026",
        opens_at=NOW - timedelta(days=400),
        closes_at=NOW - timedelta(days=300),
    )
    soup = soup_of(client.get("/"))
    assert text_of(soup, "#programme-heading") == listing.title
    assert soup.select_one("main a.button")["href"] == listing.url
    assert len(card_titles(soup)) == 5
    assert "Wednesday 31 March 2027, 1pm" in text_of(soup, ".key-dates")


def test_home_follows_the_editors_choice_of_programme(client, home, listing, frozen):
    past = make_programme(
        home,
        "awards-2026",
        title="Past",
        opens_at=NOW - timedelta(days=400),
        closes_at=NOW - timedelta(days=300),
    )
    home.current_programme = past
    home.save()
    soup = soup_of(client.get("/"))
    assert text_of(soup, "#programme-heading") == "Past"


def test_custom_404(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert text_of(soup, "h1") == "Page not found"
    assert soup.title.get_text() == "Page not found | Health Partnership Awards"


def test_custom_500():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def sitemap_locations(client) -> set[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    namespace = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
    return {
        loc.text
        for loc in ElementTree.fromstring(response.content).iter(f"{namespace}loc")
    }


def test_sitemap_lists_live_pages(client, listing):
    locations = sitemap_locations(client)
    assert "http://localhost/awards-2027/open-a/" in locations
    assert "http://localhost/awards-2027/" in locations
    listing.get_children().get(slug="open-a").unpublish()
    assert "http://localhost/awards-2027/open-a/" not in sitemap_locations(client)


def test_entry_form_page_lists_the_questions_for_a_category(
    client, programme, entry_form, full_category, frozen
):
    soup = soup_of(client.get(entry_form.url, {"category": full_category.pk}))
    assert text_of(soup, "h1") == "Enter: Full"
    questions = [
        " ".join(li.get_text(" ", strip=True).split())
        for li in soup.select(".questions li")
    ]
    assert questions == [
        "Entry title (required) The name the judges will know your entry by.",
        "Partner organisations (required) Word limit: 50 words",
        "Impact (required) Word limit: 350 words",
    ]


@pytest.mark.parametrize("value", ["abc", "999999", "../1"])
def test_entry_form_page_ignores_a_bad_category(client, entry_form, value):
    soup = soup_of(client.get(entry_form.url, {"category": value}))
    assert text_of(soup, "h1") == "Enter"


def test_scheduled_publishing(client, programme, entry_form):
    category = make_category(programme, "later", entry_form=entry_form, live=False)
    category.go_live_at = timezone.now() + timedelta(hours=1)
    category.save_revision().publish()
    category.refresh_from_db()
    assert not category.live
    assert client.get("/awards-2027/later/").status_code == 404
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        call_command("publish_scheduled")
    category.refresh_from_db()
    assert category.live


class TestValidation:
    def test_window_must_close_after_it_opens(self, programme):
        programme.closes_at = programme.opens_at
        with pytest.raises(ValidationError) as error:
            programme.full_clean()
        assert error.value.message_dict["closes_at"] == [
            "The closing time must be after the opening time."
        ]

    def test_open_category_needs_an_entry_form(self, programme):
        category = make_category(programme, entry_mode=EntryMode.CLOSED)
        category.entry_mode = EntryMode.OPEN
        with pytest.raises(ValidationError) as error:
            category.full_clean()
        assert "entry_form" in error.value.message_dict

    def test_invitation_category_needs_a_note(self, programme):
        category = make_category(programme, entry_mode=EntryMode.CLOSED)
        category.entry_mode = EntryMode.INVITATION
        with pytest.raises(ValidationError) as error:
            category.full_clean()
        assert "invitation_note" in error.value.message_dict

    def test_contact_needs_an_email_or_a_phone(self):
        block = CategoryBodyBlock()
        person = {**CONTACTS["people"][0], "email": "", "phone": ""}
        value = block.to_python(
            [{"type": "contacts", "value": {"heading": "C", "people": [person]}}]
        )
        with pytest.raises(StreamBlockValidationError):
            block.clean(value)

    def test_word_limit_must_be_positive(self):
        block = CategoryBodyBlock()
        criterion = {**EVERY_BLOCK[3]["value"], "word_limit": 0}
        value = block.to_python([{"type": "criterion", "value": criterion}])
        with pytest.raises(StreamBlockValidationError):
            block.clean(value)


def test_root_has_only_the_home_page(home):
    assert [
        type(p.specific).__name__ for p in Page.get_first_root_node().get_children()
    ] == ["HomePage"]
