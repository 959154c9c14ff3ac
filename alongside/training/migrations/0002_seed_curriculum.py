"""Seed the curriculum from data/curriculum.csv (docs/domain.md, "Curriculum"), once.

The file is read as it stands when the migration runs; later changes to the curriculum are
made as data, not by editing the file.
"""

import csv
from pathlib import Path
from typing import Any

from django.db import migrations

CURRICULUM = Path(__file__).resolve().parents[1] / "data" / "curriculum.csv"


def seed(apps: Any, schema_editor: Any) -> None:
    Module = apps.get_model("training", "Module")
    with CURRICULUM.open(newline="", encoding="utf-8") as f:
        for position, row in enumerate(csv.DictReader(f), start=1):
            Module.objects.update_or_create(
                name=row["name"].strip(),
                defaults={
                    "description": row["description"].strip(),
                    "competencies": row["competencies"].strip().replace("; ", "\n"),
                    "renewal_months": int(row["renewal_months"]) if row["renewal_months"].strip() else None,
                    "position": position * 10,
                    "for_staff": row["for_staff"].strip().lower() == "yes",
                },
            )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
