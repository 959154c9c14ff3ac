import datetime as dt

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.dashboard import summary
from alongside.lib.replica import reading_from_replica
from alongside.organisations.models import Role
from alongside.people import tables
from alongside.support import access as support_access
from alongside.support import metrics
from alongside.support.metrics import Figure
from alongside.visits import access as visits_access
from alongside.wards import metrics as wards_metrics


def figures(a: metrics.Activity) -> list[tuple[str, int]]:
    """The shared figures the co-ordinator sees, exact, each under its one name."""
    return [
        (Figure.REFERRED, a.referred),
        (Figure.WITH_A_PEER_WORKER, a.with_a_peer_worker),
        (Figure.REACHED, a.reached),
        (Figure.IN_SUPPORT_NOW, a.in_support_now),
        (Figure.ONE_TO_ONE_CONTACTS, a.one_to_one_contacts),
        (Figure.GROUP_SESSIONS, a.group_sessions),
        (Figure.GROUP_ATTENDANCES, a.group_attendances),
        (Figure.HOURS, a.hours),
    ]


# Each list on the dashboard shows its most urgent rows and says how many there are in all; the
# rest are a link (or a page) away, so the page costs the same for 10 people or 10,000.
WAITING_SHOWN = 10
QUIET_SHOWN = 25
DEFERRED_PAGE = 25


@requires(Perm.VIEW_DASHBOARD)
def coordinator(request: AuthedRequest) -> HttpResponse:
    service = request.membership.service
    today = timezone.localdate()
    period = metrics.last_12_months(today)
    waiting = list(metrics.unallocated_referrals(service)[:WAITING_SHOWN])
    quiet = list(metrics.without_recent_contact(service, today)[:QUIET_SHOWN])
    deferred = Paginator(metrics.deferred_by_clinical_team(service), DEFERRED_PAGE).get_page(
        request.GET.get("deferred")
    )
    # Kept for as long as no new row is written (alongside/dashboard/summary.py); counts only: each
    # person's continuity row is the Transitions page's, one click away.
    activity, continuity = summary.service_year(request.membership, today=today)
    shown = [ps.person_id for ps in [*waiting, *quiet, *deferred]]
    audit.record_people_seen(request, shown, summary="On the dashboard")
    context = {
        "title": f"Dashboard: {service.name}",
        "service": service,
        "caseloads": metrics.caseload_by_peer_worker(service),
        "waiting": [(ps, metrics.days_waiting(ps, today)) for ps in waiting],
        "waiting_count": metrics.unallocated_referrals(service).count(),
        "fathers_waiting": metrics.fathers_and_partners_waiting(service).count(),
        "quiet": quiet,
        "quiet_count": metrics.without_recent_contact(service, today).count(),
        "deferred": deferred,
        "reviews_passed": metrics.deferral_reviews_passed(service, today).count(),
        "today": today,
        "continuity": continuity,
        "period": period,
        "figures": figures(activity),
        # Through the index of open visits, case by case (alongside/safety/models.py): left to
        # itself, SQLite read every visit in the nation without a companion.
        "lone_now": visits_access.visits_for_user(request.membership)
        .filter(peer_support__in=support_access.peer_supports_for_user(request.membership).values("pk"))
        .filter(companion__isnull=True, checked_in_at__isnull=False, checked_out_at__isnull=True)
        .filter(cancelled_at__isnull=True, safe_confirmed_at__isnull=True)
        .count(),
        "handovers": wards_metrics.handover_compliance(service, today - dt.timedelta(days=28), today)[0]
        if service.has_wards
        else None,
        "table": tables.table,
    }
    return render(request, "dashboard/coordinator.jinja", context)


@requires(Perm.VIEW_AGGREGATES)
@reading_from_replica()
def service_summary(request: AuthedRequest) -> HttpResponse:
    membership = request.membership
    national = membership.role == Role.NATIONAL_REVIEWER
    today = timezone.localdate()
    start, end = metrics.last_12_months(today)
    kept = summary.kept_summary(membership, today=today)
    context = {
        "title": "National summary" if national else "Service summary",
        "rows": kept.rows,
        "made_at": timezone.localtime(kept.made_at),
        "sections": summary.SECTIONS,
        "figure_definitions": metrics.FIGURE_DEFINITIONS,
        "start": start,
        "end": end,
        "national": national,
        "kept_minutes": int(summary.SUMMARY_KEPT.total_seconds() // 60),
        "table": tables.table,
    }
    return render(request, "dashboard/summary.jinja", context)
