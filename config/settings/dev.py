"""Development: a developer's machine, no environment needed."""

from .base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "django-insecure-development-only-key-never-used-in-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
# Absolute URLs in the JSON API (detail_url, entry_url) as `make run` serves them.
WAGTAILAPI_BASE_URL = "http://127.0.0.1:8000"
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# The demo accounts that `load_demo` creates and prints, one per staff role
# (the groups of entries/migrations/0003_staff_groups.py); production has none.
DEMO_ACCOUNTS = {
    "Marketing editors": {"username": "editor", "password": "awards-demo-2027"},
    "Entries team": {"username": "entries", "password": "awards-entries-2027"},
    "Judges": {"username": "judge", "password": "awards-judge-2027"},
}
