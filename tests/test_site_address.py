"""The site knows its own address: one setting, SITE_URL, for every absolute link.

Canonical links, sitemap.xml, the API's html_url and detail_url, and the links
in emails, each tested with two different addresses, whatever host the request
came in on.
"""

import io
import json
import os
import re
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Site

from base.address import parse_site_url, sync_default_site
from entries.lifecycle import send_entry_email
from tests.entries_helpers import make_draft

ADDRESSES = [
    ("https://awards.example.org", "awards.example.org", 443),
    ("http://127.0.0.1:8123", "127.0.0.1", 8123),
]


@pytest.fixture(params=ADDRESSES, ids=["https", "http-port"])
def address(request, settings, home):
    """SITE_URL set as the settings modules set it, then the Site synced."""
    url, _host, _port = request.param
    settings.SITE_URL = url
    settings.WAGTAILADMIN_BASE_URL = url
    settings.WAGTAILAPI_BASE_URL = url
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "elsewhere.test"]
    out = io.StringIO()
    call_command("sync_default_site", stdout=out)
    assert out.getvalue() == f"The default site is at {url} (updated).\n"
    return url


def test_sync_gives_the_default_site_the_address(address):
    site = Site.objects.get(is_default_site=True)
    host, port = next((h, p) for u, h, p in ADDRESSES if u == address)
    assert (site.hostname, site.port, site.root_url) == (host, port, address)
    assert sync_default_site() is False  # already there: nothing to save


def test_canonical_link_uses_the_address(address, category, client):
    for host in ["localhost", "elsewhere.test"]:
        page = BeautifulSoup(
            client.get(category.url, HTTP_HOST=host).content, "html.parser"
        )
        assert page.find("link", rel="canonical")["href"] == (
            f"{address}/awards-2027/{category.slug}/"
        )


def test_sitemap_uses_the_address(address, category, client):
    response = client.get("/sitemap.xml", HTTP_HOST="elsewhere.test")
    locations = set(re.findall(r"<loc>([^<]+)</loc>", response.content.decode()))
    assert locations == {
        f"{address}/",
        f"{address}/awards-2027/",
        f"{address}/awards-2027/{category.slug}/",
        f"{address}/entry-form/",
    }


def test_api_urls_use_the_address(address, category, client):
    response = client.get(
        f"/api/v2/pages/{category.pk}/", HTTP_HOST="elsewhere.test"
    ).json()
    assert response["meta"]["html_url"] == f"{address}/awards-2027/{category.slug}/"
    assert response["meta"]["detail_url"] == f"{address}/api/v2/pages/{category.pk}/"
    listing = client.get("/api/v2/pages/?type=categories.CategoryPage").json()
    assert [item["meta"]["detail_url"] for item in listing["items"]] == [
        f"{address}/api/v2/pages/{category.pk}/"
    ]


def test_entry_emails_link_to_the_address(address, category, entrant, frozen):
    entry = make_draft(entrant, category)
    assert send_entry_email(entry.pk, "reopened", "Reopened: {entry.category.title}")
    (message,) = mail.outbox
    assert f"{address}/entries/{entry.pk}/" in message.body
    assert f'href="{address}/entries/{entry.pk}/"' in message.alternatives[0][0]


def test_account_emails_link_to_the_address(address, entrant, client):
    client.post(
        reverse("account_reset_password"),
        {"email": entrant.email},
        HTTP_HOST="elsewhere.test",
    )
    (message,) = mail.outbox
    links = re.findall(r"https?://\S+/accounts/password/reset/key/\S+", message.body)
    assert len(links) == 1
    assert links[0].startswith(f"{address}/accounts/password/reset/key/")


def test_sync_without_a_default_site_is_refused(home):
    Site.objects.all().delete()
    with pytest.raises(CommandError, match="There is no default site: run migrate"):
        call_command("sync_default_site")


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("awards.example.org", "SITE_URL must be the site's address"),
        ("ftp://awards.example.org", "SITE_URL must be the site's address"),
        ("http://:8000", "SITE_URL must be the site's address"),
        ("http://localhost:port", "SITE_URL must be the site's address"),
        ("https://awards.example.org/awards", "without a path"),
        ("https://awards.example.org:8443", "an https address must use port 443"),
    ],
)
def test_bad_addresses_are_refused(url, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_site_url(url)


def settings_in(module: str, **environment) -> dict:
    """SITE_URL and the settings derived from it, as ``module`` loads them."""
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.SITE_URL, settings.WAGTAILADMIN_BASE_URL, "
        "settings.WAGTAILAPI_BASE_URL]))"
    )
    environment = {
        **{k: v for k, v in os.environ.items() if k != "SITE_URL"},
        "DJANGO_SETTINGS_MODULE": module,
        "SECRET_KEY": "x" * 50,
        "ALLOWED_HOSTS": "awards.example.org,www.awards.example.org",
        **environment,
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return result.returncode, (
        json.loads(result.stdout) if result.returncode == 0 else result.stderr
    )


@pytest.mark.parametrize(
    ("module", "site_url", "expected"),
    [
        (
            "config.settings.production",
            "https://awards.example.org/",
            "https://awards.example.org",
        ),
        ("config.settings.production", "http://10.0.0.5:8080", "http://10.0.0.5:8080"),
        ("config.settings.production", None, "https://awards.example.org"),
        ("config.settings.dev", None, "http://127.0.0.1:8000"),
        ("config.settings.dev", "http://127.0.0.1:9000", "http://127.0.0.1:9000"),
    ],
)
def test_one_variable_sets_every_address(module, site_url, expected):
    environment = {} if site_url is None else {"SITE_URL": site_url}
    assert settings_in(module, **environment) == (0, [expected] * 3)


def test_production_refuses_a_bad_address():
    code, stderr = settings_in("config.settings.production", SITE_URL="awards.org")
    assert code == 1
    assert (
        "ImproperlyConfigured: SITE_URL must be the site's address, e.g. "
        "https://awards.example.org or http://127.0.0.1:8000; got 'awards.org'."
    ) in stderr


def test_migrate_gives_the_default_site_the_address(home, settings):
    """The post_migrate handler: any `migrate`, even with nothing to apply."""
    settings.SITE_URL = "https://awards.example.org"
    call_command("migrate", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("awards.example.org", 443)
