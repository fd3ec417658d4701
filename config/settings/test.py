"""Tests: fast hashing, plain static files, in-memory mail."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "django-insecure-test-only-key"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# No collectstatic before tests: serve the source files as they are.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The demo accounts that `load_demo` creates and prints, one per staff role
# (the groups of entries/migrations/0003_staff_groups.py); production has none.
DEMO_ACCOUNTS = {
    "Marketing editors": {"username": "editor", "password": "awards-demo-2027"},
    "Entries team": {"username": "entries", "password": "awards-entries-2027"},
    "Judges": {"username": "judge", "password": "awards-judge-2027"},
}
# Serve static files from the apps and static/ without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Uploaded documents go to a throw-away folder.
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="awards-private-"))  # noqa: F405
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "entries.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
}

# Local memory whatever the environment says (tests/test_page_cache.py tries
# Redis on its own), and a generation file apart from any server running here.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    PAGE_CACHE_ALIAS: {  # noqa: F405
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
    },
}
PAGE_CACHE_GENERATION_FILE = Path(  # noqa: F405
    os.environ.get("PAGE_CACHE_GENERATION_FILE")  # noqa: F405
    or Path(tempfile.mkdtemp(prefix="awards-pages-")) / "generation"  # noqa: F405
)

# No access line per request in the tests' output (tests ask for it by name).
LOGGING["loggers"]["awards.access"]["level"] = "WARNING"  # noqa: F405

# `make mutate` runs the tests once per mutant: a test database in a file,
# kept between runs (pytest --reuse-db), saves migrating it every time.
if os.environ.get("TEST_DATABASE_NAME"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}  # noqa: F405
