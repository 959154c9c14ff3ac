"""Load the reference lists kept as data (docs/domain.md, "Ethnic categories", "Needs and barriers"): ethnic categories, needs and barriers."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data"


def _rows(name):
    with open(DATA / name, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load(apps, schema_editor):
    EthnicCategory = apps.get_model("people", "EthnicCategory")
    NeedOrBarrier = apps.get_model("people", "NeedOrBarrier")
    for position, row in enumerate(_rows("ethnic_categories.csv")):
        EthnicCategory.objects.update_or_create(
            code=row["code"], defaults={"label": row["label"], "position": position}
        )
    for position, row in enumerate(_rows("needs_and_barriers.csv")):
        NeedOrBarrier.objects.update_or_create(
            slug=row["slug"], defaults={"label": row["label"], "kind": row["kind"], "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
