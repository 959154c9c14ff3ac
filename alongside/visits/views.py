"""TODO docstring"""

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import CLINICAL_ROLES, COLLEAGUE_ROLES, Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.organisations.models import Role
from alongside.people import tables
from alongside.support import access as support_access
from alongside.visits import access, notify, services
from alongside.visits.forms import SafeForm, VisitForm, VisitTimeForm
from alongside.visits.models import Visit


@requires(Perm.PLAN_VISITS)
def visits(request: AuthedRequest) -> HttpResponse:
    """Her open visits (or the service's) and those ended in the last two weeks. The service's open
    ones are found from its own peer supports (the IN below: the same rows visits_for_user gives).
    Joined only, they were read from the partial index safety_visit_open (alongside/safety/
    models.py) for the whole nation, each then checked for its service; the IN probes that index
    for this service's peer supports alone. Hers are read through the index on her and her dates."""
    membership = request.membership
    scoped = access.visits_for_user(membership)
    if membership.role == Role.PEER_WORKER:
        scoped = scoped.filter(peer_worker=request.user)
    shown = scoped.select_related("peer_support__person", "peer_worker", "companion")
    open_visits = shown.filter(
        cancelled_at__isnull=True, checked_out_at__isnull=True, safe_confirmed_at__isnull=True
    )
    if membership.role != Role.PEER_WORKER:
        open_visits = open_visits.filter(
            peer_support__in=support_access.peer_supports_for_user(membership).values("pk")
        )
    upcoming = list(open_visits.order_by("starts_at")[:50])
    since = timezone.now() - dt.timedelta(days=14)
    ended = (
        scoped.filter(starts_at__gte=since)
        .exclude(checked_out_at__isnull=True, cancelled_at__isnull=True, safe_confirmed_at__isnull=True)
        .order_by("-starts_at")
    )
    # The last 20 chosen before the joins for display: joined, each of the service's peer supports
    # had its person read before its visits were looked at.
    recent = list(shown.filter(pk__in=ended.values("pk")[:20]).order_by("-starts_at"))
    audit.record_people_seen(
        request, (v.peer_support.person_id for v in [*upcoming, *recent]), summary="On the visits page"
    )
    context = {
        "title": "Visits",
        "upcoming": upcoming,
        "recent": recent,
        "now": timezone.now(),
        "can_confirm": has_perm(membership.role, Perm.CONFIRM_SAFE),
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
    }
    return render(request, "visits/visits.jinja", context)


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_new(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    clinicians = scope.colleagues_for_user(request.membership, CLINICAL_ROLES)
    contacts = scope.colleagues_for_user(request.membership, COLLEAGUE_ROLES).exclude(pk=request.user.pk)
    last = (
        access.visits_for_user(request.membership)
        .filter(peer_worker=request.user)
        .order_by("-starts_at")
        .values_list("named_contact", flat=True)
        .first()
    )
    start = timezone.localtime().replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    initial = {"starts_at": start, "expected_end_at": start + dt.timedelta(hours=1), "named_contact": last}
    form = VisitForm(posted(request), clinicians=clinicians, contacts=contacts, initial=initial)
    reason = services.companion_needed_because(peer_worker=request.user, peer_support=peer_support)
    if done := saved(
        request,
        form,
        lambda data: services.visit_plan(**acting(request), peer_support=peer_support, **data),
        message=f"Visit to {peer_support.person.name} planned",
        then=reverse("visits:visits"),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened a visit plan")
    context = {
        "title": f"Plan a visit to {peer_support.person.name}",
        "form": form,
        "peer_support": peer_support,
        "reason": reason,
    }
    return render(request, "visits/visit_new.jinja", context)


def _visit_action(request: AuthedRequest, pk: int, action: str) -> HttpResponse:
    visit = access.get_visit_for_user(request.membership, pk)
    form = VisitTimeForm(posted(request))
    labels = {"check_in": "Check in", "check_out": "Check out", "cancel": "Cancel this visit"}
    done_words = {
        "check_in": "Checked in. Remember to check out.",
        "check_out": "Checked out. Glad you're safe.",
        "cancel": "Visit cancelled",
    }

    def act(data: dict[str, Any]) -> Visit:
        if action == "cancel":
            return services.visit_cancel(**acting(request), visit=visit)
        do = services.visit_check_in if action == "check_in" else services.visit_check_out
        return do(**acting(request), visit=visit, at=data["at"])

    if done := saved(request, form, act, message=done_words[action], then=reverse("visits:visits")):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", visit, summary=f"Opened: {labels[action]}")
    context = {
        "title": f"{labels[action]}: {visit.peer_support.person.name}",
        "form": form,
        "visit": visit,
        "action": action,
        "button": labels[action],
    }
    return render(request, "visits/visit_action.jinja", context)


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_check_in(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "check_in")


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_check_out(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "check_out")


@requires(Perm.PLAN_VISITS)
@require_http_methods(["GET", "POST"])
def visit_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    return _visit_action(request, pk, "cancel")


@requires(Perm.CONFIRM_SAFE)
@require_http_methods(["GET", "POST"])
def visit_safe(request: AuthedRequest, pk: int) -> HttpResponse:
    visit = access.get_visit_for_user(request.membership, pk)
    form = SafeForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.visit_confirm_safe(**acting(request), visit=visit, **data),
        message=f"Recorded that {visit.peer_worker} is safe",
        then=reverse("visits:alerts"),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", visit, summary="Opened: record that she is safe")
    return render(
        request,
        "visits/visit_safe.jinja",
        {"title": f"Record that {visit.peer_worker} is safe", "form": form, "visit": visit},
    )


@requires(Perm.VIEW_PEOPLE)
def alerts(request: AuthedRequest) -> HttpResponse:
    context = {"title": "Alerts", "alerts": notify.open_alerts_for(request.user, request.membership)}
    return render(request, "visits/alerts.jinja", context)
