"""The map of England's services: reference data a national administrator loads from CSV (ADR 0040).

Nothing here is about a person. A `PerinatalService` is registered nationally whether or not it
uses Alongside; when it does, `service` names the service in this deployment.
"""

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
