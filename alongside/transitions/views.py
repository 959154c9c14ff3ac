from typing import Any

from django.core.paginator import Paginator
from django.db.models import Count, Window
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import back_to, posted
from alongside.lib.nhsforms import acted, save_form, saved
from alongside.people import tables
from alongside.support import access as support_access
from alongside.support import metrics as support_metrics
from alongside.transitions import access, metrics, services
from alongside.transitions.forms import AcceptForm, DeclineForm, SettingsForm, TokenForm, TransitionForm
from alongside.transitions.models import NEXT_STEP, Kind, Transition, TransitionSettings

HISTORY_PAGE = 50  # transitions a page, newest first (as the Groups page: alongside/support/views.py)
PENDING_MOST = 50  # arrivals shown to accept or decline, oldest first; the page says how many more


def _pending(membership: Any) -> tuple[list[Transition], int]:
    """The oldest arrivals waiting here, at most PENDING_MOST, and how many wait in all: one query,
    the total counted by a window over the same rows."""
    rows: list[Transition] = list(
        access.arrivals_for_user(membership)
        .filter(decision=Transition.Decision.PENDING)
        .select_related("person", "from_service", "to_service")
        .annotate(waiting=Window(Count("pk")))
        .order_by("occurred_on", "pk")[:PENDING_MOST]
    )
    return rows, (int(rows[0].waiting) if rows else 0)  # type: ignore[attr-defined]


@requires(Perm.VIEW_TRANSITIONS)
def transitions(request: AuthedRequest) -> HttpResponse:
    """Arrivals to accept, people whose peer support lapsed at a transition, and every transition
    out of the service or into it, newest first, 50 a page: a fixed number of queries however long
    the history (alongside/transitions/tests/test_query_counts.py)."""
    membership, today = request.membership, timezone.localdate()
    start, end = support_metrics.last_12_months(today)  # the same 12 months as every page (ADR 0019)
    continuity = metrics.continuity(membership.service, start=start, end=end, today=today)
    pending, waiting = _pending(membership)
    history = (
        access.transitions_for_user(membership)
        .select_related("person", "from_service", "to_service")
        .order_by("-occurred_on", "-pk")
    )
    page = Paginator(history, HISTORY_PAGE).get_page(request.GET.get("page"))
    lapsed = continuity.lapsed_rows[:50]
    shown = {t.person_id for t in page} | {row.transition.person_id for row in lapsed}
    audit.record_people_seen(
        request, [*(t.person_id for t in pending), *shown], summary="On the transitions page"
    )
    context = {
        "title": "Transitions",
        "continuity": continuity,
        "pending": pending,
        "waiting": waiting,
        "lapsed": lapsed,
        "page": page,
        "visible": set(
            support_access.people_for_user(membership).filter(pk__in=shown).values_list("pk", flat=True)
        ),
        "can_accept": has_perm(membership.role, Perm.ACCEPT_TRANSFERS),
        "today": today,
        "table": tables.table,
    }
    return render(request, "transitions/list.jinja", context)


@requires(Perm.RECORD_TRANSITIONS)
@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her page's button leads here; every field has a default, so one press records it."""
    membership = request.membership
    person = support_access.get_person_for_user(membership, pk)
    initial = {
        "kind": Kind.DISCHARGE,
        "occurred_on": timezone.localdate(),
        "destination": NEXT_STEP.get(membership.service.kind, ""),
    }
    form = TransitionForm(posted(request), initial=initial)

    def said(recorded: Transition) -> str:
        told = recorded.notices.count()
        return f"{person.name} {recorded.what_happened}. " + (
            f"{told} {'person has' if told == 1 else 'people have'} been told."
            if told
            else "Nobody else needed telling."
        )

    if done := saved(
        request,
        form,
        lambda data: services.transition_record(
            person=person, from_service=membership.service, **acting(request), **data
        ),
        message=said,
        then=reverse("people:detail", args=[person.pk]),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", person, summary="Opened recording a transition")
    context = {
        "title": "Record a discharge or transfer",
        "form": form,
        "person": person,
        "service": membership.service,
    }
    return render(request, "transitions/record.jinja", context)


@requires(Perm.ACCEPT_TRANSFERS)
@require_http_methods(["GET", "POST"])
def accept(request: AuthedRequest, pk: int) -> HttpResponse:
    transition = access.get_arrival_for_user(request.membership, pk)
    keepable = services.keepable_workers(transition)
    form = AcceptForm(posted(request), keepable=keepable)
    if done := saved(
        request,
        form,
        lambda data: services.transition_accept(**acting(request), transition=transition, keep=data["keep"]),
        message=f"{transition.person.name} is accepted into peer support here",
        then=lambda peer_support: reverse("people:detail", args=[peer_support.person_id]),
    ):
        return done
    audit.record_for_request(request, "view", transition)
    context = {
        "title": f"Accept {transition.person.name} into peer support",
        "form": form,
        "transition": transition,
        "keepable": keepable,
        "her_workers": services.current_workers(transition),
    }
    return render(request, "transitions/accept.jinja", context)


@requires(Perm.ACCEPT_TRANSFERS)
@require_http_methods(["GET", "POST"])
def decline(request: AuthedRequest, pk: int) -> HttpResponse:
    transition = access.get_arrival_for_user(request.membership, pk)
    form = DeclineForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.transition_decline(**acting(request), transition=transition, **data),
        message=f"Declined: {transition.person.name} is not taken into peer support here",
        then=reverse("transitions:list"),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", transition, summary="Opened declining an arrival")
    context = {"title": f"Decline {transition.person.name}", "form": form, "transition": transition}
    return render(request, "transitions/decline.jinja", context)


def notice_seen(request: AuthedRequest, pk: int) -> HttpResponse:
    """Hers alone: anyone else gets 404, whatever their role."""
    notice = access.get_notice_for_user(request.user, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.notice_mark_seen(actor=request.user, membership=request.membership, notice=notice)
    return redirect(back_to(request, reverse("home")))


@requires(Perm.MANAGE_API_TOKENS)
@require_http_methods(["GET", "POST"])
def tokens(request: AuthedRequest) -> HttpResponse:
    """Tokens for the service's clinical systems. A new one's plaintext is on this answer only."""
    form = TokenForm(posted(request))
    plaintext = ""
    if created := save_form(request, form, lambda data: services.api_token_create(**acting(request), **data)):
        _, plaintext = created
        form = TokenForm()
    context: dict[str, Any] = {
        "title": "API tokens",
        "form": form,
        "plaintext": plaintext,
        "tokens": access.tokens_for_user(request.membership).select_related("created_by", "revoked_by"),
        "calls": access.api_calls_for_user(request.membership).select_related("token")[:20],
    }
    response = render(request, "transitions/tokens.jinja", context)
    response["Cache-Control"] = "no-store"
    return response


@requires(Perm.MANAGE_API_TOKENS)
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    token = access.get_token_for_user(request.membership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return acted(
        request,
        lambda: services.api_token_revoke(**acting(request), token=token),
        message=f"{token.name} is revoked: the API refuses it from now on",
        then=reverse("transitions:tokens"),
    )


@requires(Perm.ACCEPT_TRANSFERS)
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedRequest) -> HttpResponse:
    current = TransitionSettings.for_service(request.membership.service)
    form = SettingsForm(posted(request), initial={"continuity_days": current.continuity_days})
    if done := saved(
        request,
        form,
        lambda data: services.settings_update(**acting(request), **data),
        message="Saved",
        then=reverse("transitions:list"),
    ):
        return done
    return render(
        request,
        "transitions/settings.jinja",
        {"title": "When peer support counts as carried on", "form": form},
    )
