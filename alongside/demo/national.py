"""The map of England's services for the demo, loaded through the national importer (ADR 0040).

The files in alongside/demo/data/ are a FICTIONAL sample, and say so in their header comments:
NHS England's seven regions and 42 ICBs (named as the demo and the national generator name them)
with made-up ODS-style codes, a community perinatal team in every ICB and 24 mother and baby units
(the demo's own three services linked to theirs), invented peer support ("none" included), and
made-up births and referrals per ICB for two years, their source "Fictional demo figures".

Loading them through `import_services` and `import_births`, as a national administrator would,
makes the demo prove the importer: a bad row in either file stops the build.

Then the set-up census entered for 20 services that do not use Alongside (england_census.csv, a
fictional survey, each answer fitting the register's peer support), and, once the demo's standings
are taken, its three services' national returns for the last 8 complete quarters, made here as a
multi-service deployment makes them (alongside/national/returns.py, make_here).
"""

import csv
import datetime as dt
from decimal import Decimal
from pathlib import Path

from alongside.national.importer import Report, import_births, import_services
from alongside.national.models import CensusEntry, PerinatalService
from alongside.national.returns import Received, last_complete_quarter, make_here, quarters_back

DATA = Path(__file__).parent / "data"
SERVICES = DATA / "england_services.csv"
BIRTHS = DATA / "england_births.csv"
CENSUS = DATA / "england_census.csv"
CENSUS_SOURCE = "Fictional demo survey, 2026"
RETURN_QUARTERS = 8


class NationalDataInvalid(RuntimeError):
    """The demo's own national files have a bad row: a bug in the files, not in someone's input."""


def build_national() -> list[Report]:
    """Load the fictional register and births; both files land whole or the build fails."""
    reports = [
        import_services(SERVICES.read_bytes(), source=SERVICES.name),
        import_births(BIRTHS.read_bytes(), source=BIRTHS.name),
    ]
    for report in reports:
        if not report.ok:
            raise NationalDataInvalid("\n".join(report.lines()))
    return reports


def census_day(today: dt.date) -> dt.date:
    """The survey's day: the first of the last complete quarter, so the latest returned quarter
    (the national pages' default) shows it."""
    return last_complete_quarter(today)


def _entry(row: dict[str, str], ps: PerinatalService, on: dt.date) -> CensusEntry:
    def whole(key: str) -> int | None:
        return int(row[key]) if row[key] else None

    return CensusEntry(
        perinatal_service=ps,
        as_of=on,
        source=CENSUS_SOURCE,
        paid=whole("paid"),
        volunteers=whole("volunteers"),
        employed_by=row["employed_by"],
        works=row["works"],
        coordinator=row["coordinator"],
        lived_experience_design=row["lived_experience_design"],
        hours_per_week=Decimal(row["hours_per_week"]) if row["hours_per_week"] else None,
        pay_bands=row["pay_bands"],
        contract_lengths=row["contract_lengths"],
        supervision=row["supervision"],
        training=row["training"],
        non_peer_duties=row["non_peer_duties"],
    )


def build_census(today: dt.date) -> list[CensusEntry]:
    """The fictional survey's answers, each checked as the admin form would (full_clean), so a bad
    row, or one that does not fit the register, stops the build."""
    lines = [line for line in CENSUS.read_text().splitlines() if not line.startswith("#")]
    register = {ps.code: ps for ps in PerinatalService.objects.all()}
    entries = []
    for row in csv.DictReader(lines):
        ps = register.get(row["service_code"])
        if ps is None or ps.service_id is not None:
            raise NationalDataInvalid(
                f"{CENSUS.name}: {row['service_code']} is not a service without Alongside"
            )
        entry = _entry(row, ps, census_day(today))
        if not _fits(entry, ps.peer_support):
            raise NationalDataInvalid(
                f"{CENSUS.name}: {ps.code} does not fit its peer support, {ps.peer_support}"
            )
        entry.full_clean()
        entries.append(entry)
    return CensusEntry.objects.bulk_create(entries)


def _fits(entry: CensusEntry, peer_support: str) -> bool:
    paid, volunteers = entry.paid or 0, entry.volunteers or 0
    if peer_support == PerinatalService.PeerSupport.ESTABLISHED:
        return paid > 0
    if peer_support == PerinatalService.PeerSupport.INFORMAL:
        return paid == 0 and volunteers > 0
    if peer_support == PerinatalService.PeerSupport.NONE:
        return paid == 0 and volunteers == 0
    return False


def build_returns(today: dt.date) -> list[Received]:
    """The demo's services' returns for the last 8 complete quarters, made and kept here; after
    the standings are taken, so each return carries the fourteen recommendations."""
    received = make_here(quarters_back(last_complete_quarter(today), RETURN_QUARTERS))
    refused = [line for r in received for line in r.problems]
    if refused:
        raise NationalDataInvalid("\n".join(refused))
    return received
