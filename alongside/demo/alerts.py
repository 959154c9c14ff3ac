"""The demo's alerts, raised by the real code (alongside.visits.notify) when they fell due.

`alongside alerts` runs every few minutes, so each alert is raised at the first run after it was
due: a concern left unacknowledged past the service's escalation hours, a lone visit not checked
out within the grace minutes. What happened next (a clinician acknowledging the concern, a
co-ordinator recording that the peer worker was safe) is applied after, and clears the alert as
the real services do. Every email the demo queued is marked sent: nothing is left to go.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from alongside.demo.common import Context, minutes
from alongside.notifications.models import OutboundEmail
from alongside.visits import notify as visits_notify

CRON = minutes(5)  # how often `alongside alerts` runs


@dataclass(frozen=True)
class Later:
    """An alert due at `due` (if that has come), and what was done about it afterwards."""

    due: dt.datetime
    then: Callable[[], None] | None = None


def last_email_pk() -> int:
    last = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
    return last or 0


def raise_alerts(ctx: Context, later: list[Later], *, emails_after: int) -> None:
    for item in sorted(later, key=lambda item: item.due):
        run = next_run(item.due)
        if run <= ctx.now:
            visits_notify.raise_due_alerts(run)
        if item.then is not None:
            item.then()
    visits_notify.raise_due_alerts(ctx.now)  # anything else due now, though nothing should be
    _mark_sent(ctx, emails_after)


def next_run(due: dt.datetime) -> dt.datetime:
    """The first run of the job strictly after `due`."""
    epoch = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    runs = (due - epoch) // CRON + 1
    return epoch + runs * CRON


def _mark_sent(ctx: Context, emails_after: int) -> None:
    emails = list(OutboundEmail.objects.filter(pk__gt=emails_after).select_related("alert", "escalation"))
    for email in emails:
        queued = ctx.now
        if email.alert:
            queued = email.alert.raised_at
        elif email.escalation:
            queued = email.escalation.raised_at
        email.created_at = queued
        email.sent_at = min(queued + minutes(1), ctx.now)
        email.attempts = 1
    OutboundEmail.objects.bulk_update(emails, ["created_at", "sent_at", "attempts"], batch_size=500)
