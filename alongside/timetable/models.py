"""Principle 4: the forms of support she chooses to offer, her weekly timetable, her calendar feed.

What she offers is written on her workforce Profile (alongside.workforce.models.Profile, the
contract matching reads). Here: the service's additions to the menu that it no longer offers,
her recurring weekly slots, and the hash of her private calendar feed's secret (ADR 0011).
"""

import datetime as dt

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Membership
from alongside.workforce.models import SupportForm

USER = settings.AUTH_USER_MODEL


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class Setting(models.TextChoices):
    WARD = "ward", "On the ward"
    COMMUNITY = "community", "In the community"
    ONLINE = "online", "Online or by phone"
    BASE = "base", "At the team's base"


class RetiredForm(models.Model):
    """A form of support a service added to its menu and no longer offers.

    The form itself stays, so a timetable that named it still reads right; it leaves the menu and
    every peer worker's choices. Only a service's own additions retire: the national menu stays.
    """

    support_form = models.OneToOneField(SupportForm, on_delete=models.CASCADE, related_name="retirement")
    retired_at = models.DateTimeField()
    retired_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.support_form} (retired)"


class Slot(PersonLevel, models.Model):
    """One recurring weekly slot of her timetable, in one service (one membership).

    Times are the wall-clock time in the UK (settings.TIME_ZONE), summer and winter alike.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="timetable_slots")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    starts_at = models.TimeField()
    ends_at = models.TimeField()
    support_form = models.ForeignKey(
        SupportForm, on_delete=models.RESTRICT, null=True, blank=True, related_name="+"
    )
    activity = models.CharField(max_length=100, blank=True, help_text="What it is, in her words")
    setting = models.CharField(max_length=20, choices=Setting.choices)
    place = models.CharField(max_length=100, blank=True, help_text="The ward's or place's name")
    note = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["weekday", "starts_at", "pk"]
        indexes = [models.Index(fields=["membership", "weekday"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M} to {self.ends_at:%H:%M}: {self.title}"

    @property
    def title(self) -> str:
        if self.activity:
            return self.activity
        return self.support_form.label if self.support_form else "Peer support"

    @property
    def where(self) -> str:
        label = Setting(self.setting).label if self.setting in Setting.values else ""
        return f"{label}: {self.place}" if self.place else label

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(dt.date.min, self.starts_at)
        return int((dt.datetime.combine(dt.date.min, self.ends_at) - start).total_seconds() // 60)


class CalendarFeed(PersonLevel, models.Model):
    """Her private calendar feed. Only a SHA-256 hash of its secret is kept, never the secret:
    the address is shown to her once, when it is made, and a reset makes a new one (ADR 0011)."""

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    token_prefix = models.CharField(
        max_length=8, help_text="The start of the secret, so she knows which it is"
    )
    created_at = models.DateTimeField()
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    fetch_count = models.PositiveIntegerField(default=0)
    last_fetched_by = models.CharField(
        max_length=200, blank=True, help_text="The calendar app that last fetched it (its user agent)"
    )

    def __str__(self) -> str:
        return f"Calendar feed {self.token_prefix}…"
