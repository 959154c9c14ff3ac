"""Load the national register from CSV: regions, ICBs and perinatal services, and each ICB's births
and referrals (ADR 0040).

A file lands whole or not at all. Every row is checked, against the rest of the file and against
what is already here, and every bad one is reported with its line number and the reason; if any
row is bad nothing is saved. Rows are matched by code, so importing the same file again changes
nothing. A region or ICB already here without a code (one the demo or an administrator made) is
matched by its name and given the file's code.

The file must be UTF-8 (a byte-order mark, as Excel writes, is fine). Blank lines and lines that
begin with "#" (comments) are skipped. A blank optional cell leaves what is already recorded.
Nothing here is about a person, and a command line has no one to name, so nothing is audited
(as with `alongside import_oruk`, ADR 0003).
"""

import codecs
import csv
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from alongside.national.models import ICBPopulation, PerinatalService
from alongside.organisations.models import ICB, Region, Service

SERVICE_COLUMNS = (
    "region_code",
    "region_name",
    "icb_code",
    "icb_name",
    "service_code",
    "service_name",
    "kind",
    "trust",
    "peer_support",
)
SERVICE_OPTIONAL = ("peer_support_source", "alongside_service", "note")
BIRTH_COLUMNS = ("icb_code", "year", "births", "perinatal_referrals", "source")
BIRTH_OPTIONAL = ("note",)

CODE = re.compile(r"^[A-Z0-9]{2,12}$")
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Problem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass
class Report:
    """What an import did, or would have done: counts by kind of record, and every problem."""

    source: str
    dry_run: bool = False
    rows: int = 0
    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run

    def problem(self, line: int, reason: str) -> None:
        self.problems.append(Problem(line, reason))

    def counted(self, kind: str, outcome: str) -> None:
        {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}[outcome][kind] += 1

    def summary(self) -> str:
        kinds = list(dict.fromkeys([*self.created, *self.updated, *self.unchanged]))
        done = "; ".join(
            f"{kind}: {self.created[kind]} new, {self.updated[kind]} updated, "
            f"{self.unchanged[kind]} unchanged"
            for kind in kinds
        )
        rows = f"{self.rows} row{'' if self.rows == 1 else 's'}"
        if not self.ok:
            bad = len({p.line for p in self.problems})
            return (
                f"{self.source}: {rows}, {bad} with problems "
                f"({len(self.problems)} in all). Nothing was saved: correct the file and import it again."
            )
        if self.dry_run:
            return (
                f"{self.source}: {rows}, all good. Dry run, nothing saved. It would give {done or 'nothing'}."
            )
        done = done or "nothing to do"
        return f"{self.source}: {rows}, all good and saved. {done[:1].upper()}{done[1:]}."

    def lines(self) -> list[str]:
        found = sorted(self.problems, key=lambda p: p.line)
        return [str(n) for n in self.notes] + [str(p) for p in found] + [self.summary()]


class _Rollback(Exception):
    """Raised inside the transaction to undo it (a dry run, or any problem)."""


Row = dict[str, str]


def read_csv(
    data: bytes, required: tuple[str, ...], optional: tuple[str, ...], report: Report
) -> list[tuple[int, Row]]:
    """The file's rows with their line numbers, each value stripped; problems with the file itself
    (not UTF-8, a missing or unknown column, a row of the wrong length) go in the report."""
    if data.startswith(codecs.BOM_UTF8):
        report.notes.append(Problem(1, "a byte-order mark (as Excel writes) was found and ignored"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        report.problem(
            data[: error.start].count(b"\n") + 1,
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be read): "
            "save it as UTF-8 (in Excel, 'CSV UTF-8') and import it again",
        )
        return []
    header: list[str] | None = None
    rows: list[tuple[int, Row]] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.rstrip("\r")
        if not line.strip():
            if header is not None and number < text.count("\n") + 1:
                report.notes.append(Problem(number, "blank line, skipped"))
            continue
        if line.lstrip().startswith("#"):
            continue
        fields = [value.strip() for value in next(csv.reader([line]))]
        if header is None:
            header = [name.lower() for name in fields]
            if not _header_ok(header, required, optional, number, report):
                return []
            continue
        report.rows += 1
        if len(fields) != len(header):
            report.problem(number, f"has {len(fields)} values where the header has {len(header)} columns")
            continue
        rows.append((number, dict(zip(header, fields, strict=True))))
    if header is None:
        report.problem(1, f"the file is empty: it needs a header line ({', '.join(required)}) and rows")
    return rows


def _header_ok(
    header: list[str], required: tuple[str, ...], optional: tuple[str, ...], line: int, report: Report
) -> bool:
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    repeated = sorted({c for c in header if header.count(c) > 1})
    if missing:
        report.problem(
            line, f"the header has no column {', '.join(missing)} (it needs {', '.join(required)})"
        )
    if unknown:
        report.problem(
            line,
            f"the header has unknown column {', '.join(repr(c) for c in unknown)} "
            f"(the columns are {', '.join(required + optional)})",
        )
    if repeated:
        report.problem(line, f"the header names column {', '.join(repeated)} more than once")
    return not (missing or unknown or repeated)


# Other ways a file may say the same thing (after lower-casing; "_" and "-" read as spaces).
ALIASES = {
    "community perinatal team": PerinatalService.Kind.COMMUNITY,
    "community perinatal": PerinatalService.Kind.COMMUNITY,
    "cpmht": PerinatalService.Kind.COMMUNITY,
    "informal volunteers": PerinatalService.PeerSupport.INFORMAL,
    "established team": PerinatalService.PeerSupport.ESTABLISHED,
    "an established team": PerinatalService.PeerSupport.ESTABLISHED,
    "unknown": PerinatalService.PeerSupport.NOT_KNOWN,
}


def _choice(value: str, choices: Any, what: str) -> str:
    """A choice given by its value, its label or an alias, in any case; ValueError names the allowed ones."""
    wanted = " ".join(value.lower().replace("-", " ").replace("_", " ").split())
    for choice in choices:
        if (
            wanted in (choice.value.replace("_", " "), str(choice.label).lower())
            or ALIASES.get(wanted) == choice
        ):
            return str(choice.value)
    allowed = ", ".join(
        c.value
        if c.value.replace("_", " ") == str(c.label).lower()
        else f"{c.value} ({str(c.label).lower()})"
        for c in choices
    )
    raise ValueError(f"unknown {what} '{value}': use one of {allowed}")


def _code(value: str, what: str) -> str:
    code = value.strip().upper()
    if not code:
        raise ValueError(f"the {what} code is missing")
    if not CODE.match(code):
        raise ValueError(f"the {what} code '{value}' is not an ODS-style code (2 to 12 letters and digits)")
    return code


@dataclass(frozen=True)
class ServiceRow:
    line: int
    region_code: str
    region_name: str
    icb_code: str
    icb_name: str
    code: str
    name: str
    kind: str
    trust: str
    peer_support: str
    peer_support_source: str
    alongside_service: str


def _service_row(line: int, row: Row, report: Report) -> ServiceRow | None:
    reasons: list[str] = []

    def get(check: Callable[[], str]) -> str:
        try:
            return check()
        except ValueError as error:
            reasons.append(str(error))
            return ""

    def named(column: str, what: str) -> str:
        if not row[column]:
            raise ValueError(f"the {what} is missing")
        return row[column]

    parsed = ServiceRow(
        line=line,
        region_code=get(lambda: _code(row["region_code"], "region")),
        region_name=get(lambda: named("region_name", "region name")),
        icb_code=get(lambda: _code(row["icb_code"], "ICB")),
        icb_name=get(lambda: named("icb_name", "ICB name")),
        code=get(lambda: _code(row["service_code"], "service")),
        name=get(lambda: named("service_name", "service name")),
        kind=get(lambda: _choice(named("kind", "kind"), PerinatalService.Kind, "kind")),
        trust=get(lambda: named("trust", "trust")),
        peer_support=get(
            lambda: (
                _choice(row["peer_support"], PerinatalService.PeerSupport, "peer support")
                if row["peer_support"]
                else ""
            )
        ),
        peer_support_source=row.get("peer_support_source", ""),
        alongside_service=row.get("alongside_service", ""),
    )
    for reason in reasons:
        report.problem(line, reason)
    return None if reasons else parsed


def _consistent(rows: list[ServiceRow], report: Report) -> list[ServiceRow]:
    """The rows that agree with the rows above them: one name per code, one code per name, each ICB
    in one region, each service once (an exact repeat is skipped with a note)."""
    seen: dict[tuple[str, str], tuple[int, tuple[str, ...]]] = {}
    good: list[ServiceRow] = []
    for row in rows:
        facts: list[tuple[str, str, tuple[str, ...], str]] = [
            ("region code", row.region_code, (row.region_name,), f"region {row.region_code} is named"),
            (
                "region name",
                row.region_name.lower(),
                (row.region_code,),
                f"region '{row.region_name}' has code",
            ),
            ("ICB code", row.icb_code, (row.icb_name,), f"ICB {row.icb_code} is named"),
            ("ICB name", row.icb_name.lower(), (row.icb_code,), f"ICB '{row.icb_name}' has code"),
            (
                "ICB region",
                row.icb_code,
                (row.region_code,),
                f"ICB {row.icb_code} ({row.icb_name}) is in region",
            ),
        ]
        if row.alongside_service:
            link = (
                "Alongside service",
                row.alongside_service.lower(),
                (row.code,),
                f"'{row.alongside_service}' is linked to",
            )
            facts.append(link)
        whole = (
            row.name,
            row.kind,
            row.icb_code,
            row.trust,
            row.peer_support,
            row.peer_support_source,
            row.alongside_service,
        )
        facts.append(("service", row.code, whole, f"service {row.code} is given as"))
        clashes: list[str] = []
        repeat = False
        for kind, key, value, words in facts:
            before = seen.get((kind, key))
            if before is None:
                continue
            line, earlier = before
            if earlier == value:
                repeat = repeat or kind == "service"
                continue
            if kind == "service":
                if earlier[0] != row.name:
                    clashes.append(
                        f"service code {row.code} is named '{earlier[0]}' on line {line} "
                        f"but '{row.name}' here"
                    )
                else:
                    clashes.append(f"service {row.code} appears on line {line} too, with different details")
            elif kind == "ICB region":
                clashes.append(
                    f"ICB {row.icb_code} ({row.icb_name}) is named in two regions: "
                    f"{earlier[0]} on line {line}, {row.region_code} here"
                )
            else:
                clashes.append(f"{words} '{earlier[0]}' on line {line} but '{value[0]}' here")
        for clash in clashes:
            report.problem(row.line, clash)
        if clashes:
            continue
        if repeat:
            report.notes.append(Problem(row.line, f"repeats service {row.code} exactly; skipped"))
            continue
        for kind, key, value, _words in facts:
            seen.setdefault((kind, key), (row.line, value))
        good.append(row)
    return good


def import_services(data: bytes, *, source: str, dry_run: bool = False) -> Report:
    """Create or update regions, ICBs and perinatal services from a CSV file's bytes."""
    report = Report(source=source, dry_run=dry_run)
    rows = read_csv(data, SERVICE_COLUMNS, SERVICE_OPTIONAL, report)
    parsed = [r for line, row in rows if (r := _service_row(line, row, report)) is not None]
    good = _consistent(parsed, report)
    if report.problems and not rows:
        return report
    _in_transaction(report, lambda: _save_services(good, report))
    return report


def _in_transaction(report: Report, save: Callable[[], None]) -> None:
    try:
        with transaction.atomic():
            save()
            if report.problems or report.dry_run:
                raise _Rollback
    except _Rollback:
        pass


def _save_services(rows: list[ServiceRow], report: Report) -> None:
    regions: dict[str, Region] = {}
    icbs: dict[str, ICB] = {}
    for row in rows:
        try:
            region = regions.get(row.region_code) or _region(row, report)
            regions[row.region_code] = region
            icb = icbs.get(row.icb_code) or _icb(row, region, report)
            icbs[row.icb_code] = icb
            _service(row, icb, report)
        except ValueError as error:
            report.problem(row.line, str(error))


def _changed(obj: Any, **values: Any) -> bool:
    """Set the values that differ; whether any did."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert(model: Any, what: str, code: str, name: str, report: Report, **values: Any) -> Any:
    """The region or ICB with this code; else the one of this name that has no code yet; else a new one."""
    found = model.objects.filter(code=code).first()
    named = model.objects.filter(name=name).first()
    if named is not None and named.code and named.code != code:
        raise ValueError(f"the {what} '{name}' is already here with code {named.code}, not {code}")
    if found is None and named is not None:
        found = named
    if found is not None and named is not None and named.pk != found.pk:
        raise ValueError(f"the {what} name '{name}' already belongs to another {what} here")
    if found is None:
        report.counted(f"{what}s", "created")
        return model.objects.create(code=code, name=name, **values)
    if _changed(found, code=code, name=name, **values):
        found.save()
        report.counted(f"{what}s", "updated")
    else:
        report.counted(f"{what}s", "unchanged")
    return found


def _region(row: ServiceRow, report: Report) -> Region:
    region: Region = _upsert(Region, "region", row.region_code, row.region_name, report)
    return region


def _icb(row: ServiceRow, region: Region, report: Report) -> ICB:
    icb: ICB = _upsert(ICB, "ICB", row.icb_code, row.icb_name, report, region=region)
    return icb


def _alongside(row: ServiceRow, icb: ICB, report: Report) -> Service | None:
    """The service in this deployment that the row links to. A name that is not here is only noted:
    one national file may serve many deployments, and each links only its own services."""
    if not row.alongside_service:
        return None
    service = Service.objects.filter(name=row.alongside_service).first()
    if service is None:
        reason = (
            f"alongside_service '{row.alongside_service}' is not a service here, so {row.code} is not linked"
        )
        report.notes.append(Problem(row.line, reason))
        return None
    if service.icb_id != icb.pk:
        raise ValueError(f"alongside_service: '{service.name}' is in {service.icb}, not {icb.name}")
    linked = PerinatalService.objects.filter(service=service).exclude(code=row.code).first()
    if linked is not None:
        raise ValueError(f"alongside_service: '{service.name}' is already linked to service {linked.code}")
    return service


def _service(row: ServiceRow, icb: ICB, report: Report) -> None:
    alongside = _alongside(row, icb, report)
    values: dict[str, Any] = {"name": row.name, "kind": row.kind, "icb": icb, "trust_name": row.trust}
    if row.peer_support:
        values["peer_support"] = row.peer_support
    if row.peer_support_source:
        values["peer_support_source"] = row.peer_support_source
    if alongside is not None:
        values["service"] = alongside
    found = PerinatalService.objects.filter(code=row.code).first()
    if found is None:
        PerinatalService.objects.create(code=row.code, **values)
        report.counted("services", "created")
    elif _changed(found, **values):
        found.save()
        report.counted("services", "updated")
    else:
        report.counted("services", "unchanged")


@dataclass(frozen=True)
class BirthsRow:
    line: int
    icb_code: str
    year: int
    births: int | None
    referrals: int | None
    source: str


def _count(value: str, what: str) -> int | None:
    if not value:
        return None
    digits = value.replace(",", "").replace(" ", "")
    if not digits.isdigit():
        raise ValueError(f"{what} '{value}' is not a whole number of 0 or more")
    return int(digits)


def _year(value: str) -> int:
    if not value.isdigit() or not FIRST_YEAR <= int(value) <= LAST_YEAR:
        raise ValueError(f"the year '{value}' is not a year from {FIRST_YEAR} to {LAST_YEAR}")
    return int(value)


def _births_row(line: int, row: Row, report: Report) -> BirthsRow | None:
    reasons: list[str] = []

    def get(check: Callable[[], Any]) -> Any:
        try:
            return check()
        except ValueError as error:
            reasons.append(str(error))
            return None

    parsed = BirthsRow(
        line=line,
        icb_code=get(lambda: _code(row["icb_code"], "ICB")) or "",
        year=get(lambda: _year(row["year"])) or 0,
        births=get(lambda: _count(row["births"], "births")),
        referrals=get(lambda: _count(row["perinatal_referrals"], "perinatal_referrals")),
        source=row["source"],
    )
    if not row["births"] and not row["perinatal_referrals"]:
        reasons.append("gives neither births nor perinatal_referrals")
    if not row["source"]:
        reasons.append("the source is missing: say where the figures come from")
    for reason in reasons:
        report.problem(line, reason)
    return None if reasons else parsed


def import_births(data: bytes, *, source: str, dry_run: bool = False) -> Report:
    """Create or update each ICB's births and referrals for a year from a CSV file's bytes. The
    ICBs must be here already, by code (`import_services` first)."""
    report = Report(source=source, dry_run=dry_run)
    rows = read_csv(data, BIRTH_COLUMNS, BIRTH_OPTIONAL, report)
    parsed = [r for line, row in rows if (r := _births_row(line, row, report)) is not None]
    seen: dict[tuple[str, int], int] = {}
    good: list[BirthsRow] = []
    for row in parsed:
        earlier = seen.setdefault((row.icb_code, row.year), row.line)
        if earlier != row.line:
            report.problem(row.line, f"ICB {row.icb_code} in {row.year} is given on line {earlier} too")
        else:
            good.append(row)
    if report.problems and not rows:
        return report
    _in_transaction(report, lambda: _save_births(good, report))
    return report


def _save_births(rows: list[BirthsRow], report: Report) -> None:
    icbs = {icb.code: icb for icb in ICB.objects.filter(code__in={r.icb_code for r in rows})}
    for row in rows:
        icb = icbs.get(row.icb_code)
        if icb is None:
            report.problem(row.line, f"no ICB has code {row.icb_code} here: import the services file first")
            continue
        values: dict[str, Any] = {"source": row.source}
        if row.births is not None:
            values["births"] = row.births
        if row.referrals is not None:
            values["perinatal_referrals"] = row.referrals
        found = ICBPopulation.objects.filter(icb=icb, year=row.year).first()
        if found is None:
            ICBPopulation.objects.create(icb=icb, year=row.year, **values)
            report.counted("ICB years", "created")
        elif _changed(found, **values):
            found.save()
            report.counted("ICB years", "updated")
        else:
            report.counted("ICB years", "unchanged")
