"""``python manage.py export_programme SLUG [--output FILE]``: a programme as JSON."""

import json

from django.core.management.base import BaseCommand, CommandError

from categories.exchange import DocumentError, export_programme
from categories.models import ProgrammePage
from home.models import HomePage


class Command(BaseCommand):
    help = (
        "Write a programme and its categories as one JSON document (docs/api.md), "
        "to standard output or a file."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The programme's slug, e.g. awards-2027.")
        parser.add_argument("-o", "--output", help="Write to this file instead.")

    def handle(self, *args, slug, output=None, **options):
        programme = ProgrammePage.objects.child_of(HomePage.objects.first()).filter(
            slug=slug
        )
        if not programme.exists():
            raise CommandError(f"There is no programme with the slug {slug!r}.")
        try:
            document = export_programme(programme.get())
        except DocumentError as e:
            raise CommandError(f"Cannot export {slug}: {e}") from e
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text)
            self.stderr.write(f"Wrote {slug} to {output}.")
        else:
            self.stdout.write(text, ending="")
