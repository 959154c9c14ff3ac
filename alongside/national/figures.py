"""The national picture (ADR 0041): England, its regions and ICBs, read from the services' current
returns, the register, the entered census and each ICB's births and referrals.

Nothing here sees a person or an exact small count: it reads returns, in which every count from 1
to 7 is already "*". An area's figure is what its services show, added up, plus one to seven for
each service that hides it: a `Span`, shown as a range when anything is hidden. So no total here
says more than its parts, and no hidden count can be worked out from one (the back-out test,
alongside/national/tests/test_back_out.py, tries). The same code reads returns made here and
returns imported from other deployments: the figures are the same whichever way they came.

`picture` reads everything in a fixed number of queries, however many services there are.
"""

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings

from alongside.grid import access as grid_access
from alongside.grid.models import Principle
from alongside.national import census as census_module
from alongside.national.access import (
    census_entries,
    current_returns,
    icb_populations,
    latest_returned_quarter,
    services_in_england,
)
from alongside.national.models import CensusEntry, ICBPopulation, PerinatalService, Return
from alongside.national.returns import (
    BREAKDOWNS,
    COUNTS,
    HIDDEN,
    QUARTER_COUNTS,
    RECOMMENDATION_NUMBERS,
    last_complete_quarter,
    quarter_end,
    quarters_back,
    setup_of,
    suppressed_counts,
)
from alongside.organisations.models import ICB, Region

TREND_QUARTERS = 8
Z95 = 1.959964


@dataclass(frozen=True)
class Span:
    """A sum of counts as returns show them: `shown` added up, and `hidden` counts each from 1 to
    SUPPRESS_MAX. `of` is how many services it is about (those that returned it). `beyond` is how
    far above SUPPRESS_MAX its hidden counts may go: a part of a breakdown hidden to protect
    another (secondary suppression) may be more than SUPPRESS_MAX, up to its total less the
    least its other parts can be (`_most`), and a range must not claim less than the truth."""

    shown: int = 0
    hidden: int = 0
    of: int = 0
    beyond: int = 0

    def __add__(self, other: "Span") -> "Span":
        return Span(
            self.shown + other.shown,
            self.hidden + other.hidden,
            self.of + other.of,
            self.beyond + other.beyond,
        )

    @staticmethod
    def of_count(value: Any, most: int | None = None) -> "Span":
        """One service's count; `most`, where known, is the most a hidden one can be."""
        if value != HIDDEN:
            return Span(int(value), 0, 1)
        return Span(0, 1, 1, max((most or 0) - settings.ALONGSIDE["SUPPRESS_MAX"], 0))

    @property
    def low(self) -> int:
        return self.shown + self.hidden

    @property
    def high(self) -> int:
        return self.shown + self.hidden * settings.ALONGSIDE["SUPPRESS_MAX"] + self.beyond

    @property
    def exact(self) -> bool:
        return self.hidden == 0

    @property
    def known(self) -> bool:
        return self.of > 0

    def text(self) -> str:
        if not self.known:
            return "Not known"
        if self.exact:
            return f"{self.shown:,}"
        if self.shown == 0 and self.hidden == 1 and self.beyond == 0:
            return HIDDEN
        return f"{self.low:,} to {self.high:,}"


def total(spans: Iterable[Span]) -> Span:
    return sum(spans, Span())


@dataclass(frozen=True)
class Rate:
    """A figure per 1,000 births or per 100 referrals: a range when its count is one."""

    low: float | None
    high: float | None

    @property
    def known(self) -> bool:
        return self.low is not None

    def text(self) -> str:
        if self.low is None or self.high is None:
            return "Not known"
        if abs(self.high - self.low) < 0.05:
            return f"{self.low:,.1f}"
        return f"{self.low:,.1f} to {self.high:,.1f}"


def rate(span: Span, denominator: int | None, per: int) -> Rate:
    if not span.known or not denominator:
        return Rate(None, None)
    return Rate(span.low * per / denominator, span.high * per / denominator)


# Coverage, fairly compared: (key, what it is, the count, per what)
COVERAGE = (
    ("reached_per_1000_births", "People supported in the year, per 1,000 births", "year_reached", "births"),
    (
        "reached_per_100_referrals",
        "People supported in the year, per 100 perinatal referrals",
        "year_reached",
        "referrals",
    ),
    (
        "hours_per_1000_births",
        "Hours of peer support given in the year, per 1,000 births",
        "year_hours",
        "births",
    ),
    (
        "supporters_per_1000_births",
        "Peer workers and volunteers, per 1,000 births",
        "peer_supporters",
        "births",
    ),
    (
        "weekly_hours_per_1000_births",
        "Peer support hours a week, per 1,000 births",
        "hours_per_week",
        "births",
    ),
)
PER = {"births": 1000, "referrals": 100}


@dataclass
class Area:
    """England, a region, an ICB or one service: its services' figures for the quarter."""

    kind: str  # "england" | "region" | "icb" | "service"
    code: str
    name: str
    registered: int = 0
    returning: int = 0  # with a current return for the quarter
    peer_support: Counter[str] = field(default_factory=Counter)  # established / informal / none / not_known
    counts: dict[str, Span] = field(default_factory=dict)  # the quarter's returns, added up
    hours_per_week: Decimal | None = None  # contracted peer support hours a week, where known
    hours_known: int = 0  # services whose hours a week are known
    births: int | None = None
    referrals: int | None = None
    population_year: int | None = None
    population_sources: set[str] = field(default_factory=set)

    def count(self, key: str) -> Span:
        return self.counts.get(key, Span())

    @property
    def without_peer_support(self) -> bool:
        return self.registered > 0 and self.peer_support["none"] == self.registered

    def coverage(self, key: str) -> Rate:
        _, _, count, per = next(c for c in COVERAGE if c[0] == key)
        denominator = self.births if per == "births" else self.referrals
        if count == "hours_per_week":
            if self.hours_per_week is None or not denominator:
                return Rate(None, None)
            value = float(self.hours_per_week) * PER[per] / denominator
            return Rate(value, value)
        return rate(self.count(count), denominator, PER[per])


@dataclass(frozen=True)
class ServiceLine:
    """A registered service as the nation sees it: never more than its return shows."""

    ps: PerinatalService
    peer_support: str  # the register's value, or "established" where its return shows peer supporters
    counts: dict[str, Any] | None  # its current return's counts for the quarter (None: no return)
    setup: dict[str, Any] | None  # from its return, else its latest entered census
    grid: dict[str, Any] | None
    recommendations: dict[str, Any] | None
    version: int | None


@dataclass
class Picture:
    """Everything the national pages show, for one quarter, read once."""

    quarter: dt.date
    quarters: list[dt.date]  # the trend's quarters, the latest first
    england: Area
    regions: list[tuple[Area, list[Area]]]  # each region and its ICBs, by name
    services: list[ServiceLine]
    trend: dict[str, dict[dt.date, dict[str, Span]]]  # "england" or a region's code: quarter: counts
    population_year: int | None
    returns_received: int

    @property
    def icbs(self) -> list[Area]:
        return [icb for _, icbs in self.regions for icb in icbs]

    def icb(self, code: str) -> Area | None:
        return next((a for a in self.icbs if a.code == code), None)

    def region(self, code: str) -> tuple[Area, list[Area]] | None:
        return next(((r, icbs) for r, icbs in self.regions if r.code == code), None)

    def services_in(self, icb_code: str) -> list[ServiceLine]:
        return [s for s in self.services if s.ps.icb.code == icb_code]

    def service(self, code: str) -> ServiceLine | None:
        return next((s for s in self.services if s.ps.code == code), None)


def region_code(region: Region) -> str:
    return region.code or f"R{region.pk}"


def icb_code(icb: ICB) -> str:
    return icb.code or f"I{icb.pk}"


def _entered_setup(entry: CensusEntry) -> dict[str, Any] | None:
    """An entered census as a return's set-up says it: the same fields, the same words."""
    return setup_of(census_module.entered(entry))


def _entered_counts(entry: CensusEntry) -> dict[str, Any]:
    """An entered census's headcounts, suppressed as a return's are (peer supporters and its parts)."""
    paid, volunteers = entry.paid or 0, entry.volunteers or 0
    made = suppressed_counts({"paid": paid, "volunteers": volunteers, "peer_supporters": paid + volunteers})
    return {key: made[key] for key in ("paid", "volunteers", "peer_supporters")}


def _most(counts: dict[str, Any], key: str) -> int | None:
    """The most a hidden part of a breakdown can be when its total is shown: the total less the
    least the other parts can be (a hidden one at least 1). None: no more than SUPPRESS_MAX."""
    for total, parts in BREAKDOWNS.items():
        if key in parts and counts.get(total, HIDDEN) != HIDDEN:
            others = sum(1 if counts[p] == HIDDEN else int(counts[p]) for p in parts if p != key)
            return int(counts[total]) - others
    return None


def _peer_support(ps: PerinatalService, counts: dict[str, Any] | None) -> str:
    if counts is not None and counts.get("peer_supporters") not in (0, None):
        return PerinatalService.PeerSupport.ESTABLISHED
    return ps.peer_support


def latest_quarter(today: dt.date) -> dt.date:
    """The latest quarter with a current return, or else the last complete one."""
    found = latest_returned_quarter()
    return found or last_complete_quarter(today)


def picture(quarter: dt.date, *, regions: Sequence[str] | None = None) -> Picture:
    """The quarter's national picture (or that of some regions, by code), read in a fixed number
    of queries: the register, the current returns for the trend's quarters, the entered census
    and the births and referrals."""
    quarters = quarters_back(quarter, TREND_QUARTERS)
    registrations = list(services_in_england().order_by("icb__region__name", "icb__name", "name"))
    if regions is not None:
        registrations = [ps for ps in registrations if region_code(ps.icb.region) in regions]
    returns: dict[tuple[int, dt.date], Return] = {
        (r.perinatal_service_id, r.quarter): r
        for r in current_returns(quarters).only("perinatal_service_id", "quarter", "body", "version")
    }
    entries: dict[int, CensusEntry] = {}
    for entered in census_entries(quarter_end(quarter)):
        entries.setdefault(entered.perinatal_service_id, entered)
    populations = _populations(quarter)

    lines: list[ServiceLine] = []
    for ps in registrations:
        ret = returns.get((ps.pk, quarter))
        body = ret.body if ret else None
        counts = body["counts"] if body else None
        entry = entries.get(ps.pk)
        setup = body["setup"] if body and body.get("setup") else (_entered_setup(entry) if entry else None)
        lines.append(
            ServiceLine(
                ps=ps,
                peer_support=_peer_support(ps, counts),
                counts=counts,
                setup=setup,
                grid=body.get("grid") if body else None,
                recommendations=body.get("recommendations") if body else None,
                version=ret.version if ret else None,
            )
        )
    # A service without a return: its entered census's headcounts count towards its area's.
    headcounts = {
        line.ps.pk: _entered_counts(entries[line.ps.pk])
        for line in lines
        if line.counts is None and line.ps.pk in entries
    }

    def area_of(kind: str, code: str, name: str, members: list[ServiceLine]) -> Area:
        area = Area(kind, code, name, registered=len(members))
        hours = [
            Decimal(s.setup["hours_per_week"]) for s in members if s.setup and s.setup.get("hours_per_week")
        ]
        area.hours_known = len(hours)
        area.hours_per_week = sum(hours, Decimal(0)) if hours else None
        for s in members:
            area.peer_support[s.peer_support] += 1
            counts = s.counts or headcounts.get(s.ps.pk)
            if s.counts is not None:
                area.returning += 1
            if counts is None:
                continue
            for key in COUNTS:
                if key in counts:
                    area.counts[key] = area.counts.get(key, Span()) + Span.of_count(
                        counts[key], _most(counts, key)
                    )
        return area

    by_icb: dict[int, list[ServiceLine]] = defaultdict(list)
    for line in lines:
        by_icb[line.ps.icb_id].append(line)
    icbs_of: dict[int, list[ICB]] = defaultdict(list)
    region_of: dict[int, Region] = {}
    for line in lines:
        icb = line.ps.icb
        if icb not in icbs_of[icb.region_id]:
            icbs_of[icb.region_id].append(icb)
        region_of[icb.region_id] = icb.region
    region_areas = []
    for region_id, icbs in sorted(icbs_of.items(), key=lambda pair: region_of[pair[0]].name):
        region = region_of[region_id]
        icb_areas = []
        for icb in sorted(icbs, key=lambda i: i.name):
            area = area_of("icb", icb_code(icb), icb.name, by_icb[icb.pk])
            _add_population(area, populations.get(icb.pk))
            icb_areas.append(area)
        members = [s for icb in icbs for s in by_icb[icb.pk]]
        region_area = area_of("region", region_code(region), region.name, members)
        _add_populations(region_area, icb_areas)
        region_areas.append((region_area, icb_areas))
    england = area_of("england", "E92000001", "England", lines)
    _add_populations(england, [icb for _, icbs in region_areas for icb in icbs])

    trend: dict[str, dict[dt.date, dict[str, Span]]] = defaultdict(dict)
    for q in quarters:
        for line in lines:
            ret = returns.get((line.ps.pk, q))
            if ret is None:
                continue
            for scope in ("england", region_code(line.ps.icb.region)):
                spans = trend[scope].setdefault(q, {})
                for key in QUARTER_COUNTS:
                    spans[key] = spans.get(key, Span()) + Span.of_count(ret.body["counts"][key])
    year = max((p.year for p in populations.values()), default=None)
    return Picture(
        quarter=quarter,
        quarters=quarters,
        england=england,
        regions=region_areas,
        services=lines,
        trend=dict(trend),
        population_year=year,
        returns_received=sum(1 for _, q in returns if q == quarter),
    )


def _populations(quarter: dt.date) -> dict[int, ICBPopulation]:
    """Each ICB's births and referrals for the latest year on or before the quarter's."""
    chosen: dict[int, ICBPopulation] = {}
    for p in icb_populations().filter(year__lte=quarter.year).order_by("-year"):
        chosen.setdefault(p.icb_id, p)
    return chosen


def _add_population(area: Area, p: ICBPopulation | None) -> None:
    if p is None:
        return
    area.births, area.referrals, area.population_year = p.births, p.perinatal_referrals, p.year
    area.population_sources = {p.source}


def _add_populations(area: Area, parts: list[Area]) -> None:
    """A region's or England's births and referrals: its ICBs' added up, when every ICB has them."""
    if parts and all(p.births is not None for p in parts):
        area.births = sum(p.births or 0 for p in parts)
    if parts and all(p.referrals is not None for p in parts):
        area.referrals = sum(p.referrals or 0 for p in parts)
    years = {p.population_year for p in parts if p.population_year}
    area.population_year = max(years) if years else None
    area.population_sources = set().union(*(p.population_sources for p in parts)) if parts else set()


# Rankings with their uncertainty --------------------------------------------------------------


def poisson_interval(low: int, high: int) -> tuple[float, float]:
    """A 95% interval for a count somewhere from low to high (Byar's approximation)."""
    lower = 0.0 if low == 0 else low * (1 - 1 / (9 * low) - Z95 / (3 * math.sqrt(low))) ** 3
    n = high + 1
    upper = n * (1 - 1 / (9 * n) + Z95 / (3 * math.sqrt(n))) ** 3
    return max(lower, 0.0), upper


@dataclass(frozen=True)
class Ranked:
    area: Area
    value: Rate  # the figure itself, a range where a count is hidden
    interval: Rate  # with chance variation too (95%)
    best: int  # the highest rank it could have
    worst: int  # the lowest

    def rank_text(self, of: int) -> str:
        if self.best == self.worst:
            return f"{ordinal(self.best)} of {of}"
        return f"between {ordinal(self.best)} and {ordinal(self.worst)} of {of}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ranking(areas: Sequence[Area], key: str) -> tuple[list[Ranked], list[Area]]:
    """Areas ranked highest first by a coverage figure, each with the ranks its interval allows:
    an area's best rank counts only those certainly above it, its worst all that might be.
    Areas without the figure are returned apart, unranked."""
    _, _, count, per = next(c for c in COVERAGE if c[0] == key)
    scored: list[tuple[Area, Rate, Rate]] = []
    unranked: list[Area] = []
    for area in areas:
        value = area.coverage(key)
        denominator = area.births if per == "births" else area.referrals
        if not value.known or not denominator:
            unranked.append(area)
            continue
        if count == "hours_per_week":
            interval = value
        else:
            span = area.count(count)
            lo, hi = poisson_interval(span.low, span.high)
            interval = Rate(lo * PER[per] / denominator, hi * PER[per] / denominator)
        scored.append((area, value, interval))
    ranked = []
    for area, value, interval in scored:
        assert interval.low is not None and interval.high is not None
        above = sum(1 for a, _, i in scored if a is not area and i.low is not None and i.low > interval.high)
        maybe = sum(
            1 for a, _, i in scored if a is not area and i.high is not None and i.high >= interval.low
        )
        ranked.append(Ranked(area, value, interval, above + 1, maybe + 1))
    ranked.sort(key=lambda r: (-(r.value.low or 0), r.area.name))
    return ranked, unranked


# The census, the grid and the recommendations across services ------------------------------------


SETUP_QUESTIONS = (
    ("employed_by", "Who employs the peer workers", ("NHS", "Third sector", "Both")),
    ("works", "Peer workers work", ("Alone", "In a team")),
    ("coordinator", "Access to a co-ordinator", ("own", "shared", "none")),
    ("lived_experience_design", "Mothers with lived experience helped design the service", (True, False)),
)
COORDINATOR_WORDS = {"own": "Its own", "shared": "Shared with another service", "none": "None"}


def setup_table(lines: Sequence[ServiceLine]) -> list[tuple[str, list[tuple[str, int]], int]]:
    """For each set-up question: how many services give each answer, and how many are not known.
    Counts of services, not of people: not suppressed."""
    table = []
    for key, question, answers in SETUP_QUESTIONS:
        tally: Counter[Any] = Counter(s.setup.get(key) if s.setup else None for s in lines)
        rows = [(_answer_words(key, a), tally[a]) for a in answers]
        table.append((question, rows, tally[None]))
    paid = Counter(_has(s, "paid") for s in lines)
    volunteers = Counter(_has(s, "volunteers") for s in lines)
    table.append(("Paid peer workers", [("Yes", paid[True]), ("No", paid[False])], paid[None]))
    table.append(
        (
            "Volunteer peer supporters",
            [("Yes", volunteers[True]), ("No", volunteers[False])],
            volunteers[None],
        )
    )
    return table


def _answer_words(key: str, answer: Any) -> str:
    if key == "coordinator":
        return COORDINATOR_WORDS[answer]
    if isinstance(answer, bool):
        return "Yes" if answer else "No"
    return str(answer)


def _has(line: ServiceLine, key: str) -> bool | None:
    """Whether it has any (a hidden count is at least one; zero is shown as zero)."""
    if line.counts is None or key not in line.counts:
        return None
    return line.counts[key] != 0


def grid_table(lines: Sequence[ServiceLine]) -> list[tuple[str, list[tuple[str, Counter[str]]]]]:
    """Each principle's practices, with how many services rate each level in their latest review."""
    practices = list(grid_access.practices_in_use())
    by_principle: dict[int, list[tuple[str, Counter[str]]]] = defaultdict(list)
    for practice in practices:
        tally: Counter[str] = Counter()
        for s in lines:
            if s.grid:
                tally[s.grid["ratings"].get(practice.code) or "Not rated"] += 1
        by_principle[practice.principle].append((practice.title, tally))
    return [(Principle(p).label, rows) for p, rows in sorted(by_principle.items())]


def recommendations_table(lines: Sequence[ServiceLine]) -> list[tuple[str, Counter[str]]]:
    """For each of the fourteen: how many services stand at each status."""
    rows = []
    for number in RECOMMENDATION_NUMBERS:
        tally: Counter[str] = Counter(
            s.recommendations["statuses"][number] for s in lines if s.recommendations
        )
        rows.append((number, tally))
    return rows
