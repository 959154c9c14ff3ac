"""Taxonomy and TaxonomyTerm now live in alongside.vocabularies: Django's state only."""

from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("vocabularies", "0001_vocabularies_move_here"),
        ("workforce", "0004_role_descriptions_non_peer_duties"),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name="profile",
                name="communities",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Communities she would especially like to support (communities vocabulary)",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
            migrations.AlterField(
                model_name="profile",
                name="conditions",
                field=models.ManyToManyField(
                    blank=True,
                    help_text="Only experience she chooses to be matched on (conditions vocabulary)",
                    related_name="+",
                    to="vocabularies.taxonomyterm",
                ),
            ),
        ),
    ]
