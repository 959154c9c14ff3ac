"""The outbox (OutboundEmail) moves here from safety; its table keeps its name."""

import django.db.models.deletion
from django.db import migrations, models

from alongside.lib.moves import content_types_follow, state_only


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("safety", "0003_visit_open_index"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        state_only(
            migrations.CreateModel(
                name="OutboundEmail",
                fields=[
                    (
                        "id",
                        models.BigAutoField(
                            auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                        ),
                    ),
                    ("to", models.EmailField(max_length=254)),
                    ("subject", models.CharField(max_length=200)),
                    ("body", models.TextField()),
                    ("created_at", models.DateTimeField(auto_now_add=True)),
                    ("sent_at", models.DateTimeField(blank=True, null=True)),
                    ("attempts", models.PositiveSmallIntegerField(default=0)),
                    ("last_error", models.TextField(blank=True)),
                    (
                        "alert",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="emails",
                            to="safety.alert",
                        ),
                    ),
                    (
                        "escalation",
                        models.ForeignKey(
                            blank=True,
                            null=True,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="emails",
                            to="safety.escalation",
                        ),
                    ),
                ],
                options={
                    "db_table": "safety_outboundemail",
                    "indexes": [
                        models.Index(fields=["sent_at", "attempts"], name="safety_outb_sent_at_2b393f_idx")
                    ],
                },
            ),
        ),
        content_types_follow("safety", "notifications", ["OutboundEmail"]),
    ]
