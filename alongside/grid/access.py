"""Which grid reviews and actions a membership may see (ADR 0002, ADR 0036): her own service's,
for the roles that reflect on the grid. "Missing" and "not yours" both raise Http404."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.scope import found, services_for_aggregates, user_id
from alongside.grid.models import GridAction, PeerView, Practice, Rating, Review
from alongside.organisations.models import Membership, Role, Service


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


def review_before(review: Review) -> Review | None:
    """The completed review of the same service before this one: what "change since" compares with."""
    return (
        Review.objects.filter(service_id=review.service_id, completed_on__isnull=False)
        .filter(Q(started_on__lt=review.started_on) | Q(started_on=review.started_on, pk__lt=review.pk))
        .first()
    )


def participants_of(review: Review) -> list[tuple[Any, str]]:
    """Who took part, each with the role she holds at the service ("" if she holds none now)."""
    roles = dict(
        Membership.objects.filter(service_id=review.service_id, user__in=review.participants.all())
        .order_by("pk")
        .values_list("user_id", "role")
    )
    people = review.participants.order_by("first_name", "last_name", "pk")
    return [(person, role_label(roles.get(person.pk, ""))) for person in people]


def role_label(role: str) -> str:
    return Role(role).label if role in Role.values else ""


# What leaves the service (ADR 0037): a service's COMPLETED reviews, for those who see its
# aggregates (commissioners of its ICB, national reviewers, and its own team who may see them).


def service_for_aggregates(membership: Membership | None, pk: int) -> Service:
    if membership is None or not has_perm(membership.role, Perm.VIEW_AGGREGATES):
        raise Http404("No such service")
    for service in services_for_aggregates(membership):
        if service.pk == pk:
            return service
    raise Http404("No such service")


def completed_reviews_of(service: Service) -> QuerySet[Review]:
    """A service's completed reviews, latest first; for a service already found through
    service_for_aggregates or services_for_aggregates."""
    return Review.objects.filter(service=service, completed_on__isnull=False)


def latest_completed(services: list[Service], on: dt.date | None = None) -> dict[int, Review]:
    """Each service's latest completed review (completed on or before `on`, if given), by service
    id (those with none are left out)."""
    latest: dict[int, Review] = {}
    reviews = Review.objects.filter(service__in=services, completed_on__isnull=False)
    if on is not None:
        reviews = reviews.filter(completed_on__lte=on)
    for review in reviews:
        latest.setdefault(review.service_id, review)
    return latest


def completed_review_of(service: Service, pk: str | None) -> Review | None:
    """The completed review asked for (by its id, as text from the query), else the latest one.
    One not completed, of another service, or not a number, is not found."""
    reviews = completed_reviews_of(service)
    if pk is None:
        return reviews.first()
    if not pk.isdigit():
        raise Http404("No such review")
    return found(reviews, int(pk), "review")
