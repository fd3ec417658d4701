"""``python manage.py import_programme FILE [--publish]``: a programme from JSON."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from categories.exchange import DocumentError, import_programme
from home.models import HomePage


class Command(BaseCommand):
    help = (
        "Create or update (by slug) a programme and its categories from a JSON "
        "document written by export_programme (docs/api.md). All or nothing: "
        "any error leaves the site unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The JSON document; - for standard input.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the programme and its categories (default: save drafts).",
        )

    def handle(self, *args, file, publish=False, **options):
        try:
            if file == "-":
                document = json.load(sys.stdin)
            else:
                with open(file, encoding="utf-8") as source:
                    document = json.load(source)
        except OSError as e:
            raise CommandError(f"Cannot read {file}: {e.strerror}") from e
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            raise CommandError(f"{file} is not valid JSON: {e}") from e
        home = HomePage.objects.first()
        if home is None:
            raise CommandError("Nothing was imported: the site has no home page.")
        try:
            programme, counts = import_programme(document, home, publish=publish)
        except DocumentError as e:
            raise CommandError(f"Nothing was imported. {e}") from e
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {programme.slug}: {counts['created']} categories created, "
                f"{counts['updated']} updated, "
                + ("published." if publish else "saved as drafts.")
            )
        )
