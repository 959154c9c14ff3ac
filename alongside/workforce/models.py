"""Principle 5, benefits everyone: supervision for peer workers, dual (NHS and peer).

A supervision's notes are for her and her supervisors. Her reflection on it is hers alone, so it
lives in a table of its own that no page for anyone else loads (ADR 0009).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models

from alongside.organisations.models import Service

USER = settings.AUTH_USER_MODEL


class Track(models.TextChoices):
    """The two halves of dual supervision (recommendation 3)."""

    NHS = "nhs", "NHS supervision"
    PEER = "peer", "Peer supervision"


class Kind(models.TextChoices):
    LINE_MANAGEMENT = "line_management", "Line management"
    CLINICAL = "clinical", "Clinical supervision"
    GROUP = "group", "Group supervision"
    REFLECTIVE_PRACTICE = "reflective_practice", "Reflective practice"
    PEER_TO_PEER = "peer_to_peer", "Peer-to-peer supervision"
    HOST = "host", "Third-sector host supervision"


NHS_KINDS = (Kind.LINE_MANAGEMENT, Kind.CLINICAL, Kind.GROUP, Kind.REFLECTIVE_PRACTICE)
PEER_KINDS = (Kind.PEER_TO_PEER, Kind.HOST)
KINDS_BY_TRACK = {Track.NHS: NHS_KINDS, Track.PEER: PEER_KINDS}


def track_of(kind: str) -> Track:
    return Track.PEER if kind in PEER_KINDS else Track.NHS


class WorkforceSettings(models.Model):
    """A service's own choices for its peer workers' supervision. No row means the defaults."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="workforce_settings")
    nhs_supervision_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days expected between NHS supervisions (line management, clinical, group or "
        "reflective practice)",
    )
    peer_supervision_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days expected between peer supervisions (peer-to-peer or from her host organisation)",
    )

    class Meta:
        verbose_name_plural = "workforce settings"

    def __str__(self) -> str:
        return f"Workforce settings for {self.service}"

    @classmethod
    def for_service(cls, service: Service) -> "WorkforceSettings":
        """The service's settings; unsaved defaults until it first changes them (reading writes nothing)."""
        return cls.objects.filter(service=service).first() or cls(service=service)

    def every(self, track: str) -> dt.timedelta:
        days = self.nhs_supervision_days if track == Track.NHS else self.peer_supervision_days
        return dt.timedelta(days=days)


class Supervision(models.Model):
    """One supervision session for one peer worker. Group supervision is a row for each of them."""

    peer_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervisions")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="supervisions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    supervisors: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="supervisions_given"
    )
    wellbeing_discussed = models.BooleanField()
    plans_reviewed = models.BooleanField(help_text="Her plans and activities (her timetable) were reviewed")
    notes = models.TextField(blank=True, help_text="Readable by her and her supervisors, and nobody else")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["peer_worker", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["peer_worker", "kind", "held_on"], name="one_supervision_of_a_kind_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %b %Y}"

    @property
    def track(self) -> Track:
        return track_of(self.kind)


class Reflection(models.Model):
    """Her own reflection on a supervision: readable by her alone, never her supervisor (ADR 0009)."""

    supervision = models.OneToOneField(Supervision, on_delete=models.CASCADE, related_name="reflection")
    text = models.TextField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Reflection on {self.supervision}"


class Action(models.Model):
    """A training or support need identified in supervision, with who will act on it and by when."""

    class Need(models.TextChoices):
        TRAINING = "training", "Training"
        SUPPORT = "support", "Support"

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="actions")
    need = models.CharField(max_length=10, choices=Need.choices)
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervision_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
