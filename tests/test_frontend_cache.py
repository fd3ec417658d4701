"""Purging a CDN or proxy: publish, unpublish, move and delete in the admin send
PURGE requests for every page that shows the change, to a real HTTP server on
loopback standing in for Varnish."""

import runpy
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.conf import settings
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from categories.models import CategoryPage
from categories.status import CategoryState
from tests.factories import make_category, make_programme

pytestmark = pytest.mark.django_db

HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"


class PurgeRecorder(BaseHTTPRequestHandler):
    """Answers PURGE as Varnish would, and remembers what it was asked."""

    def do_PURGE(self):
        self.server.received.append((self.headers["Host"], self.path))
        self.send_response(self.server.status)
        self.end_headers()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def proxy():
    """A caching proxy's purge endpoint on a free loopback port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRecorder)
    server.received = []
    server.status = 200
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def configured(settings, proxy, pages):
    """The proxy as the site's backend, once the pages are built (building them
    replaces Wagtail's placeholder page, which would be purged too)."""
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {
            "BACKEND": HTTP_BACKEND,
            "LOCATION": f"http://127.0.0.1:{proxy.server_port}",
        }
    }
    return proxy


@pytest.fixture
def pages(home, programme, entry_form):
    """A programme with two categories, and a second programme."""
    first = make_category(programme, "first", entry_form=entry_form)
    second = make_category(programme, "second", entry_form=entry_form)
    other = make_programme(home, "awards-2028")
    return {"first": first, "second": second, "other": other}


@pytest.fixture
def admin(admin_client, django_capture_on_commit_callbacks):
    """The admin, with on-commit work (the purges) run as a real commit would."""

    def post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data or {})
        assert response.status_code == 302, response.content[:2000]
        return response

    return post


def programme_paths(slug: str) -> set[str]:
    """A programme's page and its filters by state."""
    return {f"/{slug}/"} | {f"/{slug}/?state={state}" for state in CategoryState}


def api(*pages) -> set[str]:
    return {"/api/v2/pages/"} | {f"/api/v2/pages/{page.pk}/" for page in pages}


def purged(proxy) -> set[str]:
    """The paths purged, each asked for the site's own host."""
    assert {host for host, _path in proxy.received} == {"localhost"}
    return {path for _host, path in proxy.received}


def category_form(category, **extra) -> dict:
    return nested_form_data(
        {
            "title": category.title,
            "slug": category.slug,
            "summary": "A new summary.",
            "entry_mode": "open",
            "entry_form": category.entry_form_id,
            "body": streamfield([("intro", rich_text("<p>New words.</p>"))]),
            "action-publish": "1",
            **extra,
        }
    )


def test_publish_purges_every_page_that_shows_the_category(
    configured, admin, home, programme, pages
):
    first = pages["first"]
    admin(f"/admin/pages/{first.pk}/edit/", category_form(first))
    assert CategoryPage.objects.get(pk=first.pk).summary == "A new summary."
    # The category, its sibling ("other categories"), its programme's listing
    # and filters, the home page, and the API's listing and their details.
    assert purged(configured) == (
        {"/", "/awards-2027/first/", "/awards-2027/second/"}
        | programme_paths("awards-2027")
        | api(home, programme, first, pages["second"])
    )


def test_unpublish_purges_the_page_and_its_listings(configured, admin, pages):
    first = pages["first"]
    admin(f"/admin/pages/{first.pk}/unpublish/")
    assert not CategoryPage.objects.get(pk=first.pk).live
    received = purged(configured)
    assert {"/awards-2027/first/", "/", f"/api/v2/pages/{first.pk}/"} <= received
    assert programme_paths("awards-2027") <= received


def test_move_purges_the_old_place_and_the_new(configured, admin, pages):
    first, other = pages["first"], pages["other"]
    admin(f"/admin/pages/{first.pk}/move/{other.pk}/confirm/")
    assert CategoryPage.objects.get(pk=first.pk).get_parent().pk == other.pk
    received = purged(configured)
    assert {"/awards-2027/first/", "/awards-2028/first/", "/"} <= received
    assert programme_paths("awards-2027") | programme_paths("awards-2028") <= received
    # Its old sibling lost a link to it.
    assert "/awards-2027/second/" in received


def test_delete_purges_the_page_and_its_listings(configured, admin, pages):
    first = pages["first"]
    admin(f"/admin/pages/{first.pk}/delete/")
    assert not CategoryPage.objects.filter(pk=first.pk).exists()
    received = purged(configured)
    assert {"/awards-2027/first/", "/awards-2027/second/", "/"} <= received
    assert programme_paths("awards-2027") <= received
    assert f"/api/v2/pages/{first.pk}/" in received


def test_deleting_a_programme_purges_each_url_once(configured, admin, pages):
    programme = pages["first"].get_parent()
    admin(f"/admin/pages/{programme.pk}/delete/")
    paths = [path for _host, path in configured.received]
    assert {"/awards-2027/first/", "/awards-2027/second/", "/"} <= set(paths)
    # Wagtail's own handler purges each unpublished page once more, at once.
    assert paths.count("/api/v2/pages/") == 1
    assert paths.count("/") == 1


def test_nothing_is_sent_without_a_backend(settings, proxy, admin, pages):
    settings.WAGTAILFRONTENDCACHE = {}
    first = pages["first"]
    admin(f"/admin/pages/{first.pk}/edit/", category_form(first))
    assert CategoryPage.objects.get(pk=first.pk).summary == "A new summary."
    assert proxy.received == []


def test_a_failing_proxy_does_not_stop_a_publish(configured, admin, pages, caplog):
    configured.status = 500
    first = pages["first"]
    admin(f"/admin/pages/{first.pk}/edit/", category_form(first))
    assert CategoryPage.objects.get(pk=first.pk).summary == "A new summary."
    assert "/awards-2027/first/" in purged(configured)
    assert "Couldn't purge 'http://localhost/awards-2027/first/' from HTTP cache." in (
        caplog.text
    )


# The backends come from the environment.


def settings_with(monkeypatch, **environment) -> dict:
    for name in (
        "FRONTEND_CACHE_HTTP_LOCATIONS",
        "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
        "FRONTEND_CACHE_CLOUDFLARE_ZONEID",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    base = settings.BASE_DIR / "config" / "settings" / "base.py"
    return runpy.run_path(str(base))


def test_no_backend_by_default(monkeypatch):
    assert settings_with(monkeypatch)["WAGTAILFRONTENDCACHE"] == {}


def test_backends_from_the_environment(monkeypatch):
    configured = settings_with(
        monkeypatch,
        FRONTEND_CACHE_HTTP_LOCATIONS="http://10.0.0.5:6081, http://10.0.0.6:6081,",
        FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN="token-1",
        FRONTEND_CACHE_CLOUDFLARE_ZONEID="zone-2",
    )["WAGTAILFRONTENDCACHE"]
    assert configured == {
        "http-0": {"BACKEND": HTTP_BACKEND, "LOCATION": "http://10.0.0.5:6081"},
        "http-1": {"BACKEND": HTTP_BACKEND, "LOCATION": "http://10.0.0.6:6081"},
        "cloudflare": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": "token-1",
            "ZONEID": "zone-2",
        },
    }


def test_a_cloudflare_token_needs_its_zone(monkeypatch):
    with pytest.raises(Exception) as refused:
        settings_with(monkeypatch, FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN="token-1")
    assert str(refused.value) == (
        "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN is set: set "
        "FRONTEND_CACHE_CLOUDFLARE_ZONEID to the zone to purge too."
    )
