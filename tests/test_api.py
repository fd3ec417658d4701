"""The JSON API at /api/v2/: every field, every filter, and every refusal."""

import runpy
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings

from base.page_cache import page_cache
from categories.status import EntryMode
from tests.factories import CONTACTS, EVERY_BLOCK, NOW, make_category, make_programme

SECOND = timedelta(seconds=1)
CATEGORIES = "/api/v2/pages/?type=categories.CategoryPage"


@pytest.fixture
def full_category(programme, entry_form):
    return make_category(
        programme, "full", entry_form=entry_form, is_new=True, body=EVERY_BLOCK
    )


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def without_ids(body: list[dict]) -> list[dict]:
    """The body blocks without their random ids (checked to be there)."""
    assert all(len(block.pop("id")) == 36 for block in body)
    return body


def titles(data) -> list[str]:
    return [item["title"] for item in data["items"]]


# --- Fields ----------------------------------------------------------------


def test_category_detail_has_every_field(client, programme, full_category, frozen):
    data = get_json(client, f"/api/v2/pages/{full_category.pk}/")
    body = without_ids(data.pop("body"))
    assert body == EVERY_BLOCK
    assert data == {
        "id": full_category.pk,
        "meta": {
            "type": "categories.CategoryPage",
            "detail_url": f"http://localhost/api/v2/pages/{full_category.pk}/",
            "html_url": "http://localhost/awards-2027/full/",
            "slug": "full",
            "show_in_menus": False,
            "seo_title": "",
            "search_description": "",
            "first_published_at": None,
            "alias_of": None,
            "parent": {
                "id": programme.pk,
                "meta": {
                    "type": "categories.ProgrammePage",
                    "detail_url": f"http://localhost/api/v2/pages/{programme.pk}/",
                    "html_url": "http://localhost/awards-2027/",
                },
                "title": "Programme awards-2027",
            },
        },
        "title": "Full",
        "summary": "Summary of full",
        "is_new": True,
        "entry_mode": "open",
        "entry_state": {
            "state": "open",
            "label": "Open for entries",
            "message": "The deadline is Wednesday 31 March 2027, 1pm",
            # UK time with its offset: GMT in January, BST at the end of March.
            "opens_at": "2027-01-30T12:00:00Z",
            "closes_at": "2027-03-31T13:00:00+01:00",
            "entry_url": f"http://localhost/entry-form/?category={full_category.pk}",
            "invitation_note": "",
        },
        "contacts": [CONTACTS],
    }


def test_rich_text_is_front_end_html_and_notice_link_a_page_id(
    client, programme, entry_form, frozen
):
    target = make_category(programme, "target", entry_form=entry_form)
    body = [
        {
            "type": "intro",
            "value": f'<p>See <a linktype="page" id="{target.pk}">that one</a>.</p>',
        },
        {"type": "notice", "value": {"text": "<p>Go.</p>", "link": target.pk}},
    ]
    source = make_category(programme, "source", entry_form=entry_form, body=body)
    data = get_json(client, f"/api/v2/pages/{source.pk}/?fields=_,body")
    assert without_ids(data["body"]) == [
        {
            "type": "intro",
            "value": '<p>See <a href="/awards-2027/target/">that one</a>.</p>',
        },
        {"type": "notice", "value": {"text": "<p>Go.</p>", "link": target.pk}},
    ]


@pytest.mark.parametrize(
    ("fields", "now", "expected"),
    [
        (
            {},
            NOW - timedelta(days=31),
            {
                "state": "coming_soon",
                "label": "Coming soon",
                "message": "Entries open on Saturday 30 January 2027, 12pm",
                "entry_url": None,
            },
        ),
        (
            {},
            NOW + timedelta(days=30),
            {
                "state": "closed",
                "label": "Closed",
                "message": "Entries are now closed",
                "entry_url": None,
            },
        ),
        (
            {"entry_mode": EntryMode.CLOSED},
            NOW,
            {
                "state": "closed",
                "label": "Closed",
                "message": "Entries are now closed",
                "entry_url": None,
            },
        ),
        (
            {"entry_mode": EntryMode.INVITATION, "invitation_note": "Judges pick."},
            NOW,
            {
                "state": "invitation",
                "label": "By invitation",
                "message": "Not open for entries",
                "entry_url": None,
                "invitation_note": "Judges pick.",
            },
        ),
    ],
    ids=["coming_soon", "closed-by-date", "closed-by-mode", "invitation"],
)
def test_each_entry_state(client, programme, entry_form, fields, now, expected):
    category = make_category(programme, "c", entry_form=entry_form, **fields)
    with time_machine.travel(now, tick=False):
        data = get_json(client, f"/api/v2/pages/{category.pk}/?fields=_,entry_state")
    assert data["entry_state"] == {
        "opens_at": "2027-01-30T12:00:00Z",
        "closes_at": "2027-03-31T13:00:00+01:00",
        "invitation_note": "",
        **expected,
    }


def test_category_own_dates_override_the_programmes(client, programme, entry_form):
    extended = make_category(
        programme, "late", entry_form=entry_form, closes_at=NOW + timedelta(days=40)
    )
    with time_machine.travel(NOW + timedelta(days=35), tick=False):
        data = get_json(client, f"/api/v2/pages/{extended.pk}/?fields=_,entry_state")
    assert data["entry_state"]["state"] == "open"
    assert data["entry_state"]["closes_at"] == "2027-04-10T13:00:00+01:00"


def test_category_without_contacts_gets_its_programmes(client, programme, frozen):
    category = make_category(programme, entry_mode=EntryMode.CLOSED)
    data = get_json(client, f"/api/v2/pages/{category.pk}/?fields=_,contacts")
    assert data == {"contacts": [CONTACTS]}


def test_category_own_contacts_replace_the_programmes(client, home, frozen):
    programme = make_programme(home, contacts=[])
    own = {"heading": "Ask us", "people": [dict(CONTACTS["people"][0], phone="")]}
    category = make_category(
        programme,
        entry_mode=EntryMode.CLOSED,
        body=[{"type": "contacts", "value": own}],
    )
    data = get_json(client, f"/api/v2/pages/{category.pk}/?fields=_,contacts")
    assert data == {"contacts": [own]}
    data = get_json(client, f"/api/v2/pages/{programme.pk}/?fields=_,contacts")
    assert data == {"contacts": []}


def test_programme_detail_has_its_window_and_contacts(client, home, frozen):
    programme = make_programme(home, intro="<p>The <i>2027</i> awards.</p>")
    data = get_json(client, f"/api/v2/pages/{programme.pk}/")
    del data["meta"]
    assert data == {
        "id": programme.pk,
        "title": "Programme awards-2027",
        "intro": "<p>The <i>2027</i> awards.</p>",
        "opens_at": "2027-01-30T12:00:00Z",
        "closes_at": "2027-03-31T13:00:00+01:00",
        "contacts": [CONTACTS],
    }


def test_home_detail(client, home, frozen):
    data = get_json(client, f"/api/v2/pages/{home.pk}/?fields=_,intro,call_to_action")
    assert data == {"intro": "", "call_to_action": "See the categories and enter"}


def test_images_and_documents_endpoints(client, home):
    empty = {"meta": {"total_count": 0}, "items": []}
    assert get_json(client, "/api/v2/images/") == empty
    assert get_json(client, "/api/v2/documents/") == empty


# --- Listing and filters ---------------------------------------------------


@pytest.fixture
def listing(home, programme, entry_form):
    """Two programmes; the current one has a category in each state at NOW."""
    past = make_programme(
        home,
        "awards-2026",
        opens_at=NOW - timedelta(days=400),
        closes_at=NOW - timedelta(days=300),
    )
    make_category(past, "old", title="Old", entry_form=entry_form)
    make_category(programme, "open", title="Open", entry_form=entry_form, is_new=True)
    make_category(
        programme,
        "later",
        title="Later",
        entry_form=entry_form,
        opens_at=NOW + timedelta(days=1),
    )
    make_category(programme, "resting", title="Resting", entry_mode=EntryMode.CLOSED)
    make_category(
        programme,
        "judges",
        title="Judges",
        entry_mode=EntryMode.INVITATION,
        invitation_note="Chosen from the winners.",
    )
    unpublished = make_category(programme, "draft", title="Draft", live=False)
    assert not unpublished.live
    return programme


def test_listing_is_in_tree_order_with_chosen_fields(client, listing, frozen):
    data = get_json(
        client,
        f"{CATEGORIES}&child_of={listing.pk}&fields=_,title,summary,is_new,entry_mode",
    )
    assert data == {
        "meta": {"total_count": 4},
        "items": [
            {
                "title": "Open",
                "summary": "Summary of open",
                "is_new": True,
                "entry_mode": "open",
            },
            {
                "title": "Later",
                "summary": "Summary of later",
                "is_new": False,
                "entry_mode": "open",
            },
            {
                "title": "Resting",
                "summary": "Summary of resting",
                "is_new": False,
                "entry_mode": "closed",
            },
            {
                "title": "Judges",
                "summary": "Summary of judges",
                "is_new": False,
                "entry_mode": "invitation",
            },
        ],
    }


def test_listing_default_fields(client, listing, frozen):
    data = get_json(client, f"{CATEGORIES}&child_of={listing.pk}&limit=1")
    item = data["items"][0]
    assert data["meta"] == {"total_count": 4}
    assert item == {
        "id": item["id"],
        "meta": {
            "type": "categories.CategoryPage",
            "detail_url": f"http://localhost/api/v2/pages/{item['id']}/",
            "html_url": "http://localhost/awards-2027/open/",
            "slug": "open",
            "first_published_at": None,
        },
        "title": "Open",
    }


def test_listing_by_programme(client, listing, frozen):
    assert titles(get_json(client, CATEGORIES)) == [
        "Open",
        "Later",
        "Resting",
        "Judges",
        "Old",
    ]
    past = listing.get_siblings(inclusive=False).get(slug="awards-2026")
    assert titles(get_json(client, f"{CATEGORIES}&child_of={past.pk}")) == ["Old"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", ["Open"]),
        ("coming_soon", ["Later"]),
        ("closed", ["Resting"]),
        ("invitation", ["Judges"]),
        ("open,coming_soon", ["Open", "Later"]),
    ],
)
def test_listing_by_state(client, listing, frozen, state, expected):
    url = f"{CATEGORIES}&child_of={listing.pk}&entry_state={state}&fields=entry_state"
    data = get_json(client, url)
    assert titles(data) == expected
    assert {item["entry_state"]["state"] for item in data["items"]} == set(
        state.split(",")
    )
    assert data["meta"]["total_count"] == len(expected)


def test_state_filter_follows_the_clock(client, listing):
    url = f"{CATEGORIES}&child_of={listing.pk}&entry_state=open"
    with time_machine.travel(NOW + timedelta(days=1), tick=False):
        assert titles(get_json(client, url)) == ["Open", "Later"]
    with time_machine.travel(listing.closes_at, tick=False):
        assert titles(get_json(client, url)) == []


def test_state_filter_across_programmes_and_pages(client, listing, frozen):
    url = f"{CATEGORIES}&entry_state=closed,coming_soon"
    assert titles(get_json(client, url)) == ["Later", "Resting", "Old"]
    data = get_json(client, f"{url}&limit=1&offset=1")
    assert (titles(data), data["meta"]["total_count"]) == (["Resting"], 3)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is_new=true", ["Open"]),
        ("entry_mode=invitation", ["Judges"]),
        ("summary=Summary of later", ["Later"]),
        ("slug=resting", ["Resting"]),
        ("title=Judges", ["Judges"]),
        ("search=Resting", ["Resting"]),
        ("order=-title", ["Resting", "Open", "Later", "Judges"]),
    ],
)
def test_listing_field_filters(client, listing, frozen, query, expected):
    assert titles(get_json(client, f"{CATEGORIES}&child_of={listing.pk}&{query}")) == (
        expected
    )


def test_programmes_by_window(client, listing, frozen):
    url = "/api/v2/pages/?type=categories.ProgrammePage&fields=_,title,closes_at"
    data = get_json(client, f"{url}&order=-closes_at")
    assert data["items"] == [
        {"title": "Programme awards-2027", "closes_at": "2027-03-31T13:00:00+01:00"},
        {"title": "Programme awards-2026", "closes_at": "2026-05-05T13:00:00+01:00"},
    ]
    closes = "2027-03-31T12:00:00Z"
    assert titles(get_json(client, f"{url}&closes_at={closes}")) == [
        "Programme awards-2027"
    ]


# --- Query counts ----------------------------------------------------------

LISTING_QUERIES = 9
FILTERED_LISTING_QUERIES = 10


@pytest.fixture(params=[1, 3], ids=["1-category", "3-categories"])
def categories(request, programme, entry_form):
    return [
        make_category(programme, f"c{i}", entry_form=entry_form, body=EVERY_BLOCK)
        for i in range(request.param)
    ]


@pytest.mark.parametrize(
    ("extra", "expected"),
    [("", LISTING_QUERIES), ("&entry_state=open", FILTERED_LISTING_QUERIES)],
    ids=["all", "by-state"],
)
def test_listing_queries_are_fixed(
    client, django_assert_num_queries, programme, categories, frozen, extra, expected
):
    url = f"{CATEGORIES}&child_of={programme.pk}&fields=*{extra}"
    client.get(url)  # warm Wagtail's cache of site root paths, as in production
    page_cache().clear()  # count the work of a response, not of a cache hit
    with django_assert_num_queries(expected):
        data = get_json(client, url)
    assert len(data["items"]) == len(categories)
    with django_assert_num_queries(0):
        assert get_json(client, url) == data


# --- Refusals --------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        (
            f"{CATEGORIES}&fields=nope",
            400,
            "unknown fields: nope",
        ),
        (
            f"{CATEGORIES}&fields=entry_state(state)",
            400,
            "'entry_state' does not support nested fields",
        ),
        (
            f"{CATEGORIES}&colour=red",
            400,
            "query parameter is not an operation or a recognised field: colour",
        ),
        (
            f"{CATEGORIES}&entry_state=shut",
            400,
            "entry_state must be one or more of (comma-separated): "
            "coming_soon, open, closed, invitation",
        ),
        (
            "/api/v2/pages/?entry_state=open",
            400,
            "entry_state needs type=categories.CategoryPage",
        ),
        (f"{CATEGORIES}&child_of=abc", 400, "child_of must be a positive integer"),
        (f"{CATEGORIES}&child_of=99999", 400, "parent page doesn't exist"),
        ("/api/v2/pages/?type=categories.Nothing", 400, "type doesn't exist"),
        ("/api/v2/pages/?type=wagtailimages.Image", 400, "type doesn't exist"),
        (
            f"{CATEGORIES}&is_new=maybe",
            400,
            "field filter error. 'maybe' is not a valid value for is_new "
            "(expected 'true' or 'false', got 'maybe')",
        ),
        (
            "/api/v2/pages/?type=categories.ProgrammePage&opens_at=soon",
            400,
            "“soon” value has an invalid format. It must be in "
            "YYYY-MM-DD HH:MM[:ss[.uuuuuu]][TZ] format.",
        ),
        (
            f"{CATEGORIES}&order=entry_state",
            400,
            "cannot order by 'entry_state' (unknown field)",
        ),
        ("/api/v2/pages/?limit=abc", 400, "limit must be a positive integer"),
        ("/api/v2/pages/?limit=500", 400, "limit cannot be higher than 20"),
        (
            "/api/v2/pages/?offset=99999999999999999999",
            400,
            "offset cannot be higher than 2147483647",
        ),
        (
            "/api/v2/pages/?search=x&search_operator=xor",
            400,
            "search_operator must be 'and' or 'or'",
        ),
        ("/api/v2/pages/?site=elsewhere.example", 400, "site doesn't exist"),
        ("/api/v2/pages/?site=localhost:http", 400, "site doesn't exist"),
        ("/api/v2/pages/find/?id=abc", 400, "id must be a whole number"),
        ("/api/v2/pages/99999/", 404, "No Page matches the given query."),
        (
            "/api/v2/pages/abc/",
            404,
            "not found: the endpoints are pages, images and documents",
        ),
        (
            "/api/v2/events/",
            404,
            "not found: the endpoints are pages, images and documents",
        ),
        ("/api/v2/images/99999/", 404, "No Image matches the given query."),
        ("/api/v2/documents/find/?id=x", 400, "id must be a whole number"),
    ],
)
def test_bad_requests_get_a_json_reason(client, listing, url, status, message):
    assert get_json(client, url, status=status) == {"message": message}


JUNK = ["", "x", "-1", "0", "99999999999999999999", '"', "'", "%00", "a,b", "(", "*"]
PARAMETERS = [
    "type",
    "child_of",
    "ancestor_of",
    "descendant_of",
    "entry_state",
    "fields",
    "order",
    "search",
    "search_operator",
    "limit",
    "offset",
    "id",
    "slug",
    "title",
    "is_new",
    "entry_mode",
    "summary",
    "opens_at",
    "closes_at",
    "contacts",
    "body",
    "locale",
    "site",
    "html_path",
]


@pytest.mark.parametrize(
    "endpoint",
    [
        "/api/v2/pages/",
        CATEGORIES + "&",
        "/api/v2/pages/?type=categories.ProgrammePage&",
        "/api/v2/pages/find/",
        "/api/v2/images/",
        "/api/v2/documents/",
    ],
)
def test_nothing_a_visitor_sends_is_a_server_error(listing, frozen, endpoint):
    client = Client(raise_request_exception=False)
    separator = "" if endpoint.endswith("&") else "?"
    failures = []
    for parameter in PARAMETERS:
        for value in JUNK:
            url = f"{endpoint}{separator}{parameter}={value}"
            response = client.get(url)
            if response.status_code >= 500 or (
                # find/ redirects to the detail URL
                response.status_code != 302
                and response["Content-Type"] != "application/json"
            ):
                failures.append((url, response.status_code))
    assert failures == []


def test_unpublished_pages_are_not_served(client, listing, frozen):
    draft = listing.get_children().get(slug="draft")
    assert get_json(client, f"/api/v2/pages/{draft.pk}/", status=404) == {
        "message": "No Page matches the given query."
    }
    assert "Draft" not in titles(get_json(client, CATEGORIES))


def test_search_with_quotes_finds_the_words(client, listing, frozen):
    url = f'{CATEGORIES}&search="Resting"'
    assert titles(get_json(client, url)) == ["Resting"]


# --- CORS ------------------------------------------------------------------

ORIGIN = "https://app.example.org"


def test_cors_is_off_by_default(client, home):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200
    assert "Access-Control-Allow-Origin" not in response


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN])
def test_cors_for_the_listed_origins_on_the_api_only(client, home):
    response = client.get("/api/v2/pages/", HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "origin" in response["Vary"]
    preflight = client.options(
        "/api/v2/pages/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    # Every method the entries API takes; the content API answers writes 405.
    assert preflight["Access-Control-Allow-Methods"] == (
        "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"
    )
    assert preflight["Access-Control-Allow-Credentials"] == "true"
    other = client.get("/api/v2/pages/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other
    page = client.get("/", HTTP_ORIGIN=ORIGIN)
    assert "Access-Control-Allow-Origin" not in page


def test_cors_origins_come_from_the_environment(monkeypatch):
    base = str(settings.BASE_DIR / "config" / "settings" / "base.py")
    monkeypatch.setenv(
        "CORS_ALLOWED_ORIGINS", "https://app.example.org, https://partner.example.com,"
    )
    assert runpy.run_path(base)["CORS_ALLOWED_ORIGINS"] == [
        "https://app.example.org",
        "https://partner.example.com",
    ]
    monkeypatch.delenv("CORS_ALLOWED_ORIGINS")
    assert runpy.run_path(base)["CORS_ALLOWED_ORIGINS"] == []
