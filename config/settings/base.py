"""Settings shared by every environment.

Secure by default: DEBUG is off and there is no secret key here. ``dev.py`` and
``test.py`` add what a developer's machine needs; ``production.py`` reads every
secret from the environment and refuses to start without it.
"""

import hashlib
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "home",
    "entries",
    "categories",
    "base",
    "wagtail.api.v2",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "base.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before CommonMiddleware, so that its redirects carry CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    # ETag and 304 Not Modified for every GET (pages and API alike).
    "django.middleware.http.ConditionalGetMiddleware",
    "base.middleware.RejectNulCharactersMiddleware",
    # Anonymous pages and API responses from the cache: after the middleware
    # that add headers to every response, before any that may set a cookie.
    "base.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "base.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite file by default; DATABASE_URL (e.g. postgres://...) selects another.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn workers write to one file: take the write lock when a
    # transaction starts (no deadlock between two upgrading readers), wait for
    # it rather than fail, and let readers go on while one writes (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Times are stored in UTC and shown in UK time, across clock changes.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

# Entrants' documents: never under MEDIA_ROOT and never given a URL; served only
# through the entry views, which check the owner or staff.
PRIVATE_MEDIA_ROOT = Path(
    os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media")
)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "entries.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

WAGTAIL_SITE_NAME = "Health Partnership Awards"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost")
# No avatars from Gravatar: it would tell a third party who uses the admin.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# No check for new Wagtail releases from editors' browsers: upgrades are ours.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "key",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
]

# Accounts (django-allauth): sign in by email, verified before submitting.
AUTHENTICATION_BACKENDS = [
    # First, so that every sign-in (the site's and Wagtail's admin) is counted.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "entries:list"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Mandatory: sign-in waits for a confirmed address, which also keeps sign-up
# from revealing whether an address already has an account.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "entries.forms.EntrantSignupForm"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_PREVENT_ENUMERATION = True
# One address per account: a new one replaces the old once it is confirmed.
ACCOUNT_CHANGE_EMAIL = True
# allauth's defaults, stated so that nobody turns them off by accident.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# django-axes: lock a sign-in name out, from one address, after repeated
# failures, on every login form (allauth's own limits cover only its views).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "base.security.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))

# Content Security Policy (django-csp): only this site's own files. Wagtail's
# admin needs inline styles and, for some widgets, inline script attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
ADMIN_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    # Wagtail previews pages in a frame of the admin.
    "frame-ancestors": [SELF],
}
PERMISSIONS_POLICY = {
    "camera": [],
    "geolocation": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"  # Wagtail's preview views allow their own frame

ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Health Partnership Awards] "
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "awards@localhost")

# Entries: supporting documents and reference numbers.
ENTRY_DOCUMENT_MAX_COUNT = int(os.environ.get("ENTRY_DOCUMENT_MAX_COUNT", "5"))
ENTRY_DOCUMENT_MAX_BYTES = int(
    os.environ.get("ENTRY_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
ENTRY_REFERENCE_PREFIX = os.environ.get("ENTRY_REFERENCE_PREFIX", "PA")
# send_deadline_reminders emails drafts' owners this many days before closing.
ENTRY_REMINDER_DAYS = int(os.environ.get("ENTRY_REMINDER_DAYS", "3"))
# Raise it whenever templates/privacy.html changes what it says.
PRIVACY_NOTICE_VERSION = "2026-12"

# How long shared caches may keep an anonymous page or API response, at most:
# categories/caching.py shortens it so that no response outlives a category's
# next change of state (e.g. its deadline).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Django's cache: "default" for sign-in limits and Wagtail's own lookups,
# "pages" for whole anonymous responses (base/page_cache.py), apart so
# that a flood of odd addresses evicts only pages. Local memory (each process
# its own) unless REDIS_URL (e.g. redis://127.0.0.1:6379/0) names a server that
# every process and host shares.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_ALIAS = "pages"
if REDIS_URL:
    CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"awards-{alias}",
        }
        for alias in ("default", PAGE_CACHE_ALIAS)
    }
    PAGE_CACHE_GENERATION_FILE = None
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        PAGE_CACHE_ALIAS: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
    }
    # Local memory is per process: the page cache's generation is a file that
    # every process of this host reads, so that a publish clears them all.
    _site_id = hashlib.sha256(str(BASE_DIR).encode()).hexdigest()[:12]
    PAGE_CACHE_GENERATION_FILE = Path(
        os.environ.get(
            "PAGE_CACHE_GENERATION_FILE",
            Path(tempfile.gettempdir()) / f"awards-page-cache-{_site_id}",
        )
    )

# The JSON API (docs/api.md). Signed-in editors are recognised by their session
# only: the API is read-only and needs no other way in.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication"
    ],
}

# Cross-origin requests to the API only, from the origins listed in the
# environment (comma-separated, e.g. "https://app.example.org"); none by default.
CORS_ALLOWED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
