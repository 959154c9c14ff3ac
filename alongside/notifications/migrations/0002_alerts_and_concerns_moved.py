"""An email's alert is in alongside.visits now, its concern in alongside.wards: state only."""

import django.db.models.deletion
from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_moves_here"),
        ("visits", "0001_move_here"),
        ("wards", "0001_move_here"),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name="outboundemail",
                name="alert",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="emails",
                    to="visits.alert",
                ),
            ),
            migrations.AlterField(
                model_name="outboundemail",
                name="escalation",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="emails",
                    to="wards.escalation",
                ),
            ),
        ),
    ]
