"""No stampede: one request renders a missing page while the others wait.

Real threads run ``PageCacheMiddleware`` at once over one cache (local
memory, and Redis when one answers), with a view that counts its renders and
takes its time, as a page does.
"""

import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from django.utils.cache import patch_cache_control

from base.page_cache import (
    HIT_HEADER,
    PageCacheMiddleware,
    bump_generation,
    cache_key,
    current_generation,
    index_key,
    lock_key,
    page_cache,
)

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
RENDER_SECONDS = 0.3
CLIENTS = 8


class SlowPage:
    """A view that takes ``RENDER_SECONDS`` and says how often it ran."""

    def __init__(self, status=200):
        self.renders = 0
        self.status = status
        self.lock = threading.Lock()

    def __call__(self, request):
        with self.lock:
            self.renders += 1
            number = self.renders
        time.sleep(RENDER_SECONDS)
        response = HttpResponse(f"render {number}", status=self.status)
        patch_cache_control(response, public=True, max_age=0, s_maxage=60)
        response.shareable_until = time.time() + 60
        response.cache_query_params = ()
        return response


def get(middleware, path="/deadline/"):
    return middleware(RequestFactory().get(path))


def at_once(middleware, count=CLIENTS, path="/deadline/"):
    """``count`` requests for ``path`` released together; their responses and
    each one's seconds."""
    barrier = threading.Barrier(count)

    def one(_):
        barrier.wait()
        started = time.monotonic()
        response = get(middleware, path)
        return response, time.monotonic() - started

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(one, range(count)))


def redis_caches():
    """The page cache in Redis (a key prefix of its own), or skip."""
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    return {
        **settings.CACHES,
        settings.PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"awards-lock-test-{uuid.uuid4().hex}",
        },
    }


@pytest.fixture(params=["local memory", "redis"])
def shared_cache(request):
    """The page cache every thread shares: local memory, then Redis."""
    if request.param == "local memory":
        yield
        return
    with override_settings(CACHES=redis_caches(), PAGE_CACHE_GENERATION_FILE=None):
        yield
        page_cache().clear()


def make_stale(middleware, how: str) -> None:
    """Leave /deadline/ missing from the cache in one of the ways it happens."""
    if how == "never rendered":
        return
    assert get(middleware).content == b"render 1"
    middleware.get_response.renders = 0
    if how == "deadline passed":
        # The stored response's lifetime ends now: the category changed state.
        request = RequestFactory().get("/deadline/")
        key = cache_key(request, ())
        generation, _until, headers, content = page_cache().get(key)
        page_cache().set(key, (generation, time.time() - 0.001, headers, content))
    elif how == "published":
        bump_generation()


@pytest.mark.parametrize("how", ["never rendered", "deadline passed", "published"])
def test_one_request_renders_a_missing_page_and_the_others_get_it(
    shared_cache, settings, how
):
    settings.PAGE_CACHE_LOCK_SECONDS = 5
    page = SlowPage()
    middleware = PageCacheMiddleware(page)
    make_stale(middleware, how)

    results = at_once(middleware)
    assert page.renders == 1
    assert {response.content for response, _ in results} == {b"render 1"}
    assert sorted(response.get(HIT_HEADER, "rendered") for response, _ in results) == [
        *["hit"] * (CLIENTS - 1),
        "rendered",
    ]
    # The waiters had the renderer's page as soon as it was stored.
    assert max(seconds for _, seconds in results) < RENDER_SECONDS + 1
    # The lock is given back.
    assert page_cache().get(lock_key(index_key_of("/deadline/"), generation())) is None
    assert page_cache().get(lock_key(key_of("/deadline/"), generation())) is None


def index_key_of(path):
    return index_key(RequestFactory().get(path))


def key_of(path):
    return cache_key(RequestFactory().get(path), ())


def generation():
    return current_generation()


def test_nobody_waits_past_the_timeout_when_the_renderer_died(shared_cache, settings):
    settings.PAGE_CACHE_LOCK_SECONDS = 1
    page = SlowPage()
    middleware = PageCacheMiddleware(page)
    # A renderer took the lock, then died: nothing will ever be stored by it.
    assert page_cache().add(
        lock_key(index_key_of("/deadline/"), generation()), "dead", timeout=1
    )
    results = at_once(middleware, count=4)
    # Each waited out the lock (1 s), then one rendered (the others had its
    # page, or rendered too if they gave up at the same moment).
    waited = sorted(seconds for _, seconds in results)
    assert waited[0] >= 1 - 0.05
    assert waited[-1] < 1 + RENDER_SECONDS + 1
    assert all(response.status_code == 200 for response, _ in results)
    assert 1 <= page.renders <= 4


def test_waiters_render_themselves_when_the_page_may_not_be_stored(
    shared_cache, settings
):
    """A 404 is never stored: the waiters stop waiting when the lock goes."""
    settings.PAGE_CACHE_LOCK_SECONDS = 5
    page = SlowPage(status=404)
    middleware = PageCacheMiddleware(page)
    results = at_once(middleware, count=4)
    assert all(response.status_code == 404 for response, _ in results)
    assert page.renders == 4
    # One render's wait, and the next render: never the lock's 5 seconds.
    assert max(seconds for _, seconds in results) < 2 * RENDER_SECONDS + 1


def test_other_paths_do_not_wait_for_each_other(shared_cache, settings):
    settings.PAGE_CACHE_LOCK_SECONDS = 5
    page = SlowPage()
    middleware = PageCacheMiddleware(page)
    barrier = threading.Barrier(4)

    def one(number):
        barrier.wait()
        return get(middleware, f"/page-{number}/")

    with ThreadPoolExecutor(max_workers=4) as pool:
        responses = list(pool.map(one, range(4)))
    assert page.renders == 4
    assert all(HIT_HEADER not in response for response in responses)
