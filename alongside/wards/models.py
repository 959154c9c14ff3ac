"""Ward shifts and their handovers (principle 1, safe and nurturing): a peer worker signs in,
is briefed on arrival, and signs out with a departure debrief, where any concern for a mother's or
baby's safety goes to the clinical team as an escalation.

The tables were made by the safety app and keep its names (db_table).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.people.models import Person

USER = settings.AUTH_USER_MODEL


class Shift(PersonLevel, models.Model):
    """A peer worker's time on a ward, from signing in to signing out."""

    peer_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="shifts")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="shifts")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "safety_shift"
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["service", "started_at"]),
            models.Index(fields=["peer_worker", "started_at"]),
        ]

    def __str__(self) -> str:
        return f"Shift on {self.started_at:%-d %b %Y}"


class ArrivalBriefing(PersonLevel, models.Model):
    """What a member of ward staff tells the peer worker as she arrives."""

    shift = models.OneToOneField(Shift, on_delete=models.CASCADE, related_name="briefing")
    given_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    given_at = models.DateTimeField()
    ward_note = models.TextField(blank=True, help_text="How the ward is today")
    risks = models.TextField(blank=True, help_text="Any immediate risks or concerns")

    class Meta:
        db_table = "safety_arrivalbriefing"

    def __str__(self) -> str:
        return f"Arrival briefing for {self.shift}"


class BriefingEntry(PersonLevel, models.Model):
    """One mother on the ward: how she is, and whether to stay away today (with the reason)."""

    briefing = models.ForeignKey(ArrivalBriefing, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    how_she_is = models.CharField(max_length=300, blank=True)
    do_not_approach = models.BooleanField(default=False)
    reason = models.CharField(max_length=300, blank=True)

    class Meta:
        db_table = "safety_briefingentry"
        constraints = [models.UniqueConstraint(fields=["briefing", "person"], name="one_entry_per_person")]

    def __str__(self) -> str:
        return f"{self.person} on {self.briefing}"

    def clean(self) -> None:
        if self.do_not_approach and not self.reason.strip():
            raise ValidationError({"reason": "Say why she should not approach this mother today"})


class DepartureDebrief(PersonLevel, models.Model):
    """The peer worker signing out. Safety concerns become Escalations; her wellbeing is separate."""

    shift = models.OneToOneField(Shift, on_delete=models.CASCADE, related_name="debrief")
    given_at = models.DateTimeField()
    no_concerns = models.BooleanField(default=False)

    class Meta:
        db_table = "safety_departuredebrief"

    def __str__(self) -> str:
        return f"Departure debrief for {self.shift}"


class Escalation(PersonLevel, models.Model):
    """A concern for a mother's or baby's safety, for the clinical team. It cannot be lost:
    it stays open until a clinician acknowledges it and records what was done."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="escalations")
    raised_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="escalations_raised")
    raised_at = models.DateTimeField()
    shift = models.ForeignKey(
        Shift, on_delete=models.PROTECT, null=True, blank=True, related_name="escalations"
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    concern = models.TextField()
    acknowledged_by = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(blank=True)

    class Meta:
        db_table = "safety_escalation"
        ordering = ["raised_at", "pk"]
        indexes = [models.Index(fields=["service", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Safety concern raised {self.raised_at:%-d %b %Y %H:%M}"
