from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.dashboard import summary
from alongside.organisations.models import Role
from alongside.support import metrics


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
        "quiet": list(metrics.without_recent_contact(service, today)[:25]),
        "quiet_count": metrics.without_recent_contact(service, today).count(),
        "deferred": list(metrics.deferred_by_clinical_team(service)),
        "today": today,
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
