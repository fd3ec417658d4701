"""URL routes: the admin, the JSON API, the sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.decorators.http import require_POST
from django.views.defaults import page_not_found
from django.views.generic import RedirectView, TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.views import account as wagtail_account
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from base.accounts import headless_not_offered, headless_specification
from base.api import not_found
from base.health import health
from base.page_privacy import authenticate_with_page_password
from base.robots import favicon, robots_txt
from config.api import api_router, entries_api

urlpatterns = [
    path("health/", health, name="health"),
    # Both admins sign in through allauth, which asks for the second factor.
    path(
        "django-admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="account_login", query_string=True),
    ),
    path("django-admin/", admin.site.urls),
    # Wagtail's page that fails on purpose, to try the error page: none here.
    path("admin/failwhale/", page_not_found, {"exception": None}),
    # One way to reset a password, rate-limited: allauth's (Wagtail's own
    # reset form has no limit). The admin's "Forgotten password?" link lands
    # there too.
    re_path(
        r"^admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password"),
    ),
    # Sign-out only by POST: Django's view answers a GET 405, but Wagtail's
    # deletes the session cookie first, so a link elsewhere signed staff out.
    path("admin/logout/", require_POST(wagtail_account.LogoutView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    path("api/entries/v1/", entries_api.urls),
    re_path(r"^api/", not_found),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon),
    path("accounts/", include("allauth.urls")),
    # Accounts over JSON, for other front ends (allauth.headless; docs/api.md).
    # Its OpenAPI document, with the sign-up form's lazy help text written out.
    re_path(
        r"^_allauth/openapi\.(?P<format>json|yaml)$",
        headless_specification,
        name="headless_specification",
    ),
    re_path(r"^_allauth/(browser|app)/v1/account/phone$", headless_not_offered),
    path("_allauth/", include("allauth.headless.urls")),
    path("entries/", include("entries.urls")),
    path("judging/", include("judging.urls")),
    path("account/", include("entries.account_urls")),
    path(
        "privacy/",
        TemplateView.as_view(
            template_name="privacy.html",
            extra_context={"version": settings.PRIVACY_NOTICE_VERSION},
        ),
        name="privacy",
    ),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's shared page passwords, with a limit on guesses.
    path(
        "_util/authenticate_with_password/<id:page_view_restriction_id>/<id:page_id>/",
        authenticate_with_page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
]
