"""A notice's email is in alongside.notifications now: Django's state only."""

import django.db.models.deletion
from django.db import migrations, models

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox_moves_here"),
        ("transitions", "0001_initial"),
    ]

    operations = [
        state_only(
            migrations.AlterField(
                model_name="transitionnotice",
                name="email",
                field=models.ForeignKey(
                    blank=True,
                    null=True,
                    on_delete=django.db.models.deletion.SET_NULL,
                    related_name="+",
                    to="notifications.outboundemail",
                ),
            ),
        ),
    ]
