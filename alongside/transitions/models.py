"""Principle 2, accessible and inclusive: peer support that carries on across transitions.

An admission, discharge or transfer is recorded by a clinician (two clicks from her page) or
sent by a clinical system through the API (alongside.transitions.api). Everyone who must know is
told at once: each peer worker allocated to her, and the co-ordinators of the service she goes
to, who accept her into peer support there (ADR 0014).
"""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from alongside.lib.person_level import PersonLevel
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.support.models import PeerSupport

USER = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    ADMISSION = "admission", "Admission"
    DISCHARGE = "discharge", "Discharge"
    TRANSFER = "transfer", "Transfer"


# The events after which peer support can be lost: the continuity metric counts these.
CONTINUITY_KINDS = (Kind.DISCHARGE, Kind.TRANSFER)


class Destination(models.TextChoices):
    MBU = "mbu", "Mother and baby unit"
    COMMUNITY_PERINATAL = "community_perinatal", "Community perinatal mental health team"
    GENERAL_ADULT = "general_adult", "General adult community mental health team"
    GP = "gp", "GP"
    OUT_OF_AREA = "out_of_area", "Out of area"


# Where she goes may be one of the services on Alongside only for these, and of this kind.
SERVICE_KIND_FOR = {
    Destination.MBU: Service.Kind.MBU,
    Destination.COMMUNITY_PERINATAL: Service.Kind.COMMUNITY_PERINATAL,
    Destination.GENERAL_ADULT: Service.Kind.GENERAL_ADULT,
}
# Where each kind of service usually discharges to: the default on the form.
NEXT_STEP: dict[str, str] = {
    Service.Kind.MBU: Destination.COMMUNITY_PERINATAL,
    Service.Kind.COMMUNITY_PERINATAL: Destination.GP,
    Service.Kind.GENERAL_ADULT: Destination.GP,
}
DEFAULT_CONTINUITY_DAYS = 28


class TransitionSettings(models.Model):
    """A service's own choices for continuity. No row means the defaults."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="transition_settings")
    continuity_days = models.PositiveSmallIntegerField(
        default=DEFAULT_CONTINUITY_DAYS,
        help_text="Days after a discharge or transfer within which a successful contact means "
        "her peer support carried on",
    )

    class Meta:
        verbose_name_plural = "transition settings"

    def __str__(self) -> str:
        return f"Transition settings for {self.service}"

    @classmethod
    def for_service(cls, service: Service) -> "TransitionSettings":
        """The service's settings; unsaved defaults until it first changes them (reading writes nothing)."""
        return cls.objects.filter(service=service).first() or cls(service=service)

    @property
    def window(self) -> dt.timedelta:
        return dt.timedelta(days=self.continuity_days)


class ApiToken(models.Model):
    """A clinical system's key to the API, for one service. Only a SHA-256 hash of it is kept:
    the token itself is shown once, when it is made (ADR 0014)."""

    MARK = "alng"  # every token starts alng_<prefix>_, so a leaked one is easy to recognise

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="Which system uses it, such as the trust's EPR")
    prefix = models.CharField(max_length=16, unique=True, help_text="The visible start of the token")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = [models.F("revoked_at").asc(nulls_first=True), "-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.shown})"

    @property
    def shown(self) -> str:
        """What pages and the audit trail show of it: enough to tell tokens apart, useless to use."""
        return f"{self.MARK}_{self.prefix}…"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @staticmethod
    def digest(plaintext: str) -> str:
        return hashlib.sha256(plaintext.encode()).hexdigest()

    @classmethod
    def new_secret(cls) -> tuple[str, str]:
        """A fresh (prefix, plaintext): 256 random bits, so an unsalted fast hash is safe to keep."""
        prefix = secrets.token_hex(4)
        return prefix, f"{cls.MARK}_{prefix}_{secrets.token_urlsafe(32)}"


class PersonReference(PersonLevel, models.Model):
    """The service's own reference for a person (her number in the trust's clinical system), so a
    clinical system can name her without an NHS number. One per person per service."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="person_references")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="clinical_references")
    reference = models.CharField(max_length=64)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "reference"], name="one_person_per_reference"),
            models.UniqueConstraint(fields=["service", "person"], name="one_reference_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} at {self.service}"


class Transition(PersonLevel, models.Model):
    """She was admitted, discharged or transferred: from one of our services, to somewhere."""

    class Source(models.TextChoices):
        CLINICIAN = "clinician", "Recorded by staff"
        API = "api", "Sent by a clinical system"

    class Decision(models.TextChoices):
        PENDING = "pending", "Waiting to be accepted"
        ACCEPTED = "accepted", "Accepted into peer support"
        DECLINED = "declined", "Declined"

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="transitions")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    from_service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="transitions_out")
    destination = models.CharField(max_length=30, choices=Destination.choices)
    to_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="transitions_in",
        help_text="The receiving service when it is on Alongside",
    )
    destination_name = models.CharField(max_length=200, blank=True, help_text="Such as the GP practice")
    occurred_on = models.DateField()
    occurred_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="The moment it happened, when the sender gave one (the API's occurred_at); "
        "staff record the day only",
    )
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.CLINICIAN)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    api_token = models.ForeignKey(
        ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="transitions"
    )
    external_id = models.CharField(
        max_length=100, blank=True, help_text="The sending system's own id for the event (idempotency)"
    )
    payload_hash = models.CharField(max_length=64, blank=True, help_text="What the system sent, hashed")
    recorded_at = models.DateTimeField()
    # The receiving co-ordinator's answer; blank when she goes somewhere not on Alongside.
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    peer_support = models.ForeignKey(
        PeerSupport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="arrivals",
        help_text="Her peer support at the receiving service, once accepted",
    )

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["from_service", "occurred_on"]),
            models.Index(fields=["to_service", "decision"]),
            models.Index(fields=["person", "occurred_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["from_service", "external_id"],
                condition=~models.Q(external_id=""),
                name="one_transition_per_external_event",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_on:%-d %b %Y}"

    @property
    def going_to(self) -> str:
        """Where she went, in words: the service, the name given, or the kind of place."""
        if self.to_service_id is not None:
            return str(self.to_service)
        label = self.get_destination_display()
        return f"{self.destination_name} ({label})" if self.destination_name else label

    @property
    def what_happened(self) -> str:
        """ "discharged from A to B", for the notices and pages."""
        if self.kind == Kind.ADMISSION:
            return f"admitted to {self.going_to} (from {self.from_service})"
        done = "transferred" if self.kind == Kind.TRANSFER else "discharged"
        return f"{done} from {self.from_service} to {self.going_to}"

    @property
    def was_or_will_be(self) -> str:
        """ "was", or "is to be" for one planned ahead (a discharge booked for Thursday)."""
        return "is to be" if self.occurred_on > timezone.localdate() else "was"

    @property
    def awaiting_acceptance(self) -> bool:
        return self.decision == Transition.Decision.PENDING


class TransitionNotice(PersonLevel, models.Model):
    """One person told about a transition: on her pages until she marks it seen, and by email."""

    class Reason(models.TextChoices):
        PEER_WORKER = "peer_worker", "You are her peer worker"
        RECEIVING = "receiving", "She is coming to your service"

    transition = models.ForeignKey(Transition, on_delete=models.CASCADE, related_name="notices")
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="transition_notices")
    service = models.ForeignKey(
        Service, on_delete=models.CASCADE, related_name="+", help_text="Shown when she acts in this service"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    created_at = models.DateTimeField()
    seen_at = models.DateTimeField(null=True, blank=True)
    email = models.ForeignKey(
        OutboundEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "seen_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "recipient", "service"], name="one_notice_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"Notice of {self.transition} for {self.recipient}"


class ApiCall(PersonLevel, models.Model):
    """One call to the clinical-systems API, answered or refused: what the audit row points at.

    Written for every call, even one with no valid token; nothing else is written for a refusal.
    """

    at = models.DateTimeField()
    token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="calls")
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()
    event_id = models.CharField(max_length=100, blank=True)
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    transition = models.ForeignKey(
        Transition, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["token", "at"])]
        verbose_name = "API call"

    def __str__(self) -> str:
        return f"{self.method} {self.path}: {self.status}"


class IdempotencyKey(models.Model):
    """An `Idempotency-Key` a clinical system sent with an event, and the answer it was given, so
    a retry with the same key gets the same answer and records nothing (ADR 0043).

    Scoped to the token that sent it; kept for KEEP (24 hours), after which the key may be used
    again. Only an answered event is kept: a refusal recorded nothing, so a retry after it is new.
    """

    KEEP = dt.timedelta(hours=24)

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="idempotency_keys")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64, help_text="The body it came with, hashed")
    status = models.PositiveSmallIntegerField()
    response = models.TextField(help_text="The body of the first answer, as sent: sent again to a retry")
    created_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="one_answer_per_idempotency_key")
        ]
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self) -> str:
        return f"Idempotency-Key {self.key[:20]} of {self.token}"
