"""Load the grid's default rows from data/practices.csv, once (a national administrator edits
them afterwards in the Django admin; ADR 0036)."""

import csv
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "practices.csv"


def seed(apps: Any, schema_editor: Any) -> None:
    practice = apps.get_model("grid", "Practice")
    if practice.objects.exists():
        return
    with DATA.open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    practice.objects.bulk_create(
        practice(
            principle=int(row["principle"]),
            code=row["code"],
            title=row["title"],
            good=row["good"],
            evidence=row["evidence"].split(),
            position=position,
        )
        for position, row in enumerate(rows)
    )


def unseed(apps: Any, schema_editor: Any) -> None:
    apps.get_model("grid", "Practice").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("grid", "0001_practices")]
    operations = [migrations.RunPython(seed, unseed)]
