"""The signposting directory, modelled on Open Referral UK (the UK profile of HSDS 3.0; ADR 0008).

The directory is the deployment's, not one NHS service's: it lists charities, groups and NHS
services anyone may be signposted to. Only a Signposting (and its follow-ups) is about a person.

Ids are UUIDs, as ORUK requires, and an import keeps the publisher's ids so a re-import updates
rather than duplicates. Our own vocabularies (needs and conditions, communities, modes) are ORUK
taxonomies with fixed ids (alongside.vocabularies), so other directories can read them as
attributes of a service.
"""

import uuid

from django.conf import settings
from django.db import models

from alongside.lib import postcode
from alongside.lib.person_level import PersonLevel
from alongside.support.models import PeerSupport
from alongside.vocabularies.models import TaxonomyTerm


def follow_up_days() -> int:
    """Days after a signposting (or a "not yet") before we ask whether she connected."""
    return int(settings.ALONGSIDE.get("SIGNPOST_FOLLOW_UP_DAYS", 14))


def kept_as_published() -> "models.JSONField[dict[str, object], dict[str, object]]":
    """A row's fields from its publisher that Alongside does not model (phones, schedules,
    eligibility…), kept as they came and served again at /oruk/ (ADR 0045)."""
    return models.JSONField(
        default=dict,
        blank=True,
        help_text="Fields from the publisher Alongside does not model, kept as published",
    )


class Organization(models.Model):
    """ORUK organization. HSDS 3.0 calls its web address `website` (ORUK 1.0 said `url`)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    website = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    extra = kept_as_published()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """ORUK service, plus what we search on: its taxonomy terms, languages and areas."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        DEFUNCT = "defunct", "Defunct"
        TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="services")
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    # Conditions, communities and modes are terms of our taxonomies; an import may add others'.
    terms = models.ManyToManyField(TaxonomyTerm, blank=True, related_name="services")
    source = models.CharField(max_length=300, blank=True, help_text="Where it was imported from, if it was")
    last_modified = models.DateTimeField(auto_now=True)
    extra = kept_as_published()

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def phones(self) -> list[str]:
        """The phone numbers its publisher gave (kept as published), as text."""
        found = self.extra.get("phones")
        phones = found if isinstance(found, list) else []
        return [str(p["number"]).strip('" ') for p in phones if isinstance(p, dict) and p.get("number")]

    def published_details(self) -> list[tuple[str, str]]:
        """What its publisher said that a peer worker needs to pass on, as (label, text) pairs."""
        schedules = self.extra.get("schedules")
        times = [
            str(s["description"])
            for s in (schedules if isinstance(schedules, list) else [])
            if isinstance(s, dict) and s.get("description")
        ]
        details = [("Opening times", "; ".join(times))] if times else []
        for key, label in PUBLISHED_DETAILS:
            value = self.extra.get(key)
            if isinstance(value, str | int | float) and str(value).strip():
                details.append((label, str(value)))
        return details


# Fields kept as published that the directory's pages show, in this order.
PUBLISHED_DETAILS = [
    ("eligibility_description", "Who it is for"),
    ("application_process", "How to start"),
    ("fees_description", "Cost"),
    ("alert", "Please note"),
]


class Language(models.Model):
    """ORUK language: one a service is offered in."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100)
    code = models.CharField(max_length=20, blank=True, help_text="ISO 639 code, where known")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name


class ServiceArea(models.Model):
    """ORUK service_area. A service with none is available anywhere (online, phone, national)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=255)
    district = models.CharField(
        max_length=4, blank=True, db_index=True, help_text="The postcode district, when the area is one"
    )

    class Meta:
        ordering = ["district", "name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """ORUK location, with its one physical address kept on the row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    address_1 = models.CharField(max_length=255, blank=True)
    address_2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode.validate])
    country = models.CharField(max_length=2, default="GB")
    extra = kept_as_published()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.postcode:
            self.postcode = postcode.normalise(self.postcode)

    @property
    def address_id(self) -> uuid.UUID:
        """ORUK gives an address an id of its own; ours is derived, so it stays the same."""
        return uuid.uuid5(self.id, "address")


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="service_at_locations")
    description = models.TextField(blank=True)
    extra = kept_as_published()

    class Meta:
        ordering = ["service__name", "location__name"]
        verbose_name = "service at location"

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Outcome(models.TextChoices):
    YES = "yes", "Yes, she connected"
    NO = "no", "No, she did not"
    NOT_YET = "not_yet", "Not yet"


class Signposting(PersonLevel, models.Model):
    """A peer worker pointed someone she supports to a directory service. Person-level data.

    `follow_up_on` is when to ask whether she connected; it is cleared by a yes or a no, and moved
    on by a "not yet", so a signpost that goes nowhere stays visible until someone says so.
    """

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="signpostings")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="signpostings")
    signposted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signposted_on = models.DateField()
    note = models.TextField(blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    follow_up_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-signposted_on", "-pk"]
        indexes = [models.Index(fields=["follow_up_on"])]

    def __str__(self) -> str:
        return f"Signposted to {self.service} on {self.signposted_on:%-d %b %Y}"


class FollowUp(PersonLevel, models.Model):
    """One answer to "did she connect?", kept as history."""

    signposting = models.ForeignKey(Signposting, on_delete=models.CASCADE, related_name="follow_ups")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    recorded_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-recorded_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {self.recorded_on:%-d %b %Y}"
