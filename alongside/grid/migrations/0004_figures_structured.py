"""A rating's figures, kept as words until now, become structured: {"key", "text", "aggregate"}
(alongside.grid.evidence.Figure). A figure kept as words has no key and no form fit to leave the
service, so its aggregate is empty: it is not shown outside the service. Reversed, each figure is
its words again."""

from typing import Any

from django.db import migrations


def to_dicts(apps: Any, schema_editor: Any) -> None:
    rating = apps.get_model("grid", "Rating")
    for r in rating.objects.all().only("pk", "figures"):
        if any(isinstance(f, str) for f in r.figures or []):
            r.figures = [
                {"key": "", "text": f, "aggregate": ""} if isinstance(f, str) else f for f in r.figures
            ]
            r.save(update_fields=["figures"])


def to_words(apps: Any, schema_editor: Any) -> None:
    rating = apps.get_model("grid", "Rating")
    for r in rating.objects.all().only("pk", "figures"):
        if any(isinstance(f, dict) for f in r.figures or []):
            r.figures = [str(f.get("text", "")) if isinstance(f, dict) else f for f in r.figures]
            r.save(update_fields=["figures"])


class Migration(migrations.Migration):
    dependencies = [("grid", "0003_reviews")]
    operations = [migrations.RunPython(to_dicts, to_words)]
