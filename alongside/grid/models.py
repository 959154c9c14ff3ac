"""The rows of the self-reflective grid: the five principles, each broken into the practices the
thought piece describes (docs/domain.md, "The five principles"), written in the project's words.

The rows are data: migration 0002 loads the defaults from data/practices.csv, and a national
administrator edits them in the Django admin (title, what good looks like, the live evidence that
goes with it, whether it is in use). Code never lists them.
"""

from django.core.exceptions import ValidationError
from django.db import models

from alongside.lib.person_level import PersonLevel


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


DEFAULT_SCALE = ["Not yet", "Partly", "Mostly", "Fully"]


def default_scale() -> list[str]:
    return list(DEFAULT_SCALE)


class Review(models.Model):
    """A dated look at the whole grid by a service, with its peer workers: how well each practice
    is met (on a scale the service names), the evidence, who took part, and what it will do."""

    service = models.ForeignKey(
        "organisations.Service", on_delete=models.PROTECT, related_name="grid_reviews"
    )
    started_on = models.DateField()
    started_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    completed_on = models.DateField(null=True, blank=True)
    scale = models.JSONField(default=default_scale, help_text="The names of its levels, lowest first")
    participants = models.ManyToManyField("accounts.User", blank=True, related_name="grid_reviews")
    others = models.TextField(
        blank=True, help_text="Who else took part, such as mothers with lived experience (no names needed)"
    )

    class Meta:
        ordering = ["-started_on", "-pk"]

    def __str__(self) -> str:
        return f"Review of {self.started_on:%-d %B %Y}"

    def level_name(self, level: int | None) -> str:
        return self.scale[level] if level is not None and 0 <= level < len(self.scale) else "Not rated"


class Rating(models.Model):
    """The service's rating of one practice in a review, with its evidence as it stood that day."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="ratings")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    evidence = models.TextField(blank=True, help_text="Their own evidence, in words, with any links")
    figures = models.JSONField(
        default=list, blank=True, help_text="Alongside's figures on the day it was rated"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "practice"], name="one_rating_per_practice")]

    def __str__(self) -> str:
        return f"{self.practice}: {self.review.level_name(self.level)}"


class PeerView(PersonLevel, models.Model):
    """A member of the team's own rating of a practice, shown beside the service's, never averaged."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="peer_views")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30)
    level = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "practice", "author"], name="one_view_each_per_practice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}'s view of {self.practice}"


class GridAction(PersonLevel, models.Model):
    """What the service will do about a practice, with who will do it and by when: on her Today."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="+")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="grid_actions")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description
