"""Outcome figures, each defined once (ADR 0004). Goal change is the latest rating minus the first;
reliable change means a change at least as large as the service's threshold (default 2.45)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet

from alongside.organisations.models import Service
from alongside.outcomes.models import (
    FeedbackAnswer,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    Item,
    OutcomeSettings,
    Scope,
    Story,
    StoryConsent,
    Theme,
)
from alongside.support.models import PeerSupport

IMPROVED, NO_CHANGE, WORSE = "improved", "no_reliable_change", "worse"


def change(scores: Sequence[int]) -> int | None:
    """Latest minus first, or None until there are two ratings to compare."""
    return scores[-1] - scores[0] if len(scores) >= 2 else None


def reliable(delta: int | None, threshold: Decimal) -> str | None:
    if delta is None:
        return None
    if delta >= threshold:
        return IMPROVED
    if delta <= -threshold:
        return WORSE
    return NO_CHANGE


@dataclass
class GoalProgress:
    goal: Goal
    scores: list[int]
    dates: list[dt.date]
    change: int | None
    reliable: str | None


def progress(goals: Iterable[Goal], threshold: Decimal) -> list[GoalProgress]:
    """Each goal's ratings in date order with its change. Expects ratings prefetched (ratings_prefetch)."""
    out = []
    for goal in goals:
        ratings = list(goal.ratings.all())
        scores = [r.score for r in ratings]
        delta = change(scores)
        out.append(
            GoalProgress(goal, scores, [r.rated_on for r in ratings], delta, reliable(delta, threshold))
        )
    return out


def ratings_prefetch() -> tuple[Prefetch, Prefetch]:
    return (
        Prefetch("ratings", queryset=GoalRating.objects.order_by("rated_on", "pk")),
        Prefetch("wordings"),
    )


@dataclass
class GoalSummary:
    people_asked: int  # a decision recorded either way
    people_declined: int
    people_with_goals: int
    goals_rated_twice: int
    mean_change: Decimal | None
    reliably_improved: int


def goal_summary(peer_supports: QuerySet[PeerSupport], start: dt.date, end: dt.date) -> GoalSummary:
    """Goals of the relationships given, for goals with a rating in the period (start and end included)."""
    decisions = GoalsDecision.objects.filter(peer_support__in=peer_supports, decided_on__lte=end)
    latest: dict[int, str] = {}
    for ps_id, choice in decisions.order_by("peer_support_id", "decided_on", "pk").values_list(
        "peer_support_id", "choice"
    ):
        latest[ps_id] = choice
    goals = (
        Goal.objects.filter(peer_support__in=peer_supports, ratings__rated_on__range=(start, end))
        .distinct()
        .select_related("peer_support")
        .prefetch_related(Prefetch("ratings", queryset=GoalRating.objects.filter(rated_on__lte=end)))
    )
    thresholds: dict[int, Decimal] = {}
    changes: list[int] = []
    improved = 0
    people: set[int] = set()
    for goal in goals:
        people.add(goal.peer_support.person_id)
        service_id = goal.peer_support.service_id
        if service_id not in thresholds:
            thresholds[service_id] = OutcomeSettings.for_service(service_id).reliable_change
        delta = change([r.score for r in sorted(goal.ratings.all(), key=lambda r: (r.rated_on, r.pk))])
        if delta is not None:
            changes.append(delta)
            improved += reliable(delta, thresholds[service_id]) == IMPROVED
    mean = (Decimal(sum(changes)) / len(changes)).quantize(Decimal("0.1")) if changes else None
    return GoalSummary(
        people_asked=len(latest),
        people_declined=sum(1 for c in latest.values() if c == GoalsDecision.Choice.DECLINED),
        people_with_goals=len(people),
        goals_rated_twice=len(changes),
        mean_change=mean,
        reliably_improved=improved,
    )


@dataclass
class ItemSummary:
    item: str
    label: str
    answered: int
    helped: int  # "quite a lot" or "a lot"


def feedback_summary(service: Service, start: dt.date, end: dt.date) -> tuple[int, list[ItemSummary]]:
    """How many forms came back in the period, and for each question how many said it helped."""
    responses = FeedbackResponse.objects.filter(service=service, given_on__range=(start, end))
    rows = (
        FeedbackAnswer.objects.filter(response__in=responses, score__isnull=False)
        .values("item")
        .annotate(answered=Count("pk"), helped=Count("pk", filter=Q(score__gte=4)))
    )
    by_item = {r["item"]: r for r in rows}
    return responses.count(), [
        ItemSummary(
            item, label, by_item.get(item, {}).get("answered", 0), by_item.get(item, {}).get("helped", 0)
        )
        for item, label in Item.choices
    ]


def consented(stories: QuerySet[Story], scope: str, on: dt.date) -> QuerySet[Story]:
    """Stories whose consent for this use is in force on the day: withdrawn ones are left out."""
    in_force = StoryConsent.objects.filter(scope=scope, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    return stories.filter(consents__in=in_force).distinct()


def theme_counts(service: Service, start: dt.date, end: dt.date) -> list[tuple[Theme, int]]:
    """Stories recorded in the period by theme, for stories with consent for use in the service."""
    stories = consented(
        Story.objects.filter(service=service, recorded_on__range=(start, end)), Scope.SERVICE, end
    )
    counts = Counter(stories.values_list("themes", flat=True))
    return [(theme, counts.get(theme.pk, 0)) for theme in Theme.objects.all()]
