"""The site's own address: one setting, ``SITE_URL``, and the default Site.

Canonical links, ``sitemap.xml`` and the API's ``html_url`` are built by Wagtail
from the default Site's hostname and port (Settings > Sites), the API's
``detail_url`` and the admin's links from ``WAGTAILAPI_BASE_URL`` and
``WAGTAILADMIN_BASE_URL``, and emails from the Site again (base/email.py). The
settings make the last two equal to ``SITE_URL``; :func:`sync_default_site`
gives the Site the same host and port, after every ``migrate`` (a
``post_migrate`` handler) and from ``manage.py sync_default_site``.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_site_url(url: str) -> tuple[str, str, int]:
    """(scheme, hostname, port) of an address such as "https://awards.example.org".

    Refused with a clear message: a scheme other than http or https, no host,
    a path, or (for https) a port other than 443, which Wagtail's Site cannot
    express (it writes ``http://`` for any port but 443).
    """
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
        bad_port = True
    else:
        bad_port = False
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname or bad_port:
        raise ImproperlyConfigured(
            f"SITE_URL must be the site's address, e.g. https://awards.example.org "
            f"or http://127.0.0.1:8000; got {url!r}."
        )
    if parts.path.strip("/") or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"SITE_URL is the site's root address, without a path; got {url!r}."
        )
    port = port or DEFAULT_PORTS[parts.scheme]
    if parts.scheme == "https" and port != 443:
        raise ImproperlyConfigured(
            "SITE_URL: an https address must use port 443 (Wagtail's Site "
            f"writes http:// for any other port); got {url!r}."
        )
    return parts.scheme, parts.hostname, port


def sync_default_site(using: str = "default") -> bool:
    """Give the default Site the hostname and port of ``settings.SITE_URL``.

    Returns whether the Site changed. No default Site (a database before
    Wagtail's migrations, or emptied by a test) is left alone.
    """
    from wagtail.models import Site

    _scheme, hostname, port = parse_site_url(settings.SITE_URL)
    site = Site.objects.using(using).filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return False
    site.hostname, site.port = hostname, port
    site.save(using=using)
    return True


def site_root_url() -> str:
    """The default Site's root address, e.g. "https://awards.example.org"
    (``SITE_URL`` if there is no Site yet)."""
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return site.root_url if site else settings.SITE_URL


def on_site(url: str, request=None) -> str:
    """``url``, built on the host a request came in on, moved to the site's own
    address; any other address (e.g. a headless front end's) is kept."""
    parts = urlsplit(url)
    if request is None or parts.netloc != request.get_host():
        return url
    return site_root_url() + parts._replace(scheme="", netloc="").geturl()


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """``post_migrate``: the default Site follows SITE_URL after every migrate.

    Django sends the signal once per app that has models, after all the
    migrations: answering Wagtail core's (whose model the Site is) is enough.
    """
    if sender.label != "wagtailcore":
        return
    # ``migrate base`` alone (say) sends it too, before Wagtail's tables exist.
    if "wagtailcore_site" in connections[using].introspection.table_names():
        sync_default_site(using=using)
