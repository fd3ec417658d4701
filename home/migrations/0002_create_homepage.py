"""A fresh install gets a HomePage at the site root, as Wagtail's project template
does: `migrate` on an empty database gives a site an editor can start on, and
`import_programme` has a home page to import under.

Wagtail's own migrations leave a placeholder "Welcome to your new Wagtail
site!" page (a plain Page) as the root's only child, and a default Site on it.
This replaces the placeholder by a HomePage and points the default Site at it
(`sync_default_site` then gives the Site the address in SITE_URL). A database
that already has a HomePage, or other pages under the root, is left as it is.
"""

from django.conf import settings
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Locale = apps.get_model("wagtailcore.Locale")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("home.HomePage")

    if HomePage.objects.exists():
        return
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    page_type = ContentType.objects.get_for_model(Page)
    children = Page.objects.filter(depth=2, path__startswith=root.path)
    placeholders = children.filter(content_type=page_type, numchild=0)
    if children.exclude(pk__in=placeholders.values("pk")).exists():
        return  # someone's own pages: not a fresh install
    placeholder = placeholders.first()
    locale = placeholder.locale if placeholder else Locale.objects.first()
    if locale is None:
        locale = Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    # Deleting the placeholder deletes the Site on it too (on_delete=CASCADE).
    placeholders.delete()

    home_type, _ = ContentType.objects.get_or_create(
        app_label="home", model="homepage"
    )
    title = settings.WAGTAIL_SITE_NAME
    home = HomePage.objects.create(
        title=title,
        draft_title=title,
        slug="home",
        content_type=home_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=locale,
        live=True,
    )
    Page.objects.filter(pk=root.pk).update(numchild=1)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page_id=home.pk,
        is_default_site=True,
        site_name=title,
    )


def remove_homepage(apps, schema_editor):
    """Undo: the fresh HomePage goes, if nothing has been put under it."""
    HomePage = apps.get_model("home.HomePage")
    HomePage.objects.filter(slug="home", depth=2, numchild=0).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
