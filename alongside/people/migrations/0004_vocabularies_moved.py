"""Taxonomy and TaxonomyTerm now live in alongside.vocabularies: Django's state only."""

from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0003_matching_preferences"),
        ("vocabularies", "0001_vocabularies_move_here"),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name="person",
                name="communities",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Communities she would like taken into account (communities vocabulary)",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
            migrations.AlterField(
                model_name="person",
                name="conditions",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Experiences she is happy to be matched on (conditions vocabulary)",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
            migrations.AlterField(
                model_name="person",
                name="preferred_modes",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="How she would like to be supported (modes vocabulary)",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
        ),
    ]
