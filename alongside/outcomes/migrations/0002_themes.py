"""The themes stories are tagged with (docs/domain.md, "Story themes"), kept as data."""

from django.db import migrations

THEMES = [
    ("hope", "Hope"),
    ("isolation", "Isolation"),
    ("stigma", "Stigma"),
    ("identity", "Identity and narrative"),
    ("engagement", "Engagement with services"),
    ("self_care", "Self-care"),
    ("bonding", "Bonding with her baby"),
    ("family", "Partners and family"),
]


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    Theme = apps.get_model("outcomes", "Theme")
    Theme.objects.bulk_create(
        Theme(slug=s, label=label, position=i * 10) for i, (s, label) in enumerate(THEMES, 1)
    )


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    apps.get_model("outcomes", "Theme").objects.filter(slug__in=[s for s, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("outcomes", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
