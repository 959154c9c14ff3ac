"""Taxonomy and TaxonomyTerm now live in alongside.vocabularies: Django's state only."""

from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0001_initial"),
        ("vocabularies", "0001_vocabularies_move_here"),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name="remit",
                name="communities",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Communities vocabulary",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
            migrations.AlterField(
                model_name="remit",
                name="conditions",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Conditions vocabulary",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
            migrations.AlterField(
                model_name="remit",
                name="modes",
                field=models.ManyToManyField(
                    blank=True, help_text="Modes vocabulary", related_name="+", to="vocabularies.taxonomyterm"
                ),
            ),
        ),
    ]
