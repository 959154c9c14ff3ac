"""Goal-based outcomes: offered only where agreed, up to three, rated 0 to 10, history kept."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.outcomes import metrics, services
from alongside.outcomes.models import Goal, GoalRating, GoalsDecision, GoalWording, OutcomeSettings
from conftest import client_for

TODAY = dt.date.today


def agree(member: Any, ps: Any, choice: str = GoalsDecision.Choice.AGREED) -> None:
    services.decide(
        actor=member.user, membership=member, peer_support=ps, choice=choice, decided_on=timezone.localdate()
    )


def set_goal(member: Any, ps: Any, text: str = "Go to the baby group", score: int = 2, **extra: Any) -> Goal:
    on = extra.pop("set_on", timezone.localdate() - dt.timedelta(days=60))
    return services.goal_set(
        actor=member.user, membership=member, peer_support=ps, text=text, set_on=on, score=score, **extra
    )


def rate(member: Any, goal: Goal, score: Any, days_ago: int = 0) -> GoalRating:
    return services.goal_rate(
        actor=member.user,
        membership=member,
        goal=goal,
        score=score,
        rated_on=timezone.localdate() - dt.timedelta(days=days_ago),
        stage=GoalRating.Stage.REVIEW,
    )


@pytest.mark.parametrize(
    ("scores", "expected"), [([2], None), ([2, 5], 3), ([2, 9, 4], 2), ([7, 3], -4), ([5, 5], 0)]
)
def test_change_is_the_latest_rating_minus_the_first(scores: list[int], expected: int | None) -> None:
    assert metrics.change(scores) == expected


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (None, None),
        (2, metrics.NO_CHANGE),
        (3, metrics.IMPROVED),
        (-3, metrics.WORSE),
        (-2, metrics.NO_CHANGE),
    ],
)
def test_reliable_change_uses_the_threshold(delta: int | None, expected: str | None) -> None:
    assert metrics.reliable(delta, Decimal("2.45")) == expected


def test_a_change_equal_to_the_threshold_is_reliable() -> None:
    assert metrics.reliable(2, Decimal("2")) == metrics.IMPROVED
    assert metrics.reliable(2, Decimal("2.01")) == metrics.NO_CHANGE


def test_goals_are_set_only_where_agreed(allocated: Any, peer_worker: Any) -> None:
    with pytest.raises(ValidationError, match="agreed"):
        set_goal(peer_worker, allocated)
    agree(peer_worker, allocated, GoalsDecision.Choice.DECLINED)
    with pytest.raises(ValidationError, match="agreed"):
        set_goal(peer_worker, allocated)
    assert not Goal.objects.exists()
    agree(peer_worker, allocated)
    assert set_goal(peer_worker, allocated).text == "Go to the baby group"


def test_declining_is_counted_as_an_answer_not_a_gap(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated, GoalsDecision.Choice.DECLINED)
    summary = metrics.goal_summary(type(allocated).objects.all(), TODAY() - dt.timedelta(days=365), TODAY())
    assert (summary.people_asked, summary.people_declined, summary.people_with_goals) == (1, 1, 0)


def test_a_fourth_goal_is_refused_and_nothing_saved(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated)
    for n in range(3):
        set_goal(peer_worker, allocated, text=f"Goal {n}")
    with pytest.raises(ValidationError, match="already has 3 goals"):
        set_goal(peer_worker, allocated, text="A fourth")
    assert Goal.objects.count() == 3


@pytest.mark.parametrize("score", [-1, 11, "7", None])
def test_ratings_outside_0_to_10_are_refused(allocated: Any, peer_worker: Any, score: Any) -> None:
    agree(peer_worker, allocated)
    goal = set_goal(peer_worker, allocated)
    with pytest.raises(ValidationError, match="0 to 10"):
        rate(peer_worker, goal, score)
    assert goal.ratings.count() == 1


def test_a_rating_dated_before_the_goal_or_in_the_future_is_refused(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated)
    goal = set_goal(peer_worker, allocated, set_on=timezone.localdate() - dt.timedelta(days=10))
    with pytest.raises(ValidationError, match="before the goal was set"):
        rate(peer_worker, goal, 5, days_ago=11)
    with pytest.raises(ValidationError, match="today or in the past"):
        rate(peer_worker, goal, 5, days_ago=-1)
    assert goal.ratings.count() == 1


def test_rewording_keeps_the_history_and_the_ratings(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated)
    goal = set_goal(peer_worker, allocated, text="Leave the house")
    rate(peer_worker, goal, 6, days_ago=5)
    services.goal_reword(
        actor=peer_worker.user,
        membership=peer_worker,
        goal=goal,
        text="Walk to the park",
        from_on=timezone.localdate(),
    )
    goal = Goal.objects.get(pk=goal.pk)
    assert goal.text == "Walk to the park"
    assert list(GoalWording.objects.filter(goal=goal).values_list("text", flat=True)) == [
        "Walk to the park",
        "Leave the house",
    ]
    assert [r.score for r in goal.ratings.all()] == [2, 6]


def test_replacing_ends_the_old_goal_and_frees_its_place(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated)
    goals = [set_goal(peer_worker, allocated, text=f"Goal {n}") for n in range(3)]
    new = set_goal(peer_worker, allocated, text="Instead", replaces=goals[0], set_on=timezone.localdate())
    goals[0].refresh_from_db()
    assert goals[0].end_reason == Goal.Ended.REPLACED and goals[0].ended_on == timezone.localdate()
    assert new.replaces == goals[0]
    assert Goal.objects.filter(ended_on__isnull=True).count() == 3


def test_summary_counts_mean_change_and_reliable_improvement(
    allocated: Any, peer_worker: Any, service: Any
) -> None:
    OutcomeSettings.objects.create(service=service, reliable_change=Decimal("3"))
    agree(peer_worker, allocated)
    first, second = (
        set_goal(peer_worker, allocated, score=2),
        set_goal(peer_worker, allocated, text="Sleep", score=5),
    )
    rate(peer_worker, first, 5, days_ago=3)  # +3: reliable at a threshold of 3
    rate(peer_worker, second, 6, days_ago=3)  # +1: not reliable
    summary = metrics.goal_summary(type(allocated).objects.all(), TODAY() - dt.timedelta(days=30), TODAY())
    assert summary.people_with_goals == 1
    assert summary.goals_rated_twice == 2
    assert summary.mean_change == Decimal("2.0")
    assert summary.reliably_improved == 1


def test_goal_pages_for_her_peer_worker_and_404_for_another_service(
    allocated: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    agree(peer_worker, allocated)
    goal = set_goal(peer_worker, allocated, text="Feed the ducks")
    mine = client_for(peer_worker)
    page = mine.get(f"/peer-support/{allocated.pk}/goals/")
    assert page.status_code == 200 and "Feed the ducks" in page.content.decode()
    assert "<svg" in mine.get(f"/peer-support/{allocated.pk}/goals/show/").content.decode()
    other = client_for(peer_worker_other)
    assert other.get(f"/peer-support/{allocated.pk}/goals/").status_code == 404
    assert (
        other.post(
            f"/goals/{goal.pk}/rate/", {"score": "9", "rated_on": TODAY().isoformat(), "stage": "review"}
        ).status_code
        == 404
    )
    assert goal.ratings.count() == 1


def test_the_rating_form_explains_a_bad_date_and_saves_nothing(allocated: Any, peer_worker: Any) -> None:
    agree(peer_worker, allocated)
    goal = set_goal(peer_worker, allocated, set_on=timezone.localdate() - dt.timedelta(days=3))
    page = client_for(peer_worker).post(
        f"/goals/{goal.pk}/rate/",
        {"score": "7", "rated_on": (TODAY() - dt.timedelta(days=9)).isoformat(), "stage": "review"},
    )
    assert page.status_code == 200
    assert "cannot be before the goal was set" in page.content.decode()
    assert goal.ratings.count() == 1


def test_setting_a_goal_through_the_page(allocated: Any, peer_worker: Any) -> None:
    client = client_for(peer_worker)
    client.post(
        f"/peer-support/{allocated.pk}/goals/", {"choice": "agreed", "decided_on": TODAY().isoformat()}
    )
    page = client.post(
        f"/peer-support/{allocated.pk}/goals/new/",
        {"text": "Cook a meal", "set_on": TODAY().isoformat(), "score": "3"},
    )
    assert page.status_code == 302
    assert Goal.objects.get().text == "Cook a meal"
