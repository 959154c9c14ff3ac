"""A peer worker's own wellbeing (principle 5): her check-ins, her plan, whom she shares them with,
and her own word on her readiness. Hers, private by default (ADR 0006, ADR 0010).

A check-in made at the end of a ward shift names that shift: by the name "wards.Shift", not an
import, as wellbeing sits below wards in the layers (the ward's debrief records her check-in).
The tables were made by the safety app and keep their names (db_table).
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service

USER = settings.AUTH_USER_MODEL


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
        "wards.Shift", on_delete=models.SET_NULL, null=True, blank=True, related_name="wellbeing"
    )
    recorded_at = models.DateTimeField()
    feeling = models.CharField(max_length=10, choices=Feeling.choices)
    note = models.TextField(blank=True)
    would_like_follow_up = models.BooleanField(default=False)

    class Meta:
        db_table = "safety_wellbeingcheckin"
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

    class Meta:
        db_table = "safety_wellbeingplan"

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
        db_table = "safety_wellbeingshare"
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
        db_table = "safety_readiness"
        ordering = ["-recorded_at", "-pk"]

    def __str__(self) -> str:
        return self.get_stage_display()
