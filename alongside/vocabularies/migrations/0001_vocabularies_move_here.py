"""Taxonomy and TaxonomyTerm move here from the directory; their tables keep their names."""

import uuid

import django.db.models.deletion
from django.db import migrations, models

from alongside.lib.moves import content_types_follow, state_only


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("directory", "0002_vocabularies"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name="Taxonomy",
                fields=[
                    (
                        "id",
                        models.UUIDField(
                            default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                        ),
                    ),
                    ("name", models.CharField(max_length=255)),
                    ("description", models.TextField(blank=True)),
                    ("uri", models.CharField(blank=True, max_length=500)),
                    ("version", models.CharField(blank=True, max_length=50)),
                ],
                options={
                    "verbose_name_plural": "taxonomies",
                    "db_table": "directory_taxonomy",
                    "ordering": ["name"],
                },
            ),
            migrations.CreateModel(
                name="TaxonomyTerm",
                fields=[
                    (
                        "id",
                        models.UUIDField(
                            default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                        ),
                    ),
                    ("code", models.CharField(max_length=100)),
                    ("name", models.CharField(max_length=255)),
                    ("description", models.TextField(blank=True)),
                    ("position", models.PositiveSmallIntegerField(default=0)),
                    (
                        "taxonomy",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="terms",
                            to="vocabularies.taxonomy",
                        ),
                    ),
                ],
                options={
                    "db_table": "directory_taxonomyterm",
                    "ordering": ["taxonomy", "position", "name"],
                    "constraints": [
                        models.UniqueConstraint(fields=("taxonomy", "code"), name="one_code_per_taxonomy")
                    ],
                },
            ),
        ),
        content_types_follow("directory", "vocabularies", ["Taxonomy", "TaxonomyTerm"]),
    ]
