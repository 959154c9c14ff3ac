"""The national return (ADR 0041; its schema: docs/national-return.md).

A return is what a deployment tells the nation about its services for one quarter: for each
service, counts (each 0, 8 or more, or "*"), how its peer support is set up, its latest grid
ratings and its standing against the fourteen recommendations. No person, no name of a person,
no free text written about anyone. Counts are suppressed as every aggregate that leaves a service
is (alongside/lib/suppression.py, at national level: not rounded), and a breakdown within a
service has secondary suppression, so no hidden count can be worked out from the ones shown.
The totals across services are what was shown, added up, and how many counts were hidden: they
tell the nation nothing a hidden cell would.

`make` builds a return from this deployment's own records; `to_json`/`to_csv` write it and
`parse` reads either back; `check` finds every problem with one, and `receive` keeps it, a new
version for each service whose part changed. Inside one deployment the national pages read
returns made and received here without a file (`make_here`): the same numbers, the same path.
"""

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from alongside.grid import access as grid_access
from alongside.lib.suppression import suppress, suppress_table
from alongside.national import census as census_module
from alongside.national.access import services_in_england
from alongside.national.models import PerinatalService, Return, quarter_label
from alongside.recommendations.measures import Status
from alongside.recommendations.standings import standings_for
from alongside.support import metrics as support

FORMAT = "alongside-national-return"
SCHEMA_VERSION = 1
HIDDEN = "*"
MADE_HERE = "Made in this deployment"

# Counts in the quarter, in the 12 months to its last day (what coverage per 1,000 births uses),
# and of the team on its last day. Every one is suppressed.
QUARTER_COUNTS = ("referred", "reached", "one_to_one_contacts", "group_sessions", "hours")
YEAR_COUNTS = ("year_referred", "year_reached", "year_hours")
TEAM_COUNTS = ("peer_supporters", "paid", "volunteers", "trained", "non_peer_duty_hours")
COUNTS = QUARTER_COUNTS + YEAR_COUNTS + TEAM_COUNTS
# A total and the counts it is the sum of, within one service: suppressed as a table.
BREAKDOWNS: dict[str, tuple[str, ...]] = {"peer_supporters": ("paid", "volunteers")}
HEADLINE = tuple(c for c in COUNTS if not any(c in parts for parts in BREAKDOWNS.values()))

EMPLOYED_BY = ("NHS", "Third sector", "Both")
WORKS = ("Alone", "In a team")
COORDINATOR = ("own", "shared", "none")
STATUSES = tuple(s.value for s in Status)
RECOMMENDATION_NUMBERS = tuple(str(n) for n in range(1, 15))

Count = int | str  # a count as a return shows it: 0, 8 or more, or "*"


# Quarters ------------------------------------------------------------------------------------


def quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(start: dt.date) -> dt.date:
    month = start.month + 2
    return dt.date(start.year, month, 31 if month in (3, 12) else 30)


def last_complete_quarter(today: dt.date) -> dt.date:
    return quarter_start(quarter_start(today) - dt.timedelta(days=1))


def quarters_back(latest: dt.date, n: int) -> list[dt.date]:
    """The quarter starting `latest` and the n-1 before it, the latest first."""
    found = [latest]
    while len(found) < n:
        found.append(quarter_start(found[-1] - dt.timedelta(days=1)))
    return found


def parse_quarter(text: str) -> dt.date:
    """ "2026-Q3" to the quarter's first day; ValueError with the reason if it is not one."""
    year, _, q = text.strip().upper().partition("-Q")
    if not (year.isdigit() and len(year) == 4 and q in ("1", "2", "3", "4")):
        raise ValueError(f'"{text}" is not a quarter: write it like 2026-Q3')
    return dt.date(int(year), 3 * (int(q) - 1) + 1, 1)


# Making a return from this deployment's records ------------------------------------------------


def shown(n: int) -> Count:
    """A count as a return shows it: national level, so not rounded."""
    text = suppress(n, national=True)
    return HIDDEN if text == HIDDEN else int(text)


def suppressed_counts(raw: dict[str, int]) -> dict[str, Count]:
    """Each count suppressed; each breakdown as a table, so its total cannot give a hidden part away."""
    counts: dict[str, Count] = {key: shown(n) for key, n in raw.items()}
    for total, parts in BREAKDOWNS.items():
        table = suppress_table({part: raw[part] for part in parts}, national=True)
        for part in parts:
            counts[part] = HIDDEN if table.hidden(part) else int(table.cells[part])
        counts[total] = HIDDEN if table.total == HIDDEN else int(table.total)
    return counts


def setup_of(c: census_module.Census | None) -> dict[str, Any] | None:
    """A census as a return's `setup` (docs/national-return.md), or None when nothing is known."""
    if c is None:
        return None
    return {
        "source": c.source,
        "as_of": c.as_of.isoformat(),
        "employed_by": c.employed_by,
        "works": c.works,
        "contract_types": sorted(c.contract_types) if c.contract_types else None,
        "pay_bands": sorted(c.pay_bands) if c.pay_bands else None,
        "hours_per_week": str(c.hours_per_week) if c.hours_per_week is not None else None,
        "supervision": c.supervision,
        "training": c.training,
        "non_peer_duties": c.non_peer_duties,
        "coordinator": c.coordinator,
        "lived_experience_design": c.lived_experience_design,
    }


def _block(
    ps: PerinatalService,
    quarter: support.Activity,
    year: support.Activity,
    end: dt.date,
    grid: dict[str, Any] | None,
    recommendations: dict[str, Any] | None,
) -> dict[str, Any]:
    c = census_module.derived(ps.service, end) if ps.service is not None else None
    raw = {
        "referred": quarter.referred,
        "reached": quarter.reached,
        "one_to_one_contacts": quarter.one_to_one_contacts,
        "group_sessions": quarter.group_sessions,
        "hours": quarter.hours,
        "year_referred": year.referred,
        "year_reached": year.reached,
        "year_hours": year.hours,
        "paid": c.paid or 0 if c else 0,
        "volunteers": c.volunteers or 0 if c else 0,
        "peer_supporters": (c.paid or 0) + (c.volunteers or 0) if c else 0,
        "trained": c.trained or 0 if c else 0,
        "non_peer_duty_hours": round(c.non_peer_duties_hours or 0) if c else 0,
    }
    return {
        "code": ps.code,
        "name": ps.name,
        "icb_code": ps.icb.code,
        "kind": ps.kind,
        "counts": suppressed_counts(raw),
        "setup": setup_of(c),
        "grid": grid,
        "recommendations": recommendations,
    }


def _grids(registrations: Sequence[PerinatalService], end: dt.date) -> dict[int, dict[str, Any]]:
    services = [ps.service for ps in registrations if ps.service is not None]
    grids = {}
    for service_id, review in grid_access.latest_completed(services, on=end).items():
        ratings = {
            r.practice.code: review.scale[r.level]
            if r.level is not None and r.level < len(review.scale)
            else None
            for r in grid_access.ratings_of(review).select_related("practice")
        }
        assert review.completed_on is not None
        grids[service_id] = {"completed_on": review.completed_on.isoformat(), "ratings": ratings}
    return grids


def _recommendations(registrations: Sequence[PerinatalService], end: dt.date) -> dict[int, dict[str, Any]]:
    services = [ps.service for ps in registrations if ps.service is not None]
    standings = standings_for(services, end)
    return {
        service.pk: {
            "on": standings.as_at[service.pk].isoformat(),
            "statuses": {n: standings.latest(service, int(n)).status.value for n in RECOMMENDATION_NUMBERS},
        }
        for service in services
        if service.pk in standings.as_at
    }


def make(
    registrations: Sequence[PerinatalService], quarter: dt.date, *, made_at: dt.datetime | None = None
) -> dict[str, Any]:
    """The return for these registered services (each using Alongside here) for the quarter."""
    end = quarter_end(quarter)
    services = [ps.service for ps in registrations if ps.service is not None]
    in_quarter = support.activity_by_service(services, quarter, end)
    in_year = support.activity_by_service(services, *support.last_12_months(end))
    grids, recommendations = _grids(registrations, end), _recommendations(registrations, end)
    blocks = [
        _block(
            ps,
            in_quarter[ps.service.pk],
            in_year[ps.service.pk],
            end,
            grids.get(ps.service.pk),
            recommendations.get(ps.service.pk),
        )
        for ps in registrations
        if ps.service is not None
    ]
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "deployment": settings.ALONGSIDE_DEPLOYMENT,
        "made_at": (made_at or timezone.now()).isoformat(timespec="seconds"),
        "quarter": quarter_label(quarter),
        "period": {"start": quarter.isoformat(), "end": end.isoformat()},
        "services": blocks,
        "totals": totals(blocks),
    }


def registrations_here(codes: Iterable[str] | None = None) -> list[PerinatalService]:
    """The registered services that use Alongside in this deployment (those with these codes)."""
    found = services_in_england().filter(service__isnull=False)
    if codes is not None:
        found = found.filter(code__in=list(codes))
    return list(found.order_by("code"))


def totals(blocks: Sequence[dict[str, Any]]) -> dict[str, dict[str, int]]:
    """For each count: what the services show, added up, and how many of them hide it."""
    made = {}
    for key in COUNTS:
        values = [b["counts"][key] for b in blocks]
        made[key] = {
            "shown": sum(v for v in values if v != HIDDEN),
            "hidden": sum(1 for v in values if v == HIDDEN),
        }
    return made


# Writing and reading files --------------------------------------------------------------------


def to_json(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


CSV_COLUMNS = ("section", "service_code", "key", "value")
_HEADER_KEYS = ("format", "schema_version", "deployment", "made_at", "quarter")
_LISTS = ("contract_types", "pay_bands")
_LIST_SEPARATOR = "|"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return _LIST_SEPARATOR.join(str(v) for v in value)
    return str(value)


def to_csv(doc: dict[str, Any]) -> str:
    """The same return, one value to a row: section, service_code, key, value (docs/national-return.md)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for key in _HEADER_KEYS:
        writer.writerow(["return", "", key, _cell(doc[key])])
    for key in ("start", "end"):
        writer.writerow(["period", "", key, doc["period"][key]])
    for block in doc["services"]:
        code = block["code"]
        for key in ("name", "icb_code", "kind"):
            writer.writerow(["service", code, key, block[key]])
        for key in COUNTS:
            writer.writerow(["counts", code, key, block["counts"][key]])
        for key, value in (block["setup"] or {}).items():
            writer.writerow(["setup", code, key, _cell(value)])
        if block["grid"]:
            writer.writerow(["grid", code, "completed_on", block["grid"]["completed_on"]])
            for practice, level in block["grid"]["ratings"].items():
                writer.writerow(["grid_rating", code, practice, _cell(level)])
        if block["recommendations"]:
            writer.writerow(["recommendations", code, "on", block["recommendations"]["on"]])
            for number, status in block["recommendations"]["statuses"].items():
                writer.writerow(["recommendation", code, number, status])
    for key in COUNTS:
        for part in ("shown", "hidden"):
            writer.writerow(["totals", "", f"{key}.{part}", doc["totals"][key][part]])
    return out.getvalue()


class Unreadable(ValueError):
    """The file is not a return at all (not JSON or CSV of the right shape)."""


def _csv_value(section: str, key: str, text: str) -> Any:
    if section == "counts":
        return text if text == HIDDEN else _int_or_text(text)
    if section == "totals" or (section == "return" and key == "schema_version"):
        return _int_or_text(text)
    if section == "setup":
        if text == "":
            return None
        if key in _LISTS:
            return [part for part in text.split(_LIST_SEPARATOR) if part]
        if key == "lived_experience_design":
            return {"yes": True, "no": False}.get(text, text)
    if section == "grid_rating" and text == "":
        return None
    return text


def _int_or_text(text: str) -> int | str:
    return int(text) if text.strip().lstrip("-").isdigit() else text


def _from_csv(text: str) -> dict[str, Any]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or tuple(c.strip() for c in rows[0]) != CSV_COLUMNS:
        raise Unreadable(f"A CSV return's first row must be the columns {', '.join(CSV_COLUMNS)}")
    doc: dict[str, Any] = {"period": {}, "services": [], "totals": {}}
    blocks: dict[str, dict[str, Any]] = {}

    def block(code: str) -> dict[str, Any]:
        if code not in blocks:
            blocks[code] = {"code": code, "counts": {}, "setup": None, "grid": None, "recommendations": None}
            doc["services"].append(blocks[code])
        return blocks[code]

    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(CSV_COLUMNS):
            raise Unreadable(f"Row {number} has {len(row)} cells, not {len(CSV_COLUMNS)}")
        section, code, key, text = row
        value = _csv_value(section, key, text)
        if section == "return":
            doc[key] = value
        elif section == "period":
            doc["period"][key] = value
        elif section == "totals":
            figure, _, part = key.partition(".")
            doc["totals"].setdefault(figure, {})[part] = value
        elif section == "service":
            block(code)[key] = value
        elif section == "counts":
            block(code)["counts"][key] = value
        elif section == "setup":
            b = block(code)
            b["setup"] = b["setup"] or {}
            b["setup"][key] = value
        elif section == "grid":
            block(code)["grid"] = {key: value, "ratings": {}}
        elif section == "grid_rating":
            b = block(code)
            if b["grid"] is None:
                raise Unreadable(f"Row {number}: a grid rating before the grid's completed_on row")
            b["grid"]["ratings"][key] = value
        elif section == "recommendations":
            block(code)["recommendations"] = {key: value, "statuses": {}}
        elif section == "recommendation":
            b = block(code)
            if b["recommendations"] is None:
                raise Unreadable(f"Row {number}: a recommendation before the recommendations' on row")
            b["recommendations"]["statuses"][key] = value
        else:
            raise Unreadable(f'Row {number}: "{section}" is not a section of a return')
    return doc


def parse(data: bytes) -> dict[str, Any]:
    """A return from a JSON or CSV file's bytes (UTF-8, a byte-order mark allowed)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable("The file is not UTF-8 text") from None
    if text.lstrip().startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as error:
            raise Unreadable(f"The JSON cannot be read: {error.msg} (line {error.lineno})") from None
        if not isinstance(doc, dict):
            raise Unreadable("A JSON return is one object")
        return doc
    return _from_csv(text)


# Checking a return ------------------------------------------------------------------------------


@dataclass
class Checked:
    """A return that passed every check, ready to keep."""

    quarter: dt.date
    deployment: str
    made_at: dt.datetime
    schema_version: int
    blocks: list[tuple[PerinatalService, dict[str, Any]]]


def _is_count(value: Any) -> bool:
    return value == HIDDEN or (isinstance(value, int) and not isinstance(value, bool) and value >= 0)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _check_counts(where: str, counts: Any, problems: list[str]) -> None:
    if not isinstance(counts, dict):
        problems.append(f"{where}: counts must be an object")
        return
    low = settings.ALONGSIDE["SUPPRESS_MAX"]
    for key in COUNTS:
        value = counts.get(key)
        if key not in counts:
            problems.append(f"{where}: counts.{key} is missing")
        elif not _is_count(value):
            problems.append(f'{where}: counts.{key} is {value!r}, not a whole number or "*"')
        elif isinstance(value, int) and 1 <= value <= low:
            problems.append(
                f"{where}: counts.{key} is {value}, a count from 1 to {low}: a return must show it as *"
            )
    for key in set(counts) - set(COUNTS):
        problems.append(f"{where}: counts.{key} is not a count a return has")
    for total, parts in BREAKDOWNS.items():
        values: list[Any] = [counts.get(total), *(counts.get(p) for p in parts)]
        if not all(_is_count(v) for v in values):
            continue
        hidden = sum(1 for v in values if v == HIDDEN)
        if not hidden:
            added = sum(int(v) for v in values[1:])
            if values[0] != added:
                problems.append(
                    f"{where}: counts.{total} is {values[0]}, but {' + '.join(parts)} add up to {added}"
                )
        elif hidden == 1:
            problems.append(
                f"{where}: only one of counts.{total} and its parts ({', '.join(parts)}) is hidden, "
                "so it can be worked out from the others: hide another too"
            )


def _check_setup(where: str, setup: Any, problems: list[str]) -> None:
    if setup is None:
        return
    if not isinstance(setup, dict):
        problems.append(f"{where}: setup must be an object or null")
        return
    if not isinstance(setup.get("source"), str) or not setup.get("source"):
        problems.append(f"{where}: setup.source is missing")
    if _date(setup.get("as_of")) is None:
        problems.append(f"{where}: setup.as_of is not a date (YYYY-MM-DD)")
    choices = {"employed_by": EMPLOYED_BY, "works": WORKS, "coordinator": COORDINATOR}
    for key, allowed in choices.items():
        if setup.get(key) is not None and setup.get(key) not in allowed:
            problems.append(f"{where}: setup.{key} is {setup.get(key)!r}, not one of {', '.join(allowed)}")
    for key in _LISTS:
        value = setup.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            problems.append(f"{where}: setup.{key} must be a list of words or null")
    for key in ("supervision", "training", "non_peer_duties"):
        if setup.get(key) is not None and not isinstance(setup.get(key), str):
            problems.append(f"{where}: setup.{key} must be words or null")
    hours = setup.get("hours_per_week")
    if hours is not None:
        try:
            ok = 0 <= Decimal(str(hours)) <= 1000
        except InvalidOperation:
            ok = False
        if not ok:
            problems.append(
                f"{where}: setup.hours_per_week is {hours!r}, not a number of hours from 0 to 1000"
            )
    if setup.get("lived_experience_design") not in (True, False, None):
        problems.append(f"{where}: setup.lived_experience_design must be true, false or null")


def _check_grid(where: str, grid: Any, problems: list[str]) -> None:
    if grid is None:
        return
    if not isinstance(grid, dict) or _date(grid.get("completed_on")) is None:
        problems.append(f"{where}: grid.completed_on is not a date (YYYY-MM-DD)")
        return
    ratings = grid.get("ratings")
    if not isinstance(ratings, dict) or not all(isinstance(v, str | None) for v in ratings.values()):
        problems.append(f"{where}: grid.ratings must map each practice to a level's name or null")


def _check_recommendations(where: str, recs: Any, problems: list[str]) -> None:
    if recs is None:
        return
    if not isinstance(recs, dict) or _date(recs.get("on")) is None:
        problems.append(f"{where}: recommendations.on is not a date (YYYY-MM-DD)")
        return
    statuses = recs.get("statuses")
    if not isinstance(statuses, dict) or set(statuses) != set(RECOMMENDATION_NUMBERS):
        problems.append(f"{where}: recommendations.statuses must give each of the fourteen, 1 to 14")
        return
    for number, status in statuses.items():
        if status not in STATUSES:
            problems.append(
                f"{where}: recommendation {number} is {status!r}, not one of {', '.join(STATUSES)}"
            )


def _check_totals(doc: dict[str, Any], blocks: list[dict[str, Any]], problems: list[str]) -> None:
    given = doc.get("totals")
    if not isinstance(given, dict):
        problems.append("totals is missing")
        return
    usable = [
        b
        for b in blocks
        if isinstance(b.get("counts"), dict) and all(_is_count(b["counts"].get(k)) for k in COUNTS)
    ]
    if len(usable) != len(blocks):
        return  # each bad count is reported already
    expected = totals(usable)
    for key in COUNTS:
        if given.get(key) != expected[key]:
            problems.append(
                f"totals.{key} is {given.get(key)!r}, but the services add up to {expected[key]} "
                "(shown: what they show, added up; hidden: how many show *)"
            )


def check(doc: dict[str, Any]) -> tuple[Checked | None, list[str]]:
    """Every problem with a return, or the return ready to keep. Registered services only."""
    problems: list[str] = []
    if doc.get("format") != FORMAT:
        return None, [f'This is not an Alongside national return: its "format" is not "{FORMAT}"']
    if doc.get("schema_version") != SCHEMA_VERSION:
        return None, [
            f"Schema version {doc.get('schema_version')!r} is not one this deployment reads "
            f"(it reads {SCHEMA_VERSION})"
        ]
    try:
        quarter = parse_quarter(str(doc.get("quarter", "")))
    except ValueError as error:
        problems.append(f"quarter: {error}")
        quarter = None
    given = doc.get("period")
    period = given if isinstance(given, dict) else {}
    if quarter is not None and (
        _date(period.get("start")) != quarter or _date(period.get("end")) != quarter_end(quarter)
    ):
        problems.append(f"period does not match the quarter {doc.get('quarter')}")
    deployment = doc.get("deployment")
    if not isinstance(deployment, str) or not deployment.strip():
        problems.append("deployment is missing: name the deployment that made the return")
    made_at = None
    try:
        made_at = dt.datetime.fromisoformat(str(doc.get("made_at")))
    except ValueError:
        problems.append("made_at is not a date and time (ISO 8601)")
    if made_at is not None and timezone.is_naive(made_at):
        made_at = timezone.make_aware(made_at, dt.UTC)
    blocks = doc.get("services")
    if not isinstance(blocks, list) or not blocks:
        return None, [*problems, "services is missing or empty: a return is about at least one service"]
    blocks = [b if isinstance(b, dict) else {} for b in blocks]
    register = {
        ps.code: ps for ps in services_in_england().filter(code__in=[str(b.get("code")) for b in blocks])
    }
    seen: set[str] = set()
    kept: list[tuple[PerinatalService, dict[str, Any]]] = []
    for index, block in enumerate(blocks, start=1):
        code = str(block.get("code") or "")
        where = f"service {index} ({code or 'no code'})"
        if code in seen:
            problems.append(f"{where}: the service appears twice in the return")
        seen.add(code)
        ps = register.get(code)
        if ps is None:
            problems.append(
                f"{where}: {code or 'a service with no code'} is not in the national register "
                "(load it with import_services first)"
            )
        _check_counts(where, block.get("counts"), problems)
        _check_setup(where, block.get("setup"), problems)
        _check_grid(where, block.get("grid"), problems)
        _check_recommendations(where, block.get("recommendations"), problems)
        if ps is not None:
            kept.append((ps, block))
    _check_totals(doc, blocks, problems)
    if problems or quarter is None or made_at is None:
        return None, problems
    return Checked(quarter, str(deployment).strip(), made_at, SCHEMA_VERSION, kept), []


# Keeping a return ----------------------------------------------------------------------------------


_KEPT = ("counts", "setup", "grid", "recommendations", "name", "icb_code", "kind")


@dataclass
class Received:
    """What receiving a return did, or would have done."""

    source: str
    dry_run: bool = False
    quarter: str = ""
    new: list[str] = field(default_factory=list)  # "ZS001 v2"
    unchanged: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.problems:
            return f"{self.source}: refused, {len(self.problems)} problem(s); nothing was saved"
        verb = "would keep" if self.dry_run else "kept"
        return (
            f"{self.source}, {self.quarter}: {verb} {len(self.new)} new version(s)"
            f"{' (' + ', '.join(self.new) + ')' if self.new else ''}; {len(self.unchanged)} unchanged"
        )


def receive(doc: dict[str, Any], *, source: str, dry_run: bool = False) -> Received:
    """Check a return and keep it whole, or keep nothing: a new version for each service whose
    part differs from its current one; the versions before are kept, no longer current."""
    report = Received(source, dry_run)
    checked, problems = check(doc)
    if checked is None:
        report.problems = problems
        return report
    report.quarter = quarter_label(checked.quarter)
    now = timezone.now()
    with transaction.atomic():
        current = {
            r.perinatal_service_id: r
            for r in Return.objects.select_for_update().filter(
                quarter=checked.quarter, current=True, perinatal_service__in=[ps for ps, _ in checked.blocks]
            )
        }
        for ps, block in checked.blocks:
            body = {key: block.get(key) for key in _KEPT}
            before = current.get(ps.pk)
            if before is not None and before.body == body:
                report.unchanged.append(ps.code)
                continue
            version = (before.version if before else 0) + 1
            report.new.append(f"{ps.code} v{version}")
            if dry_run:
                continue
            if before is not None:
                Return.objects.filter(pk=before.pk).update(current=False)
            Return.objects.create(
                perinatal_service=ps,
                quarter=checked.quarter,
                version=version,
                current=True,
                body=body,
                schema_version=checked.schema_version,
                deployment=checked.deployment,
                source=source,
                made_at=checked.made_at,
                received_at=now,
            )
    return report


def make_here(quarters: Sequence[dt.date]) -> list[Received]:
    """Returns for every service that uses Alongside here, made and kept without a file."""
    registrations = registrations_here()
    if not registrations:
        return []
    return [receive(make(registrations, q), source=MADE_HERE) for q in quarters]
