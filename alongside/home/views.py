"""The front door and the start of her day: the front page, Today, about, accessibility, health check.

Today reads several apps (her caseload, groups, visits, shift, ground rules, follow-ups, supervision),
so it lives here, at the top of the layers, not in support."""

from django.contrib.auth.decorators import login_not_required
from django.db.models import BooleanField, ExpressionWrapper
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.directory import metrics as directory_metrics
from alongside.directory.access import signpostings_for_user
from alongside.grid import access as grid_access
from alongside.lib import dates
from alongside.organisations.models import Role
from alongside.safety import metrics as safety_metrics
from alongside.support import access as support_access
from alongside.support import metrics
from alongside.visits import access as visits_access
from alongside.wards import access as wards_access
from alongside.workforce import metrics as workforce_metrics


def home(request: AuthedRequest) -> HttpResponse:
    """Send each role to the page she starts her day on."""
    membership = request.membership
    if membership is None:
        return render(request, "no_role.jinja", {"title": "You have no role yet"})
    if membership.role == Role.PEER_WORKER:
        return redirect("home:today")
    if has_perm(membership.role, Perm.VIEW_DASHBOARD):
        return redirect("dashboard:coordinator")
    if has_perm(membership.role, Perm.REFER):
        return redirect("people:list")
    if has_perm(membership.role, Perm.VIEW_AGGREGATES):
        return redirect("dashboard:summary")
    # A light-touch volunteer: what she offers and when, never a page she would be refused.
    return redirect("timetable:mine")


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.jinja", {"title": "About Alongside"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.jinja", {"title": "Accessibility statement"})


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


TODAY_SHOWN = 50  # more than a full caseload; a longer list is a link to her people list away


@requires(Perm.LOG_CONTACT)
def today(request: AuthedRequest) -> HttpResponse:
    """Her day: groups to run, and the people she supports, longest without contact first.

    "She supports" is who is allocated to her, whatever her role: a co-ordinator who also supports
    a few mothers sees those few here, not her whole service (that is her dashboard)."""
    day = timezone.localdate()
    mine = support_access.her_caseload(request.membership)
    quiet = ExpressionWrapper(metrics.gone_quiet(request.membership.service, day), BooleanField())
    people = list(
        mine.annotate(gone_quiet=quiet)
        .select_related("person")
        .order_by(*metrics.LONGEST_WITHOUT_CONTACT)[:TODAY_SHOWN]
    )
    since, until = dates.days(day, day)
    groups = support_access.group_sessions_for_user(request.membership).filter(
        led_by=request.user, starts_at__gte=since, starts_at__lt=until
    )
    her_groups = support_access.groups_she_leads(request.membership, day)
    visits = list(
        visits_access.visits_for_user(request.membership)
        .filter(peer_worker=request.user, starts_at__gte=since, starts_at__lt=until)
        .filter(cancelled_at__isnull=True)
        .select_related("peer_support__person", "companion")
    )
    shown = [ps.person_id for ps in people] + [v.peer_support.person_id for v in visits]
    audit.record_people_seen(request, shown, summary="On her Today page")
    shifts = wards_access.shifts_for_user(request.membership).filter(
        peer_worker=request.user, ended_at__isnull=True
    )
    context = {
        "title": "Today",
        "day": day,
        "groups": groups,
        "people": people,
        "people_count": mine.count(),
        "visits": visits,
        "grid_actions": list(grid_access.my_open_actions(request.user, request.membership)[:TODAY_SHOWN]),
        "rules_due": safety_metrics.ground_rules_due(mine, her_groups, day),
        "shift": shifts.first() if request.membership.service.has_wards else None,
        "follow_ups_due": directory_metrics.follow_ups_due(
            signpostings_for_user(request.membership), day
        ).count(),
        "supervision": workforce_metrics.supervision_for(request.membership.service, [request.user.pk], day)[
            request.user.pk
        ],
    }
    return render(request, "home/today.jinja", context)
