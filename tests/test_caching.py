"""HTTP caching of pages and API responses: lifetimes, ETags, signed-in visitors.

Browsers always revalidate (``max-age=0``); shared caches keep a response for
``s-maxage``, never past the next change of state, and only if a purge reaches
its URL; everything else says ``private, no-cache``.
"""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from categories.caching import cache_seconds
from categories.status import EntryMode, category_status
from tests.factories import NOW, make_category

SECOND = timedelta(seconds=1)


@pytest.fixture
def open_category(programme, entry_form):
    return make_category(programme, "open-one", entry_form=entry_form)


def api_url(page) -> str:
    """A page's API detail with every field: a URL that purges reach."""
    return f"/api/v2/pages/{page.pk}/"


def shared(seconds: int) -> str:
    """The header of a response shared caches may keep ``seconds``."""
    return f"public, max-age=0, s-maxage={seconds}"


def kept_for(response) -> float:
    """Seconds the server's page cache may keep the response (at NOW)."""
    return response.shareable_until - NOW.timestamp()


# --- The rule --------------------------------------------------------------


def test_lifetime_is_the_default_without_a_coming_change(programme, entry_form):
    closed = make_category(programme, "shut", entry_mode=EntryMode.CLOSED)
    assert cache_seconds([], NOW) == 300
    assert cache_seconds([category_status(closed, now=NOW)], NOW) == 300
    assert cache_seconds([], NOW, default=60) == 60


@pytest.mark.parametrize(
    ("before_deadline", "expected"),
    [
        (timedelta(days=1), 300),
        (timedelta(seconds=300), 300),
        (timedelta(seconds=299), 299),
        (SECOND, 1),
        (timedelta(milliseconds=999), 0),  # rounded down: never past the deadline
        (timedelta(0), 0),
    ],
)
def test_lifetime_stops_at_the_deadline(
    programme, open_category, before_deadline, expected
):
    now = programme.closes_at - before_deadline
    status = category_status(open_category, now=now - timedelta(minutes=5))
    assert cache_seconds([status], now) == expected


def test_lifetime_stops_at_the_earliest_change(programme, entry_form, open_category):
    later = make_category(
        programme, "later", entry_form=entry_form, opens_at=NOW + timedelta(seconds=90)
    )
    statuses = [category_status(c, now=NOW) for c in (open_category, later)]
    assert cache_seconds(statuses, NOW) == 90


# --- Category, programme and home pages ------------------------------------


def test_open_category_page_is_cached_until_its_deadline(
    client, programme, open_category
):
    with time_machine.travel(programme.closes_at - SECOND, tick=False):
        response = client.get(open_category.url)
        assert response["Cache-Control"] == shared(1)
        assert b"Start your entry" in response.content
    with time_machine.travel(programme.closes_at, tick=False):
        response = client.get(open_category.url)
        assert response["Cache-Control"] == shared(300)
        assert b"Entries are now closed" in response.content


def test_programme_page_lifetime_counts_categories_it_filtered_out(
    client, programme, entry_form, open_category
):
    make_category(
        programme, "later", entry_form=entry_form, opens_at=NOW + timedelta(minutes=2)
    )
    with time_machine.travel(NOW, tick=False):
        # The coming-soon category is not listed, but it will be in 2 minutes.
        response = client.get(f"{programme.url}?state=open")
    assert response["Cache-Control"] == shared(120)


def test_a_url_no_purge_reaches_is_revalidated_by_shared_caches(
    client, programme, entry_form, open_category
):
    """Unknown query strings, and the entry form's ?category=: the server's own
    cache (cleared on publish) keeps them, shared caches revalidate them."""
    make_category(
        programme, "later", entry_form=entry_form, opens_at=NOW + timedelta(minutes=2)
    )
    with time_machine.travel(NOW, tick=False):
        tracked = client.get(f"{programme.url}?state=open&utm_source=mail")
        form = client.get(f"{entry_form.url}?category={open_category.pk}")
    assert b"Open One" in tracked.content
    assert tracked["Cache-Control"] == shared(0)
    assert kept_for(tracked) == 120
    assert b"Enter: Open One" in form.content
    assert form["Cache-Control"] == shared(0)
    assert kept_for(form) == 300


def test_responses_that_say_nothing_are_private(client, home):
    for url in ["/privacy/", "/sitemap.xml", "/no-such-page/"]:
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-cache", url
    # A view that says something keeps it (allauth's never_cache).
    assert client.get("/accounts/login/")["Cache-Control"] == (
        "max-age=0, no-cache, no-store, must-revalidate, private"
    )


def test_home_page_lifetime(client, home, programme, open_category):
    with time_machine.travel(programme.closes_at - timedelta(seconds=42), tick=False):
        response = client.get("/")
    assert response["Cache-Control"] == shared(42)


def test_a_change_due_now_is_not_cached(client, programme, open_category):
    status = category_status(open_category, now=NOW)
    assert cache_seconds([status], programme.closes_at) == 0
    with time_machine.travel(programme.closes_at - timedelta(milliseconds=500)):
        response = client.get(open_category.url)
    assert response["Cache-Control"] == "public, max-age=0, no-cache"


# --- The API ---------------------------------------------------------------


def test_api_detail_is_cached_until_the_deadline(client, programme, open_category):
    with time_machine.travel(programme.closes_at - SECOND, tick=False):
        response = client.get(api_url(open_category))
        assert response["Cache-Control"] == shared(1)
        assert response.json()["entry_state"]["state"] == "open"
    with time_machine.travel(programme.closes_at, tick=False):
        response = client.get(api_url(open_category))
        assert response["Cache-Control"] == shared(300)
        assert response.json()["entry_state"]["state"] == "closed"


def test_api_listing_by_state_counts_categories_it_filtered_out(
    client, programme, entry_form, open_category
):
    make_category(
        programme, "later", entry_form=entry_form, opens_at=NOW + timedelta(seconds=75)
    )
    url = (
        "/api/v2/pages/?type=categories.CategoryPage"
        f"&child_of={programme.pk}&entry_state=open"
    )
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert [item["meta"]["slug"] for item in response.json()["items"]] == ["open-one"]
    # A query string no purge reaches: only the server's own cache keeps it.
    assert response["Cache-Control"] == shared(0)
    assert kept_for(response) == 75


@time_machine.travel(NOW, tick=False)
def test_api_urls_a_purge_reaches(client, programme, open_category):
    for url in ["/api/v2/pages/", api_url(open_category), api_url(programme)]:
        response = client.get(url)
        assert response["Cache-Control"] == shared(300), url
    for url in [
        f"/api/v2/pages/{open_category.pk}/?fields=_,entry_state",
        "/api/v2/pages/?type=categories.CategoryPage",
        "/api/v2/images/",
        "/api/v2/documents/",
    ]:
        response = client.get(url)
        assert response["Cache-Control"] == shared(0), url
        assert kept_for(response) == 300, url


def test_api_errors_are_not_marked_cacheable(client, home):
    response = client.get("/api/v2/pages/?colour=red")
    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-cache"


# --- Personal responses ----------------------------------------------------


@pytest.fixture
def signed_in(db, client):
    user = get_user_model().objects.create_user("reader", password="x")
    client.force_login(user)
    return client


def test_signed_in_visitors_are_never_shared_cached(
    signed_in, home, programme, open_category
):
    for url in ["/", programme.url, open_category.url, api_url(open_category)]:
        response = signed_in.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-cache", url
        assert "Cookie" in response["Vary"], url


@time_machine.travel(NOW, tick=False)
def test_unlocked_private_page_is_never_shared_cached(client, programme, open_category):
    PageViewRestriction.objects.create(
        page=open_category,
        restriction_type=PageViewRestriction.PASSWORD,
        password="judges",
    )
    response = client.get(open_category.url)
    assert b"password" in response.content.lower()
    assert "public" not in response["Cache-Control"]
    assert client.get(api_url(open_category)).status_code == 404
    restriction = open_category.get_view_restrictions().get()
    session = client.session
    session["passed_page_view_restrictions"] = [restriction.pk]
    session.save()
    response = client.get(open_category.url)
    assert b"Start your entry" in response.content
    # Ours, then Wagtail's own for restricted pages.
    assert response["Cache-Control"] == (
        "private, no-cache, max-age=0, no-store, must-revalidate"
    )
    response = client.get(api_url(open_category))
    assert response.json()["entry_state"]["state"] == "open"
    assert response["Cache-Control"] == "private, no-cache"


# --- Conditional GET -------------------------------------------------------


@pytest.mark.parametrize("kind", ["page", "api"])
def test_conditional_get(client, programme, open_category, kind):
    url = open_category.url if kind == "page" else api_url(open_category)
    with time_machine.travel(NOW, tick=False):
        first = client.get(url)
        etag = first["ETag"]
        assert etag.startswith('"') and len(etag) == 34
        again = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag
        assert again["Cache-Control"] == first["Cache-Control"]
        stale = client.get(url, HTTP_IF_NONE_MATCH='"something-else"')
        assert stale.status_code == 200
    # Past the deadline the content changes, and so does the ETag.
    with time_machine.travel(programme.closes_at, tick=False):
        closed = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert closed.status_code == 200
        assert closed["ETag"] != etag
