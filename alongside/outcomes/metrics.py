"""Outcome figures, each defined once (ADR 0004). Goal change is the latest rating minus the first;
reliable change means a change at least as large as the service's threshold (default 2.45)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery

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


def service_goal_summary(service: Service, start: dt.date, end: dt.date) -> GoalSummary:
    """The service's goals, as the commissioner's report and the grid count them."""
    return goal_summary(PeerSupport.objects.filter(service=service), start, end)


def goal_summary(peer_supports: QuerySet[PeerSupport], start: dt.date, end: dt.date) -> GoalSummary:
    """Goals of the relationships given, for goals with a rating in the period (start and end included).

    Counted by the database: each goal's first and latest rating up to the end of the period are
    found in the query, and only the number of goals for each change (at most 21 changes, -10 to
    +10, per service) comes back, so a service-year of goals is a few small results whatever its
    size. The change and whether it is reliable are still change() and reliable() above."""
    asked, declined = _decisions(peer_supports, end)
    goals = Goal.objects.filter(peer_support__in=peer_supports).filter(
        Exists(GoalRating.objects.filter(goal=OuterRef("pk"), rated_on__gte=start, rated_on__lte=end))
    )
    people = goals.aggregate(n=Count("peer_support__person", distinct=True))["n"]
    upto_end = GoalRating.objects.filter(goal=OuterRef("pk"), rated_on__lte=end)
    by_change = (
        goals.annotate(
            rated=Subquery(upto_end.order_by().values("goal").annotate(n=Count("pk")).values("n")),
            first=Subquery(upto_end.order_by("rated_on", "pk").values("score")[:1]),
            latest=Subquery(upto_end.order_by("-rated_on", "-pk").values("score")[:1]),
        )
        .filter(rated__gte=2)  # change() needs two ratings to compare
        .annotate(delta=F("latest") - F("first"))
        .order_by()
        .values_list("peer_support__service_id", "delta")
        .annotate(goals=Count("pk"))
    )
    rows = list(by_change)
    thresholds = _thresholds({service_id for service_id, _, _ in rows})
    rated_twice = sum(n for _, _, n in rows)
    total = sum(delta * n for _, delta, n in rows)
    improved = sum(n for service_id, delta, n in rows if reliable(delta, thresholds[service_id]) == IMPROVED)
    return GoalSummary(
        people_asked=asked,
        people_declined=declined,
        people_with_goals=int(people),
        goals_rated_twice=rated_twice,
        mean_change=(Decimal(total) / rated_twice).quantize(Decimal("0.1")) if rated_twice else None,
        reliably_improved=improved,
    )


def _decisions(peer_supports: QuerySet[PeerSupport], end: dt.date) -> tuple[int, int]:
    """Relationships with a decision about goals by the end of the period, and those whose latest
    decision then was to decline: counted in one query."""
    decisions = GoalsDecision.objects.filter(peer_support__in=peer_supports, decided_on__lte=end)
    later = decisions.filter(peer_support=OuterRef("peer_support")).filter(
        Q(decided_on__gt=OuterRef("decided_on")) | Q(decided_on=OuterRef("decided_on"), pk__gt=OuterRef("pk"))
    )
    found = decisions.filter(~Exists(later)).aggregate(
        asked=Count("pk"), declined=Count("pk", filter=Q(choice=GoalsDecision.Choice.DECLINED))
    )
    return int(found["asked"]), int(found["declined"])


def _thresholds(service_ids: set[int]) -> dict[int, Decimal]:
    """Each service's reliable change (OutcomeSettings, else the default), in one query."""
    chosen = dict(
        OutcomeSettings.objects.filter(service_id__in=service_ids).values_list(
            "service_id", "reliable_change"
        )
    )
    default = OutcomeSettings._meta.get_field("reliable_change").get_default()
    return {pk: chosen.get(pk, default) for pk in service_ids}


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
    """Stories whose consent for this use is in force on the day: withdrawn ones are left out.

    Asked of each story's own consents (one look-up by story and use), not of every consent in the
    nation as a list first."""
    in_force = StoryConsent.objects.filter(story=OuterRef("pk"), scope=scope, given_on__lte=on).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on)
    )
    return stories.filter(Exists(in_force)).distinct()


def theme_counts(service: Service, start: dt.date, end: dt.date) -> list[tuple[Theme, int]]:
    """Stories recorded in the period by theme, for stories with consent for use in the service."""
    stories = consented(
        Story.objects.filter(service=service, recorded_on__range=(start, end)), Scope.SERVICE, end
    )
    counts = Counter(stories.values_list("themes", flat=True))
    return [(theme, counts.get(theme.pk, 0)) for theme in Theme.objects.all()]
