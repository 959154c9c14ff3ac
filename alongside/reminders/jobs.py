"""`alongside alerts`, the job cron runs every few minutes (ADR 0007, ADR 0029, ADR 0049).

It raises the safety alerts that are due (alongside.visits.notify), queues the reminder digests
due today (alongside.reminders.digests), then sends every email waiting in the outbox, so a
digest goes in the run that made it. One run at a time across app servers: while another
server's run holds the lock, this one does nothing.
"""

import datetime as dt

from alongside.lib.locks import only_one
from alongside.notifications.outbox import send_waiting
from alongside.reminders import digests
from alongside.visits import notify


def run(now: dt.datetime | None = None) -> dict[str, int] | None:
    """Raise, queue, send. None, doing nothing, while another server's run holds the lock."""
    with only_one("alerts") as mine:
        if not mine:
            return None
        raised = notify.raise_due_alerts(now)
        queued = digests.queue_due(now)
        sent, failed = send_waiting()
    return {"raised": len(raised), "digests": queued, "sent": sent, "failed": failed}
