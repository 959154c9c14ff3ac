"""Writes for the self-reflective grid. Each validates, runs in one transaction and is audited."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from alongside.accounts import scope
from alongside.accounts.models import User
from alongside.accounts.rules import COLLEAGUE_ROLES
from alongside.audit import services as audit
from alongside.grid.evidence import EVIDENCE, Sources
from alongside.grid.models import GridAction, PeerView, Practice, Rating, Review
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership, Role

MOST_LEVELS = 7


def _open(review: Review) -> None:
    if review.completed_on is not None:
        raise refused(None, "This review is complete: start a new one to look again")


def _level(review: Review, level: int | None) -> None:
    if level is not None and not 0 <= level < len(review.scale):
        raise refused("level", "Choose one of the review's levels")


def review_start(*, actor: User, membership: Membership, scale: list[str]) -> Review:
    """A new review of the whole grid, on the scale the service names (lowest first)."""
    names = [name.strip() for name in scale if name.strip()]
    if not 2 <= len(names) <= MOST_LEVELS:
        raise refused("scale", f"Name between 2 and {MOST_LEVELS} levels, lowest first, one on each line")
    if len(set(names)) != len(names):
        raise refused("scale", "Give each level a different name")
    if Review.objects.filter(service_id=membership.service_id, completed_on__isnull=True).exists():
        raise refused(None, "A review is already under way: finish it first")
    with transaction.atomic():
        review = Review.objects.create(
            service_id=membership.service_id, started_on=timezone.localdate(), started_by=actor, scale=names
        )
        audit.record(actor, "create", review, membership=membership, summary="Started a review of the grid")
    return review


def rating_save(
    *,
    actor: User,
    membership: Membership,
    review: Review,
    practice: Practice,
    level: int | None,
    evidence: str,
) -> Rating:
    """The service's rating of one practice, with Alongside's figures for it kept as they stand today."""
    _open(review)
    _level(review, level)
    sources = Sources(review.service, timezone.localdate())
    figures = [EVIDENCE[k].figure(sources).as_json() for k in practice.evidence if k in EVIDENCE]
    with transaction.atomic():
        rating, _ = Rating.objects.update_or_create(
            review=review,
            practice=practice,
            defaults={"level": level, "evidence": evidence.strip(), "figures": figures},
        )
        audit.record(actor, "update", rating, membership=membership, summary=f"Rated: {practice.title}")
    return rating


def view_save(
    *,
    actor: User,
    membership: Membership,
    review: Review,
    practice: Practice,
    level: int | None,
    comment: str,
) -> PeerView:
    """Her own rating and comment on a practice, beside the service's and never averaged into it."""
    _open(review)
    _level(review, level)
    with transaction.atomic():
        view, _ = PeerView.objects.update_or_create(
            review=review,
            practice=practice,
            author=actor,
            defaults={"role": membership.role, "level": level, "comment": comment.strip()},
        )
        review.participants.add(actor)
        audit.record(actor, "update", view, membership=membership, summary=f"Her view: {practice.title}")
    return view


def action_add(
    *,
    actor: User,
    membership: Membership,
    review: Review,
    practice: Practice,
    description: str,
    owner: User,
    due_on: dt.date,
) -> GridAction:
    _open(review)
    if not description.strip():
        raise refused("description", "Say what will be done")
    if not scope.colleagues_for_user(membership, COLLEAGUE_ROLES).filter(pk=owner.pk).exists():
        raise refused("owner", f"{owner} is not on the team of {review.service}")
    if due_on < timezone.localdate():
        raise refused("due_on", "The date it is due cannot be in the past")
    with transaction.atomic():
        action = GridAction.objects.create(
            review=review, practice=practice, description=description.strip(), owner=owner, due_on=due_on
        )
        audit.record(actor, "create", action, membership=membership, summary=f"Action: {practice.title}")
    return action


def practice_rate(
    *,
    actor: User,
    membership: Membership,
    review: Review,
    practice: Practice,
    level: int | None,
    evidence: str,
    description: str = "",
    owner: User | None = None,
    due_on: dt.date | None = None,
) -> Rating:
    """Rate a practice and, when one is given, set its action: both, or neither."""
    with transaction.atomic():
        rating = rating_save(
            actor=actor,
            membership=membership,
            review=review,
            practice=practice,
            level=level,
            evidence=evidence,
        )
        if description:
            if owner is None or due_on is None:
                raise refused(None, "Say who will do the action, and by when")
            action_add(
                actor=actor,
                membership=membership,
                review=review,
                practice=practice,
                description=description,
                owner=owner,
                due_on=due_on,
            )
    return rating


def action_done(*, actor: User, membership: Membership, action: GridAction) -> GridAction:
    if action.done_on is not None:
        raise refused(None, "This action is already done")
    with transaction.atomic():
        action.done_on = timezone.localdate()
        action.save(update_fields=["done_on"])
        audit.record(actor, "update", action, membership=membership, summary="Action done")
    return action


def review_complete(
    *, actor: User, membership: Membership, review: Review, participants: Iterable[User], others: str
) -> Review:
    """Done, with who took part: lived experience leads, so at least one peer worker must have."""
    _open(review)
    people = set(participants) | set(review.participants.all())
    if not Membership.objects.filter(
        user__in=people, service_id=review.service_id, role=Role.PEER_WORKER, active=True
    ).exists():
        raise refused("participants", "A review is completed with at least one peer worker taking part")
    with transaction.atomic():
        review.participants.add(*people)
        review.others = others.strip()
        review.completed_on = timezone.localdate()
        review.save(update_fields=["others", "completed_on"])
        audit.record(actor, "update", review, membership=membership, summary="Completed a review of the grid")
    return review
