"""Third-sector partners' remits: who each partner organisation is for, in the shared vocabularies.

The vocabularies are the signposting directory's (alongside.directory.models: CONDITIONS,
COMMUNITIES, MODES), so a remit, a peer worker's profile and a person's record speak the same
words and matching can compare them (ADR 0015). The organisation's own description of its remit
stays on Organisation.remit, in its own words.
"""

from typing import Any

from django.conf import settings
from django.db import models

from alongside.organisations.models import Organisation


def split_list(text: str) -> list[str]:
    """A comma-separated list as typed, without blanks or repeats (first spelling kept)."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        part = " ".join(part.split())
        if part and part.lower() not in seen:
            seen[part.lower()] = part
    return list(seen.values())


class Remit(models.Model):
    """What a partner organisation offers, and to whom. No row yet means nothing recorded."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="partner_remit",
        limit_choices_to={"kind": Organisation.Kind.THIRD_SECTOR},
    )
    conditions: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "vocabularies.TaxonomyTerm", blank=True, related_name="+", help_text="Conditions vocabulary"
    )
    communities: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "vocabularies.TaxonomyTerm", blank=True, related_name="+", help_text="Communities vocabulary"
    )
    modes: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        "vocabularies.TaxonomyTerm", blank=True, related_name="+", help_text="Modes vocabulary"
    )
    areas = models.CharField(
        max_length=500,
        blank=True,
        help_text="Postcode districts it covers, comma-separated (e.g. B8, B9); empty for anywhere",
    )
    languages = models.CharField(
        max_length=300,
        blank=True,
        help_text="Languages it offers support in besides English, comma-separated",
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return f"Remit of {self.organisation}"

    @property
    def area_list(self) -> list[str]:
        return [a.upper() for a in split_list(self.areas)]

    @property
    def language_list(self) -> list[str]:
        return split_list(self.languages)
