"""`alongside import_records --service "<name>" FILE… [--mapping NAME] [--dry-run] [--refused-to FILE.csv]`

Imports a service's records from CSV or XLSX files, as the /import/ pages do (ADR 0050): one
transaction for all the files; if any row is refused nothing is written and it exits 1.
"""

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from alongside.accounts.models import User
from alongside.accounts.rules import Perm, roles_with
from alongside.imports import services
from alongside.imports.models import ImportJob
from alongside.imports.planning import ACTIONS
from alongside.imports.reading import Unreadable
from alongside.imports.refused import refused_csv
from alongside.organisations.models import Membership, Service
from alongside.support.sheets import BY_NAME

SHOWN = 100  # rows that change, and refused rows, printed at most


class Command(BaseCommand):
    help = "Import a service's records (people, referrals, contacts, groups, staff…) from CSV or XLSX"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--service", required=True, help="The service's name, exactly")
        parser.add_argument(
            "--mapping", default="", help="A column mapping the service saved on the import page"
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would happen; write nothing")
        parser.add_argument(
            "--refused-to", default="", help="Write the refused rows, with a Reason column, to this CSV"
        )
        parser.add_argument(
            "--as",
            dest="as_email",
            default="",
            help="The co-ordinator or service manager it is recorded as (default: the service's first)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        service = Service.objects.filter(name=options["service"]).first()
        if service is None:
            raise CommandError(f"No service is called {options['service']!r}")
        membership = self._acting(service, options["as_email"])
        saved = services.saved_columns(service, options["mapping"]) if options["mapping"] else {}
        if options["mapping"] and not saved:
            raise CommandError(f"{service} has no saved mapping called {options['mapping']!r}")
        started = time.perf_counter()
        tables = []
        for name in options["files"]:
            path = Path(name)
            try:
                found = services.tables_of(path.name, path.read_bytes(), saved)
            except OSError as error:
                raise CommandError(f"{name}: cannot be read ({error.strerror})") from None
            except Unreadable as error:
                raise CommandError(f"{name}: {error}") from None
            tables.extend(found)
        mapping = services.suggested_mapping(tables, saved)
        chosen = services.mapped(tables, mapping)
        for table in tables:
            sheet = mapping[table.source]["sheet"]
            what = BY_NAME[sheet].title if sheet else "not recognised: left out"
            self.stdout.write(f"{table.source}: {len(table.rows):,} rows, {what}")
        if problems := services.mapping_problems(chosen):
            raise CommandError("The columns cannot be matched:\n  " + "\n  ".join(problems))
        total = sum(len(m.table.rows) for m in chosen)
        step = max(2000, total // 20)
        last = {"planned": 0, "written": 0}

        def progress(stage: str, done: int, of: int) -> None:
            if done - last.get(stage, 0) >= step or done == of:
                last[stage] = done
                verb = "checked" if stage == "planned" else "written"
                self.stdout.write(f"  {done:,} of {of:,} rows {verb} ({time.perf_counter() - started:.1f} s)")

        job = ImportJob.objects.create(
            service=service,
            created_by=membership.user,
            file_name=", ".join(Path(f).name for f in options["files"])[:200],
        )
        outcome = services.run_import(
            service=service,
            actor=membership.user,
            membership=membership,
            tables=chosen,
            job_id=job.pk,
            dry_run=options["dry_run"],
            progress=progress,
        )
        plan = outcome.plan
        job.plan = plan.summary()
        job.state = (
            ImportJob.State.DONE
            if outcome.written
            else ImportJob.State.REFUSED
            if plan.refused()
            else ImportJob.State.PLANNED
        )
        job.result = {"counts": outcome.counts, "written": outcome.written, "dry_run": options["dry_run"]}
        job.save()
        for sheet, counts in plan.counts().items():
            shown = ", ".join(f"{counts[action]:,} {action}" for action in ACTIONS)
            self.stdout.write(f"{BY_NAME[sheet].title}: {shown}")
        changed = [row for row in plan.all_rows() if row.changes]
        for row in changed[:SHOWN]:
            if row.changes:
                changes = "; ".join(f"{h}: {old} -> {new}" for h, old, new in row.changes)
                self.stdout.write(f"  {row.source} row {row.number} ({row.reference}) changes {changes}")
        refused = plan.refused()
        if len(changed) > SHOWN:
            self.stdout.write(f"  … and {len(changed) - SHOWN:,} more rows that change")
        for row in refused[:SHOWN]:
            self.stdout.write(f"  {row.source}: {row.reason}")
        if len(refused) > SHOWN:
            self.stdout.write(
                f"  … and {len(refused) - SHOWN:,} more refused rows (--refused-to FILE.csv writes them all)"
            )
        if options["refused_to"] and refused:
            Path(options["refused_to"]).write_text(refused_csv(plan.summary()), encoding="utf-8-sig")
            self.stdout.write(f"The refused rows are in {options['refused_to']}")
        seconds = time.perf_counter() - started
        if refused:
            self.stdout.write(
                f"{len(refused):,} rows refused: nothing was imported. Fix or remove them and import again "
                f"({seconds:.1f} s)."
            )
            raise SystemExit(1)
        if options["dry_run"]:
            self.stdout.write(f"Dry run: nothing was written ({seconds:.1f} s).")
        else:
            written = sum(sum(c.values()) for c in outcome.counts.values())
            self.stdout.write(
                f"Imported: {written:,} rows created or changed, as import {job.pk} ({seconds:.1f} s)."
            )

    @staticmethod
    def _acting(service: Service, email: str) -> Membership:
        members = Membership.objects.filter(
            service=service, active=True, role__in=roles_with(Perm.MANAGE_TEAM)
        ).select_related("user")
        if email:
            user = User.objects.filter(email__iexact=email).first()
            found = members.filter(user=user).first() if user else None
            if found is None:
                raise CommandError(f"{email} is not an active co-ordinator or service manager of {service}")
            return found
        # The service manager first: she may give every role a service's staff hold.
        found = members.order_by("-role", "pk").first()
        if found is None:
            raise CommandError(
                f"{service} has no active co-ordinator or service manager to record the import as"
            )
        return found
