"""The rows of the self-reflective grid: the five principles, each broken into the practices the
thought piece describes (docs/domain.md, "The five principles"), written in the project's words.

The rows are data: migration 0002 loads the defaults from data/practices.csv, and a national
administrator edits them in the Django admin (title, what good looks like, the live evidence that
goes with it, whether it is in use). Code never lists them.
"""

from django.core.exceptions import ValidationError
from django.db import models


class Principle(models.IntegerChoices):
    SAFE = 1, "Safe and nurturing"
    INCLUSIVE = 2, "Accessible and inclusive"
    COMPLEMENTARY = 3, "Complements rather than replicates clinical services"
    LIVED_EXPERIENCE = 4, "Involvement of people with lived experience and peer leadership"
    BENEFITS_EVERYONE = 5, "Benefits everyone involved, including peer supporters"


class Practice(models.Model):
    """One row of the grid: a practice that shows a principle is met."""

    principle = models.PositiveSmallIntegerField(choices=Principle.choices)
    code = models.SlugField(max_length=50, unique=True, help_text="Stays the same when the words change")
    title = models.CharField(max_length=120)
    good = models.TextField("What good looks like")
    evidence = models.JSONField(
        default=list,
        blank=True,
        help_text="Keys of the live figures shown beside it (alongside/grid/evidence.py)",
    )
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["principle", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from alongside.grid.evidence import EVIDENCE

        unknown = [key for key in self.evidence or [] if key not in EVIDENCE]
        if unknown:
            raise ValidationError({"evidence": f"No such figure: {', '.join(unknown)}"})
