"""New live figures for rows already loaded (data/practices.csv has them for a fresh start):
continuity after discharge or transfer, training up to date and accredited, equity, goals by
agreement, the forms of support chosen, supervision guidance, co-ordinator cover, involvement in
service design and development. Each key is added, by the row's code, only where it is not
already there, so a national administrator's edits survive; a row she recoded is left alone.
Reversed, the keys are taken off those rows again."""

from typing import Any

from django.db import migrations

ADDED = {
    "transitions": ["continuity"],
    "equity": ["equity"],
    "goals-by-agreement": ["goals_asked", "goals_improved"],
    "forms-of-support": ["forms_of_support"],
    "training": ["training", "accredited"],
    "dual-supervision": ["supervision_guidance"],
    "progression": ["coordinator_cover", "involvement"],
    "network": ["development"],
}


def add(apps: Any, schema_editor: Any) -> None:
    practice = apps.get_model("grid", "Practice")
    for p in practice.objects.filter(code__in=ADDED):
        keys = list(p.evidence or [])
        new = [k for k in ADDED[p.code] if k not in keys]
        if new:
            p.evidence = keys + new
            p.save(update_fields=["evidence"])


def remove(apps: Any, schema_editor: Any) -> None:
    practice = apps.get_model("grid", "Practice")
    for p in practice.objects.filter(code__in=ADDED):
        keys = [k for k in p.evidence or [] if k not in ADDED[p.code]]
        if keys != list(p.evidence or []):
            p.evidence = keys
            p.save(update_fields=["evidence"])


class Migration(migrations.Migration):
    dependencies = [("grid", "0004_figures_structured")]
    operations = [migrations.RunPython(add, remove)]
