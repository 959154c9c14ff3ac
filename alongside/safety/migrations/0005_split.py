"""Wards, visits and wellbeing are their own apps now: Django's state only; the tables stay."""

from django.db import migrations

from alongside.lib.moves import state_only


class Migration(migrations.Migration):
    dependencies = [
        ("safety", "0004_outbox_moved"),
        ("wards", "0001_move_here"),
        ("visits", "0001_move_here"),
        ("wellbeing", "0001_move_here"),
        ("notifications", "0002_alerts_and_concerns_moved"),
    ]

    operations = [
        state_only(
            migrations.RemoveField(
                model_name="alert",
                name="escalation",
            ),
            migrations.RemoveField(
                model_name="alert",
                name="service",
            ),
            migrations.RemoveField(
                model_name="alert",
                name="visit",
            ),
            migrations.RemoveField(
                model_name="arrivalbriefing",
                name="given_by",
            ),
            migrations.RemoveField(
                model_name="arrivalbriefing",
                name="shift",
            ),
            migrations.RemoveField(
                model_name="briefingentry",
                name="briefing",
            ),
            migrations.RemoveField(
                model_name="briefingentry",
                name="person",
            ),
            migrations.RemoveField(
                model_name="departuredebrief",
                name="shift",
            ),
            migrations.RemoveField(
                model_name="escalation",
                name="acknowledged_by",
            ),
            migrations.RemoveField(
                model_name="escalation",
                name="person",
            ),
            migrations.RemoveField(
                model_name="escalation",
                name="raised_by",
            ),
            migrations.RemoveField(
                model_name="escalation",
                name="service",
            ),
            migrations.RemoveField(
                model_name="escalation",
                name="shift",
            ),
            migrations.RemoveField(
                model_name="readiness",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="shift",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="shift",
                name="service",
            ),
            migrations.RemoveField(
                model_name="wellbeingcheckin",
                name="shift",
            ),
            migrations.RemoveField(
                model_name="visit",
                name="companion",
            ),
            migrations.RemoveField(
                model_name="visit",
                name="named_contact",
            ),
            migrations.RemoveField(
                model_name="visit",
                name="peer_support",
            ),
            migrations.RemoveField(
                model_name="visit",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="visit",
                name="safe_confirmed_by",
            ),
            migrations.RemoveField(
                model_name="wellbeingcheckin",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="wellbeingcheckin",
                name="shared_with",
            ),
            migrations.RemoveField(
                model_name="wellbeingplan",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="wellbeingshare",
                name="peer_worker",
            ),
            migrations.RemoveField(
                model_name="wellbeingshare",
                name="service",
            ),
            migrations.RemoveField(
                model_name="wellbeingshare",
                name="shared_with",
            ),
            migrations.DeleteModel(
                name="Alert",
            ),
            migrations.DeleteModel(
                name="ArrivalBriefing",
            ),
            migrations.DeleteModel(
                name="BriefingEntry",
            ),
            migrations.DeleteModel(
                name="DepartureDebrief",
            ),
            migrations.DeleteModel(
                name="Escalation",
            ),
            migrations.DeleteModel(
                name="Readiness",
            ),
            migrations.DeleteModel(
                name="Shift",
            ),
            migrations.DeleteModel(
                name="Visit",
            ),
            migrations.DeleteModel(
                name="WellbeingCheckIn",
            ),
            migrations.DeleteModel(
                name="WellbeingPlan",
            ),
            migrations.DeleteModel(
                name="WellbeingShare",
            ),
        ),
    ]
