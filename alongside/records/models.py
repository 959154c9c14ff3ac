"""What Alongside keeps about erasure itself: that a record was erased, when, why, by whom.

No name, NHS number or other identifier of hers is kept here or in the audit row (ADR 0024):
the row points at her record, which after erasure holds no identifier either.
"""

from django.conf import settings
from django.db import models

from alongside.people.models import Person


class Erasure(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", "On her request"
        RETENTION = "retention", "Past its retention period"

    class Ground(models.TextChoices):
        """UK GDPR Article 17(1): the grounds on which a request to erase must be met."""

        CONSENT_WITHDRAWN = (
            "consent_withdrawn",
            "She withdrew her consent and nothing else allows us to keep it",
        )
        OBJECTED = "objected", "She objected, and there is no overriding reason to keep it"
        NOT_NEEDED = "not_needed", "It is no longer needed for the purpose it was collected for"
        UNLAWFUL = "unlawful", "It should not have been recorded"
        LEGAL_OBLIGATION = "legal_obligation", "The law requires us to erase it"

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="erasure")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    ground = models.CharField(max_length=30, choices=Ground.choices, blank=True)
    reference = models.CharField(
        max_length=40, blank=True, help_text="The case reference of the request in the service's own log"
    )
    erased_at = models.DateTimeField(auto_now_add=True)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Erased {self.erased_at:%-d %b %Y} ({self.get_kind_display().lower()})"
