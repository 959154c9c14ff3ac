"""Taxonomy and TaxonomyTerm now live in alongside.vocabularies: Django's state only."""

from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0002_vocabularies"),
        ("partners", "0002_vocabularies_moved"),
        ("people", "0004_vocabularies_moved"),
        ("vocabularies", "0001_vocabularies_move_here"),
        ("workforce", "0005_vocabularies_moved"),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name="taxonomyterm",
                name="taxonomy",
            ),
            migrations.AlterField(
                model_name="service",
                name="terms",
                field=models.ManyToManyField(
                    blank=True, related_name="services", to="vocabularies.taxonomyterm"
                ),
            ),
            migrations.DeleteModel(
                name="Taxonomy",
            ),
            migrations.DeleteModel(
                name="TaxonomyTerm",
            ),
        ),
    ]
