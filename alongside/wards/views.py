"""TODO docstring"""

import datetime as dt
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import SUPERVISOR_ROLES, Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import acted, saved
from alongside.organisations.models import Membership
from alongside.support import access as support_access
from alongside.support.models import OPEN_STATUSES
from alongside.wards import access, metrics, services
from alongside.wards.forms import AcknowledgeForm, BriefingForm, BriefingLineForm, DebriefForm, ShiftStartForm
from alongside.wellbeing import access as wellbeing_access


def _on_the_ward(membership: Membership) -> Any:
    """Who a briefing covers: everyone in open peer support at the ward's service, including
    those referred but not yet allocated and those the clinical team has deferred.
    (When admissions are recorded, this becomes the mothers currently admitted.)"""
    return (
        support_access.peer_supports_for_user(membership)
        .filter(status__in=OPEN_STATUSES)
        .select_related("person")
        .order_by("person__given_name", "person__family_name")
    )


@requires(Perm.WORK_SHIFTS)
def shifts(request: AuthedRequest) -> HttpResponse:
    mine = access.shifts_for_user(request.membership).filter(peer_worker=request.user)
    current = mine.filter(ended_at__isnull=True).select_related("briefing").first()
    raised = list(access.escalations_for_user(request.membership).filter(raised_by=request.user)[:10])
    briefed = getattr(current, "briefing", None) if current else None
    shown = [e.person_id for e in raised]
    shown += list(briefed.entries.values_list("person_id", flat=True)) if briefed else []
    audit.record_people_seen(request, shown, summary="On her ward shift page")
    context = {
        "title": "Ward shifts",
        "current": current,
        "recent": mine.select_related("briefing", "debrief")[:20],
        "form": ShiftStartForm(),
        "raised": raised,
    }
    return render(request, "wards/shifts.jinja", context)


@requires(Perm.WORK_SHIFTS)
@require_POST
def shift_start(request: AuthedRequest) -> HttpResponse:
    form = ShiftStartForm(request.POST)
    if done := saved(
        request,
        form,
        lambda data: services.shift_start(**acting(request), **data),
        message="You are signed in. Ask the nurse in charge for your arrival briefing.",
        then=reverse("wards:shifts"),
    ):
        return done
    mine = access.shifts_for_user(request.membership).filter(peer_worker=request.user)
    context: dict[str, Any] = {
        "title": "Ward shifts",
        "current": None,
        "recent": mine[:20],
        "form": form,
        "raised": [],
    }
    return render(request, "wards/shifts.jinja", context)


@requires(Perm.GIVE_BRIEFING)
def ward(request: AuthedRequest) -> HttpResponse:
    """For ward staff: who is on shift now, whether each has been briefed, and concerns open."""
    on_shift = (
        access.shifts_for_user(request.membership)
        .filter(ended_at__isnull=True)
        .select_related("peer_worker", "briefing")
    )
    context: dict[str, Any] = {
        "title": "Peer workers on the ward",
        "on_shift": on_shift,
        "open_escalations": metrics.open_escalations(request.membership.service),
    }
    return render(request, "wards/ward.jinja", context)


@requires(Perm.GIVE_BRIEFING)
@require_http_methods(["GET", "POST"])
def briefing(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = access.get_shift_for_user(request.membership, pk)
    ward = list(_on_the_ward(request.membership))
    data = posted(request)
    form = BriefingForm(data)
    lines = [(ps.person, BriefingLineForm(data, prefix=f"p{ps.person_id}")) for ps in ward]
    if all(f.is_valid() for _, f in lines) and (
        done := saved(
            request,
            form,
            lambda data: services.briefing_give(
                **acting(request),
                shift=shift,
                lines=[services.BriefingLine(person=p, **f.cleaned_data) for p, f in lines],
                **data,
            ),
            message=f"Arrival briefing for {shift.peer_worker} saved",
            then=reverse("wards:ward"),
        )
    ):
        return done
    all_forms = [form, *(f for _, f in lines)]
    if request.method == "GET":
        audit.record_people_seen(request, (ps.person_id for ps in ward), summary="On the arrival briefing")
    context = {
        "title": f"Arrival briefing for {shift.peer_worker}",
        "form": form,
        "lines": lines,
        "shift": shift,
        "all_forms": all_forms,
    }
    return render(request, "wards/briefing.jinja", context)


@requires(Perm.WORK_SHIFTS)
@require_http_methods(["GET", "POST"])
def debrief(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = access.get_own_shift_for_user(request.membership, pk)
    people = support_access.ward_people_for_user(request.membership).order_by("given_name", "family_name")
    supervisors = scope.colleagues_for_user(request.membership, SUPERVISOR_ROLES).exclude(pk=request.user.pk)
    # Nobody is chosen for her: her wellbeing is hers unless she shares it, each time (issue 11).
    form = DebriefForm(
        posted(request),
        people=people,
        supervisors=supervisors,
        reads_all=wellbeing_access.reading_all_my_checkins(request.user),
    )
    if done := saved(
        request,
        form,
        lambda data: services.shift_end(
            **acting(request),
            shift=shift,
            concerns=[services.Concern(text=data["concern"], person=data["concern_about"])]
            if data["concern"]
            else [],
            no_concerns=data["no_concerns"],
            wellbeing=form.wellbeing,
            ended_at=data["ended_at"],
        ),
        message="You are signed out. Thank you: leave work at work.",
        then=reverse("wards:shifts"),
    ):
        return done
    if request.method == "GET":
        # The mothers she may raise a concern about; nothing of her own wellbeing goes on their trail.
        audit.record_people_seen(
            request, people.values_list("pk", flat=True), summary="Named on the departure debrief"
        )
    return render(
        request,
        "wards/debrief.jinja",
        {"title": "Sign out: departure debrief", "form": form, "shift": shift},
    )


@requires(Perm.HANDLE_ESCALATIONS)
def escalations(request: AuthedRequest) -> HttpResponse:
    mine = access.escalations_for_user(request.membership).select_related(
        "raised_by", "person", "acknowledged_by", "service"
    )
    still_open = list(mine.filter(acknowledged_at__isnull=True).order_by("raised_at"))
    done = list(mine.filter(acknowledged_at__isnull=False).order_by("-acknowledged_at")[:30])
    audit.record_people_seen(
        request, (e.person_id for e in [*still_open, *done]), summary="Named in a safety concern"
    )
    context = {
        "title": "Safety concerns",
        "open": still_open,
        "done": done,
        "is_overdue": metrics.is_overdue,
    }
    return render(request, "wards/escalations.jinja", context)


@requires(Perm.HANDLE_ESCALATIONS)
@require_http_methods(["GET", "POST"])
def acknowledge(request: AuthedRequest, pk: int) -> HttpResponse:
    escalation = access.get_escalation_for_user(request.membership, pk)
    form = AcknowledgeForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.escalation_acknowledge(**acting(request), escalation=escalation, **data),
        message="Concern acknowledged",
        then=reverse("wards:escalations"),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", escalation, summary="Opened a safety concern")
    return render(
        request,
        "wards/acknowledge.jinja",
        {"title": "Acknowledge a safety concern", "form": form, "escalation": escalation},
    )


@requires(Perm.VIEW_HANDOVERS)
def handovers(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    start, end, error = _period(request.GET, default_start=today - dt.timedelta(days=28), default_end=today)
    total, per_worker = metrics.handover_compliance(request.membership.service, start, end)
    missing = metrics.shifts_missing_a_handover(request.membership.service, start, end)
    still_open = (
        access.shifts_for_user(request.membership).filter(ended_at__isnull=True).select_related("peer_worker")
    )
    context = {
        "title": "Handovers",
        "total": total,
        "rows": per_worker,
        "missing": missing,
        "still_open": still_open,
        "start": start,
        "end": end,
        "period_error": error,
    }
    return render(request, "wards/handovers.jinja", context)


@requires(Perm.VIEW_HANDOVERS)
@require_POST
def shift_close(request: AuthedRequest, pk: int) -> HttpResponse:
    shift = access.get_shift_for_user(request.membership, pk)
    return acted(
        request,
        lambda: services.shift_close(**acting(request), shift=shift),
        message=f"{shift.peer_worker}'s shift closed, without a debrief",
        then=reverse("wards:handovers"),
    )


def _period(params: Any, *, default_start: dt.date, default_end: dt.date) -> tuple[dt.date, dt.date, str]:
    """A reporting period from ?from=&to=; a bad one falls back to the default, with a message."""
    try:
        start = dt.date.fromisoformat(params.get("from") or default_start.isoformat())
        end = dt.date.fromisoformat(params.get("to") or default_end.isoformat())
    except ValueError:
        return default_start, default_end, "Enter dates like 2026-11-01"
    if end < start:
        return default_start, default_end, "The end of the period must be on or after its start"
    return start, end, ""
