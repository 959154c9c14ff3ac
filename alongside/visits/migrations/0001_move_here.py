"""Visits and their alerts move here from safety; their tables keep their names."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import alongside.lib.person_level
from alongside.lib.moves import content_types_follow, state_only


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("wards", "0001_move_here"),
        ("safety", "0004_outbox_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name="Alert",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "kind",
                        models.CharField(
                            choices=[
                                ("lone_worker_overdue", "Lone worker has not checked out"),
                                ("escalation_unacknowledged", "Safety concern not acknowledged"),
                            ],
                            max_length=40,
                        ),
                    ),
                    ("raised_at", models.DateTimeField()),
                    ("cleared_at", models.DateTimeField(blank=True, null=True)),
                ],
                options={
                    "db_table": "safety_alert",
                    "ordering": ["raised_at"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="Visit",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    (
                        "venue",
                        models.CharField(
                            choices=[
                                ("home", "Her home"),
                                ("public", "Café or other public venue"),
                                ("nhs_premises", "NHS premises"),
                                ("elsewhere", "Somewhere else"),
                            ],
                            max_length=20,
                        ),
                    ),
                    (
                        "where",
                        models.CharField(
                            blank=True, help_text="The café's name, or how to find the place", max_length=200
                        ),
                    ),
                    ("starts_at", models.DateTimeField()),
                    ("expected_end_at", models.DateTimeField()),
                    ("checked_in_at", models.DateTimeField(blank=True, null=True)),
                    ("checked_out_at", models.DateTimeField(blank=True, null=True)),
                    ("cancelled_at", models.DateTimeField(blank=True, null=True)),
                    ("safe_confirmed_at", models.DateTimeField(blank=True, null=True)),
                    ("safe_note", models.TextField(blank=True)),
                ],
                options={
                    "db_table": "safety_visit",
                    "ordering": ["starts_at"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.AddField(
                model_name="alert",
                name="escalation",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="alerts",
                    to="wards.escalation",
                ),
            ),
            migrations.AddField(
                model_name="alert",
                name="service",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="alerts",
                    to="organisations.service",
                ),
            ),
            migrations.AddField(
                model_name="visit",
                name="companion",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            migrations.AddField(
                model_name="visit",
                name="named_contact",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="lone_work_contact_for",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            migrations.AddField(
                model_name="visit",
                name="peer_support",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="visits",
                    to="support.peersupport",
                ),
            ),
            migrations.AddField(
                model_name="visit",
                name="peer_worker",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="visits",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            migrations.AddField(
                model_name="visit",
                name="safe_confirmed_by",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="+",
                    to=settings.AUTH_USER_MODEL,
                ),
            ),
            migrations.AddField(
                model_name="alert",
                name="visit",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.PROTECT,
                    related_name="alerts",
                    to="visits.visit",
                ),
            ),
            migrations.AddIndex(
                model_name="visit",
                index=models.Index(
                    fields=["peer_worker", "starts_at"], name="safety_visi_peer_wo_1c4540_idx"
                ),
            ),
            migrations.AddIndex(
                model_name="visit",
                index=models.Index(fields=["expected_end_at"], name="safety_visi_expecte_d71fa1_idx"),
            ),
            migrations.AddIndex(
                model_name="visit",
                index=models.Index(
                    condition=models.Q(
                        ("cancelled_at__isnull", True),
                        ("checked_out_at__isnull", True),
                        ("safe_confirmed_at__isnull", True),
                    ),
                    fields=["peer_support"],
                    name="safety_visit_open",
                ),
            ),
            migrations.AddConstraint(
                model_name="alert",
                constraint=models.UniqueConstraint(fields=("kind", "visit"), name="one_alert_per_visit"),
            ),
            migrations.AddConstraint(
                model_name="alert",
                constraint=models.UniqueConstraint(
                    fields=("kind", "escalation"), name="one_alert_per_escalation"
                ),
            ),
        ),
        content_types_follow("safety", "visits", ["Visit", "Alert"]),
    ]
