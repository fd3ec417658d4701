"""URL routes: the admin, the JSON API, the sitemap, then Wagtail's page tree."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from base.api import not_found
from config.api import api_router

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    re_path(r"^api/", not_found),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("accounts/", include("allauth.urls")),
    path("entries/", include("entries.urls")),
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

urlpatterns += [path("", include(wagtail_urls))]
