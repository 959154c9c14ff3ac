"""The self-reflective grid and its reviews (ADR 0036)."""

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import COLLEAGUE_ROLES, Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.grid import access, services
from alongside.grid.evidence import EVIDENCE, Evidence, Sources
from alongside.grid.forms import CompleteForm, RatingForm, ReviewStartForm, ViewForm
from alongside.grid.models import GridAction, PeerView, Practice, Principle, Rating, Review
from alongside.lib.http import back_to, posted
from alongside.lib.nhsforms import acted, saved


@dataclass
class Row:
    practice: Practice
    shown: list[tuple[Evidence, str, bool]]  # each figure she may see, its words, and whether to link it
    withheld: int  # figures from pages she may not open
    rating: Rating | None = None
    before: Rating | None = None  # the same practice in the review before
    views: list[PeerView] = field(default_factory=list)
    actions: list[GridAction] = field(default_factory=list)

    @property
    def change(self) -> str:
        """What changed since the review before: said in words, never as a score."""
        now = self.rating.level if self.rating else None
        then = self.before.level if self.before else None
        if now is None or then is None or now == then:
            return ""
        return "up" if now > then else "down"


def rows_for(practices: list[Practice], sources: Sources, role: str) -> list[Row]:
    rows = []
    for practice in practices:
        keys = [k for k in practice.evidence if k in EVIDENCE]
        mine = [EVIDENCE[k] for k in keys if has_perm(role, EVIDENCE[k].perm)]
        here = [(e, e.figure(sources), e.applies(sources.service)) for e in mine]
        rows.append(Row(practice, here, len(keys) - len(mine)))
    return rows


def _with_review(rows: list[Row], review: Review, before: Review | None) -> None:
    ratings = {r.practice_id: r for r in access.ratings_of(review)}
    earlier = {r.practice_id: r for r in access.ratings_of(before)} if before else {}
    views: dict[int, list[PeerView]] = {}
    for v in access.views_of(review):
        views.setdefault(v.practice_id, []).append(v)
    actions: dict[int, list[GridAction]] = {}
    for a in access.actions_of(review):
        actions.setdefault(a.practice_id, []).append(a)
    for row in rows:
        pk = row.practice.pk
        row.rating, row.before = ratings.get(pk), earlier.get(pk)
        row.views, row.actions = views.get(pk, []), actions.get(pk, [])


@requires(Perm.REFLECT_ON_GRID)
def grid(request: AuthedRequest) -> HttpResponse:
    """The five principles, practice by practice, with the service's own figures beside each, and
    its review: the one under way, or else the latest. Figures name no one, and each is shown only
    to those who may open its page."""
    membership = request.membership
    reviews = list(access.reviews_for_user(membership)[:20])
    review = next((r for r in reviews if r.completed_on is None), None) or next(iter(reviews), None)
    before = next(
        (r for r in reviews if r.completed_on and review and r.started_on < review.started_on), None
    )
    practices = list(access.practices_in_use())
    rows = rows_for(practices, Sources(membership.service, timezone.localdate()), membership.role)
    if review:
        _with_review(rows, review, before)
    principles = [
        (Principle(number), list(group))
        for number, group in groupby(rows, key=lambda r: r.practice.principle)
    ]
    context = {
        "title": "The principles, practice by practice",
        "service": membership.service,
        "principles": principles,
        "review": review,
        "before": before,
        "past": [r for r in reviews if r.completed_on and r != review],
        "may_lead": has_perm(membership.role, Perm.MANAGE_TEAM),
        "today": timezone.localdate(),
    }
    return render(request, "grid/grid.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def review_new(request: AuthedRequest) -> HttpResponse:
    form = ReviewStartForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.review_start(**acting(request), **data),
        message="Review started: rate each practice with your peer workers",
        then=reverse("grid:grid"),
    ):
        return done
    return render(request, "grid/review_new.jinja", {"title": "Start a review of the grid", "form": form})


def _colleagues(request: AuthedRequest) -> Any:
    return scope.colleagues_for_user(request.membership, COLLEAGUE_ROLES)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def rate(request: AuthedRequest, pk: int) -> HttpResponse:
    review = access.get_review_for_user(request.membership, pk)
    practice = access.practice_in_use(request.GET.get("practice"))
    current = access.ratings_of(review).filter(practice=practice).first()
    initial = {"level": current.level, "evidence": current.evidence} if current else {}
    form = RatingForm(posted(request), scale=review.scale, colleagues=_colleagues(request), initial=initial)

    if done := saved(
        request,
        form,
        lambda data: services.practice_rate(**acting(request), review=review, practice=practice, **data),
        message=f"Saved: {practice.title}",
        then=reverse("grid:grid"),
    ):
        return done
    context = {"title": practice.title, "form": form, "review": review, "practice": practice}
    return render(request, "grid/rate.jinja", context)


@requires(Perm.REFLECT_ON_GRID)
@require_http_methods(["GET", "POST"])
def my_view(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her own rating and comment: shown beside the service's, never averaged into it."""
    review = access.get_review_for_user(request.membership, pk)
    practice = access.practice_in_use(request.GET.get("practice"))
    current = access.own_view(review, practice, request.user)
    initial = {"level": current.level, "comment": current.comment} if current else {}
    form = ViewForm(posted(request), scale=review.scale, initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.view_save(**acting(request), review=review, practice=practice, **data),
        message=f"Your view saved: {practice.title}",
        then=reverse("grid:grid"),
    ):
        return done
    context = {"title": f"Your view: {practice.title}", "form": form, "review": review, "practice": practice}
    return render(request, "grid/my_view.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def complete(request: AuthedRequest, pk: int) -> HttpResponse:
    review = access.get_review_for_user(request.membership, pk)
    initial = {"participants": list(review.participants.all())}
    form = CompleteForm(posted(request), colleagues=_colleagues(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.review_complete(**acting(request), review=review, **data),
        message="Review complete. Next time, the grid shows what changed since this one.",
        then=reverse("grid:grid"),
    ):
        return done
    context = {
        "title": "Complete the review",
        "form": form,
        "review": review,
    }
    return render(request, "grid/complete.jinja", context)


@requires(Perm.REFLECT_ON_GRID)
@require_POST
def action_done(request: AuthedRequest, pk: int) -> HttpResponse:
    action = access.get_my_action(request.user, request.membership, pk)
    return acted(
        request,
        lambda: services.action_done(**acting(request), action=action),
        message=f"Done: {action.description}",
        then=back_to(request, reverse("grid:grid")),
    )
