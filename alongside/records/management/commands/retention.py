"""`alongside retention`: what is past its retention period; with --apply, anonymise it.

A dry run (the default) lists and changes nothing. Run it monthly from cron with --apply once the
Trust's records manager has agreed the schedule (ADR 0025). Figures already reported for past
periods stay the same: records are anonymised, not deleted (alongside.records.services).
"""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from alongside.records import retention, services

TODAY_HELP = "Act as if today were this date (YYYY-MM-DD), to check the schedule"


class Command(BaseCommand):
    help = "List records past their retention period (dry run); --apply anonymises them."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--apply", action="store_true", help="Anonymise and delete what is listed")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help=TODAY_HELP)

    def handle(self, *args: Any, apply: bool, today: dt.date | None, **options: Any) -> None:
        self.stdout.write("Retention schedule (change with ALONGSIDE_RETAIN_*_YEARS):")
        for record_type in retention.SCHEDULE:
            self.stdout.write(
                f"  {record_type.key}: {retention.years(record_type)} years after {record_type.counted_from}"
            )
        due = list(retention.care_records_due(today))
        emails = retention.sent_emails_due(today).count()
        for item in due:
            self.stdout.write(
                f"care_record: person {item.person.pk} at {item.person.service}, last activity "
                f"{item.last_activity:%Y-%m-%d}, due {item.due_on:%Y-%m-%d}"
            )
        self.stdout.write(f"{len(due)} records and {emails} sent emails are past their retention period.")
        if not apply:
            self.stdout.write("Dry run: nothing changed. Run with --apply to anonymise them.")
            return
        anonymised, deleted = services.retention_apply(today=today)
        self.stdout.write(f"Anonymised {anonymised} records; deleted {deleted} sent emails.")
