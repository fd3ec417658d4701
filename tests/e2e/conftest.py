"""Browser tests: Debian's Chromium driven by Playwright against a live server."""

import io
import os

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from playwright.sync_api import sync_playwright

from entries.models import Entry

CHROMIUM = "/usr/bin/chromium"


def _set_up_connections() -> dict:
    """The database connections as pytest-django set them up, by alias."""
    return {alias: connections[alias] for alias in connections}


@pytest.fixture(scope="module")
def browser():
    """Chromium, for one test module, with Django's database usable beside it.

    Playwright's sync API runs an asyncio loop in this thread. While it runs,
    asgiref's thread-critical Local hands Django a new connection object, one
    without the `_test_serialized_contents` saved when the test database was set
    up, so a live-server test's teardown would flush and restore nothing. The
    set-up connections are carried into the loop's context, and Django is told
    that this synchronous code may use them, only while the browser is open.
    """
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"Browser tests need Debian's Chromium at {CHROMIUM}: make chromium"
        )
    set_up = _set_up_connections()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, connection in set_up.items():
                connections[alias] = connection
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            )
            yield browser
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def demo(live_server, settings):
    """The demo programme on the live server, with no rate limits or mail left
    over, and the site at the live server's address (SITE_URL, as a deployment
    sets it), so that links in emails lead back to it."""
    settings.SITE_URL = live_server.url
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    settings.WAGTAILAPI_BASE_URL = live_server.url
    call_command("load_demo", stdout=io.StringIO())
    cache.clear()
    mail.outbox.clear()
    return live_server.url


DEMO_ENTRANTS = "demo-entrant-"  # judging/demo.py's entrants' addresses


def own_entries():
    """The entries the test's entrants made, not the demo round's judged ones
    (``judging/demo.py``, by demo-entrant-N@example.org)."""
    return Entry.objects.exclude(entrant__email__startswith=DEMO_ENTRANTS)


def without_demo_entries() -> None:
    """Delete the demo round's entries, for tests that count the entries list
    or give references by hand (the demo's took PA27-0001 to PA27-0004)."""
    Entry.objects.filter(entrant__email__startswith=DEMO_ENTRANTS).delete()
