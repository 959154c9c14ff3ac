"""Moving a model from one app to another without touching its table (used by migrations).

The table keeps its name (the model's Meta.db_table says so), so each migration of the move only
changes Django's idea of where the model lives: state operations, with no database operation.
Content types follow the model, so anything keyed on them (permissions) still finds it.
"""

from collections.abc import Sequence
from typing import Any

from django.db import migrations
from django.db.migrations.operations.base import Operation


def state_only(*operations: Operation) -> migrations.SeparateDatabaseAndState:
    """The operations, applied to Django's state only: the tables already are as they should be."""
    return migrations.SeparateDatabaseAndState(state_operations=list(operations), database_operations=[])


def content_types_follow(old_app: str, new_app: str, models: Sequence[str]) -> migrations.RunPython:
    """Relabel the moved models' content types (there are none yet on a new database)."""

    def relabel(apps: Any, schema_editor: Any, old: str = old_app, new: str = new_app) -> None:
        content_type = apps.get_model("contenttypes", "ContentType")
        content_type.objects.using(schema_editor.connection.alias).filter(
            app_label=old, model__in=[m.lower() for m in models]
        ).update(app_label=new)

    def back(apps: Any, schema_editor: Any) -> None:
        relabel(apps, schema_editor, new_app, old_app)

    return migrations.RunPython(relabel, back)
