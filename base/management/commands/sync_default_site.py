"""``python manage.py sync_default_site``: the default Site takes SITE_URL's address."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

from base.address import sync_default_site


class Command(BaseCommand):
    help = (
        "Set the default Site's hostname and port (Settings > Sites) from the "
        "SITE_URL setting. `migrate` does it too."
    )

    def handle(self, *args, **options):
        if not Site.objects.filter(is_default_site=True).exists():
            raise CommandError("There is no default site: run migrate first.")
        changed = sync_default_site()
        self.stdout.write(
            f"The default site is at {settings.SITE_URL}"
            + (" (updated)." if changed else ".")
        )
