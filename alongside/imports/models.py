"""What an import keeps: a service's own references, its saved column mappings, and each import.

ADR 0050 says why each exists and how long an uploaded file is kept.
"""

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service


class Reference(models.Model):
    """The service's own reference for a row of a sheet, and the record it became.

    Re-importing a file finds each row's record by it, so the same file twice changes nothing.
    Families have references too (sheet "families"), given on the people sheet."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    sheet = models.CharField(max_length=20)
    reference = models.CharField(max_length=100)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["service", "sheet", "reference"], name="one_reference_per_service"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sheet} {self.reference}"


class ColumnMapping(models.Model):
    """A named mapping, saved by a service: for each sheet, file heading -> sheet column key."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    columns = models.JSONField(default=dict)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["service", "name"], name="one_mapping_name_per_service")
        ]

    def __str__(self) -> str:
        return self.name


class ImportJob(PersonLevel, models.Model):
    """One upload, from its dry run to its result. Its file holds people's records, so it is
    person-level, and the file is emptied once imported or after 7 days (ADR 0050)."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        PLANNED = "planned", "Checked"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        REFUSED = "refused", "Not imported"
        FAILED = "failed", "Failed"

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    content = models.BinaryField(default=b"", editable=False)
    mapping = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    # The dry run's answer, kept so its pages and the refused rows' file need not read it again.
    plan = models.JSONField(default=dict)
    result = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["service", "created_by", "created_at"])]

    def __str__(self) -> str:
        return f"Import {self.pk} of {self.file_name}"
