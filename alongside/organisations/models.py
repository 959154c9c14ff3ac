"""Where peer support happens: organisations, services, partnerships, and who works where."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class Region(models.Model):
    """An NHS England region."""

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(
        max_length=12,
        blank=True,
        help_text="Its ODS-style code (unique; blank until the national register is loaded)",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="region_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class ICB(models.Model):
    """An Integrated Care Board area."""

    name = models.CharField(max_length=150, unique=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="icbs")
    code = models.CharField(
        max_length=12,
        blank=True,
        help_text="Its ODS-style code (unique; blank until the national register is loaded)",
    )

    class Meta:
        verbose_name = "ICB"
        constraints = [
            models.UniqueConstraint(fields=["code"], condition=~models.Q(code=""), name="icb_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        NHS_TRUST = "nhs_trust", "NHS Trust"
        THIRD_SECTOR = "third_sector", "Third-sector organisation"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    remit = models.TextField(blank=True, help_text="Who the organisation is for, in its own words")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Kind(models.TextChoices):
        MBU = "mbu", "Mother and baby unit"
        COMMUNITY_PERINATAL = "community_perinatal", "Community perinatal mental health team"
        GENERAL_ADULT = "general_adult", "General adult community mental health team"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    trust = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="services",
        limit_choices_to={"kind": Organisation.Kind.NHS_TRUST},
    )
    icb = models.ForeignKey(ICB, on_delete=models.PROTECT, related_name="services")
    # Each service may change these; the defaults are the guidance (docs/domain.md,
    # "What a service may configure").
    no_contact_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days without a successful contact before someone shows on the dashboard"
    )
    escalation_hours = models.PositiveSmallIntegerField(
        default=4, help_text="Hours before an unacknowledged safety concern reaches the service manager"
    )
    accompany_first_meeting = models.BooleanField(
        default=True, help_text="A first meeting with a mother needs a companion from clinical staff"
    )
    accompanied_visits_for_new_workers = models.PositiveSmallIntegerField(
        default=5, help_text="A peer worker's first visits that need a companion from clinical staff"
    )
    lone_work_grace_minutes = models.PositiveSmallIntegerField(
        default=30, help_text="Minutes after a lone visit's expected end before an alert is raised"
    )
    ground_rules_review_weeks = models.PositiveSmallIntegerField(
        default=8, help_text="Weeks after ground rules are agreed before they are due for review"
    )
    wants_male_peer_worker_for_fathers = models.BooleanField(
        default=False,
        help_text="The service would like fathers and partners to be offered a male peer worker",
    )

    def __str__(self) -> str:
        return self.name

    @property
    def has_wards(self) -> bool:
        return self.kind == Service.Kind.MBU


class Partnership(models.Model):
    """A third-sector organisation working jointly with an NHS service (the Birmingham model)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="partnerships")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="partnerships",
        limit_choices_to={"kind": Organisation.Kind.THIRD_SECTOR},
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "organisation"], name="one_partnership_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} with {self.service}"

    @staticmethod
    def current(on: dt.date, prefix: str = "") -> models.Q:
        """Partnerships that have started by `on` and not ended before it (`prefix` from another model)."""
        return models.Q(**{f"{prefix}started_on__lte": on}) & (
            models.Q(**{f"{prefix}ended_on__isnull": True}) | models.Q(**{f"{prefix}ended_on__gte": on})
        )


class Role(models.TextChoices):
    PEER_WORKER = "peer_worker", "Peer worker"
    LIGHT_TOUCH_VOLUNTEER = "light_touch", "Volunteer (light touch)"
    COORDINATOR = "coordinator", "Peer support co-ordinator"
    CLINICIAN = "clinician", "Clinician"
    SERVICE_MANAGER = "service_manager", "Service manager"
    COMMISSIONER = "commissioner", "Commissioner"
    NATIONAL_REVIEWER = "national_reviewer", "National reviewer"
    ADMIN = "admin", "Administrator"


class Employment(models.TextChoices):
    NHS = "nhs", "NHS-employed"
    HOSTED = "hosted", "Hosted by a third-sector organisation"
    VOLUNTEER = "volunteer", "Volunteer"


class Membership(models.Model):
    """One role a person holds in one service. One person may hold several.

    A third-sector peer worker works in an NHS service but is hosted by her charity:
    her membership names the service she works in and the organisation that hosts her.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=30, choices=Role.choices)
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_memberships",
        help_text="For third-sector-hosted peer workers: the organisation that employs her",
    )
    employment = models.CharField(max_length=20, choices=Employment.choices, default=Employment.NHS)
    active = models.BooleanField(default=True)
    male = models.BooleanField(
        default=False,
        help_text="He is a man: for services that want a male peer worker for fathers and partners",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "service", "role"], name="one_membership_per_role")
        ]
        ordering = ["service__name", "role"]

    def __str__(self) -> str:
        return f"{self.get_role_display()}, {self.scope}"

    @property
    def scope(self) -> str:
        """Where the role reaches, as the header says it: a national reviewer's is England, a
        commissioner's her ICB (alongside.accounts.scope.services_for_aggregates), anyone
        else's her service. (The membership still names a service for both: issue 15.)"""
        if self.role == Role.NATIONAL_REVIEWER:
            return "England"
        if self.role == Role.COMMISSIONER:
            return str(self.service.icb)
        return str(self.service)

    @classmethod
    def active_for(cls, user: object) -> "models.QuerySet[Membership]":
        """The roles a person holds now, with what the header and role switcher show."""
        return cls.objects.filter(user=user, active=True).select_related("service__icb", "host_organisation")

    def clean(self) -> None:
        if self.employment == Employment.HOSTED and self.host_organisation_id is None:
            raise ValidationError({"host_organisation": "Name the organisation that hosts her"})

    @property
    def organisation_label(self) -> str:
        """Which organisation she is from, for joint support: her host charity, or the NHS team."""
        if self.host_organisation_id and self.host_organisation:
            return self.host_organisation.name
        return "NHS team (volunteer)" if self.employment == Employment.VOLUNTEER else "NHS team"

    @property
    def employment_label(self) -> str:
        if self.employment == Employment.HOSTED and self.host_organisation:
            return f"Hosted by {self.host_organisation}"
        return self.get_employment_display()
