"""Principle 1, safe and nurturing: the ground rules a peer worker agrees with the mother or the
group she supports, from the service's own checklist. (Ward shifts are in alongside.wards, visits in
alongside.visits, a peer worker's wellbeing in alongside.wellbeing.)

Nothing here asks how long ago a peer worker was unwell: readiness is hers to say (ADR 0006).
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.support.models import PeerSupport

USER = settings.AUTH_USER_MODEL


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
