"""The local population a service compares its reach with: shares entered by the service itself."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from alongside.organisations.models import Service


class Dimension(models.TextChoices):
    ETHNIC_CATEGORY = "ethnic_category", "Ethnic category"
    LANGUAGE = "language", "Language"
    AGE_BAND = "age_band", "Age band"
    AREA = "area", "Area (postcode district)"


class PopulationShare(models.Model):
    """One group's share of the service's local population (for example from the 2021 census).

    A dimension's shares need not add up to 100 (a service may give only the groups it knows),
    but they must not add up to more (alongside.equity.services.population_shares_save).
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="population_shares")
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    category = models.CharField(
        max_length=60, help_text="An ethnic category code, a language, an age band or a postcode district"
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2)
    source = models.CharField(max_length=200, help_text='Where the figure comes from, e.g. "Census 2021"')
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["service", "dimension", "-percent", "category"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "dimension", "category"], name="one_population_share_per_category"
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=Decimal(0), percent__lte=Decimal(100)),
                name="population_share_is_a_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.percent}%"
