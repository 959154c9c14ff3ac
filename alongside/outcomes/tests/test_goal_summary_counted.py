"""goal_summary counts in the database; its figures are those of the plain definition, goal by goal
(the reference below: every goal's ratings read in Python, change() and reliable() applied), on
data made for the edges: ratings before the period and after it, two ratings on one day, a
decision changed and one made after the period, and three services with their own thresholds
(one a whole number, where a change equal to it is reliable)."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from alongside.organisations.models import Membership, Service
from alongside.outcomes import metrics
from alongside.outcomes.models import Goal, GoalRating, GoalsDecision, OutcomeSettings
from alongside.support.models import PeerSupport
from conftest import make_member, refer

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 6, 30)


def reference(peer_supports: Any, start: dt.date, end: dt.date) -> metrics.GoalSummary:
    """The definition read goal by goal, as goal_summary was first written."""
    latest: dict[int, str] = {}
    for d in GoalsDecision.objects.filter(peer_support__in=peer_supports, decided_on__lte=end).order_by(
        "peer_support_id", "decided_on", "pk"
    ):
        latest[d.peer_support_id] = d.choice
    goals = Goal.objects.filter(
        peer_support__in=peer_supports, ratings__rated_on__range=(start, end)
    ).distinct()
    changes, improved, people = [], 0, set()
    for goal in goals:
        people.add(goal.peer_support.person_id)
        ratings = sorted(goal.ratings.filter(rated_on__lte=end), key=lambda r: (r.rated_on, r.pk))
        delta = metrics.change([r.score for r in ratings])
        if delta is not None:
            changes.append(delta)
            threshold = OutcomeSettings.for_service(goal.peer_support.service_id).reliable_change
            improved += metrics.reliable(delta, threshold) == metrics.IMPROVED
    return metrics.GoalSummary(
        people_asked=len(latest),
        people_declined=sum(1 for c in latest.values() if c == GoalsDecision.Choice.DECLINED),
        people_with_goals=len(people),
        goals_rated_twice=len(changes),
        mean_change=(Decimal(sum(changes)) / len(changes)).quantize(Decimal("0.1")) if changes else None,
        reliably_improved=improved,
    )


def some_goals(clinician: Membership, rng: random.Random, n: int) -> None:
    now = timezone.now()
    user = clinician.user
    for i in range(n):
        ps = refer(clinician, given_name=f"G{clinician.pk}x{i}", nhs_number="")
        for _ in range(rng.randint(0, 2)):  # decisions, some after the period, some changed
            GoalsDecision.objects.create(
                peer_support=ps,
                choice=rng.choice(GoalsDecision.Choice.values),
                decided_on=START + dt.timedelta(days=rng.randint(-30, 220)),
                recorded_by=user,
                recorded_at=now,
            )
        for _ in range(rng.randint(0, 3)):
            goal = Goal.objects.create(
                peer_support=ps, set_on=START - dt.timedelta(days=60), created_by=user, created_at=now
            )
            for _ in range(rng.randint(1, 4)):  # ratings before, in and after the period
                GoalRating.objects.create(
                    goal=goal,
                    rated_on=START + dt.timedelta(days=rng.choice([-40, -1, 0, 30, 30, 90, 180, 200])),
                    score=rng.randint(0, 10),
                    stage=GoalRating.Stage.REVIEW,
                    recorded_by=user,
                    recorded_at=now,
                )


def test_the_counted_summary_is_the_goal_by_goal_summary(service: Service, other_service: Service) -> None:
    third = Service.objects.create(name="Third", kind=service.kind, trust=service.trust, icb=service.icb)
    OutcomeSettings.objects.create(service=service, reliable_change=Decimal("3"))
    OutcomeSettings.objects.create(service=other_service, reliable_change=Decimal("1.5"))
    rng = random.Random(12)
    for s in (service, other_service, third):
        some_goals(make_member(s, "clinician", f"clin{s.pk}"), rng, 25)
    for scope in (PeerSupport.objects.all(), PeerSupport.objects.filter(service=service)):
        for start, end in ((START, END), (START, START), (END, END + dt.timedelta(days=100))):
            assert metrics.goal_summary(scope, start, end) == reference(scope, start, end), (start, end)
    found = metrics.goal_summary(PeerSupport.objects.all(), START, END)
    assert found.goals_rated_twice > 20 and found.reliably_improved > 0 and found.people_declined > 0


def test_the_summary_runs_the_same_queries_for_few_goals_and_many(service: Service) -> None:
    clinician = make_member(service, "clinician", "clin")
    rng = random.Random(3)
    some_goals(clinician, rng, 2)
    with CaptureQueriesContext(connection) as few:
        metrics.goal_summary(PeerSupport.objects.filter(service=service), START, END)
    some_goals(clinician, rng, 30)
    with CaptureQueriesContext(connection) as many:
        metrics.goal_summary(PeerSupport.objects.filter(service=service), START, END)
    assert len(few) == len(many)
