"""The database cache's table, where the limits' counters live without Redis."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    # Only for the caches settings name as database caches (none with Redis);
    # creating a table that exists is a no-op.
    call_command("createcachetable", database=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop),
    ]
