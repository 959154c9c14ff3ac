from typing import Any

from django.core.management.base import BaseCommand

from alongside.reminders import jobs


class Command(BaseCommand):
    help = (
        "Raise due alerts (overdue lone visits, unacknowledged concerns), queue today's reminder "
        "digests and send waiting emails. For cron."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        result = jobs.run()
        if result is None:
            self.stdout.write("Another server's `alongside alerts` is running; this one did nothing.")
            return
        raised, sent, failed = result["raised"], result["sent"], result["failed"]
        self.stdout.write(f"Alerts raised: {raised}. Emails sent: {sent}; failed, kept to retry: {failed}.")
        self.stdout.write(f"Reminder digests queued: {result['digests']}.")
