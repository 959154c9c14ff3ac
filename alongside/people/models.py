"""The people peer support is for: mothers, and partners and family members in their own right."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from alongside.lib import nhs_number, postcode
from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service


class EthnicCategory(models.Model):
    """NHS Data Dictionary ethnic category (2001 census based), kept as data."""

    code = models.CharField(max_length=2, primary_key=True)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name_plural = "ethnic categories"

    def __str__(self) -> str:
        return self.label


class NeedOrBarrier(models.Model):
    """A need or barrier to plan around (docs/domain.md, "Needs and barriers"), kept as data."""

    class Kind(models.TextChoices):
        BARRIER = "barrier", "Barrier"
        NEED = "need", "Need"

    slug = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.BARRIER)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.label


class Family(PersonLevel, models.Model):
    """Links a mother with her partner and family members; each keeps her or his own record."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="families")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return f"Family {self.pk}"


class Person(PersonLevel, models.Model):
    class FamilyRole(models.TextChoices):
        MOTHER = "mother", "Mother"
        PARTNER = "partner", "Partner"
        FATHER = "father", "Father"
        FAMILY_MEMBER = "family_member", "Family member"

    service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="people",
        help_text="The service that holds the record",
    )
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="members")
    family_role = models.CharField(max_length=20, choices=FamilyRole.choices, default=FamilyRole.MOTHER)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    nhs_number = models.CharField(max_length=10, blank=True, validators=[nhs_number.validate])
    postcode = models.CharField(max_length=8, blank=True, validators=[postcode.validate])
    phone = models.CharField(max_length=30, blank=True)
    ethnic_category = models.ForeignKey(
        EthnicCategory, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    preferred_language = models.CharField(max_length=60, blank=True, default="English")
    needs_interpreter = models.BooleanField(default=False)
    due_date = models.DateField(null=True, blank=True, help_text="Expected due date, if pregnant")
    baby_date_of_birth = models.DateField(null=True, blank=True)
    needs = models.ManyToManyField(NeedOrBarrier, blank=True, related_name="people")
    # What matching reads besides needs and language, in the directory's shared vocabularies
    # (alongside.directory.models: CONDITIONS, COMMUNITIES, MODES). All optional, all hers to give.
    conditions = models.ManyToManyField(
        "vocabularies.TaxonomyTerm",
        blank=True,
        related_name="+",
        help_text="Experiences she is happy to be matched on (conditions vocabulary)",
    )
    communities = models.ManyToManyField(
        "vocabularies.TaxonomyTerm",
        blank=True,
        related_name="+",
        help_text="Communities she would like taken into account (communities vocabulary)",
    )
    preferred_modes = models.ManyToManyField(
        "vocabularies.TaxonomyTerm",
        blank=True,
        related_name="+",
        help_text="How she would like to be supported (modes vocabulary)",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["service", "family_name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["nhs_number"], condition=~models.Q(nhs_number=""), name="unique_nhs_number_when_given"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Dates that cannot be true are refused (docs/domain.md, "Pregnancy and the perinatal period")."""
        today = timezone.localdate()
        errors: dict[str, str] = {}
        if self.nhs_number:
            self.nhs_number = nhs_number.normalise(self.nhs_number)
        if self.postcode:
            self.postcode = postcode.normalise(self.postcode)
        if self.date_of_birth and not (today - dt.timedelta(days=365 * 100) < self.date_of_birth < today):
            errors["date_of_birth"] = "Date of birth must be in the past, and within the last 100 years"
        if self.due_date and not (
            today - dt.timedelta(days=31) <= self.due_date <= today + dt.timedelta(weeks=42)
        ):
            errors["due_date"] = "Expected due date must be within the next 42 weeks"
        if self.baby_date_of_birth and not (
            today - dt.timedelta(days=365 * 2 + 1) <= self.baby_date_of_birth <= today
        ):
            errors["baby_date_of_birth"] = (
                "Baby's date of birth must be in the past 24 months, and not in the future"
            )
        if errors:
            raise ValidationError(errors)

    @property
    def name(self) -> str:
        return f"{self.preferred_name or self.given_name} {self.family_name}"

    @property
    def nhs_number_display(self) -> str:
        return nhs_number.display(self.nhs_number) if self.nhs_number else ""


class Consent(PersonLevel, models.Model):
    """Consent to peer support: when, who recorded it, and whether it has been withdrawn."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    given_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    withdrawn_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Consent given {self.given_on:%-d %b %Y}"

    @property
    def is_current(self) -> bool:
        return self.withdrawn_on is None or self.withdrawn_on > timezone.localdate()
