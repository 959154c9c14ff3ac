"""Our three vocabularies as ORUK taxonomies, with fixed ids (alongside.directory.models).

Each term's id is derived from its taxonomy's id and its code, so it is the same in every
deployment and a feed we publish can be re-imported anywhere.
"""

import csv
import uuid
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "vocabularies.csv"
TAXONOMIES = {
    "conditions": (
        "6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0001",
        "Alongside perinatal needs and conditions",
        "What a service helps with, in the words peer workers use",
    ),
    "communities": (
        "6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0002",
        "Alongside communities",
        "Who a service is especially for",
    ),
    "modes": (
        "6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0003",
        "Alongside modes of support",
        "How support is given: face to face, café group, online forum, phone, video",
    ),
}


def load(apps, schema_editor):
    Taxonomy = apps.get_model("directory", "Taxonomy")
    TaxonomyTerm = apps.get_model("directory", "TaxonomyTerm")
    taxonomies = {}
    for key, (pk, name, description) in TAXONOMIES.items():
        taxonomies[key], _ = Taxonomy.objects.update_or_create(
            id=uuid.UUID(pk), defaults={"name": name, "description": description, "version": "1"}
        )
    with open(DATA, newline="", encoding="utf-8") as f:
        for position, row in enumerate(csv.DictReader(f)):
            taxonomy = taxonomies[row["taxonomy"]]
            TaxonomyTerm.objects.update_or_create(
                id=uuid.uuid5(taxonomy.id, row["code"]),
                defaults={
                    "taxonomy": taxonomy,
                    "code": row["code"],
                    "name": row["name"],
                    "position": position,
                },
            )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
