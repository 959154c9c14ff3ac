"""Ward shifts, handovers and concerns move here from safety; their tables keep their names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import alongside.lib.person_level
from alongside.lib.moves import content_types_follow, state_only


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("safety", "0004_outbox_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name="Shift",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("started_at", models.DateTimeField()),
                    ("ended_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "peer_worker",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="shifts",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "service",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="shifts",
                            to="organisations.service",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_shift",
                    "ordering": ["-started_at"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="Escalation",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("raised_at", models.DateTimeField()),
                    ("concern", models.TextField()),
                    ("acknowledged_at", models.DateTimeField(blank=True, null=True)),
                    ("action_taken", models.TextField(blank=True)),
                    (
                        "acknowledged_by",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "person",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to="people.person",
                        ),
                    ),
                    (
                        "raised_by",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="escalations_raised",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "service",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="escalations",
                            to="organisations.service",
                        ),
                    ),
                    (
                        "shift",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="escalations",
                            to="wards.shift",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_escalation",
                    "ordering": ["raised_at", "pk"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="DepartureDebrief",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("given_at", models.DateTimeField()),
                    ("no_concerns", models.BooleanField(default=False)),
                    (
                        "shift",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="debrief",
                            to="wards.shift",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_departuredebrief",
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="ArrivalBriefing",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("given_at", models.DateTimeField()),
                    ("ward_note", models.TextField(blank=True, help_text="How the ward is today")),
                    ("risks", models.TextField(blank=True, help_text="Any immediate risks or concerns")),
                    (
                        "given_by",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "shift",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="briefing",
                            to="wards.shift",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_arrivalbriefing",
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="BriefingEntry",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("how_she_is", models.CharField(blank=True, max_length=300)),
                    ("do_not_approach", models.BooleanField(default=False)),
                    ("reason", models.CharField(blank=True, max_length=300)),
                    (
                        "briefing",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="entries",
                            to="wards.arrivalbriefing",
                        ),
                    ),
                    (
                        "person",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_briefingentry",
                    "constraints": [
                        models.UniqueConstraint(fields=("briefing", "person"), name="one_entry_per_person")
                    ],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.AddIndex(
                model_name="shift",
                index=models.Index(fields=["service", "started_at"], name="safety_shif_service_14fd47_idx"),
            ),
            migrations.AddIndex(
                model_name="shift",
                index=models.Index(
                    fields=["peer_worker", "started_at"], name="safety_shif_peer_wo_97e65e_idx"
                ),
            ),
            migrations.AddIndex(
                model_name="escalation",
                index=models.Index(
                    fields=["service", "acknowledged_at"], name="safety_esca_service_c4ae82_idx"
                ),
            ),
        ),
        content_types_follow(
            "safety", "wards", ["Shift", "ArrivalBriefing", "BriefingEntry", "DepartureDebrief", "Escalation"]
        ),
    ]
