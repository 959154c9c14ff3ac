"""Principle 5, benefits everyone: a training curriculum kept as data, and who has done what.

The curriculum is seeded from data/curriculum.csv (docs/domain.md, "Curriculum") and a service's
administrator can change it in the database without a release. A training record is about one
person, wherever she works: she is trained once, even when she works in two services.
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel

USER = settings.AUTH_USER_MODEL


class Module(models.Model):
    """One topic of the curriculum, or the short session on the peer worker role for clinical staff."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    competencies = models.TextField(blank=True, help_text="What she can do once trained, one to a line")
    renewal_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Months before it must be done again; empty if once is enough"
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)
    for_staff = models.BooleanField(
        default=False, help_text="For clinical staff (recommendation 2), not in a peer worker's curriculum"
    )

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name


class TrainingRecord(PersonLevel, models.Model):
    """She completed a module (or a clinician attended the staff session) on a day."""

    user = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="training_records")
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField()
    provider = models.CharField(max_length=200, blank=True)
    accredited = models.BooleanField(default=False)
    evidence = models.TextField(blank=True, help_text="A certificate number, or where the evidence is kept")
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["user", "module", "completed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "module", "completed_on"], name="one_training_record_of_a_module_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module} on {self.completed_on:%-d %b %Y}"


class DevelopmentKind(models.TextChoices):
    """Recommendations 6 and 14: what her own development record holds."""

    COURSE = "course", "Course"
    NETWORKING = "networking", "Networking"
    FACE_TO_FACE = "face_to_face", "Face-to-face meeting with peer workers of other teams"
    PROGRESSION = "progression", "Progression"


class DevelopmentEntry(PersonLevel, models.Model):
    """One entry in a peer worker's own development record. Hers: only she reads or changes it
    (not her co-ordinator, not a manager); it is counted only in aggregate (development_share)."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="development_entries")
    kind = models.CharField(max_length=20, choices=DevelopmentKind.choices)
    happened_on = models.DateField()
    title = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["user", "happened_on"])]
        verbose_name_plural = "development entries"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"
