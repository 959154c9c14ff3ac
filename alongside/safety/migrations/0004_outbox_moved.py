"""The outbox now lives in alongside.notifications: Django's state only; the table stays."""

from django.db import migrations

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0003_visit_open_index"),
        ("transitions", "0002_outbox_moved"),
    ]

    operations = [
        state_only(
            migrations.DeleteModel(
                name="OutboundEmail",
            ),
        ),
    ]
