"""`alongside demo`: migrate, build the demo data (once), show the logins, then serve.

Static files are not collected: the development server serves them itself with DEBUG on,
which `alongside demo` turns on (alongside/__main__.py).
"""

import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from alongside.demo.builder import build

DEFAULT_ADDRPORT = "127.0.0.1:8000"


class Command(BaseCommand):
    help = "Set up the demo database, print the demo logins and run the development server."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--people", type=int, default=300, help="Roughly how many people to make (300)")
        parser.add_argument(
            "--addrport", default=DEFAULT_ADDRPORT, help=f"Where to serve ({DEFAULT_ADDRPORT})"
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Build and print the logins, then exit (for tests and CI)"
        )

    def handle(self, *args: Any, people: int, addrport: str, no_serve: bool, **options: Any) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        started = time.perf_counter()
        result = build(people=people, stdout=self.stdout)
        seconds = time.perf_counter() - started
        self._summary(result, seconds)
        self._logins(result["logins"], result["password"])
        self.stdout.write(f"\nOpen {url_for(addrport)} and sign in with any of them.")
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING("DEBUG is off: run `alongside demo` so static files are served.")
            )
        if settings.MFA_REQUIRED:
            self.stdout.write(
                self.style.WARNING("MFA is required: each login will be asked to set it up first.")
            )
        if not no_serve:
            call_command("runserver", addrport, use_reloader=False)

    def _summary(self, result: dict[str, Any], seconds: float) -> None:
        counts = result["counts"]
        what = "Demo data built" if result["built"] else "Demo data already there, passwords reset"
        self.stdout.write(
            self.style.SUCCESS(
                f"{what} in {seconds:.1f} seconds: {counts['people']:,} people, "
                f"{counts['peer_supports']:,} referrals, {counts['contacts']:,} contacts, "
                f"{counts['group_sessions']:,} groups."
            )
        )
        self.stdout.write(
            f"Safety: {counts['shifts']:,} ward shifts ({counts['briefings']:,} briefed, "
            f"{counts['debriefs']:,} debriefed), {counts['escalations']:,} safety concerns "
            f"({counts['open_escalations']:,} open), {counts['visits']:,} visits, "
            f"{counts['alerts']:,} alerts ({counts['open_alerts']:,} open)."
        )

    def _logins(self, logins: list[tuple[str, str]], password: str) -> None:
        width = max(len(role) for role, _ in logins)
        self.stdout.write(f"\nDemo logins (the password for all of them is: {password})\n")
        self.stdout.write(f"  {'Role':<{width}}  Email")
        self.stdout.write(f"  {'-' * width}  {'-' * max(len(email) for _, email in logins)}")
        for role, email in logins:
            self.stdout.write(f"  {role:<{width}}  {email}")


def url_for(addrport: str) -> str:
    """The address to open in a browser: runserver's "8000" or "0.0.0.0:8000" both mean this machine."""
    host, _, port = addrport.rpartition(":")
    if host in ("", "0.0.0.0", "[::]"):  # noqa: S104 - only turning a bind address into a browser URL
        host = "127.0.0.1"
    return f"http://{host}:{port}/"
