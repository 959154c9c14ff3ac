"""What a service says, with its evidence, about a recommendation Alongside's data cannot show
(quality-network standards, research, professional recognition), or as a supplement to one it
can. Each attestation is a new row, so the history is kept; the latest counts, for a year."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

STALE_AFTER = dt.timedelta(days=365)  # an attestation older than this counts as not known


class Attestation(models.Model):
    class Status(models.TextChoices):
        MET = "met", "Met"
        PARTLY = "partly", "Partly met"
        NOT_MET = "not_met", "Not met"

    service = models.ForeignKey(
        "organisations.Service", on_delete=models.CASCADE, related_name="recommendation_attestations"
    )
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(14)])
    status = models.CharField(max_length=10, choices=Status.choices)
    evidence = models.TextField(help_text="What shows it, in the service's words")
    link = models.URLField(max_length=500, blank=True, help_text="Where the evidence can be read")
    attested_on = models.DateField()
    attested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-attested_on", "-pk"]
        indexes = [models.Index(fields=["service", "number", "attested_on"])]

    def __str__(self) -> str:
        return f"Recommendation {self.number}: {self.get_status_display()} ({self.attested_on:%-d %B %Y})"

    def stale_on(self, day: dt.date) -> bool:
        """Older than a year on that day: it no longer counts, and is to be attested again."""
        return day - self.attested_on > STALE_AFTER


class Standing(models.Model):
    """How a service stood against the fourteen on a day, in aggregate form only: each
    recommendation's status, its counts and the date of any attestation, never words or a name.

    `alongside standings` takes one for every service each day; the roll-up reads the latest, and
    those taken on quarter ends for its trend, so its cost does not grow with the number of
    services (ADR 0039). A standing taken for a past day holds only what can be counted for it."""

    service = models.ForeignKey(
        "organisations.Service", on_delete=models.CASCADE, related_name="recommendation_standings"
    )
    on = models.DateField()
    results = models.JSONField(
        default=dict,
        help_text="By number: its status, counts, and the date of any attestation",
    )
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "service"]
        constraints = [models.UniqueConstraint(fields=["service", "on"], name="one_standing_a_day")]

    def __str__(self) -> str:
        return f"{self.service}: the recommendations on {self.on:%-d %B %Y}"
