"""Alerts and their emails. Every email is written to the outbox (alongside.notifications) first,
so a failed send is retried by the next run and nothing is ever lost; the alert itself lives on
people's pages.

`alongside alerts` (cron, every few minutes) calls run(): it raises what is due, once, and
sends what is waiting. Running it twice sends each email once.
"""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alongside.lib.locks import only_one
from alongside.notifications.outbox import addresses, queue, send_waiting, staff
from alongside.organisations.models import Membership, Role, Service
from alongside.visits.models import Alert, Visit
from alongside.wards.models import Escalation
from alongside.wards.signals import escalation_acknowledged


def _lone_work_due(now: dt.datetime) -> list[Visit]:
    due = []
    for service in Service.objects.all():
        cutoff = now - dt.timedelta(minutes=service.lone_work_grace_minutes)
        due += list(
            Visit.objects.filter(
                peer_support__service=service,
                companion__isnull=True,
                expected_end_at__lt=cutoff,
                checked_out_at__isnull=True,
                cancelled_at__isnull=True,
                safe_confirmed_at__isnull=True,
            )
            .exclude(alerts__kind=Alert.Kind.LONE_WORKER_OVERDUE)
            .select_related("peer_support__service", "peer_worker", "named_contact")
        )
    return due


def _escalations_due(now: dt.datetime) -> list[Escalation]:
    due = []
    for service in Service.objects.all():
        cutoff = now - dt.timedelta(hours=service.escalation_hours)
        due += list(
            Escalation.objects.filter(service=service, acknowledged_at__isnull=True, raised_at__lt=cutoff)
            .exclude(alerts__kind=Alert.Kind.ESCALATION_UNACKNOWLEDGED)
            .select_related("service")
        )
    return due


def _raise(kind: str, service: Service, now: dt.datetime, **target: Any) -> Alert | None:
    """Create the alert unless it exists; the unique constraint makes a race harmless."""
    try:
        with transaction.atomic():
            return Alert.objects.create(kind=kind, service=service, raised_at=now, **target)
    except IntegrityError:
        return None


def raise_due_alerts(now: dt.datetime | None = None) -> list[Alert]:
    now = now or timezone.now()
    raised = []
    for visit in _lone_work_due(now):
        service = visit.peer_support.service
        alert = _raise(Alert.Kind.LONE_WORKER_OVERDUE, service, now, visit=visit)
        if alert:
            raised.append(alert)
            ends = timezone.localtime(visit.expected_end_at)
            queue(
                addresses([*staff(service, [Role.COORDINATOR]), visit.named_contact]),
                f"Alongside: {visit.peer_worker} has not checked out of a visit",
                f"{visit.peer_worker} was due to finish a lone visit at {ends:%H:%M} on {ends:%-d %B} "
                "and has not checked out.\n"
                "Please try to reach her, then record in Alongside that she is safe.",
                alert=alert,
            )
    for escalation in _escalations_due(now):
        alert = _raise(Alert.Kind.ESCALATION_UNACKNOWLEDGED, escalation.service, now, escalation=escalation)
        if alert:
            raised.append(alert)
            queue(
                addresses(staff(escalation.service, [Role.SERVICE_MANAGER])),
                "Alongside: a safety concern has not been acknowledged",
                f"A safety concern raised at {escalation.service} has waited more than "
                f"{escalation.service.escalation_hours} hours for the clinical team.\n"
                "Please make sure it is acknowledged in Alongside: Safety concerns.",
                alert=alert,
            )
    return raised


def run(now: dt.datetime | None = None) -> dict[str, int] | None:
    """Raise what is due and send what waits; None, doing nothing, while another server's run
    holds the lock (every app server's timer starts one: ADR 0029)."""
    with only_one("alerts") as mine:
        if not mine:
            return None
        raised = raise_due_alerts(now)
        sent, failed = send_waiting()
    return {"raised": len(raised), "sent": sent, "failed": failed}


def clear_escalation_alerts(sender: object, escalation: Escalation, **kwargs: object) -> None:
    """A concern the clinical team has acknowledged clears its alert, at the moment it did
    (wards.signals.escalation_acknowledged: the ward below says so; the alerts here listen)."""
    Alert.objects.filter(escalation=escalation, cleared_at__isnull=True).update(
        cleared_at=escalation.acknowledged_at
    )


def connect() -> None:
    """Listen for what the layers below say has happened (VisitsConfig.ready)."""
    escalation_acknowledged.connect(clear_escalation_alerts, dispatch_uid="visits.clear_escalation_alerts")


def open_alerts_for(user: Any, membership: Membership) -> list[Alert]:
    """Alerts a person should see: a co-ordinator or manager sees her service's; a named contact hers."""
    qs = Alert.objects.filter(cleared_at__isnull=True).select_related(
        "visit__peer_worker", "visit__peer_support__person", "escalation"
    )
    mine = Q(visit__named_contact=user)
    if membership.role in (Role.COORDINATOR,):
        mine |= Q(service=membership.service, kind=Alert.Kind.LONE_WORKER_OVERDUE)
    if membership.role in (Role.SERVICE_MANAGER,):
        mine |= Q(service=membership.service)
    return list(qs.filter(mine))
