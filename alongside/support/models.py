"""Peer support itself: relationships, allocations, contacts and groups."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.people.models import Person


class Status(models.TextChoices):
    REFERRED = "referred", "Referred"
    ALLOCATED = "allocated", "Allocated"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"
    DECLINED = "declined", "Declined by the mother"
    DEFERRED = "deferred", "Deferred by the clinical team"


OPEN_STATUSES = (Status.REFERRED, Status.ALLOCATED, Status.ACTIVE, Status.PAUSED, Status.DEFERRED)
CASELOAD_STATUSES = (Status.ALLOCATED, Status.ACTIVE, Status.PAUSED)


class EndReason(models.TextChoices):
    GOALS_MET = "goals_met", "She feels she no longer needs it"
    DISCHARGED = "discharged", "Discharged from the service"
    MOVED = "moved", "Moved out of area"
    LOST_CONTACT = "lost_contact", "Could not be reached"
    OTHER = "other", "Other"


class PeerSupport(PersonLevel, models.Model):
    """One person's peer support at one service, from referral to its end."""

    class Source(models.TextChoices):
        CLINICIAN = "clinician", "Referred by a clinician"
        SELF = "self", "Self-referral"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="peer_supports")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="peer_supports")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CLINICIAN)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="referrals_made"
    )
    referred_on = models.DateField()
    reason = models.TextField(blank=True, help_text="What she would like from peer support")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REFERRED)
    status_changed_on = models.DateField()
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    status_note = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True, help_text="For a deferral: when to look again")
    # The latest successful contact, stored so that "no contact for N days" is a filter on the case,
    # not an aggregate over every contact: kept right by alongside.support.services (contact_log,
    # group_register_take, last_contact_refresh), the only writers of contacts.
    last_contact_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When the latest successful contact happened"
    )

    class Meta:
        indexes = [
            models.Index(fields=["service", "status", "referred_on"]),
            models.Index(fields=["service", "status", "last_contact_at"]),
        ]

    def __str__(self) -> str:
        return f"Peer support for {self.person} at {self.service}"


class StatusChange(PersonLevel, models.Model):
    """History of a relationship's status: nothing about it changes silently."""

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(max_length=20, choices=Status.choices)
    changed_on = models.DateField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    note = models.TextField(blank=True)
    review_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} on {self.changed_on:%-d %b %Y}"


class Allocation(PersonLevel, models.Model):
    """A peer worker allocated to a relationship. Two at once make a joint allocation."""

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="allocations")
    peer_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="allocations"
    )
    allocated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["peer_support", "peer_worker"],
                condition=models.Q(ended_on__isnull=True),
                name="one_open_allocation_per_worker",
            )
        ]
        indexes = [
            models.Index(fields=["peer_worker", "ended_on"]),
            # "With a peer worker" in a period, for every case of a service: answered from the index.
            models.Index(fields=["peer_support", "started_on", "ended_on"], name="support_allocation_period"),
        ]

    def __str__(self) -> str:
        return f"{self.peer_worker} from {self.started_on:%-d %b %Y}"


class Mode(models.TextChoices):
    WARD = "ward", "On the ward"
    HOME = "home", "Home visit"
    COMMUNITY = "community", "Community venue (such as a café)"
    NHS_PREMISES = "nhs_premises", "NHS premises"
    PHONE = "phone", "Phone"
    VIDEO = "video", "Video"
    MESSAGE = "message", "Online message"


def check_duration(minutes: int | None) -> str:
    """The one rule for how long a contact or group may last: more than 0, at most 12 hours."""
    limit = settings.ALONGSIDE["MAX_CONTACT_MINUTES"]
    if minutes is None:
        return "Enter how long it lasted, in minutes"
    if minutes <= 0:
        return "How long it lasted must be more than 0 minutes"
    if minutes > limit:
        return f"How long it lasted must be {limit // 60} hours ({limit} minutes) or less"
    return ""


class GroupKind(models.TextChoices):
    COFFEE_MORNING = "coffee_morning", "Coffee morning"
    CAFE = "cafe", "Café group"
    CRAFT = "craft", "Craft group"
    WALK = "walk", "Walk and talk"
    ONLINE = "online", "Online group"
    OTHER = "other", "Other group"


class Group(models.Model):
    """A group that meets again and again (the Tuesday coffee morning); each meeting is a session."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="groups")
    name = models.CharField(max_length=150)
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="unique_group_name_per_service")
        ]

    def __str__(self) -> str:
        return self.name


class GroupSession(PersonLevel, models.Model):
    """A group a peer worker runs: coffee morning, café group, craft group..."""

    Kind = GroupKind

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="group_sessions")
    group = models.ForeignKey(Group, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions")
    kind = models.CharField(max_length=20, choices=GroupKind.choices)
    title = models.CharField(max_length=150)
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=20, choices=Mode.choices, default=Mode.COMMUNITY)
    led_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="groups_led")
    register_taken = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["service", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.title}, {self.starts_at:%-d %b %Y}"

    def clean(self) -> None:
        duration_error = check_duration(self.duration_minutes)
        if duration_error:
            raise ValidationError({"duration_minutes": duration_error})


class Contact(PersonLevel, models.Model):
    """A contact, or an attempt at one. A group's register makes one per attendee."""

    class With(models.TextChoices):
        MOTHER = "mother", "Mother"
        PARTNER = "partner", "Partner"
        BOTH = "both", "Both"

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="contacts")
    peer_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    contact_with = models.CharField(max_length=10, choices=With.choices, default=With.MOTHER)
    occurred_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField()
    mode = models.CharField(max_length=20, choices=Mode.choices)
    successful = models.BooleanField(default=True, help_text="An unsuccessful attempt is recorded too")
    note = models.TextField(blank=True)
    group_session = models.ForeignKey(
        GroupSession, on_delete=models.CASCADE, null=True, blank=True, related_name="attendances"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_at"]
        indexes = [
            # A case's contacts in a period: the range on occurred_at is used on SQLite too, where
            # `successful` (a bare boolean test in the SQL) would stop the index at its column; the
            # last two columns make it covering for the figures (support.metrics), so a year of
            # the nation's contacts is counted from the index alone.
            models.Index(
                fields=["peer_support", "occurred_at", "successful", "group_session", "duration_minutes"],
                name="support_contact_period",
            ),
            models.Index(fields=["peer_worker", "occurred_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group_session", "peer_support"],
                condition=models.Q(group_session__isnull=False),
                name="one_attendance_per_group",
            )
        ]

    def __str__(self) -> str:
        return f"Contact on {self.occurred_at:%-d %b %Y}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.occurred_at and self.occurred_at > timezone.now() + dt.timedelta(minutes=5):
            errors["occurred_at"] = "A contact cannot be in the future"
        duration_error = check_duration(self.duration_minutes)
        if duration_error:
            errors["duration_minutes"] = duration_error
        if errors:
            raise ValidationError(errors)
