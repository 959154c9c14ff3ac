"""Which grid reviews and actions a membership may see (ADR 0002, ADR 0036): her own service's,
for the roles that reflect on the grid. "Missing" and "not yours" both raise Http404."""

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.scope import found, user_id
from alongside.grid.models import GridAction, PeerView, Practice, Rating, Review
from alongside.organisations.models import Membership


def reviews_for_user(membership: Membership | None) -> QuerySet[Review]:
    if membership is None or not has_perm(membership.role, Perm.REFLECT_ON_GRID):
        return Review.objects.none()
    return Review.objects.filter(service_id=membership.service_id)


def get_review_for_user(membership: Membership | None, pk: int) -> Review:
    return found(reviews_for_user(membership), pk, "review")


def my_open_actions(user: Any, membership: Membership | None) -> QuerySet[GridAction]:
    """The grid's actions she owns at the service she is acting in, not yet done, soonest first."""
    if membership is None or user_id(user) is None:
        return GridAction.objects.none()
    return GridAction.objects.filter(
        owner_id=user_id(user), review__service_id=membership.service_id, done_on__isnull=True
    ).select_related("practice")


def get_my_action(user: Any, membership: Membership | None, pk: int) -> GridAction:
    return found(my_open_actions(user, membership), pk, "action")


def practices_in_use() -> QuerySet[Practice]:
    """The grid's rows, as the national administrator has them: the deployment's, not a person's."""
    return Practice.objects.filter(active=True)


def practice_in_use(code: str | None) -> Practice:
    """The row named by its code; the grid's first when none is named."""
    found = practices_in_use().filter(code=code).first() if code else practices_in_use().first()
    if found is None:
        raise Http404("No such practice")
    return found


# The parts of a review, for a review itself fetched through get_review_for_user or reviews_for_user.


def ratings_of(review: Review) -> QuerySet[Rating]:
    return review.ratings.all()


def views_of(review: Review) -> QuerySet[PeerView]:
    return review.peer_views.select_related("author").order_by("pk")


def actions_of(review: Review) -> QuerySet[GridAction]:
    return review.actions.select_related("owner")


def own_view(review: Review, practice: Practice, user: Any) -> PeerView | None:
    return views_of(review).filter(practice=practice, author_id=user_id(user)).first()
