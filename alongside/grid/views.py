"""The self-reflective grid and its reviews (ADR 0036)."""

from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import COLLEAGUE_ROLES, Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.grid import access, export, services
from alongside.grid.evidence import EVIDENCE, Evidence, Figure, Sources
from alongside.grid.forms import CompleteForm, RatingForm, ReviewStartForm, ViewForm
from alongside.grid.models import GridAction, PeerView, Practice, Principle, Rating, Review
from alongside.lib.http import back_to, posted
from alongside.lib.nhsforms import acted, saved


@dataclass
class Row:
    practice: Practice
    shown: list[tuple[Evidence, Figure, bool]]  # each figure she may see (.text) and whether to link it
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
        "my_actions": list(access.my_open_actions(request.user, membership)),
        "may_see_outside": has_perm(membership.role, Perm.VIEW_AGGREGATES),
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


# A review's own page, and the same review as PDF and XLSX (ADR 0037).

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _team_sheet(request: AuthedRequest, pk: int, what: str) -> tuple[Review, export.TeamSheet]:
    review = access.get_review_for_user(request.membership, pk)
    audit.record_for_request(request, "view", review, summary=f"Review of the grid ({what})")
    return review, export.for_team(review, request.membership.role, timezone.localdate())


@requires(Perm.REFLECT_ON_GRID)
def review(request: AuthedRequest, pk: int) -> HttpResponse:
    """The whole grid as the review left it, for the service's team: printable, and downloadable."""
    found, sheet = _team_sheet(request, pk, "page")
    context = {
        "title": sheet.title,
        "sheet": sheet,
        "review": found,
        "outside": found.completed_on is not None and has_perm(request.membership.role, Perm.VIEW_AGGREGATES),
    }
    return render(request, "grid/review.jinja", context)


@requires(Perm.REFLECT_ON_GRID)
def review_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _team_sheet(request, pk, "PDF")[1]
    return _download(export.pdf(sheet), "application/pdf", export.filename(sheet, "pdf"))


@requires(Perm.REFLECT_ON_GRID)
def review_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    sheet = _team_sheet(request, pk, "XLSX")[1]
    return _download(export.xlsx(sheet), XLSX, export.filename(sheet, "xlsx"))


# What commissioners and national reviewers see: completed reviews of their services, with no person.


@requires(Perm.VIEW_AGGREGATES)
def services_list(request: AuthedRequest) -> HttpResponse:
    """Their services, each with the date its latest review was completed."""
    services_ = scope.services_for_aggregates(request.membership)
    latest = access.latest_completed(services_)
    context = {
        "title": "Reviews of the principles",
        "rows": [(service, latest.get(service.pk)) for service in services_],
    }
    return render(request, "grid/services.jinja", context)


def _outside_sheet(
    request: AuthedRequest, pk: int, what: str
) -> tuple[Any, Review | None, export.OutsideSheet | None]:
    service = access.service_for_aggregates(request.membership, pk)
    chosen = access.completed_review_of(service, request.GET.get("review"))
    if chosen is None:  # no completed review: nothing is shown, so nothing to audit
        return service, None, None
    summary = f"{chosen} of the grid, as it leaves the service ({what})"
    audit.record_for_request(request, "view", service, summary=summary)
    return service, chosen, export.for_outside(chosen)


@requires(Perm.VIEW_AGGREGATES)
def aggregate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A service's latest completed review (or an earlier one, asked for), as it leaves the service."""
    service, chosen, sheet = _outside_sheet(request, pk, "page")
    context = {
        "title": f"Review of the principles: {service.name}",
        "service": service,
        "sheet": sheet,
        "review": chosen,
        "reviews": list(access.completed_reviews_of(service)),
    }
    return render(request, "grid/aggregate.jinja", context)


def _outside_download(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    sheet = _outside_sheet(request, pk, fmt.upper())[2]
    if sheet is None:  # nothing completed yet: the page says so
        return redirect("grid:aggregate", pk)
    if fmt == "pdf":
        return _download(export.pdf(sheet), "application/pdf", export.filename(sheet, "pdf"))
    return _download(export.xlsx(sheet), XLSX, export.filename(sheet, "xlsx"))


@requires(Perm.VIEW_AGGREGATES)
def aggregate_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _outside_download(request, pk, "pdf")


@requires(Perm.VIEW_AGGREGATES)
def aggregate_xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    return _outside_download(request, pk, "xlsx")
