"""Equity: who is referred, supported and reached, by group, against the local population.

Each figure is defined once, here (ADR 0004), and every count leaves this module suppressed
(alongside.lib.suppression.suppress_table; ADR 0016):

- referred ("People referred"): people referred to peer support at the service in the period;
- supported ("People with a peer worker"): people who had a peer worker allocated at the service
  at any time in the period;
- reached ("People reached"): people who had at least one successful contact at the service in
  the period.

The querysets behind them are alongside.support.metrics's (ADR 0019), shared with the report and
the service summary.

A person counts once in each measure, in the groups of her record; her age band is her age on the
day she was referred. A group's share is of the people whose record gives that dimension ("not
recorded" is shown, and left out of the shares). A group is under-represented when its share is
below UNDER_REPRESENTATION_RATIO times its share of the local population, and that share would
give at least UNDER_REPRESENTATION_MIN_EXPECTED people (both in settings.ALONGSIDE, optional).

A service's people live in hundreds of postcode districts, most with a handful of people each,
which suppression would show as a page of "*": the area table keeps the EQUITY_AREA_ROWS districts
with the most people (20 unless set) and any district with a local population figure, and counts
the rest together as one group, "Other districts" (fold_areas).
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet

from alongside.equity.groups import (
    AGE_BANDS,
    NOT_RECORDED,
    DayNumber,
    age_band,
    age_band_gaps,
    district_sql,
    language_name,
)
from alongside.equity.models import Dimension, PopulationShare
from alongside.lib import postcode
from alongside.lib.suppression import suppress, suppress_table
from alongside.organisations.models import Service
from alongside.people.models import EthnicCategory
from alongside.support import metrics as support_metrics
from alongside.support.metrics import Figure
from alongside.support.models import PeerSupport

# Each measure's one name (alongside.support.metrics.Figure): the same in the report and the summary.
MEASURES = {"referred": Figure.REFERRED, "supported": Figure.WITH_A_PEER_WORKER, "reached": Figure.REACHED}


def under_representation_ratio() -> float:
    """Below this many times its population share, a group is flagged (0.8: below 80 percent)."""
    return float(settings.ALONGSIDE.get("UNDER_REPRESENTATION_RATIO", 0.8))


def under_representation_min_expected() -> float:
    """A group is flagged only when its population share would give at least this many people:
    with fewer expected, missing one or two says nothing (the usual rule of thumb is 5)."""
    return float(settings.ALONGSIDE.get("UNDER_REPRESENTATION_MIN_EXPECTED", 5))


def _by_ethnicity_and_language(qs: QuerySet[PeerSupport]) -> tuple[Counter[str], Counter[str]]:
    """People by ethnic category and by language, from one grouped query over both: each person
    has one of each, so adding the pairs up over one gives the people in each group of the other.
    "urdu " and "Urdu" are one language (language_name), merged here."""
    rows = (
        qs.order_by()
        .values_list("person__ethnic_category_id", "person__preferred_language")
        .annotate(n=support_metrics.PEOPLE)
    )
    ethnicity: Counter[str] = Counter()
    language: Counter[str] = Counter()
    for ethnic_category, spoken, n in rows:
        ethnicity[ethnic_category or NOT_RECORDED] += n
        language[language_name(spoken or "") or NOT_RECORDED] += n
    return ethnicity, language


def _areas(qs: QuerySet[PeerSupport]) -> Counter[str]:
    """People by postcode district, worked out in the query (district_sql)."""
    rows = qs.order_by().values_list(district_sql("person__postcode")).annotate(n=support_metrics.PEOPLE)
    return Counter({area or NOT_RECORDED: n for area, n in rows})


def _age_bands(qs: QuerySet[PeerSupport]) -> Counter[str]:
    """People by age band: her age on the day of her earliest referral among these (as _people()
    takes it). One row per person inside the query, banded outside it, in one statement."""
    per_person = (
        qs.order_by()
        .values("person_id")
        .annotate(first=Min("referred_on"), born=Max("person__date_of_birth"))
        .annotate(gap=DayNumber(F("first")) - DayNumber(F("born")))
    )
    labels = [NOT_RECORDED]
    bands = [Count("person_id", filter=Q(gap__isnull=True))]
    for label, low, below in age_band_gaps():
        within = Q(gap__isnull=False)  # a birth after the referral is a slip: the youngest band
        within &= Q() if low is None else Q(gap__gte=low)
        within &= Q() if below is None else Q(gap__lt=below)
        labels.append(label)
        bands.append(Count("person_id", filter=within))
    found = per_person.aggregate(**{f"band{n}": band for n, band in enumerate(bands)})
    return Counter({label: found[f"band{n}"] for n, label in enumerate(labels) if found[f"band{n}"]})


def counts_by_measure(service: Service, start: dt.date, end: dt.date) -> dict[str, dict[str, Counter[str]]]:
    """{measure: {dimension: {group: people}}}: three grouped queries for each measure, by the one
    definition of each (alongside.support.metrics, ADR 0019), so the totals here are the report's
    and the summary's. Nobody's row leaves the database: a service's year is nine small results,
    whatever the number of people."""
    measures = {
        "referred": support_metrics.referred(service, start, end),
        "supported": support_metrics.with_a_peer_worker(service, start, end),
        "reached": support_metrics.reached(service, start, end),
    }
    counts = {}
    for measure, qs in measures.items():
        ethnicity, language = _by_ethnicity_and_language(qs)
        counts[measure] = {
            Dimension.ETHNIC_CATEGORY.value: ethnicity,
            Dimension.LANGUAGE.value: language,
            Dimension.AGE_BAND.value: _age_bands(qs),
            Dimension.AREA.value: _areas(qs),
        }
    return counts


OTHER_AREAS = "Other districts"


def equity_area_rows() -> int:
    return int(settings.ALONGSIDE.get("EQUITY_AREA_ROWS", 20))


def fold_areas(counts: dict[str, Counter[str]], population: set[str], keep: int) -> dict[str, Counter[str]]:
    """`counts` ({measure: {district: people}}) with every district but the `keep` with the most
    people in any measure, and those in `population`, counted together as OTHER_AREAS."""
    largest: Counter[str] = Counter()
    for counter in counts.values():
        for district, n in counter.items():
            largest[district] = max(largest[district], n)
    ranked = sorted((d for d in largest if d != NOT_RECORDED), key=lambda d: (-largest[d], d))
    kept = {*ranked[:keep], *population, NOT_RECORDED}
    if len(kept & set(largest)) == len(largest):
        return counts
    folded = {}
    for measure, counter in counts.items():
        folded[measure] = Counter({d: n for d, n in counter.items() if d in kept})
        folded[measure][OTHER_AREAS] = sum(n for d, n in counter.items() if d not in kept)
    return folded


@dataclass
class Cell:
    count: str
    percent: str  # "" where a share means nothing (not recorded), "*" where it is hidden
    under: bool = False


@dataclass
class Row:
    category: str
    label: str
    population: Decimal | None
    cells: dict[str, Cell] = field(default_factory=dict)


@dataclass
class Table:
    dimension: str
    label: str
    rows: list[Row]
    totals: dict[str, str]
    sources: list[str]
    note: str = ""

    @property
    def any_under(self) -> bool:
        return any(c.under for r in self.rows for c in r.cells.values())


@dataclass
class Report:
    service: Service
    start: dt.date
    end: dt.date
    totals: dict[str, str]
    tables: list[Table]
    ratio: float


def _order(dimension: str, categories: set[str], population: dict[str, Decimal]) -> list[str]:
    if dimension == Dimension.ETHNIC_CATEGORY:
        known = list(EthnicCategory.objects.values_list("code", flat=True))
        ordered = [c for c in known if c in categories]
    elif dimension == Dimension.AGE_BAND:
        ordered = [label for label, _ in AGE_BANDS]
    else:
        rest = categories - {NOT_RECORDED, OTHER_AREAS}
        ordered = sorted(rest, key=lambda c: (-population.get(c, Decimal(-1)), c))
        ordered += [OTHER_AREAS] if OTHER_AREAS in categories else []
    return [*ordered, NOT_RECORDED]


def _labeller(dimension: str) -> Callable[[str], str]:
    if dimension == Dimension.ETHNIC_CATEGORY:
        labels = dict(EthnicCategory.objects.values_list("code", "label"))
        return lambda code: labels.get(code, code)
    return lambda category: category


def _cell(
    n: int, recorded: int, shown: str, hidden: bool, primary: bool, population: Decimal | None, ratio: float
) -> Cell:
    """A count, its share, and whether the group is under-represented, from what may be shown.

    A share is hidden with its count. A hidden count is flagged only when even the largest
    number a "*" can stand for would be under-represented: the flag then says nothing more.
    No group is flagged when its population share would give fewer people than the minimum."""
    if recorded == 0:
        return Cell(shown, "")
    expected = recorded * float(population or 0) / 100
    threshold = (
        ratio * float(population) / 100
        if population and expected >= under_representation_min_expected()
        else None
    )
    if hidden:
        low = settings.ALONGSIDE["SUPPRESS_MAX"]
        under = bool(primary and threshold is not None and low / recorded < threshold)
        return Cell(shown, "*", under)
    share = n / recorded
    return Cell(shown, f"{round(share * 100)}%", threshold is not None and share < threshold)


def breakdown(dimension: str, counts: dict[str, Counter[str]], shares: list[PopulationShare]) -> Table:
    """One dimension: each group's counts and shares in each measure, beside its population share.
    `counts` is {measure: {group: people}} for this dimension (counts_by_measure)."""
    ratio = under_representation_ratio()
    population = {s.category: s.percent for s in shares}
    categories = set(population) | {c for counter in counts.values() for c in counter}
    order = _order(dimension, categories, population)
    label = _labeller(dimension)
    rows = [Row(c, label(c), population.get(c)) for c in order]
    totals = {}
    for measure, counter in counts.items():
        table = suppress_table({c: counter.get(c, 0) for c in order})
        totals[measure] = table.total
        recorded = sum(n for c, n in counter.items() if c != NOT_RECORDED)
        for row in rows:
            n = counter.get(row.category, 0)
            if row.category == NOT_RECORDED:
                row.cells[measure] = Cell(table.cells[row.category], "")
                continue
            row.cells[measure] = _cell(
                n,
                recorded,
                table.cells[row.category],
                table.hidden(row.category),
                row.category in table.primary,
                row.population,
                ratio,
            )
    sources = sorted({s.source for s in shares})
    note = ""
    if OTHER_AREAS in order:
        note = (
            f"The {equity_area_rows()} postcode districts with the most people, and any with a local"
            f" population figure, are shown; the people of all other districts are counted together"
            f" as “{OTHER_AREAS}”."
        )
    return Table(dimension, Dimension(dimension).label, rows, totals, sources, note)


def equity_report(service: Service, start: dt.date, end: dt.date) -> Report:
    """The whole equity view for a service and period: totals, and a table per dimension."""
    counts = counts_by_measure(service, start, end)
    by_dimension: dict[str, list[PopulationShare]] = {d: [] for d in Dimension.values}
    for share in PopulationShare.objects.filter(service=service):
        by_dimension[share.dimension].append(share)
    areas = {m: c[Dimension.AREA] for m, c in counts.items()}
    given = {s.category for s in by_dimension[Dimension.AREA]}
    for measure, folded in fold_areas(areas, given, equity_area_rows()).items():
        counts[measure][Dimension.AREA] = folded
    return Report(
        service=service,
        start=start,
        end=end,
        # Everyone counted is in exactly one group of each dimension: any dimension adds up to her.
        totals={m: suppress(sum(c[Dimension.ETHNIC_CATEGORY].values())) for m, c in counts.items()},
        tables=[
            breakdown(d, {m: c[d] for m, c in counts.items()}, by_dimension[d]) for d in Dimension.values
        ],
        ratio=under_representation_ratio(),
    )


# The per-person reference: the same groups worked out in Python from each person's row. Nothing
# on a page uses it; tests/test_grouped.py holds the grouped counts above equal to it.


def _category(dimension: str, row: dict[str, Any]) -> str:
    if dimension == Dimension.ETHNIC_CATEGORY:
        return row["person__ethnic_category_id"] or NOT_RECORDED
    if dimension == Dimension.LANGUAGE:
        return language_name(row["person__preferred_language"] or "") or NOT_RECORDED
    if dimension == Dimension.AGE_BAND:
        return age_band(row["person__date_of_birth"], row["referred_on"])
    return postcode.district(row["person__postcode"] or "") or NOT_RECORDED


_FIELDS = (
    "person_id",
    "referred_on",
    "person__ethnic_category_id",
    "person__preferred_language",
    "person__date_of_birth",
    "person__postcode",
)


def _people(qs: QuerySet[PeerSupport]) -> list[dict[str, Any]]:
    """One row per person (her earliest referral among these), with what the breakdowns need."""
    first: dict[int, dict[str, Any]] = {}
    for row in qs.values(*_FIELDS).order_by("referred_on", "pk"):
        first.setdefault(row["person_id"], row)
    return list(first.values())


def people_by_measure(service: Service, start: dt.date, end: dt.date) -> dict[str, list[dict[str, Any]]]:
    """The people counted in each measure, one row each: who is behind counts_by_measure's figures."""
    return {
        "referred": _people(support_metrics.referred(service, start, end)),
        "supported": _people(support_metrics.with_a_peer_worker(service, start, end)),
        "reached": _people(support_metrics.reached(service, start, end)),
    }
