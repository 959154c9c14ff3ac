"""The cache table (settings.CACHES, a DatabaseCache) that login throttling counts in (ADR 0023).

Made by `migrate`, so every way of setting up a database (the demo, a deployment, the tests) has
it; `createcachetable` skips a table that is already there.
"""

from typing import Any

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps: Any, schema_editor: Any) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
