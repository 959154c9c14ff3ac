"""A peer worker's wellbeing moves here from safety; the tables keep their names."""

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
                name="Readiness",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("recorded_at", models.DateTimeField()),
                    (
                        "stage",
                        models.CharField(
                            choices=[
                                (
                                    "light_touch",
                                    "I'd like to help in a light-touch way for now (such as a coffee morning)",
                                ),
                                ("ready", "I feel ready for the full peer worker role"),
                                ("pause", "I'd like to step back for a while"),
                            ],
                            max_length=20,
                        ),
                    ),
                    (
                        "note",
                        models.TextField(
                            blank=True, help_text="Anything you'd like your co-ordinator to know (optional)"
                        ),
                    ),
                    (
                        "peer_worker",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="readiness",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_readiness",
                    "ordering": ["-recorded_at", "-pk"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="WellbeingCheckIn",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("recorded_at", models.DateTimeField()),
                    (
                        "feeling",
                        models.CharField(
                            choices=[
                                ("good", "I'm OK"),
                                ("mixed", "Some of today stayed with me"),
                                ("low", "I'm finding it hard"),
                            ],
                            max_length=10,
                        ),
                    ),
                    ("note", models.TextField(blank=True)),
                    ("would_like_follow_up", models.BooleanField(default=False)),
                    (
                        "peer_worker",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="wellbeing_checkins",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "shared_with",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="wellbeing_shared_with_me",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "shift",
                        models.OneToOneField(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.SET_NULL,
                            related_name="wellbeing",
                            to="wards.shift",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_wellbeingcheckin",
                    "ordering": ["-recorded_at"],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="WellbeingPlan",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("what_helps", models.TextField(blank=True)),
                    (
                        "early_signs",
                        models.TextField(blank=True, help_text="Early signs that she is struggling"),
                    ),
                    ("who_to_contact", models.TextField(blank=True)),
                    ("updated_at", models.DateTimeField()),
                    (
                        "peer_worker",
                        models.OneToOneField(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="wellbeing_plan",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_wellbeingplan",
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
            migrations.CreateModel(
                name="WellbeingShare",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("plan", models.BooleanField()),
                    ("checkins", models.BooleanField()),
                    ("shared_at", models.DateTimeField()),
                    ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                    (
                        "peer_worker",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="wellbeing_shares",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                    (
                        "service",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="+",
                            to="organisations.service",
                        ),
                    ),
                    (
                        "shared_with",
                        models.ForeignKey(
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="wellbeing_shares_with_me",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_wellbeingshare",
                    "ordering": ["-shared_at", "-pk"],
                    "constraints": [
                        models.CheckConstraint(
                            condition=models.Q(("plan", True), ("checkins", True), _connector="OR"),
                            name="a_share_shares_something",
                        ),
                        models.CheckConstraint(
                            condition=models.Q(("peer_worker", models.F("shared_with")), _negated=True),
                            name="not_shared_with_herself",
                        ),
                        models.UniqueConstraint(
                            condition=models.Q(("withdrawn_at__isnull", True)),
                            fields=("peer_worker", "shared_with"),
                            name="one_open_share_per_colleague",
                        ),
                    ],
                },
                bases=(alongside.lib.person_level.PersonLevel, models.Model),
            ),
        ),
        content_types_follow(
            "safety", "wellbeing", ["WellbeingCheckIn", "WellbeingPlan", "WellbeingShare", "Readiness"]
        ),
    ]
