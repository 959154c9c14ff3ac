"""Principle 3: peer support defines its own outcomes (ADR 0017).

Goals (goal-based outcomes) only where she and her peer worker agree they would help; a short
feedback form about what peer support is for; stories and quotes used only as far as consent
goes. No clinical scale is stored anywhere here, and a test keeps it so.
"""

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from alongside.lib.person_level import PersonLevel
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.support.models import PeerSupport

USER = settings.AUTH_USER_MODEL
MAX_GOALS = 3
LOWEST, HIGHEST = 0, 10


class OutcomeSettings(models.Model):
    """A service's own choices for outcomes. No row means the defaults."""

    service = models.OneToOneField(Service, on_delete=models.CASCADE, related_name="outcome_settings")
    # Reliable change: docs/domain.md, "Goal-based outcomes (GBO)".
    reliable_change = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2.45"),
        help_text="Points of change on a 0 to 10 goal that count as reliable (2.45 by default)",
    )
    feedback_link_days = models.PositiveSmallIntegerField(
        default=14, help_text="Days a feedback link works before it expires"
    )

    def __str__(self) -> str:
        return f"Outcome settings for {self.service}"

    @classmethod
    def for_service(cls, service: Service | int) -> "OutcomeSettings":
        service_id = service if isinstance(service, int) else service.pk
        return cls.objects.filter(service_id=service_id).first() or cls(service_id=service_id)


class GoalsDecision(PersonLevel, models.Model):
    """Whether she and her peer worker agreed goals would help. Declining is an answer, not a gap."""

    class Choice(models.TextChoices):
        AGREED = "agreed", "We agreed goals would help"
        DECLINED = "declined", "We decided goals would not help for now"

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="goals_decisions")
    choice = models.CharField(max_length=10, choices=Choice.choices)
    decided_on = models.DateField()
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-decided_on", "-pk"]

    def __str__(self) -> str:
        return self.get_choice_display()


class Goal(PersonLevel, models.Model):
    """One of up to three goals in her own words. Rewording keeps the history; replacing ends it."""

    class Ended(models.TextChoices):
        REPLACED = "replaced", "Replaced with a new goal"
        ACHIEVED = "achieved", "She feels she has got there"
        NOT_WANTED = "not_wanted", "No longer something she wants to work on"
        SUPPORT_ENDED = "support_ended", "Peer support ended"

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="goals")
    set_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=Ended.choices, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="replaced_by"
    )
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["set_on", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """Her latest words for it (wordings are prefetched newest first where lists need them)."""
        latest = next(iter(self.wordings.all()), None)
        return latest.text if latest else ""


class GoalWording(PersonLevel, models.Model):
    """Her words for a goal from a date. The first is how she put it when it was set."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="wordings")
    text = models.CharField(max_length=300)
    from_on = models.DateField()
    written_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        ordering = ["-from_on", "-pk"]

    def __str__(self) -> str:
        return self.text


class GoalRating(PersonLevel, models.Model):
    """How close she feels to the goal, 0 (not at all) to 10 (all the way), on a day."""

    class Stage(models.TextChoices):
        START = "start", "When the goal was set"
        REVIEW = "review", "A review"
        END = "end", "At the end"

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="ratings")
    rated_on = models.DateField()
    score = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=10, choices=Stage.choices)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["rated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=LOWEST, score__lte=HIGHEST), name="goal_rating_0_to_10"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score} on {self.rated_on:%-d %b %Y}"


# Peer-defined feedback -------------------------------------------------------------------


class Item(models.TextChoices):
    """What peer support is for, in her words. Never a clinical scale (docs/domain.md,
    "Principle 3: Complements rather than replicates clinical services")."""

    HEARD = "heard", "Feeling heard and understood"
    LESS_ALONE = "less_alone", "Feeling less alone"
    HOPEFUL = "hopeful", "Feeling more hopeful"
    COPING = "coping", "Dealing better with being unwell"
    UNDERSTANDING = "understanding", "Understanding what is happening"
    OTHER_SUPPORT = "other_support", "Feeling able to use other support"


class Score(models.IntegerChoices):
    NOT_AT_ALL = 1, "Not at all"
    A_LITTLE = 2, "A little"
    SOMEWHAT = 3, "Somewhat"
    QUITE_A_LOT = 4, "Quite a lot"
    A_LOT = 5, "A lot"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class FeedbackLink(PersonLevel, models.Model):
    """A one-time link for her to give feedback herself: no login, expires, works once.

    Only the hash of its secret is kept, so the database cannot be read for working links.
    """

    peer_support = models.ForeignKey(PeerSupport, on_delete=models.CASCADE, related_name="feedback_links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Feedback link of {self.created_at:%-d %b %Y}"

    def usable(self, now: dt.datetime) -> bool:
        return self.used_at is None and now < self.expires_at


class FeedbackResponse(PersonLevel, models.Model):
    """One completed feedback form. An anonymous one keeps the service and month, not who gave it."""

    class How(models.TextChoices):
        HERSELF = "herself", "On her own, from a link"
        WITH_PEER_WORKER = "with_peer_worker", "With her peer worker"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="feedback")
    peer_support = models.ForeignKey(
        PeerSupport, on_delete=models.SET_NULL, null=True, blank=True, related_name="feedback"
    )
    how = models.CharField(max_length=20, choices=How.choices)
    anonymous = models.BooleanField(default=False)
    given_on = models.DateField()

    class Meta:
        ordering = ["-given_on", "-pk"]

    def __str__(self) -> str:
        return f"Feedback of {self.given_on:%-d %b %Y}"


class FeedbackAnswer(PersonLevel, models.Model):
    response = models.ForeignKey(FeedbackResponse, on_delete=models.CASCADE, related_name="answers")
    item = models.CharField(max_length=20, choices=Item.choices)
    score = models.PositiveSmallIntegerField(choices=Score.choices, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["response", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.score}"


# Stories and quotes ----------------------------------------------------------------------


class Theme(models.Model):
    """A theme a story speaks to (hope, isolation, stigma...): data, so a service can add its own."""

    slug = models.SlugField(max_length=50, unique=True)
    label = models.CharField(max_length=100)
    position = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Story(PersonLevel, models.Model):
    """A story or quote from a mother, a partner or a peer worker, used only as far as consent goes."""

    class Teller(models.TextChoices):
        MOTHER = "mother", "A mother"
        PARTNER = "partner", "A partner or father"
        PEER_WORKER = "peer_worker", "A peer worker"

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    teller = models.CharField(max_length=20, choices=Teller.choices)
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stories",
        help_text="The mother or partner whose story it is, if she is supported here",
    )
    told_by = models.ForeignKey(
        USER,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The peer worker whose story it is",
    )
    quote = models.TextField(help_text="In her own words, as she agreed it may be used")
    context = models.TextField(blank=True, help_text="What a reader needs to know (never who she is)")
    themes: "models.ManyToManyField[Any, Any]" = models.ManyToManyField(
        Theme, blank=True, related_name="stories"
    )
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    recorded_on = models.DateField()

    class Meta:
        ordering = ["-recorded_on", "-pk"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.quote[:60]


class Scope(models.TextChoices):
    """Each use is consented to separately."""

    SERVICE = "service", "Inside the service"
    COMMISSIONERS = "commissioners", "In reports to commissioners"
    PUBLIC = "public", "Publicly"


class StoryConsent(PersonLevel, models.Model):
    """Consent to one use of a story, from a date, until withdrawn."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(max_length=20, choices=Scope.choices)
    given_on = models.DateField()
    withdrawn_on = models.DateField(null=True, blank=True)
    recorded_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["scope"]
        constraints = [models.UniqueConstraint(fields=["story", "scope"], name="one_consent_per_use")]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} from {self.given_on:%-d %b %Y}"

    def in_force(self, on: dt.date) -> bool:
        return self.given_on <= on and (self.withdrawn_on is None or self.withdrawn_on > on)
