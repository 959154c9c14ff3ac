"""Our shared vocabularies, as Open Referral UK taxonomies with fixed ids (ADR 0008).

Needs and conditions, communities, and modes of support: a person's needs (people), a peer
worker's offer (workforce), a partner's remit (partners), matching (support) and the directory's
services all use the same terms, so they are kept here, below them all. The terms themselves were
loaded by directory migration 0002 (data/vocabularies.csv there), when they lived in the directory.
"""

import uuid

from django.db import models

# Our vocabularies: fixed ids, so they mean the same everywhere.
CONDITIONS = uuid.UUID("6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0001")
COMMUNITIES = uuid.UUID("6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0002")
MODES = uuid.UUID("6c1f6a1e-2b43-4a2e-9a55-0d6f3c2a0003")
OUR_TAXONOMIES = (CONDITIONS, COMMUNITIES, MODES)


def term_id(taxonomy_id: uuid.UUID, code: str) -> uuid.UUID:
    """The id of one of our own terms (directory migration 0002 made them)."""
    return uuid.uuid5(taxonomy_id, code)


class Taxonomy(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"
        db_table = "directory_taxonomy"  # made by the directory app, before vocabularies were their own

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(max_length=100)
    name = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["taxonomy", "position", "name"]
        db_table = "directory_taxonomyterm"
        constraints = [models.UniqueConstraint(fields=["taxonomy", "code"], name="one_code_per_taxonomy")]

    def __str__(self) -> str:
        return self.name
