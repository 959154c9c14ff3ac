import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside import access
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.dashboard import summary
from alongside.organisations.models import Role
from alongside.safety import metrics as safety_metrics
from alongside.support import metrics
from alongside.transitions import metrics as transition_metrics


@requires(Perm.VIEW_DASHBOARD)
def coordinator(request: AuthedRequest) -> HttpResponse:
    service = request.membership.service
    today = timezone.localdate()
    waiting = list(metrics.unallocated_referrals(service)[:10])
    context = {
        "title": f"Dashboard: {service.name}",
        "service": service,
        "caseloads": metrics.caseload_by_peer_worker(service),
        "waiting": [(ps, metrics.days_waiting(ps, today)) for ps in waiting],
        "waiting_count": metrics.unallocated_referrals(service).count(),
        "fathers_waiting": metrics.fathers_and_partners_waiting(service).count(),
        "quiet": list(metrics.without_recent_contact(service, today)[:25]),
        "quiet_count": metrics.without_recent_contact(service, today).count(),
        "deferred": list(metrics.deferred_by_clinical_team(service)),
        "today": today,
        "continuity": transition_metrics.continuity(service, start=today - dt.timedelta(days=365), end=today),
        "lone_now": access.visits_for_user(request.membership)
        .filter(companion__isnull=True, checked_in_at__isnull=False, checked_out_at__isnull=True)
        .filter(cancelled_at__isnull=True, safe_confirmed_at__isnull=True)
        .count(),
        "handovers": safety_metrics.handover_compliance(service, today - dt.timedelta(days=28), today)[0]
        if service.has_wards
        else None,
    }
    return render(request, "dashboard/coordinator.jinja", context)


@requires(Perm.VIEW_AGGREGATES)
def service_summary(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    national = membership.role == Role.NATIONAL_REVIEWER
    rows = summary.summary_rows(membership, today=timezone.localdate())
    return render(
        request,
        "dashboard/summary.jinja",
        {"title": "National summary" if national else "Service summary", "rows": rows, "national": national},
    )
