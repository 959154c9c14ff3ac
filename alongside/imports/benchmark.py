"""Write a large messy import (50,000 rows by default) and time the import command on it.

    ALONGSIDE_DATA_DIR=/tmp/import-bench ALONGSIDE_DEBUG=1 .venv/bin/alongside migrate  # once
    export ALONGSIDE_DATA_DIR=/tmp/import-bench ALONGSIDE_DEBUG=1
    .venv/bin/python -m alongside.imports.benchmark 50000

It makes a fresh service with a co-ordinator and ten peer workers, writes people (a fifth of the
rows), referrals (a fifth), allocations (a fifth) and contacts (two fifths) as CSV with the
mess of a hand-kept spreadsheet (UK dates, NHS numbers with spaces), imports them, then imports
them again (every row unchanged), printing the figures. A benchmark prints; it asserts nothing.
"""

import csv
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path


def _nhs(n: int, offset: int) -> str:
    from alongside.lib.nhs_number import is_valid  # noqa: PLC0415

    base = 100000000 + offset * 10_000_000 + n * 7
    while True:
        for check in range(10):
            candidate = f"{base}{check}"
            if is_valid(candidate):
                return f"{candidate[:3]} {candidate[3:6]} {candidate[6:]}"
        base += 1


def write_files(folder: Path, rows: int, emails: list[str], offset: int = 0) -> list[Path]:
    """`offset` keeps each run's NHS numbers apart (an NHS number is on one record only)."""
    n = max(rows // 5, 1)
    from django.utils import timezone  # noqa: PLC0415

    today = timezone.localdate()
    files = {name: folder / f"{name}.csv" for name in ("people", "referrals", "allocations", "contacts")}
    with files["people"].open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["Caseload (generated)"])
        w.writerow(
            [
                "Reference",
                "Family reference",
                "Family role",
                "Given name",
                "Family name",
                "Date of birth",
                "NHS number",
                "Consent given on",
            ]
        )
        for i in range(n):
            born = dt.date(1985, 1, 1) + dt.timedelta(days=i % 5000)
            w.writerow(
                [
                    f"P{i}",
                    f"F{i}",
                    "Mother",
                    f"Given{i}",
                    f"Family{i}",
                    f"{born:%d/%m/%Y}",
                    _nhs(i, offset),
                    f"{today - dt.timedelta(days=200):%-d %b %Y}",
                ]
            )
    with files["referrals"].open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["Reference", "Person reference", "Referred on", "Status", "Status changed on"])
        for i in range(n):
            w.writerow(
                [
                    f"R{i}",
                    f"P{i}",
                    f"{today - dt.timedelta(days=190):%d/%m/%Y}",
                    "Active",
                    (today - dt.timedelta(days=180)).isoformat(),
                ]
            )
    with files["allocations"].open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["Reference", "Referral reference", "Peer worker's email", "Started on"])
        for i in range(n):
            w.writerow(
                [f"A{i}", f"R{i}", emails[i % len(emails)], (today - dt.timedelta(days=185)).isoformat()]
            )
    with files["contacts"].open("w", newline="", encoding="utf-8") as out:
        w = csv.writer(out)
        w.writerow(["Reference", "Referral reference", "Peer worker's email", "When", "Minutes", "How"])
        for i in range(rows - 3 * n):
            when = dt.datetime.combine(today - dt.timedelta(days=1 + i % 170), dt.time(10, 30))
            w.writerow([f"C{i}", f"R{i % n}", emails[i % len(emails)], f"{when:%d/%m/%Y %H:%M}", 45, "Phone"])
    return list(files.values())


def main(rows: int) -> None:
    import django  # noqa: PLC0415

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "alongside.settings")
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    from alongside.accounts.models import User  # noqa: PLC0415
    from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service  # noqa: PLC0415

    stamp = str(int(time.time()))
    region, _ = Region.objects.get_or_create(name="Bench region")
    icb, _ = ICB.objects.get_or_create(name="Bench ICB", region=region)
    trust, _ = Organisation.objects.get_or_create(name="Bench Trust", kind=Organisation.Kind.NHS_TRUST)
    service = Service.objects.create(
        name=f"Import bench {stamp}", kind=Service.Kind.COMMUNITY_PERINATAL, trust=trust, icb=icb
    )
    lead = User.objects.create_user(username=f"lead{stamp}", email=f"lead{stamp}@bench.example")
    Membership.objects.create(user=lead, service=service, role=Role.COORDINATOR)
    emails = []
    for i in range(10):
        worker = User.objects.create_user(username=f"pw{i}-{stamp}", email=f"pw{i}-{stamp}@bench.example")
        Membership.objects.create(user=worker, service=service, role=Role.PEER_WORKER)
        emails.append(worker.email)
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(Path(folder), rows, emails, offset=service.pk % 80)
        for attempt in ("first import", "same files again"):
            started = time.perf_counter()
            call_command("import_records", *[str(f) for f in files], service=service.name)
            print(f"{attempt}: {rows:,} rows in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000)
