"""The map of England's services: reference data a national administrator loads from CSV (ADR 0040).

Nothing here is about a person. A `PerinatalService` is registered nationally whether or not it
uses Alongside; when it does, `service` names the service in this deployment.
"""

import datetime as dt
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from alongside.organisations.models import ICB, Service


class PerinatalService(models.Model):
    """A mother and baby unit or community perinatal team, as the national register has it."""

    class Kind(models.TextChoices):
        MBU = "mbu", "Mother and baby unit"
        COMMUNITY = "community", "Community perinatal mental health team"

    class PeerSupport(models.TextChoices):
        NONE = "none", "None"
        INFORMAL = "informal", "Informal volunteers only"
        ESTABLISHED = "established", "An established team"
        NOT_KNOWN = "not_known", "Not known"

    code = models.CharField(max_length=12, unique=True, help_text="Its ODS-style code")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, related_name="perinatal_services")
    trust_name = models.CharField(max_length=200, help_text="The NHS Trust that runs it")
    service = models.OneToOneField(
        Service,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registration",
        help_text="Its service in this deployment, if it uses Alongside",
    )
    peer_support = models.CharField(max_length=20, choices=PeerSupport.choices, default=PeerSupport.NOT_KNOWN)
    peer_support_source = models.CharField(
        max_length=300, blank=True, help_text="Where what is known of its peer support comes from"
    )
    updated_on = models.DateField(auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = "perinatal service in England"
        verbose_name_plural = "perinatal services in England"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def uses_alongside(self) -> bool:
        return self.service_id is not None


class ICBPopulation(models.Model):
    """An ICB's births and referrals to perinatal mental health services in one year, with their
    source: what coverage is compared against (per 1,000 births, per 100 referrals)."""

    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, related_name="populations")
    year = models.PositiveSmallIntegerField(help_text="The year the figures are for")
    births = models.PositiveIntegerField(null=True, blank=True)
    perinatal_referrals = models.PositiveIntegerField(
        null=True, blank=True, help_text="Referrals to perinatal mental health services"
    )
    source = models.CharField(max_length=300, help_text="Where the figures come from")

    class Meta:
        ordering = ["icb__name", "year"]
        verbose_name = "ICB births and referrals"
        verbose_name_plural = "ICB births and referrals"
        constraints = [models.UniqueConstraint(fields=["icb", "year"], name="one_population_per_icb_year")]

    def __str__(self) -> str:
        return f"{self.icb} {self.year}"


class CensusEntry(models.Model):
    """The set-up census entered for a perinatal service that does not use Alongside, or what its
    records cannot show (ADR 0040). Every figure may be left blank or "not known"; a new entry
    with a later `as_of` is a new row, so earlier answers are kept."""

    class EmployedBy(models.TextChoices):
        NHS = "nhs", "NHS"
        THIRD_SECTOR = "third_sector", "Third sector"
        BOTH = "both", "Both"
        NOT_KNOWN = "not_known", "Not known"

    class Works(models.TextChoices):
        ALONE = "alone", "Alone"
        TEAM = "team", "In a team"
        NOT_KNOWN = "not_known", "Not known"

    class Coordinator(models.TextChoices):
        OWN = "own", "Its own"
        SHARED = "shared", "Shared with another service"
        NONE = "none", "None"
        NOT_KNOWN = "not_known", "Not known"

    class YesNo(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known"

    perinatal_service = models.ForeignKey(PerinatalService, on_delete=models.CASCADE, related_name="census")
    as_of = models.DateField(help_text="The day the answers are true of")
    source = models.CharField(max_length=300, help_text="Where the answers come from")
    paid = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Paid peer workers"
    )
    volunteers = models.PositiveIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0)], help_text="Volunteer peer supporters"
    )
    employed_by = models.CharField(max_length=20, choices=EmployedBy.choices, default=EmployedBy.NOT_KNOWN)
    contract_lengths = models.CharField(
        max_length=300, blank=True, help_text='Comma-separated, e.g. "12 months fixed term, permanent"'
    )
    works = models.CharField(max_length=20, choices=Works.choices, default=Works.NOT_KNOWN)
    non_peer_duties = models.CharField(
        max_length=300, blank=True, help_text='Duties that are not peer support, e.g. "patient involvement"'
    )
    pay_bands = models.CharField(max_length=100, blank=True, help_text='Agenda for Change bands, e.g. "3, 4"')
    hours_per_week = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
        help_text="Peer support hours a week, all peer workers together",
    )
    training = models.CharField(max_length=300, blank=True, help_text="The training peer workers have")
    supervision = models.CharField(max_length=300, blank=True, help_text="Their supervision arrangements")
    coordinator = models.CharField(max_length=20, choices=Coordinator.choices, default=Coordinator.NOT_KNOWN)
    lived_experience_design = models.CharField(
        max_length=20,
        choices=YesNo.choices,
        default=YesNo.NOT_KNOWN,
        help_text="Whether mothers with lived experience helped design the service",
    )
    updated_on = models.DateField(auto_now=True)

    class Meta:
        ordering = ["perinatal_service__code", "-as_of"]
        verbose_name = "set-up census entry"
        verbose_name_plural = "set-up census entries"
        constraints = [
            models.UniqueConstraint(fields=["perinatal_service", "as_of"], name="one_census_per_service_day"),
            models.CheckConstraint(
                condition=models.Q(hours_per_week__isnull=True)
                | models.Q(hours_per_week__gte=0, hours_per_week__lte=1000),
                name="census_hours_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.perinatal_service} as of {self.as_of:%-d %b %Y}"


class Return(models.Model):
    """One service's national return for one quarter, as it arrived: aggregate and suppressed, no
    person in it (ADR 0041, docs/national-return.md). A return that differs from the one before
    for the same service and quarter is a new version; every version is kept, and `current`
    marks the latest, which is the one the national pages read."""

    perinatal_service = models.ForeignKey(PerinatalService, on_delete=models.CASCADE, related_name="returns")
    quarter = models.DateField(help_text="The quarter's first day")
    version = models.PositiveIntegerField()
    current = models.BooleanField(default=True)
    body = models.JSONField(help_text="The service's part of the return, as received")
    schema_version = models.PositiveSmallIntegerField()
    deployment = models.CharField(max_length=200, help_text="The deployment that made it")
    source = models.CharField(max_length=300, help_text="The file it came in, or that it was made here")
    made_at = models.DateTimeField(help_text="When the deployment made it")
    received_at = models.DateTimeField()

    class Meta:
        ordering = ["perinatal_service__code", "-quarter", "-version"]
        verbose_name = "national return"
        constraints = [
            models.UniqueConstraint(
                fields=["perinatal_service", "quarter", "version"], name="one_return_version"
            )
        ]
        indexes = [models.Index(fields=["current", "quarter"])]

    def __str__(self) -> str:
        return f"{self.perinatal_service.code} {quarter_label(self.quarter)} v{self.version}"


def quarter_label(start: dt.date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
