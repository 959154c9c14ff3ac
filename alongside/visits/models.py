"""Visits and lone working (principle 1): a visit planned with a companion or a named contact,
checked in and out; an alert when a lone visit runs over, or a concern waits unacknowledged.

The tables were made by the safety app and keep its names (db_table).
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.support.models import PeerSupport
from alongside.wards.models import Escalation

USER = settings.AUTH_USER_MODEL


class Visit(PersonLevel, models.Model):
    """A planned visit or meeting with a mother, with who goes and how she keeps safe."""

    class Venue(models.TextChoices):
        HOME = "home", "Her home"
        PUBLIC = "public", "Café or other public venue"
        NHS_PREMISES = "nhs_premises", "NHS premises"
        ELSEWHERE = "elsewhere", "Somewhere else"

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.PROTECT, related_name="visits")
    peer_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="visits")
    venue = models.CharField(max_length=20, choices=Venue.choices)
    where = models.CharField(
        max_length=200, blank=True, help_text="The café's name, or how to find the place"
    )
    starts_at = models.DateTimeField()
    expected_end_at = models.DateTimeField()
    companion = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    named_contact = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="lone_work_contact_for"
    )
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    safe_confirmed_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    safe_confirmed_at = models.DateTimeField(null=True, blank=True)
    safe_note = models.TextField(blank=True)

    class Meta:
        db_table = "safety_visit"
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["peer_worker", "starts_at"]),
            models.Index(fields=["expected_end_at"]),
            # The visits still open (the dashboard's "alone now", alerts): a handful among years of
            # closed ones, found without reading those.
            models.Index(
                fields=["peer_support"],
                condition=models.Q(
                    checked_out_at__isnull=True, cancelled_at__isnull=True, safe_confirmed_at__isnull=True
                ),
                name="safety_visit_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Visit on {self.starts_at:%-d %b %Y %H:%M}"

    @property
    def is_lone(self) -> bool:
        return self.companion_id is None

    @property
    def is_closed(self) -> bool:
        return bool(self.checked_out_at or self.cancelled_at or self.safe_confirmed_at)


class Alert(PersonLevel, models.Model):
    """Something a person must act on, shown on their pages until cleared, and emailed."""

    class Kind(models.TextChoices):
        LONE_WORKER_OVERDUE = "lone_worker_overdue", "Lone worker has not checked out"
        ESCALATION_UNACKNOWLEDGED = "escalation_unacknowledged", "Safety concern not acknowledged"

    kind = models.CharField(max_length=40, choices=Kind.choices)
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="alerts")
    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts")
    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, null=True, blank=True, related_name="alerts"
    )
    raised_at = models.DateTimeField()
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "safety_alert"
        ordering = ["raised_at"]
        constraints = [
            # One alert per visit and per escalation: running the check twice raises nothing new.
            models.UniqueConstraint(fields=["kind", "visit"], name="one_alert_per_visit"),
            models.UniqueConstraint(fields=["kind", "escalation"], name="one_alert_per_escalation"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()
