"""The server-side page cache: hits, invalidation, deadlines, and no sharing."""

import os
import subprocess
import sys
import uuid
from datetime import timedelta

import pytest
import redis
import time_machine
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from base.page_cache import (
    HIT_HEADER,
    current_generation,
    page_cache,
    storable_until,
)
from categories.caching import patch_cache_headers
from tests.factories import NOW, make_category, make_entrant, make_programme

SECOND = timedelta(seconds=1)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def category(programme, entry_form):
    return make_category(programme, "open-one", title="Open one", entry_form=entry_form)


def api_detail(page) -> str:
    return f"/api/v2/pages/{page.pk}/"


def is_hit(response) -> bool:
    return response.get(HIT_HEADER) == "hit"


# --- Hits ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "first_header", "again_header"),
    [
        (
            "category",
            "public, max-age=0, s-maxage=300",
            "public, max-age=0, s-maxage=200",
        ),
        (
            "programme",
            "public, max-age=0, s-maxage=300",
            "public, max-age=0, s-maxage=200",
        ),
        ("home", "public, max-age=0, s-maxage=300", "public, max-age=0, s-maxage=200"),
        ("api", "public, max-age=0, s-maxage=300", "public, max-age=0, s-maxage=200"),
        # URLs no purge reaches: kept here (cleared on publish), not by a CDN.
        (
            "api_fields",
            "public, max-age=0, s-maxage=0",
            "public, max-age=0, s-maxage=0",
        ),
        (
            "entry_form",
            "public, max-age=0, s-maxage=0",
            "public, max-age=0, s-maxage=0",
        ),
    ],
)
def test_second_anonymous_request_is_a_hit(
    client,
    frozen,
    home,
    programme,
    entry_form,
    category,
    kind,
    first_header,
    again_header,
):
    url = {
        "category": category.url,
        "programme": programme.url,
        "home": "/",
        "api": api_detail(category),
        "api_fields": api_detail(category) + "?fields=_,title,entry_state",
        "entry_form": f"{entry_form.url}?category={category.pk}",
    }[kind]
    first = client.get(url)
    assert not is_hit(first)
    frozen.shift(100)
    again = client.get(url)
    assert is_hit(again)
    assert again.content == first.content
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]
    # Browsers always revalidate; a shared cache's s-maxage counts down, so
    # that it doesn't keep the page past the first's.
    assert first["Cache-Control"] == first_header
    assert again["Cache-Control"] == again_header
    # Conditional GET still works on a hit.
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_query_string_and_host_are_part_of_the_key(client, frozen, programme, category):
    client.get(programme.url)
    filtered = client.get(f"{programme.url}?state=closed")
    assert not is_hit(filtered)
    assert b"Open one" not in filtered.content
    assert not is_hit(client.get(programme.url, HTTP_HOST="localhost"))


def test_parameters_a_page_does_not_read_share_its_entry(
    client, frozen, programme, entry_form, category
):
    first = client.get(programme.url)
    for query in ["?utm_source=newsletter", "?n=123", "?n=456&utm_medium=email"]:
        again = client.get(programme.url + query)
        assert is_hit(again), query
        assert again.content == first.content
    client.get(category.url)
    assert is_hit(client.get(f"{category.url}?n=1"))
    form = f"{entry_form.url}?category={category.pk}"
    client.get(form)
    assert is_hit(client.get(f"{form}&utm_campaign=deadline"))


def test_a_parameter_the_page_reads_is_its_own_entry(
    client, frozen, programme, entry_form, category
):
    listed = client.get(f"{programme.url}?state=open")
    closed = client.get(f"{programme.url}?state=closed")
    assert not is_hit(listed) and not is_hit(closed)
    assert b"Open one" in listed.content
    assert b"Open one" not in closed.content
    again = client.get(f"{programme.url}?utm_source=x&state=closed")
    assert is_hit(again)
    assert again.content == closed.content
    # Another category's form page is another entry.
    client.get(f"{entry_form.url}?category={category.pk}")
    assert not is_hit(client.get(f"{entry_form.url}?category={category.pk + 1}"))


def test_the_api_keys_on_all_its_parameters_in_any_order(client, frozen, category):
    url = api_detail(category)
    first = client.get(f"{url}?fields=_,title,entry_state")
    assert not is_hit(first)
    assert is_hit(client.get(f"{url}?fields=_,title,entry_state"))
    assert not is_hit(client.get(f"{url}?fields=_,title"))
    listing = "/api/v2/pages/?type=categories.CategoryPage&fields=entry_state"
    client.get(listing)
    reordered = client.get(
        "/api/v2/pages/?fields=entry_state&type=categories.CategoryPage"
    )
    assert is_hit(reordered)
    # A parameter the API does not know is refused, never stored.
    refused = client.get(f"{listing}&n=123")
    assert refused.status_code == 400
    assert not is_hit(client.get(f"{listing}&n=123"))


def test_api_json_is_not_served_to_a_browser_asking_for_html(client, frozen, category):
    url = api_detail(category)
    assert client.get(url, HTTP_ACCEPT="application/json")["Content-Type"] == (
        "application/json"
    )
    page = client.get(url, HTTP_ACCEPT="text/html")
    assert not is_hit(page)
    assert page["Content-Type"].startswith("text/html")
    assert is_hit(client.get(url, HTTP_ACCEPT="application/json"))


def test_errors_and_unmarked_pages_are_not_stored(client, frozen, category):
    for url in ["/no-such-page/", "/api/v2/pages/?colour=red", "/privacy/"]:
        client.get(url)
        assert not is_hit(client.get(url))


# --- Invalidation ----------------------------------------------------------


def test_publishing_clears_the_page_and_the_listings(
    client, frozen, home, programme, category, django_capture_on_commit_callbacks
):
    urls = [category.url, programme.url, "/", api_detail(category)]
    for url in urls:
        client.get(url)
    category.title = "Renamed one"
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        category.save_revision().publish()
    assert callbacks, "the cache is cleared again once the publish commits"
    for url in urls:
        response = client.get(url)
        assert not is_hit(response), url
        assert b"Renamed one" in response.content, url


def test_unpublishing_clears_the_page_and_the_listing(
    client, frozen, programme, category
):
    assert b"Open one" in client.get(programme.url).content
    client.get(category.url)
    category.unpublish()
    assert client.get(category.url).status_code == 404
    assert b"Open one" not in client.get(programme.url).content


def test_moving_clears_old_and_new_places(client, frozen, home, programme, category):
    other = make_programme(home, "awards-2028", title="Awards 2028")
    old_url = category.url
    client.get(old_url)
    client.get(other.url)
    category.move(other, pos="last-child")
    category.refresh_from_db()
    # Wagtail leaves a redirect from the old address.
    moved = client.get(old_url)
    assert (moved.status_code, moved["Location"]) == (301, category.url)
    assert b"Open one" in client.get(other.url).content
    assert b"Open one" not in client.get(programme.url).content


def test_deleting_clears_the_page(client, frozen, programme, category):
    url = category.url
    client.get(url)
    category.delete()
    assert client.get(url).status_code == 404


def test_a_page_stored_from_old_rows_is_not_served(client, frozen, category):
    """A request that began before a publish stores what it read then; the
    publish's new generation means it is never served."""
    generation = current_generation()
    client.get(category.url)
    stored_key = next(iter(page_cache()._cache))  # the one response stored
    category.title = "Renamed one"
    category.save_revision().publish()
    assert current_generation() != generation
    assert stored_key in page_cache()._cache  # still there, but not served
    assert b"Renamed one" in client.get(category.url).content


def test_a_publish_in_another_process_clears_this_ones(client, frozen, category):
    client.get(category.url)
    assert is_hit(client.get(category.url))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PAGE_CACHE_GENERATION_FILE": str(settings.PAGE_CACHE_GENERATION_FILE),
    }
    code = (
        "import django; django.setup(); "
        "from base.page_cache import bump_generation; bump_generation()"
    )
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert not is_hit(client.get(category.url))


# --- Deadlines ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["page", "api"])
def test_cached_while_open_is_served_closed_a_second_after_the_deadline(
    client, programme, category, kind
):
    url = category.url if kind == "page" else api_detail(category)
    with time_machine.travel(programme.closes_at - 10 * SECOND, tick=False):
        first = client.get(url)
        assert first["Cache-Control"] == "public, max-age=0, s-maxage=10"
    with time_machine.travel(programme.closes_at - SECOND, tick=False):
        cached = client.get(url)
        assert is_hit(cached)
        assert cached.content == first.content
        assert cached["Cache-Control"] == "public, max-age=0, s-maxage=1"
    with time_machine.travel(programme.closes_at + SECOND, tick=False):
        closed = client.get(url)
    assert not is_hit(closed)
    if kind == "page":
        assert b"Entries are now closed" in closed.content
        assert b"Start your entry" not in closed.content
    else:
        assert closed.json()["entry_state"]["state"] == "closed"


def test_listing_is_not_kept_past_a_category_opening(
    client, programme, entry_form, category
):
    make_category(
        programme, "later", entry_form=entry_form, opens_at=NOW + timedelta(seconds=90)
    )
    with time_machine.travel(NOW, tick=False):
        client.get(f"{programme.url}?state=open")
    with time_machine.travel(NOW + 89 * SECOND, tick=False):
        assert is_hit(client.get(f"{programme.url}?state=open"))
    with time_machine.travel(NOW + 90 * SECOND, tick=False):
        response = client.get(f"{programme.url}?state=open")
    assert not is_hit(response)
    assert b"Later" in response.content


# --- Nobody is served another person's page ----------------------------------


def header_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<header") : html.index("</header>")]


def test_signed_in_page_is_never_served_to_anonymous_visitors(client, frozen, category):
    entrant = make_entrant()
    client.force_login(entrant)
    mine = client.get(category.url)
    assert "My entries" in header_of(mine) and "Sign out" in header_of(mine)
    assert b"csrfmiddlewaretoken" in mine.content
    assert not is_hit(client.get(category.url))
    client.logout()
    client.cookies.clear()
    anonymous = client.get(category.url)
    assert not is_hit(anonymous)
    assert "Sign in" in header_of(anonymous)
    assert "Sign out" not in header_of(anonymous)
    assert b"csrfmiddlewaretoken" not in anonymous.content


def test_anonymous_page_is_never_served_to_signed_in_visitors(client, frozen, category):
    client.get(category.url)
    assert is_hit(client.get(category.url))
    client.force_login(make_entrant())
    mine = client.get(category.url)
    assert not is_hit(mine)
    assert "Sign out" in header_of(mine)
    assert mine["Cache-Control"] == "private, no-cache"


def test_pending_messages_pass_by_the_cache(client, frozen, category):
    client.get(category.url)
    client.cookies["messages"] = "anything"
    assert not is_hit(client.get(category.url))


def test_responses_that_set_cookies_or_are_private_are_not_stored():
    request = RequestFactory().get("/")
    request.user = None
    now = NOW.timestamp()

    def shareable(**changes) -> HttpResponse:
        response = HttpResponse("page")
        patch_cache_headers(response, request, now=NOW)
        for name, value in changes.items():
            response[name] = value
        return response

    assert storable_until(request, shareable(), now) == now + 300
    with_cookie = shareable()
    with_cookie.set_cookie("csrftoken", "x")
    assert storable_until(request, with_cookie, now) is None
    private = shareable(**{"Cache-Control": "private, max-age=300"})
    assert storable_until(request, private, now) is None
    varies = shareable(Vary="Cookie, Accept-Language")
    assert storable_until(request, varies, now) is None
    unmarked = HttpResponse("page")
    unmarked["Cache-Control"] = "public, max-age=300"
    assert storable_until(request, unmarked, now) is None


# --- Redis -----------------------------------------------------------------

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_client():
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL} (CI has one)")
    return client


def test_with_redis(client, programme, category):
    """The same cache, invalidation and deadline with Redis shared by hosts."""
    server = redis_client()
    prefix = f"awards-test-{uuid.uuid4().hex}"
    caches = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        },
    }
    try:
        with override_settings(CACHES=caches, PAGE_CACHE_GENERATION_FILE=None):
            with time_machine.travel(programme.closes_at - 10 * SECOND, tick=False):
                client.get(category.url)
                assert is_hit(client.get(category.url))
                assert server.keys(f"{prefix}:*")
                category.title = "Renamed one"
                category.save_revision().publish()
                renamed = client.get(category.url)
                assert not is_hit(renamed)
                assert b"Renamed one" in renamed.content
                assert is_hit(client.get(category.url))
            with time_machine.travel(programme.closes_at + SECOND, tick=False):
                closed = client.get(category.url)
                assert not is_hit(closed)
                assert b"Entries are now closed" in closed.content
    finally:
        keys = server.keys(f"{prefix}:*")
        if keys:
            server.delete(*keys)


def test_pages_are_served_when_the_cache_is_down(client, frozen, category, caplog):
    unreachable = {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            # Nothing listens on port 1: every call fails at once.
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    with override_settings(CACHES=unreachable, PAGE_CACHE_GENERATION_FILE=None):
        for _ in range(2):
            response = client.get(category.url)
            assert response.status_code == 200
            assert not is_hit(response)
            assert b"Start your entry" in response.content
        # Publishing still works; the failure to clear the cache is logged.
        category.title = "Renamed one"
        category.save_revision().publish()
        assert b"Renamed one" in client.get(category.url).content
    assert "Page cache unavailable" in caplog.text
    assert "Could not clear the page cache" in caplog.text
