"""Development: a developer's machine, no environment needed."""

from urllib.parse import urlsplit

from base.address import parse_site_url

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
# What `make run` serves (it passes SITE_URL=http://$(HOST):$(PORT)).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # noqa: F405
parse_site_url(SITE_URL)
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", urlsplit(SITE_URL).hostname]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo accounts that `load_demo` creates and prints, one per staff role
# (the groups of entries/migrations/0003_staff_groups.py); production has none.
DEMO_ACCOUNTS = {
    "Marketing editors": {"username": "editor", "password": "awards-demo-2027"},
    "Entries team": {"username": "entries", "password": "awards-entries-2027"},
    "Judges": {"username": "judge", "password": "awards-judge-2027"},
}
