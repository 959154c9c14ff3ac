"""Reviews of the grid: a dated look at every practice, led by lived experience. A review is
completed only with a peer worker taking part; her own view is shown beside the service's and
never averaged away; actions reach their owner's Today; the next review shows what changed."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.grid.models import GridAction, PeerView, Practice, Rating, Review
from conftest import client_for

pytestmark = pytest.mark.django_db


def start(coordinator: Any, scale: str = "Not yet\nPartly\nMostly\nFully") -> Any:
    return client_for(coordinator).post(reverse("grid:review_new"), {"scale": scale})


def rate(coordinator: Any, review: Review, code: str, level: int, **action: Any) -> Any:
    data = {"level": str(level), "evidence": "Seen at the team meeting", **action}
    return client_for(coordinator).post(f"{reverse('grid:rate', args=[review.pk])}?practice={code}", data)


def test_a_coordinator_starts_a_review_on_the_scale_her_service_names(coordinator: Any) -> None:
    assert start(coordinator, "Not at all\nSomewhat\nCompletely").status_code == 302
    review = Review.objects.get()
    assert review.scale == ["Not at all", "Somewhat", "Completely"] and review.completed_on is None
    page = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "A review is under way" in page and "Rate this practice" in page


@pytest.mark.parametrize(
    ("scale", "error"),
    [("Only one", "Name between 2 and 7 levels"), ("Same\nSame", "Give each level a different name")],
)
def test_a_scale_that_cannot_work_is_refused_and_nothing_is_saved(
    coordinator: Any, scale: str, error: str
) -> None:
    response = start(coordinator, scale)
    assert response.status_code == 200 and error in response.content.decode()
    assert not Review.objects.exists()


def test_only_one_review_at_a_time(coordinator: Any) -> None:
    start(coordinator)
    response = start(coordinator)
    assert "A review is already under way" in response.content.decode()
    assert Review.objects.count() == 1


def test_a_rating_keeps_the_figures_of_its_day_and_an_action_reaches_its_owners_today(
    coordinator: Any, peer_worker: Any
) -> None:
    start(coordinator)
    review = Review.objects.get()
    due = timezone.localdate() + dt.timedelta(days=14)
    response = rate(
        coordinator,
        review,
        "dual-supervision",
        1,
        description="Book peer supervision",
        owner=str(peer_worker.user.pk),
        due_on=due.isoformat(),
    )
    assert response.status_code == 302
    rating = Rating.objects.get()
    assert rating.level == 1 and rating.figures and "peer workers" in rating.figures[0]["text"]
    action = GridAction.objects.get()
    today = client_for(peer_worker).get(reverse("home:today")).content.decode()
    assert "Book peer supervision" in today
    client_for(peer_worker).post(
        reverse("grid:action_done", args=[action.pk]), {"next": reverse("home:today")}
    )
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert "Book peer supervision" not in client_for(peer_worker).get(reverse("home:today")).content.decode()


def test_an_action_without_an_owner_and_a_date_is_refused_and_the_rating_not_saved(coordinator: Any) -> None:
    start(coordinator)
    response = rate(coordinator, Review.objects.get(), "pay", 2, description="Regrade the posts")
    assert "Say who will do the action, and by when" in response.content.decode()
    assert not Rating.objects.exists() and not GridAction.objects.exists()


def test_her_view_is_shown_beside_the_services_and_never_averaged(coordinator: Any, peer_worker: Any) -> None:
    start(coordinator)
    review = Review.objects.get()
    rate(coordinator, review, "handovers", 3)
    url = f"{reverse('grid:my_view', args=[review.pk])}?practice=handovers"
    client_for(peer_worker).post(url, {"level": "1", "comment": "Debriefs slip at weekends"})
    assert PeerView.objects.get().level == 1 and Rating.objects.get().level == 3
    page = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "Debriefs slip at weekends" in page and "Differs from the service" in page
    assert peer_worker.user in review.participants.all()


def test_a_peer_worker_may_give_her_view_but_not_rate_for_the_service(
    peer_worker: Any, coordinator: Any
) -> None:
    start(coordinator)
    review = Review.objects.get()
    assert client_for(peer_worker).get(reverse("grid:rate", args=[review.pk])).status_code == 403
    assert client_for(peer_worker).get(reverse("grid:review_new")).status_code == 403
    assert client_for(peer_worker).get(reverse("grid:my_view", args=[review.pk])).status_code == 200


def test_a_review_is_completed_only_with_a_peer_worker_taking_part(
    coordinator: Any, clinician: Any, peer_worker: Any
) -> None:
    start(coordinator)
    review = Review.objects.get()
    url = reverse("grid:complete", args=[review.pk])
    refused = client_for(coordinator).post(url, {"participants": [str(clinician.user.pk)]})
    assert "at least one peer worker" in refused.content.decode()
    review.refresh_from_db()
    assert review.completed_on is None and not review.participants.exists()
    client_for(coordinator).post(url, {"participants": [str(peer_worker.user.pk)], "others": "Two mothers"})
    review.refresh_from_db()
    assert review.completed_on == timezone.localdate() and review.others == "Two mothers"
    assert "This review is complete" in rate(coordinator, review, "pay", 1).content.decode()


def test_the_next_review_shows_what_changed_since_the_last(coordinator: Any, peer_worker: Any) -> None:
    start(coordinator)
    first = Review.objects.get()
    rate(coordinator, first, "handovers", 1)
    rate(coordinator, first, "pay", 2)
    client_for(coordinator).post(
        reverse("grid:complete", args=[first.pk]), {"participants": [str(peer_worker.user.pk)]}
    )
    Review.objects.filter(pk=first.pk).update(started_on=timezone.localdate() - dt.timedelta(days=90))
    start(coordinator)
    second = Review.objects.exclude(pk=first.pk).get()
    rate(coordinator, second, "handovers", 2)
    rate(coordinator, second, "pay", 1)
    page = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "Up from Partly" in page and "Down from Mostly" in page


def test_another_services_review_is_not_found(coordinator: Any, coordinator_other: Any) -> None:
    start(coordinator_other)
    theirs = Review.objects.get()
    assert client_for(coordinator).get(reverse("grid:rate", args=[theirs.pk])).status_code == 404
    assert client_for(coordinator).get(reverse("grid:complete", args=[theirs.pk])).status_code == 404


def test_the_rows_of_a_review_are_the_grids_rows(coordinator: Any) -> None:
    start(coordinator)
    review = Review.objects.get()
    response = client_for(coordinator).get(f"{reverse('grid:rate', args=[review.pk])}?practice=no-such-thing")
    assert response.status_code == 404
    first = Practice.objects.filter(active=True).first()
    assert first is not None
    assert first.title in client_for(coordinator).get(reverse("grid:rate", args=[review.pk])).content.decode()
