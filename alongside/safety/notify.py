"""Alerts and their emails. Every email is written to an outbox first, so a failed send is
retried by the next run and nothing is ever lost; the alert itself lives on people's pages.

`alongside alerts` (cron, every few minutes) calls run(): it raises what is due, once, and
sends what is waiting. Running it twice sends each email once.
"""

import datetime as dt
import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from alongside.lib.locks import only_one
from alongside.organisations.models import Membership, Role, Service
from alongside.safety.models import Alert, Escalation, OutboundEmail, Visit

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12


def _emails(users: Iterable[Any]) -> list[str]:
    return sorted({u.email for u in users if u is not None and u.email})


def _staff(service: Service, roles: Iterable[str]) -> list[Any]:
    members = Membership.objects.filter(service=service, role__in=list(roles), active=True).select_related(
        "user"
    )
    return [m.user for m in members]


def _queue(to: Iterable[str], subject: str, body: str, **links: Any) -> None:
    OutboundEmail.objects.bulk_create(OutboundEmail(to=a, subject=subject, body=body, **links) for a in to)


def tell_staff(service: Service, roles: Iterable[str], *, subject: str, body: str) -> None:
    """Queue one email to each of the service's active staff in these roles (no names in it)."""
    _queue(_emails(_staff(service, roles)), subject, body)


def escalation_raised(escalation: Escalation) -> None:
    """Tell the service's clinical team at once. No names in email: the page has the detail."""
    _queue(
        _emails(_staff(escalation.service, [Role.CLINICIAN])),
        "Alongside: a peer worker has raised a safety concern",
        f"A peer worker raised a concern for a mother's or baby's safety at {escalation.service}.\n"
        "Please read and acknowledge it in Alongside: Safety concerns.",
        escalation=escalation,
    )


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
            _queue(
                _emails([*_staff(service, [Role.COORDINATOR]), visit.named_contact]),
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
            _queue(
                _emails(_staff(escalation.service, [Role.SERVICE_MANAGER])),
                "Alongside: a safety concern has not been acknowledged",
                f"A safety concern raised at {escalation.service} has waited more than "
                f"{escalation.service.escalation_hours} hours for the clinical team.\n"
                "Please make sure it is acknowledged in Alongside: Safety concerns.",
                alert=alert,
            )
    return raised


def send_waiting(limit: int = 200) -> tuple[int, int]:
    """Try every unsent email that has attempts left, oldest first. Returns (sent, failed).

    Each is claimed in its own short transaction (`SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL):
    two runs on two servers at once never send the same email, and neither waits for the other
    (ADR 0029). SQLite has no row locks and needs none: one machine, one timer."""
    sent = failed = 0
    last = 0
    for _ in range(limit):
        with transaction.atomic():
            email = (
                OutboundEmail.objects.select_for_update(skip_locked=True)
                .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, pk__gt=last)
                .order_by("pk")
                .first()
            )
            if email is None:
                break
            last = email.pk
            if _attempt(email):
                sent += 1
            else:
                failed += 1
    return sent, failed


def _attempt(email: OutboundEmail) -> bool:
    """One try at sending one email, recorded on it. True if it went."""
    email.attempts += 1
    try:
        send_mail(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, [email.to])
    except Exception as error:  # noqa: BLE001 - any transport failure is retried next run
        email.last_error = f"{type(error).__name__}: {error}"[:1000]
        log.warning("Email %s to %s failed (attempt %s): %s", email.pk, email.to, email.attempts, error)
        went = False
    else:
        email.sent_at = timezone.now()
        email.last_error = ""
        went = True
    email.save(update_fields=["attempts", "sent_at", "last_error"])
    return went


def send_now(*, to: Iterable[str], subject: str, body: str) -> list[OutboundEmail]:
    """An email someone is waiting for (a link to reset her password): written to the outbox like
    every other, then tried at once rather than at the next `alongside alerts` run. One that fails
    stays waiting, and that run retries it."""
    emails = [OutboundEmail.objects.create(to=address, subject=subject, body=body) for address in to]
    for email in emails:
        _attempt(email)
    return emails


def run(now: dt.datetime | None = None) -> dict[str, int] | None:
    """Raise what is due and send what waits; None, doing nothing, while another server's run
    holds the lock (every app server's timer starts one: ADR 0029)."""
    with only_one("alerts") as mine:
        if not mine:
            return None
        raised = raise_due_alerts(now)
        sent, failed = send_waiting()
    return {"raised": len(raised), "sent": sent, "failed": failed}


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
