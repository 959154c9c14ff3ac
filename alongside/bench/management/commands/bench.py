"""`alongside bench`: server time, queries and size of every role's main pages, and two yardsticks.

Measures whatever database the settings name (SQLite under ALONGSIDE_DATA_DIR, or DATABASE_URL),
filled by `alongside generate --size service|region|national` (`make bench` builds each size once).
It picks whom to measure from the data (alongside/bench/subjects.py), signs them in as real users
with two-factor authentication (alongside/bench/signin.py), and prints one line per page: p50 and
p95 server time, query count and size (alongside/bench/timing.py). Then, in the same run: the app's
lists against Django admin's changelist over the same rows, and the report's figures against
hand-written SQL (alongside/bench/compare.py). It prints figures and asserts nothing about speed;
it exits non-zero only when the database holds no service or a page did not answer 200.
"""

import gc
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from alongside.accounts.models import User
from alongside.bench import database, national
from alongside.bench.compare import FiguresAgainstSQL, ListPair, figures_against_sql, lists_against_admin
from alongside.bench.pages import Page, pages_for
from alongside.bench.raw_figures import FIGURES
from alongside.bench.signin import mfa_note, signed_in
from alongside.bench.subjects import Subjects, pick
from alongside.bench.timing import Measured, measure
from alongside.organisations.models import Role, Service
from alongside.people.models import Person
from alongside.support.models import Contact, PeerSupport

EMPTY = (
    "The database has no services, so there is nothing to measure. Fill it first with "
    "`alongside generate --size service` (or region, or national), then run `alongside bench` again."
)
UNMIGRATED = (
    "The database has no tables yet: run `alongside migrate`, then `alongside generate --size service`."
)
ROW = "{:<9} {:<26} {:<34} {:>9} {:>9} {:>8} {:>8}"


class Command(BaseCommand):
    help = "Measure every role's main pages (p50, p95, queries, size) and compare with the admin and raw SQL."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size", default="current", help="A label for the data's size, printed on each line"
        )
        parser.add_argument("--repeat", type=int, default=7, help="Timed requests per page (default 7)")
        parser.add_argument(
            "--repeat-files", type=int, default=3, help="Timed requests per PDF, CSV or XLSX (default 3)"
        )
        parser.add_argument(
            "--only", default="", help="Only pages (and comparisons) whose name has this in it"
        )

    def handle(
        self, *args: Any, size: str, repeat: int, repeat_files: int, only: str, **options: Any
    ) -> None:
        if repeat < 1 or repeat_files < 1:
            raise CommandError("--repeat and --repeat-files must be at least 1")
        started = time.perf_counter()
        subjects = self._subjects()
        made = national.prepare(timezone.localdate())  # the register and returns the generator lacks
        gc.freeze()  # as alongside/wsgi.py does once the app is loaded: measured as a worker serves
        self._header(size, subjects, repeat, repeat_files)
        self._national(made)
        failed: list[str] = []
        hosts = [*settings.ALLOWED_HOSTS, "testserver"]
        with override_settings(ALLOWED_HOSTS=hosts), signed_in(subjects.members) as clients:
            self.stdout.write(ROW.format("size", "role", "page", "p50 ms", "p95 ms", "queries", "KB"))
            for page in pages_for(subjects):
                if _wanted(only, page.role_label, page.label, page.url):
                    client = clients[page.role]
                    measured = measure(
                        client, page.url, repeat_files if page.download else repeat, fresh=page.fresh
                    )
                    failed += self._row(size, page, measured)
            role = Role.SERVICE_MANAGER if Role.SERVICE_MANAGER in clients else Role.COORDINATOR
            manager = clients.get(role)
            if manager is not None and _wanted(only, "compare admin changelist people contacts list"):
                pairs = lists_against_admin(manager, subjects.members[role], subjects, repeat)
                failed += self._lists(pairs)
            if _wanted(only, "compare report figures raw sql"):
                self._figures(figures_against_sql(subjects, repeat))
        self.stdout.write(f"\nMeasured in {time.perf_counter() - started:.0f} s.")
        if failed:
            raise CommandError(f"{len(failed)} measured responses were not 200: " + "; ".join(failed))

    def _subjects(self) -> Subjects:
        if Service._meta.db_table not in connection.introspection.table_names():
            raise CommandError(UNMIGRATED)
        subjects = pick(timezone.localdate())
        if subjects is None:
            raise CommandError(EMPTY)
        return subjects

    def _header(self, size: str, s: Subjects, repeat: int, repeat_files: int) -> None:
        debug = "DEBUG ON (figures include Django's debug overhead)" if settings.DEBUG else "DEBUG off"
        write = self.stdout.write
        write(f"Alongside bench, size {size}: {database.where()}; {database.statistics_note()}; {debug}")
        write(mfa_note())
        counts = [
            (Service.objects.count(), "services"),
            (User.objects.count(), "users"),
            (Person.objects.count(), "people"),
            (PeerSupport.objects.count(), "peer supports"),
            (Contact.objects.count(), "contacts"),
        ]
        write("Data: " + ", ".join(f"{n:,} {what}" for n, what in counts))
        write(
            f"Measured at {s.service.name} ({s.peer_supports:,} peer supports); report {s.start} to {s.end}"
        )
        for role, m in s.members.items():
            extra = f", open caseload {s.caseload}" if role == Role.PEER_WORKER else ""
            write(f"  {Role(role).label}: membership {m.pk} (user {m.user_id}) at {m.service.name}{extra}")
        if s.person is not None and s.peer_support is not None:
            write(f"  Her record: person {s.person.pk}, peer support {s.peer_support.pk}, in that caseload")
        for label in s.missing:
            write(f"  No active {label} to measure: that role's pages are left out")
        write(
            f"Each page: p50 and p95 of {repeat} timed requests ({repeat_files} for a PDF, CSV or XLSX) "
            "after one, not timed, that counts queries; server time through middleware, view and rendering."
        )
        write("")

    def _national(self, steps: list[national.Step]) -> None:
        write = self.stdout.write
        if not steps:
            write("National data: the register, its links and the returns were there already.\n")
            return
        write("National data made before timing (alongside/bench/national.py), each step once:")
        for step in steps:
            write(f"  {step.label}: {step.seconds:.1f} s, {step.queries:,} queries ({step.note})")
        write("")

    def _row(self, size: str, page: Page, m: Measured) -> list[str]:
        if not m.ok:
            self.stdout.write(ROW.format(size, page.role_label, page.label, m.problem(), "", "", ""))
            return [f"{page.role_label}, {page.label} ({page.url}): {m.problem()}"]
        figures = (f"{m.p50_ms:.1f}", f"{m.p95_ms:.1f}", m.queries, f"{m.size / 1024:.1f}")
        self.stdout.write(ROW.format(size, page.role_label, page.label, *figures))
        return []

    def _lists(self, pairs: list[ListPair]) -> list[str]:
        write = self.stdout.write
        write("")
        write("The app's lists against Django admin's changelist over the same rows (bench-only admin site):")
        failed = []
        for pair in pairs:
            sides = []
            for side, m in (("app", pair.app), ("admin", pair.admin)):
                if m.ok:
                    sides.append(f"{side} {m.p50_ms:.1f} ms p50, {m.queries} queries, {m.size / 1024:.1f} KB")
                else:
                    sides.append(f"{side} {m.problem()}")
                    failed.append(f"{pair.label}, {side}: {m.problem()}")
            ratio = f"app/admin {pair.ratio:.2f}" if pair.ratio is not None else "app/admin -"
            write(f"  {pair.label}: {'; '.join(sides)}; {ratio}")
            app, admin = pair.own_ms(pair.app), pair.own_ms(pair.admin)
            if app is not None and admin is not None:
                write(
                    f"    above the floor ({pair.floor.p50_ms:.1f} ms p50, the about page, same user):"
                    f" app {app:.1f} ms, admin {admin:.1f} ms"
                )
        return failed

    def _figures(self, f: FiguresAgainstSQL) -> None:
        write = self.stdout.write
        write("")
        write("The report's figures against hand-written SQL giving the same numbers (p50):")
        for step in (f.build, f.activity, f.raw):
            write(f"  {step.label}: {step.p50_ms:.1f} ms, {step.queries} queries")
        raw = max(f.raw.p50_ms, 0.001)
        write(f"  ratios: build/SQL {f.build.p50_ms / raw:.1f}, activity/SQL {f.activity.p50_ms / raw:.1f}")
        write(f"  {'figure':<36} {'report':>10} {'raw SQL':>10}  agree")
        for name in FIGURES:
            shown = "missing" if f.report[name] is None else f.report[name]
            same = "yes" if f.report[name] == f.sql[name] else "NO"
            write(f"  {name:<36} {shown:>10} {f.sql[name]:>10}  {same}")
        write(f"  all agree: {'yes' if f.agree else 'NO'}")


def _wanted(only: str, *names: str) -> bool:
    return not only or any(only.lower() in name.lower() for name in names)
