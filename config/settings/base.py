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
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "home",
    "judging",
    "entries",
    "categories",
    "base",
    "wagtail.api.v2",
    "wagtail_modeladmin",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    # Wagtail's users app, with our forms (base/users.py).
    "base.apps.UsersConfig",
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
    "allauth.mfa",
    "allauth.headless",
    "axes",
    # Background tasks (emails): django-tasks, with its database backend in
    # production (TASKS below, docs/deploy.md).
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so that it logs every response with its final status.
    "base.middleware.AccessLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "base.middleware.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After static files, before everything that answers: no response leaves
    # without saying how it may be cached.
    "base.middleware.DefaultCacheControlMiddleware",
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
    "entries.second_factor.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "base.middleware.DatabaseUnavailableMiddleware",
    "base.middleware.AdminBadInputMiddleware",
    # Last, as django-axes asks: it turns a lock-out into its response.
    "axes.middleware.AxesMiddleware",
]

# Where the staff's admins live (base.middleware.AdminBadInputMiddleware).
ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")

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

# Object storage, shared by every host, when the buckets are named (docs/deploy.md):
# MEDIA_BUCKET for editors' images and documents (publicly readable), and
# PRIVATE_MEDIA_BUCKET for entrants' documents (private; streamed by the app).
# boto3 reads the credentials itself (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
# or the host's role); AWS_S3_ENDPOINT_URL selects an S3-compatible service.
AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
if os.environ.get("MEDIA_BUCKET"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["MEDIA_BUCKET"],
            "custom_domain": os.environ.get("MEDIA_DOMAIN") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
if os.environ.get("PRIVATE_MEDIA_BUCKET"):
    STORAGES["private"] = {
        "BACKEND": "entries.storage.PrivateS3Storage",
        "OPTIONS": {"bucket_name": os.environ["PRIVATE_MEDIA_BUCKET"]},
    }

WAGTAIL_SITE_NAME = "Health Partnership Awards"
# The address the site is served at (scheme, host and port), the one setting
# for it: the admin's links, the API's absolute URLs, the purges of a frontend
# cache, and (through the default Site, which `migrate` syncs to it, see
# base/address.py) canonical links, sitemap.xml and the links in emails.
# dev.py and production.py set their own default; an environment's SITE_URL wins.
SITE_URL = os.environ.get("SITE_URL", "http://localhost").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL
WAGTAILAPI_BASE_URL = SITE_URL
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
# Entrants sign in by email; staff by username or email, on the same form
# (the admin's sign-in goes through allauth, for its second factor).
ACCOUNT_LOGIN_METHODS = {"email", "username"}
WAGTAILADMIN_LOGIN_URL = "account_login"
# The admin sends signed-in people who may not use it to the sign-in page:
# show it (to sign in as someone else) rather than send them back, in a loop.
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False
# A second factor (allauth.mfa): an authenticator app's codes, and recovery
# codes. Required for the groups below and superusers before they may use the
# admin (entries/second_factor.py); anyone else, entrants too, may opt in.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Health Partnership Awards"
SECOND_FACTOR_GROUPS = ["Entries team", "Judges"]
# Where those groups need their second factor: the admins and the judging area.
SECOND_FACTOR_PATH_PREFIXES = (*ADMIN_PATH_PREFIXES, "/judging/")
# Email domains that many organisations share: a judge with such an address
# is not taken to be from an entrant's organisation by domain alone (the
# organisation's name still counts). judging/assignment.py.
JUDGING_SHARED_EMAIL_DOMAINS = [
    "nhs.net",
    "nhs.uk",
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "hotmail.co.uk",
    "yahoo.com",
    "yahoo.co.uk",
    "icloud.com",
    "btinternet.com",
]
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# Mandatory: sign-in waits for a confirmed address, which also keeps sign-up
# from revealing whether an address already has an account.
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "entries.forms.EntrantSignupForm"
# Sign-up as long for a taken address as for a new one (one password hash
# each); sign-in's name field labelled for entrants and staff alike.
ACCOUNT_FORMS = {
    "signup": "entries.account_forms.EvenSignupForm",
    "login": "entries.account_forms.EmailOrUsernameLoginForm",
}
# Its rate limits count by the client's address as base/client_ip.py finds it
# (allauth's own ALLAUTH_TRUSTED_PROXY_COUNT is then unused).
ACCOUNT_ADAPTER = "base.accounts.AccountAdapter"
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
# Wagtail's shared page passwords: wrong guesses per address, and per
# restriction from everywhere (base/page_privacy.py).
PAGE_PASSWORD_RATE_LIMITS = {"page_password": "5/m/ip,50/h/key"}
# django-axes: lock a sign-in name out, from one address, after repeated
# failures, on every login form (allauth's own limits cover only its views).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "base.security.login_name"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/locked_out.html"
# That page, or JSON for the APIs' clients (allauth's headless API).
AXES_LOCKOUT_CALLABLE = "base.security.lockout_response"
# How many proxies stand before the app, each appending to X-Forwarded-For:
# the one setting by which axes, allauth and the logs find the client's
# address (base/client_ip.py). 0: the connection's own address.
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "base.client_ip.client_address"

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

# No "[site name]" before allauth's subjects, as before the entries' own: every
# email is signed with the site's name and address (templates/includes/).
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "awards@localhost")
# Emails go out through the outbox and one task (base/email.py, base/tasks.py).
# TASK_BACKEND "database" stores tasks in the site's database for
# `manage.py db_worker` (production's default: docs/deploy.md); "immediate"
# runs each task in the process that enqueued it (`make run`, tests).
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_settings(default: str) -> dict:
    """``TASKS`` for the backend named by ``TASK_BACKEND``, else ``default``."""
    name = os.environ.get("TASK_BACKEND", default)
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(
            f"TASK_BACKEND is {name!r}: it must be one of {', '.join(TASK_BACKENDS)}."
        )
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


TASKS = task_settings("immediate")
# A mail server that does not answer fails the attempt after this many seconds.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Seconds to wait before each retry of an email the mail server did not take;
# the last delay repeats for ever, so that no email is ever given up.
EMAIL_RETRY_DELAYS = [30, 120, 600, 1800, 3600]
# How long a worker holds an email while it talks to the mail server; a worker
# that dies mid-send frees it after this (then send_queued_emails retries it).
EMAIL_CLAIM_SECONDS = 5 * EMAIL_TIMEOUT

# Entries: supporting documents and reference numbers.
ENTRY_DOCUMENT_MAX_COUNT = int(os.environ.get("ENTRY_DOCUMENT_MAX_COUNT", "5"))
ENTRY_DOCUMENT_MAX_BYTES = int(
    os.environ.get("ENTRY_DOCUMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
# Entrants' uploads stop being read at ENTRY_DOCUMENT_MAX_BYTES (entries/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "entries.uploads.SizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
ENTRY_REFERENCE_PREFIX = os.environ.get("ENTRY_REFERENCE_PREFIX", "PA")
# send_deadline_reminders emails drafts' owners this many days before closing.
ENTRY_REMINDER_DAYS = int(os.environ.get("ENTRY_REMINDER_DAYS", "3"))
# Raise it whenever templates/privacy.html changes what it says.
PRIVACY_NOTICE_VERSION = "2026-12"

# How long shared caches may keep an anonymous page or API response, at most:
# categories/caching.py shortens it so that no response outlives a category's
# next change of state (e.g. its deadline).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# Shared caches in front of the site (a CDN or caching proxy), purged when
# pages change (base/frontend_cache.py); none unless the environment names them.
# FRONTEND_CACHE_HTTP_LOCATIONS: comma-separated addresses of proxies that accept
# PURGE (Varnish, Squid, nginx); FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN and
# FRONTEND_CACHE_CLOUDFLARE_ZONEID: a Cloudflare zone.
WAGTAILFRONTENDCACHE = {
    f"http-{number}": {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": location.strip(),
    }
    for number, location in enumerate(
        os.environ.get("FRONTEND_CACHE_HTTP_LOCATIONS", "").split(",")
    )
    if location.strip()
}
if os.environ.get("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"):
    if not os.environ.get("FRONTEND_CACHE_CLOUDFLARE_ZONEID"):
        raise ImproperlyConfigured(
            "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN is set: set "
            "FRONTEND_CACHE_CLOUDFLARE_ZONEID to the zone to purge too."
        )
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "BEARER_TOKEN": os.environ["FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"],
        "ZONEID": os.environ["FRONTEND_CACHE_CLOUDFLARE_ZONEID"],
    }

# Django's cache: "default" for sign-in limits and Wagtail's own lookups,
# "pages" for whole anonymous responses (base/page_cache.py), apart so
# that a flood of odd addresses evicts only pages. REDIS_URL (e.g.
# redis://127.0.0.1:6379/0) names a server that every process and host shares.
# Without it, the limits' counters (allauth's rate limits, the page-password
# limit) live in the database, which every process and host shares too:
# local memory would count per gunicorn worker, and let each worker allow the
# limit again. The table is made by a migration (base/migrations); pages stay
# in each process's memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_ALIAS = "pages"
# A missing page is rendered by one request while the others wait for it up to
# this many seconds (base/page_cache.py); then, or if the renderer dies, they
# render it themselves.
PAGE_CACHE_LOCK_SECONDS = float(os.environ.get("PAGE_CACHE_LOCK_SECONDS", "3"))
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
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "awards_cache",
        },
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
# The entries API and allauth's headless API take writes and the browser
# client's session cookie from those origins too (docs/api.md), and their CSRF
# check trusts them: nothing else.
CORS_URLS_REGEX = r"^/(api|_allauth)/.*$"
CORS_ALLOW_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
CORS_ALLOW_CREDENTIALS = True
CORS_ALLOW_HEADERS = [
    "accept",
    "content-type",
    "if-none-match",
    "x-csrftoken",
    "x-session-token",
]
CORS_EXPOSE_HEADERS = ["content-disposition", "etag"]
CSRF_TRUSTED_ORIGINS = list(CORS_ALLOWED_ORIGINS)

# Accounts over JSON: django-allauth's headless API at /_allauth/, for browser
# clients (the session cookie, with CSRF) and app clients (X-Session-Token),
# with its OpenAPI document at /_allauth/openapi.json. The same forms, rate
# limits, django-axes lock-out and consent recording as the HTML pages.
HEADLESS_CLIENTS = ("browser", "app")
# Requests per signed-in entrant to the entries API (config/api.py), then 429.
ENTRIES_API_RATE = os.environ.get("ENTRIES_API_RATE", "600/m")
HEADLESS_SERVE_SPECIFICATION = True
# Its HTML viewer loads Redoc from a CDN, which the CSP forbids: JSON and YAML only.
HEADLESS_SPECIFICATION_TEMPLATE_NAME = None
# The links in accounts' emails lead to the site's own pages, unless a
# decoupled front end is named (HEADLESS_FRONTEND_URL, e.g.
# "https://app.example.org"): then to its pages for the same steps.
HEADLESS_FRONTEND_URL = os.environ.get("HEADLESS_FRONTEND_URL", "").rstrip("/")
HEADLESS_FRONTEND_URLS = (
    {
        "account_confirm_email": (
            f"{HEADLESS_FRONTEND_URL}/account/verify-email/{{key}}"
        ),
        "account_reset_password": f"{HEADLESS_FRONTEND_URL}/account/password/reset",
        "account_reset_password_from_key": (
            f"{HEADLESS_FRONTEND_URL}/account/password/reset/key/{{key}}"
        ),
        "account_signup": f"{HEADLESS_FRONTEND_URL}/account/signup",
    }
    if HEADLESS_FRONTEND_URL
    else {}
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_ip": {"()": "base.middleware.ClientAddressFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["client_ip"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    # One line a request, with the client's address (base.middleware).
    "loggers": {"awards.access": {"level": "INFO"}},
}
