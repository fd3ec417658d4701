"""``/robots.txt`` and ``/favicon.ico``: what crawlers and browsers ask the
site's root for. Crawlers are pointed at the sitemap and kept out of the admin
and of entrants' own pages (which need a sign-in anyway)."""

from django.http import HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from .address import site_root_url

# Paths no crawler has any business in: the admins, entries and accounts.
DISALLOWED = ["/admin/", "/django-admin/", "/entries/", "/account/", "/accounts/"]


@require_GET
def robots_txt(request) -> HttpResponse:
    """The rules, with the sitemap at the site's own address (SITE_URL)."""
    lines = ["User-agent: *"] + [f"Disallow: {path}" for path in DISALLOWED]
    lines += ["", f"Sitemap: {site_root_url()}/sitemap.xml", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request) -> HttpResponsePermanentRedirect:
    """For browsers that ask for /favicon.ico without reading the page's link.

    The static file's address is looked up per request: with hashed names
    (production) it is known only once collectstatic has run.
    """
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))
