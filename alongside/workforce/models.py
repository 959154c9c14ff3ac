"""Principle 5, benefits everyone: supervision for peer workers, dual (NHS and peer).

A supervision's notes are for her and her supervisors. Her reflection on it is hers alone, so it
lives in a table of its own that no page for anyone else loads (ADR 0009).
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Employment, Membership, Service

USER = settings.AUTH_USER_MODEL


class Track(models.TextChoices):
    """The two halves of dual supervision (recommendation 3)."""

    NHS = "nhs", "NHS supervision"
    PEER = "peer", "Peer supervision"


class Kind(models.TextChoices):
    LINE_MANAGEMENT = "line_management", "Line management"
    CLINICAL = "clinical", "Clinical supervision"
    GROUP = "group", "Group supervision"
    REFLECTIVE_PRACTICE = "reflective_practice", "Reflective practice"
    PEER_TO_PEER = "peer_to_peer", "Peer-to-peer supervision"
    HOST = "host", "Third-sector host supervision"


NHS_KINDS = (Kind.LINE_MANAGEMENT, Kind.CLINICAL, Kind.GROUP, Kind.REFLECTIVE_PRACTICE)
PEER_KINDS = (Kind.PEER_TO_PEER, Kind.HOST)
KINDS_BY_TRACK = {Track.NHS: NHS_KINDS, Track.PEER: PEER_KINDS}


def track_of(kind: str) -> Track:
    return Track.PEER if kind in PEER_KINDS else Track.NHS


class WorkforceSettings(models.Model):
    """A service's own choices for its peer workers' supervision. No row means the defaults."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="workforce_settings")
    nhs_supervision_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days expected between NHS supervisions (line management, clinical, group or "
        "reflective practice)",
    )
    peer_supervision_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days expected between peer supervisions (peer-to-peer or from her host organisation)",
    )
    role_drift_percent = models.PositiveSmallIntegerField(
        default=20,
        help_text="A peer worker's time on duties that are not peer support is flagged above this "
        "share of her contracted hours",
    )

    class Meta:
        verbose_name_plural = "workforce settings"

    def __str__(self) -> str:
        return f"Workforce settings for {self.service}"

    @classmethod
    def for_service(cls, service: Service) -> "WorkforceSettings":
        """The service's settings; unsaved defaults until it first changes them (reading writes nothing)."""
        return cls.objects.filter(service=service).first() or cls(service=service)

    def every(self, track: str) -> dt.timedelta:
        days = self.nhs_supervision_days if track == Track.NHS else self.peer_supervision_days
        return dt.timedelta(days=days)


class Supervision(PersonLevel, models.Model):
    """One supervision session for one peer worker. Group supervision is a row for each of them."""

    peer_worker = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervisions")
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="supervisions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField()
    supervisors: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="supervisions_given"
    )
    wellbeing_discussed = models.BooleanField()
    plans_reviewed = models.BooleanField(help_text="Her plans and activities (her timetable) were reviewed")
    notes = models.TextField(blank=True, help_text="Readable by her and her supervisors, and nobody else")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["peer_worker", "held_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["peer_worker", "kind", "held_on"], name="one_supervision_of_a_kind_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.held_on:%-d %b %Y}"

    @property
    def track(self) -> Track:
        return track_of(self.kind)


class Reflection(PersonLevel, models.Model):
    """Her own reflection on a supervision: readable by her alone, never her supervisor (ADR 0009)."""

    supervision = models.OneToOneField(Supervision, on_delete=models.CASCADE, related_name="reflection")
    text = models.TextField()
    updated_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"Reflection on {self.supervision}"


class Action(PersonLevel, models.Model):
    """A training or support need identified in supervision, with who will act on it and by when."""

    class Need(models.TextChoices):
        TRAINING = "training", "Training"
        SUPPORT = "support", "Support"

    supervision = models.ForeignKey(Supervision, on_delete=models.CASCADE, related_name="actions")
    need = models.CharField(max_length=10, choices=Need.choices)
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="supervision_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    done_by = models.ForeignKey(USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


# Employment and role (principle 4). What follows is the contract other parts read: matching
# reads a Profile's forms of support, languages, conditions, communities, areas and caseload.


class SupportForm(models.Model):
    """A form of support a peer worker may choose to offer: the national menu, which a service extends."""

    slug = models.SlugField(max_length=50)
    label = models.CharField(max_length=100)
    service = models.ForeignKey(
        Service,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_forms",
        help_text="Empty for the menu every service has; otherwise the service that added it",
    )
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "label"]
        constraints = [
            models.UniqueConstraint(fields=["service", "slug"], name="one_support_form_per_slug"),
            models.UniqueConstraint(
                fields=["slug"], condition=models.Q(service=None), name="one_national_support_form_per_slug"
            ),
        ]

    def __str__(self) -> str:
        return self.label


class PayBand(models.Model):
    """An Agenda for Change pay band's range from a date: pay changes each April, so bands are data."""

    code = models.CharField(max_length=3, help_text='"2" to "9", or "8a" to "8d"')
    position = models.PositiveSmallIntegerField(help_text="Orders the bands: 3 is 3, 8a is 8")
    annual_from = models.PositiveIntegerField(help_text="Pounds a year at the bottom of the band")
    annual_to = models.PositiveIntegerField(help_text="Pounds a year at the top of the band")
    effective_from = models.DateField()

    class Meta:
        ordering = ["position", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="one_pay_band_range_per_date")
        ]

    def __str__(self) -> str:
        return f"Band {self.code}"

    @classmethod
    def current(cls, on: dt.date) -> dict[str, "PayBand"]:
        """Each band's range in force on that day, by code."""
        latest: dict[str, PayBand] = {}
        for band in cls.objects.filter(effective_from__lte=on).order_by("-effective_from", "pk"):
            latest.setdefault(band.code, band)  # the newest row for each code wins, whatever its position
        return dict(sorted(latest.items(), key=lambda item: item[1].position))


# Nobody responsible for peer support is paid below this band (recommendation 7).
MINIMUM_BAND_POSITION = 3


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed term"
    BANK = "bank", "Bank or sessional"
    SUB_CONTRACT = "sub_contract", "Sub-contract through her host organisation"
    VOLUNTEER = "volunteer", "Volunteer agreement"


class Profile(models.Model):
    """Her working life in one service (one membership): contract, hours, pay and what she offers.

    The employment model and host organisation live on the Membership. Everything about her own
    experience here is optional and hers to give: only what she wants mothers matched on.
    """

    membership = models.OneToOneField(
        "organisations.Membership", on_delete=models.CASCADE, related_name="profile"
    )
    contract_type = models.CharField(max_length=20, choices=ContractType.choices, blank=True)
    contract_ends_on = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    band = models.CharField(
        max_length=3, blank=True, help_text="Agenda for Change band, where paid (a code of a PayBand)"
    )
    forms_of_support: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        SupportForm, blank=True, related_name="profiles"
    )
    languages = models.CharField(
        max_length=200, blank=True, help_text="Languages besides English, comma-separated"
    )
    conditions: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "vocabularies.TaxonomyTerm",
        blank=True,
        related_name="+",
        help_text="Only experience she chooses to be matched on (conditions vocabulary)",
    )
    communities: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "vocabularies.TaxonomyTerm",
        blank=True,
        related_name="+",
        help_text="Communities she would especially like to support (communities vocabulary)",
    )
    areas = models.CharField(
        max_length=200, blank=True, help_text="Postcode districts she covers, comma-separated (e.g. B12, B13)"
    )
    supports_fathers = models.BooleanField(default=False, help_text="Supports fathers and partners")
    max_caseload = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="How many people she can support at once"
    )
    started_on = models.DateField(
        null=True, blank=True, help_text="When she started in this role: her role description dates from it"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile for {self.membership}"

    @classmethod
    def for_membership(cls, membership: "Membership") -> "Profile":
        """Her profile; an unsaved empty one until someone first fills it in (reading writes nothing)."""
        return cls.objects.filter(membership=membership).first() or cls(membership=membership)

    @property
    def is_paid(self) -> bool:
        """Paid unless she is a volunteer, by her employment model or by her agreement."""
        return (
            self.membership.employment != Employment.VOLUNTEER
            and self.contract_type != ContractType.VOLUNTEER
        )

    @staticmethod
    def _split(text: str) -> list[str]:
        return [part.strip() for part in text.split(",") if part.strip()]

    @property
    def language_list(self) -> list[str]:
        return self._split(self.languages)

    @property
    def area_list(self) -> list[str]:
        return [a.upper() for a in self._split(self.areas)]


class RoleDescription(PersonLevel, models.Model):
    """One version of her role description (principle 4, recommendation 13). A version is never
    changed: a new one is added, recording who wrote it, so the history shows whose words it is."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="role_descriptions"
    )
    version = models.PositiveSmallIntegerField()
    text = models.TextField()
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    co_written = models.BooleanField(default=False, help_text="Written together with her")
    before_recruitment = models.BooleanField(
        default=False,
        help_text="Written before she was recruited (for example, the advertised job description)",
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["membership", "version"]
        constraints = [
            models.UniqueConstraint(fields=["membership", "version"], name="one_role_description_version")
        ]

    def __str__(self) -> str:
        return f"Role description, version {self.version}"


class DutyKind(models.TextChoices):
    """Duties that are not peer support: role drift (docs/domain.md, "What the product must not do")."""

    OT_ASSISTANT = "ot_assistant", "Occupational therapy assistant"
    HEALTHCARE_ASSISTANT = "healthcare_assistant", "Healthcare assistant"
    INVOLVEMENT_LEAD = "involvement_lead", "Leading service-user involvement, not by her choice"
    ADMIN_COVER = "admin_cover", "Admin, or covering for colleagues"
    OTHER = "other", "Something else"


class NonPeerDuty(PersonLevel, models.Model):
    """Time she spent on a duty that is not peer support, logged by her or her co-ordinator."""

    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="non_peer_duties"
    )
    done_on = models.DateField()
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    kind = models.CharField(max_length=30, choices=DutyKind.choices)
    description = models.CharField(max_length=200, blank=True)
    chosen = models.BooleanField(help_text="She chose to do it")
    logged_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField()

    class Meta:
        ordering = ["-done_on", "-pk"]
        indexes = [models.Index(fields=["membership", "done_on"])]
        verbose_name_plural = "non-peer duties"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.done_on:%-d %b %Y}"

    @property
    def label(self) -> str:
        return (
            self.description if self.kind == DutyKind.OTHER and self.description else self.get_kind_display()
        )


# What the seed asks for that nothing recorded before (issue 14; ADR 0038) -------------------


class SharedCoordinator(models.Model):
    """Recommendation 9: a service without a co-ordinator of its own shares another service's.

    A service with an active co-ordinator has its own (derived from memberships, nothing to
    record); this records the arrangement when it has none, from a date until it ends."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="shared_coordinators")
    from_service = models.ForeignKey(
        Service,
        on_delete=models.PROTECT,
        related_name="coordinators_shared",
        help_text="The service whose co-ordinator also covers this one",
    )
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(service=models.F("from_service")), name="coordinator_shared_with_another"
            )
        ]

    def __str__(self) -> str:
        return f"Co-ordinator shared with {self.from_service}"

    def in_force(self, on: dt.date) -> bool:
        return self.started_on <= on and (self.ended_on is None or self.ended_on >= on)


class SupervisionGuidance(models.Model):
    """Recommendation 3: a service's co-produced guidance on supervision. A new agreement is a new
    row (versions are kept); the latest agreed on or before a day is the one in force that day."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="supervision_guidance")
    nhs_supervision_days = models.PositiveSmallIntegerField(help_text="Days between NHS supervisions")
    nhs_with = models.CharField(max_length=300, help_text="Who gives NHS supervision")
    peer_supervision_days = models.PositiveSmallIntegerField(help_text="Days between peer supervisions")
    peer_with = models.CharField(max_length=300, help_text="Who gives peer supervision")
    covers = models.TextField(help_text="What supervision covers")
    agreed_on = models.DateField()
    co_produced_by: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        USER, related_name="+", help_text="The service's peer workers who co-produced it"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-agreed_on", "-pk"]
        verbose_name_plural = "supervision guidance"

    def __str__(self) -> str:
        return f"Supervision guidance agreed {self.agreed_on:%-d %b %Y}"


class Involvement(models.Model):
    """Principle 4: one occasion on which mothers with lived experience and peer workers shaped
    the service. Mothers are a number, never named; peer workers' parts are InvolvementPart."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="involvements")
    held_on = models.DateField()
    shaped = models.TextField(help_text="What was shaped")
    mothers = models.PositiveSmallIntegerField(
        default=0, help_text="How many mothers with lived experience took part (no names)"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["service", "held_on"])]

    def __str__(self) -> str:
        return f"Involvement on {self.held_on:%-d %b %Y}"


class InvolvementPart(PersonLevel, models.Model):
    """A peer worker's part in an involvement: whether she chose it, and the hours. A part she did
    not choose is role drift: it is also a NonPeerDuty (chosen=False), so the one drift figure counts it."""

    involvement = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="parts")
    membership = models.ForeignKey(
        "organisations.Membership", on_delete=models.CASCADE, related_name="involvement_parts"
    )
    chosen = models.BooleanField(help_text="She chose to do it")
    hours = models.DecimalField(max_digits=4, decimal_places=1)
    duty = models.OneToOneField(
        NonPeerDuty, on_delete=models.SET_NULL, null=True, blank=True, related_name="involvement_part"
    )

    class Meta:
        ordering = ["involvement", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["involvement", "membership"], name="one_part_each_in_an_involvement"
            )
        ]

    def __str__(self) -> str:
        return f"Part in {self.involvement}"
