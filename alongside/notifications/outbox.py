"""Write emails to the outbox and send them (ADR 0007, ADR 0029).

Every email is a row first (OutboundEmail), so a failed send is retried by the next
`alongside alerts` run and nothing is ever lost. An email says no more about a mother than the
page it points to: the detail is behind the sign-in.
"""

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Membership, Service

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 12


def addresses(users: Iterable[Any]) -> list[str]:
    return sorted({u.email for u in users if u is not None and u.email})


def staff(service: Service, roles: Iterable[str]) -> list[Any]:
    members = Membership.objects.filter(service=service, role__in=list(roles), active=True).select_related(
        "user"
    )
    return [m.user for m in members]


def queue(to: Iterable[str], subject: str, body: str, **links: Any) -> None:
    OutboundEmail.objects.bulk_create(OutboundEmail(to=a, subject=subject, body=body, **links) for a in to)


def tell_staff(service: Service, roles: Iterable[str], *, subject: str, body: str) -> None:
    """Queue one email to each of the service's active staff in these roles (no names in it)."""
    queue(addresses(staff(service, roles)), subject, body)


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
