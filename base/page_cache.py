"""The server-side page cache: whole anonymous responses, pages and /api/v2/.

An anonymous GET or HEAD is answered from Django's cache (the ``pages`` alias:
local memory, or Redis when ``REDIS_URL`` is set) when an earlier response to
the same method, host, path and the query parameters the page reads is stored
there (a page names them: ``CachedPageMixin.cache_query_params``; the API
reads all of its own, and refuses others). One request renders a missing page
while the others wait for it (``PageCacheMiddleware``). What is stored,
and for how long, is decided by the site's cache rule
(``categories/caching.py``): only a 200 response that rule marked ``public``,
kept until the moment it set (``shareable_until``), which is never past a
category's next change of state. Nothing is stored that sets a cookie (a CSRF
token, a session, consumed messages), that the rule or Wagtail made private,
or that varies on a header the key does not hold.

If the cache cannot be reached, pages are served uncached (and logged).

Never shared: a request carrying a session cookie (signed in, or holding a
restricted page's password: ``is_personal``) or pending messages goes past the
cache both ways, so nobody is served another person's page.

Invalidation: every stored response carries the cache *generation* current
when its request began, and a response of another generation is never served.
Publishing, unpublishing, moving, saving or deleting a page, and changing a
site, an image or a document, start a new generation (``signals.py``). With
Redis the generation is a key beside the pages, shared by every host. Local
memory is one gunicorn worker's own, so there the generation is a small file
that every process of the host reads (``PAGE_CACHE_GENERATION_FILE``): a page
published by one worker or by ``publish_scheduled`` is dropped by all of them.
"""

import hashlib
import logging
import math
import os
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import cc_delim_re, patch_cache_control, set_response_etag

logger = logging.getLogger(__name__)

# Where Wagtail records the password-protected pages a visitor has unlocked.
PASSED_RESTRICTIONS_SESSION_KEY = "passed_page_view_restrictions"

GENERATION_KEY = "page-cache-generation"
HIT_HEADER = "X-Page-Cache"
# Request headers whose value is part of the key, by path prefix: the API
# answers JSON or, for a browser asking for HTML, Django REST framework's page.
KEYED_HEADERS = {"/api/": ("Accept",)}
# What a response that says nothing about the query string reads: all of it
# (the API, whose every parameter is a filter or an error).
ALL_PARAMETERS = "*"
# How often a request waiting for another's render looks for it, in seconds.
LOCK_POLL_SECONDS = 0.02
# Cache-Control directives that keep a response out of the cache.
UNSHARED_DIRECTIVES = {"private", "no-cache", "no-store"}


def is_personal(request) -> bool:
    """True if the response may differ for this visitor: signed in, or holding
    the password of a restricted page."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    return bool(session and session.get(PASSED_RESTRICTIONS_SESSION_KEY))


def page_cache():
    """The cache that holds pages (``settings.PAGE_CACHE_ALIAS``)."""
    return caches[settings.PAGE_CACHE_ALIAS]


def generation_file() -> Path | None:
    """The file holding the generation, or None when it lives in the cache."""
    path = settings.PAGE_CACHE_GENERATION_FILE
    return Path(path) if path else None


def current_generation() -> str:
    """The generation stored responses must carry to be served."""
    path = generation_file()
    if path is not None:
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            return "none"
        # Each bump replaces the file: a new inode and a new modification time.
        return f"{stat.st_ino}:{stat.st_mtime_ns}"
    cache = page_cache()
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        # Lost (evicted or flushed): start one, so that no older page matches.
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation() -> None:
    """Start a new generation: every response stored so far is dropped."""
    path = generation_file()
    if path is None:
        page_cache().set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name)
    with os.fdopen(fd, "w") as file:
        file.write(uuid.uuid4().hex)
    os.replace(temporary, path)


def may_share(request) -> bool:
    """True if the request may be answered from, and stored in, the cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and not is_personal(request)
    )


def keyed_headers(request) -> tuple[str, ...]:
    """The request headers that are part of this request's key."""
    for prefix, headers in KEYED_HEADERS.items():
        if request.path.startswith(prefix):
            return headers
    return ()


def digest(parts) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def base_parts(request) -> list[str]:
    """What every key of a request holds: method, scheme, host, path, headers."""
    return [
        request.method,
        request.scheme,
        request.get_host(),
        request.path,
        *(request.headers.get(name, "") for name in keyed_headers(request)),
    ]


def index_key(request) -> str:
    """The key of what a path's responses read of the query string (``reads``)."""
    return f"page-reads:{digest(base_parts(request))}"


def cache_key(request, reads=None) -> str:
    """The key of a request's response, holding only the query parameters the
    response read (``reads``: a tuple of names; None means all of them).

    ``?utm_source=...`` or a random ``?n=123`` on a page that reads neither is
    the same entry as the bare address; the order of parameters never matters.
    """
    names = sorted(request.GET) if reads is None else sorted(reads)
    query = [f"{name}={value}" for name in names for value in request.GET.getlist(name)]
    return f"page:{digest([*base_parts(request), *query])}"


def lock_key(key: str, generation: str) -> str:
    """The render lock of ``key`` in ``generation`` (a publish starts new locks)."""
    return f"page-lock:{generation}:{key}"


def lookup(request) -> tuple[str, str | None, tuple | None]:
    """The generation, the response's key (None until a response of the path
    was stored, telling which parameters it reads) and what is stored there.

    One round trip for the generation and the path's reads, one for the entry.
    """
    cache = page_cache()
    index = index_key(request)
    if generation_file() is not None:
        generation, found = current_generation(), {index: cache.get(index)}
    else:
        found = cache.get_many([index, GENERATION_KEY])
        generation = found.get(GENERATION_KEY) or current_generation()
    reads = found.get(index)
    if reads is None:
        return generation, None, None
    key = cache_key(request, None if reads == ALL_PARAMETERS else reads)
    return generation, key, cache.get(key)


def cache_directives(response) -> dict[str, str]:
    """The response's ``Cache-Control`` directives, by lower-case name."""
    directives = {}
    for directive in cc_delim_re.split(response.get("Cache-Control", "")):
        name, _, value = directive.partition("=")
        if name.strip():
            directives[name.strip().lower()] = value.strip()
    return directives


def storable_until(request, response, now: float) -> float | None:
    """When a response may be kept until, or None if it may not be stored."""
    until = getattr(response, "shareable_until", None)
    if (
        until is None
        or response.status_code != 200
        or response.streaming
        or response.cookies
        or is_personal(request)
    ):
        return None
    directives = cache_directives(response)
    if UNSHARED_DIRECTIVES & directives.keys() or "public" not in directives:
        return None
    varies = {
        header.strip().lower()
        for header in cc_delim_re.split(response.get("Vary", ""))
        if header.strip()
    }
    # Cookie: every request that carries a cookie that matters passes by.
    if varies - {"cookie"} - {name.lower() for name in keyed_headers(request)}:
        return None
    return until if until > now else None


class PageCacheMiddleware:
    """Answer anonymous GETs from the page cache; store what the rule allows.

    Sits after the middleware that add headers for each request (security
    policy, CORS, conditional GET) and before sessions, CSRF and messages, so
    that it sees every cookie a response sets.

    Keys hold only the query parameters the response read: a response says
    which (``response.cache_query_params``, a tuple of names; by default all
    of them), and the path remembers it (``index_key``), so the next request
    is looked up by those alone.

    No stampede: when the response is missing (at a deadline, after a
    publish), the first request takes a lock in the cache
    (``PAGE_CACHE_LOCK_SECONDS``) and renders; the others wait for its
    response, up to that timeout (or until the lock is released with nothing
    stored, e.g. a 404), then render themselves. A renderer that dies holds
    nobody past the lock's timeout, when the lock expires by itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not may_share(request):
            return self.get_response(request)
        try:
            generation, key, stored = lookup(request)
        except Exception:
            # The cache is down (e.g. Redis): serve the page, uncached.
            logger.exception("Page cache unavailable for %s", request.path)
            return self.get_response(request)
        now = time.time()
        if fresh(stored, generation, now):
            return self.replay(*stored[2:4], stored[1], now)

        # The lock is the response's own, or the path's while nobody knows
        # which parameters the path reads.
        lock = lock_key(key or index_key(request), generation)
        token = uuid.uuid4().hex
        try:
            locked = page_cache().add(
                lock, token, timeout=settings.PAGE_CACHE_LOCK_SECONDS
            )
            if locked:
                # The last holder may have stored the page and let go between
                # this request's look and its lock: look again, once.
                _generation, _key, stored = lookup(request)
                if fresh(stored, generation, time.time()):
                    self.release(lock, token)
                    return self.replay(*stored[2:4], stored[1], time.time())
            else:
                stored = self.wait_for(request, lock, generation)
                if stored is not None:
                    return self.replay(*stored[2:4], stored[1], time.time())
        except Exception:
            logger.exception("Page cache unavailable for %s", request.path)
            return self.get_response(request)
        try:
            response = self.get_response(request)
            self.store(request, response, generation, now)
        finally:
            if locked:
                self.release(lock, token)
        return response

    @staticmethod
    def wait_for(request, lock: str, generation: str) -> tuple | None:
        """What the lock's holder stored, or None once the lock is gone (or
        its timeout has passed) with nothing stored: then render."""
        cache = page_cache()
        give_up = time.monotonic() + settings.PAGE_CACHE_LOCK_SECONDS
        while time.monotonic() < give_up:
            time.sleep(LOCK_POLL_SECONDS)
            _generation, key, stored = lookup(request)
            if fresh(stored, generation, time.time()):
                return stored
            if cache.get(lock) is None:
                return None
        return None

    @staticmethod
    def store(request, response, generation: str, now: float) -> None:
        """Keep the response, and which parameters it read, if the rule allows."""
        until = storable_until(request, response, now)
        if until is None:
            return
        reads = getattr(response, "cache_query_params", None)
        reads = ALL_PARAMETERS if reads is None else tuple(reads)
        # The ETag once, here, rather than on every hit.
        set_response_etag(response)
        timeout = math.ceil(until - now)
        entry = (generation, until, list(response.items()), response.content)
        try:
            page_cache().set_many(
                {
                    index_key(request): reads,
                    cache_key(request, None if reads == ALL_PARAMETERS else reads): (
                        entry
                    ),
                },
                timeout=max(timeout, settings.PAGE_CACHE_SECONDS),
            )
        except Exception:
            logger.exception("Page cache unavailable for %s", request.path)

    @staticmethod
    def release(lock: str, token: str) -> None:
        """Free the lock if it is still ours (it may have expired and been
        taken by another renderer meanwhile)."""
        try:
            cache = page_cache()
            if cache.get(lock) == token:
                cache.delete(lock)
        except Exception:
            logger.exception("Page cache unavailable while releasing %s", lock)

    @staticmethod
    def replay(headers, content, until: float, now: float) -> HttpResponse:
        """A stored response, its ``s-maxage`` (if any) cut to the seconds it
        has left, so that a shared cache keeps it no longer than we would."""
        response = HttpResponse(content)
        for name, value in headers:
            response[name] = value
        if cache_directives(response).get("s-maxage", "0") != "0":
            patch_cache_control(response, s_maxage=math.floor(until - now))
        response[HIT_HEADER] = "hit"
        return response


def fresh(stored, generation: str, now: float) -> bool:
    """Whether a stored entry may be served: this generation, not yet expired."""
    return stored is not None and stored[0] == generation and stored[1] > now
