"""Principle 1, safe and nurturing: ward shifts and handovers, escalations, safe visits, alerts.

Nothing here asks how long ago a peer worker was unwell: readiness is hers to say (ADR 0006).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.support.models import PeerSupport

USER = settings.AUTH_USER_MODEL


class Shift(PersonLevel, models.Model):
    """A peer worker's time on a ward, from signing in to signing out."""

    peer_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="shifts")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="shifts")
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
        ordering = ["raised_at", "pk"]
        indexes = [models.Index(fields=["service", "acknowledged_at"])]

    def __str__(self) -> str:
        return f"Safety concern raised {self.raised_at:%-d %b %Y %H:%M}"


class WellbeingCheckIn(PersonLevel, models.Model):
    """How the peer worker is. Hers: readable by the one supervisor she chooses for it, if any, and
    by colleagues she shares all her check-ins with (WellbeingShare), while she does."""

    class Feeling(models.TextChoices):
        GOOD = "good", "I'm OK"
        MIXED = "mixed", "Some of today stayed with me"
        LOW = "low", "I'm finding it hard"

    peer_worker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="wellbeing_checkins")
    shared_with = models.ForeignKey(
        USER, on_delete=models.PROTECT, null=True, blank=True, related_name="wellbeing_shared_with_me"
    )
    shift = models.OneToOneField(
        Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="wellbeing"
    )
    recorded_at = models.DateTimeField()
    feeling = models.CharField(max_length=10, choices=Feeling.choices)
    note = models.TextField(blank=True)
    would_like_follow_up = models.BooleanField(default=False)

    class Meta:
        ordering = ["-recorded_at"]

    def __str__(self) -> str:
        return f"Wellbeing check-in {self.recorded_at:%-d %b %Y}"


class WellbeingPlan(PersonLevel, models.Model):
    """Her own wellbeing plan: what helps, the early signs, who to contact. Hers; others read it
    only while she shares it with them (WellbeingShare)."""

    peer_worker = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="wellbeing_plan")
    what_helps = models.TextField(blank=True)
    early_signs = models.TextField(blank=True, help_text="Early signs that she is struggling")
    who_to_contact = models.TextField(blank=True)
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Wellbeing plan of {self.peer_worker}"


class WellbeingShare(PersonLevel, models.Model):
    """She shares her plan, her check-ins, or both, with one colleague, until she withdraws it.

    A withdrawn share is kept (with when it was withdrawn) so she can see what she shared, when;
    sharing again makes a new row. It counts only while the colleague still works in the service
    it was shared in.
    """

    peer_worker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="wellbeing_shares")
    shared_with = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="wellbeing_shares_with_me")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    plan = models.BooleanField()
    checkins = models.BooleanField()
    shared_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-shared_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(plan=True) | models.Q(checkins=True), name="a_share_shares_something"
            ),
            models.CheckConstraint(
                condition=~models.Q(peer_worker=models.F("shared_with")), name="not_shared_with_herself"
            ),
            models.UniqueConstraint(
                fields=["peer_worker", "shared_with"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_open_share_per_colleague",
            ),
        ]

    def __str__(self) -> str:
        return f"Wellbeing shared with {self.shared_with}"

    @property
    def what(self) -> str:
        parts = [p for p, on in (("wellbeing plan", self.plan), ("check-ins", self.checkins)) if on]
        return " and ".join(parts)


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
        ordering = ["raised_at"]
        constraints = [
            # One alert per visit and per escalation: running the check twice raises nothing new.
            models.UniqueConstraint(fields=["kind", "visit"], name="one_alert_per_visit"),
            models.UniqueConstraint(fields=["kind", "escalation"], name="one_alert_per_escalation"),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()


class GroundRuleItem(models.Model):
    """A line of the service's own ground-rules checklist, which the service can edit."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="ground_rule_items")
    text = models.CharField(max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text


class GroundRules(PersonLevel, models.Model):
    """Ground rules agreed at the start of a relationship or a group, reviewed from time to time."""

    peer_support = models.ForeignKey(
        PeerSupport, on_delete=models.CASCADE, null=True, blank=True, related_name="ground_rules"
    )
    group = models.ForeignKey(
        "support.Group", on_delete=models.CASCADE, null=True, blank=True, related_name="ground_rules"
    )
    agreed_on = models.DateField()
    text = models.TextField(blank=True, help_text="What you agreed, in your own words")
    items = models.ManyToManyField(GroundRuleItem, blank=True, related_name="+")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(peer_support__isnull=False, group__isnull=True)
                | models.Q(peer_support__isnull=True, group__isnull=False),
                name="ground_rules_for_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"Ground rules agreed {self.agreed_on:%-d %b %Y}"


class Readiness(PersonLevel, models.Model):
    """A peer worker's own word on where she is. Self-identified: nobody else records it, and
    nothing here (or anywhere) asks how long ago she was unwell."""

    class Stage(models.TextChoices):
        LIGHT_TOUCH = (
            "light_touch",
            "I'd like to help in a light-touch way for now (such as a coffee morning)",
        )
        READY = "ready", "I feel ready for the full peer worker role"
        PAUSE = "pause", "I'd like to step back for a while"

    peer_worker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="readiness")
    recorded_at = models.DateTimeField()
    stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.TextField(blank=True, help_text="Anything you'd like your co-ordinator to know (optional)")

    class Meta:
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return self.get_stage_display()
