"""Nobody can back a suppressed count out of the national pages (a "Done means" of issue 15).

An attacker sees every figure the pages show: each service's return (0, 8 or more, or "*"), and
each ICB's, region's and England's total of every count, as `Span.text()` writes it. She knows
each service's peer supporters are its paid plus its volunteers. She does not know whether a "*"
hides a small number (primary suppression) or a larger one hidden to protect it (secondary), so
each hidden count starts anywhere from 1 up. A small interval solver propagates every relation to
a fixed point; no hidden count may end pinned to one value. The solver is shown to work on naive
tables that do give a count away, so its finding nothing on the real pages means something.
"""

import datetime as dt
import math
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings

from alongside.national import figures, returns
from alongside.national.models import PerinatalService
from alongside.national.returns import BREAKDOWNS, COUNTS, HIDDEN, receive, suppressed_counts
from alongside.organisations.models import ICB, Region

pytestmark = pytest.mark.django_db

QUARTER = dt.date(2026, 4, 1)
Cell = tuple[str, str]  # (service code, count)


# The solver ----------------------------------------------------------------------------------


class Contradiction(AssertionError):
    """The relations cannot all hold: some figure shown is not true of the counts behind it."""


@dataclass
class Relation:
    """low <= sum(sign * cell) <= high, over hidden cells (what is shown is moved into the bounds)."""

    terms: list[tuple[Cell, int]]
    low: float
    high: float
    why: str


@dataclass
class Solver:
    bounds: dict[Cell, tuple[float, float]] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)

    def unknown(self, cell: Cell) -> None:
        """A hidden count: at least 1 (zero is shown), and as far as she knows, no more than that."""
        self.bounds.setdefault(cell, (1, math.inf))

    def relate(self, terms: list[tuple[Cell, int]], low: float, high: float, why: str) -> None:
        for cell, _ in terms:
            self.unknown(cell)
        self.relations.append(Relation(terms, low, high, why))

    def _range(self, cell: Cell, sign: int) -> tuple[float, float]:
        lo, hi = self.bounds[cell]
        return (lo, hi) if sign > 0 else (-hi, -lo)

    def narrow(self) -> None:
        """Tighten every cell's bounds from every relation until nothing changes."""
        changed = True
        while changed:
            changed = False
            for rel in self.relations:
                ranges = [self._range(cell, sign) for cell, sign in rel.terms]
                all_low, all_high = sum(r[0] for r in ranges), sum(r[1] for r in ranges)
                for (cell, sign), (lo, hi) in zip(rel.terms, ranges, strict=True):
                    rest_low, rest_high = all_low - lo, all_high - hi
                    new_lo = max(lo, rel.low - rest_high)  # the bounds of sign * cell
                    new_hi = min(hi, rel.high - rest_low)
                    if sign < 0:
                        new_lo, new_hi = -new_hi, -new_lo
                    old = self.bounds[cell]
                    tighter = (max(old[0], math.ceil(new_lo)), min(old[1], math.floor(new_hi)))
                    if tighter[0] > tighter[1]:
                        raise Contradiction(f"{cell} cannot be anything: {rel.why}")
                    if tighter != old:
                        self.bounds[cell] = tighter
                        changed = True

    def pinned(self) -> dict[Cell, float]:
        return {cell: lo for cell, (lo, hi) in self.bounds.items() if lo == hi}


# What the pages show, read as an attacker reads it -----------------------------------------------


def read_span(text: str) -> tuple[float, float]:
    """A figure as shown: a number, a range "1,203 to 1,245", or "*" (1 to SUPPRESS_MAX)."""
    if text == HIDDEN:
        return 1, settings.ALONGSIDE["SUPPRESS_MAX"]
    found = re.fullmatch(r"([\d,]+) to ([\d,]+)", text)
    if found:
        return int(found[1].replace(",", "")), int(found[2].replace(",", ""))
    return int(text.replace(",", "")), int(text.replace(",", ""))


def learn_from_pages(picture: figures.Picture) -> Solver:
    solver = Solver()
    shown = {line.ps.code: line.counts for line in picture.services if line.counts is not None}
    in_icb = {icb.code: [s.ps.code for s in picture.services_in(icb.code)] for icb in picture.icbs}
    areas: list[tuple[figures.Area, list[str]]] = [(picture.england, list(shown))]
    for region, icbs in picture.regions:
        codes = [c for icb in icbs for c in in_icb[icb.code]]
        areas.append((region, codes))
        areas.extend((icb, in_icb[icb.code]) for icb in icbs)
    for area, codes in areas:
        for key in COUNTS:
            text = area.count(key).text()
            relate_sum(
                solver, shown, [c for c in codes if c in shown], key, text, f"{area.name} {key} {text}"
            )
    for scope, by_quarter in picture.trend.items():
        codes = list(shown) if scope == "england" else next(c for r, c in areas if r.code == scope)
        for key, span in by_quarter.get(picture.quarter, {}).items():
            relate_sum(
                solver, shown, [c for c in codes if c in shown], key, span.text(), f"trend {scope} {key}"
            )
    for code, counts in shown.items():
        for key in COUNTS:
            if counts[key] == HIDDEN:
                solver.unknown((code, key))
        for total, parts in BREAKDOWNS.items():
            signed = [(total, 1), *((p, -1) for p in parts)]
            known = sum(sign * counts[k] for k, sign in signed if counts[k] != HIDDEN)
            terms = [((code, k), sign) for k, sign in signed if counts[k] == HIDDEN]
            if terms:
                solver.relate(terms, -known, -known, f"{code}: {total} = {' + '.join(parts)}")
    return solver


def relate_sum(
    solver: Solver, shown: dict[str, dict[str, Any]], codes: Iterable[str], key: str, text: str, why: str
) -> None:
    codes = list(codes)
    if not codes:
        return
    low, high = read_span(text)
    known = sum(shown[c][key] for c in codes if shown[c][key] != HIDDEN)
    terms = [((c, key), 1) for c in codes if shown[c][key] == HIDDEN]
    if terms:
        solver.relate(terms, low - known, high - known, why)
    else:
        assert low == high == known, f"{why}: an exact figure that is not the sum shown"


# A world of many small numbers --------------------------------------------------------------------

# ICB: how many services. Some ICBs have one service, so an ICB's total is that service's count.
ICBS = {"QA1": 3, "QB1": 1, "QC1": 2, "QD2": 4, "QE2": 1, "QF2": 2}


def true_counts(rng: random.Random) -> dict[str, int]:
    small = [0, 0, 1, 2, 3, 5, 7, 8, 9, 12, 30]
    raw = {key: rng.choice(small) for key in COUNTS}
    raw["paid"], raw["volunteers"] = rng.choice(small), rng.choice(small)
    raw["peer_supporters"] = raw["paid"] + raw["volunteers"]
    return raw


def a_return(truth: dict[str, dict[str, int]], codes: list[str]) -> dict[str, Any]:
    blocks = [
        {
            "code": code,
            "name": f"Team {code}",
            "icb_code": "",
            "kind": "community",
            "counts": suppressed_counts(truth[code]),
            "setup": None,
            "grid": None,
            "recommendations": None,
        }
        for code in codes
    ]
    return {
        "format": returns.FORMAT,
        "schema_version": returns.SCHEMA_VERSION,
        "deployment": "Test",
        "made_at": "2026-07-01T06:00:00+00:00",
        "quarter": "2026-Q2",
        "period": {"start": "2026-04-01", "end": "2026-06-30"},
        "services": blocks,
        "totals": returns.totals(blocks),
    }


@pytest.fixture
def world(db: object) -> dict[str, dict[str, int]]:
    """Thirteen services in six ICBs in two regions, their true counts mostly small, with returns
    received; one service's paid peer workers are few and its volunteers many, so the volunteers
    are hidden to protect them (secondary suppression) although there are more than seven."""
    rng = random.Random(15)
    truth: dict[str, dict[str, int]] = {}
    for number, (icb_code, n) in enumerate(ICBS.items()):
        region, _ = Region.objects.get_or_create(
            name=f"Region {icb_code[-1]}", defaults={"code": f"Y{icb_code[-1]}"}
        )
        icb = ICB.objects.create(name=f"NHS {icb_code} ICB", code=icb_code, region=region)
        for i in range(n):
            code = f"Z{number}{i:02d}"
            PerinatalService.objects.create(
                code=code, name=f"Team {code}", kind="community", icb=icb, trust_name="A Trust"
            )
            truth[code] = true_counts(rng)
    truth["Z000"].update(paid=3, volunteers=20, peer_supporters=23)
    truth["Z100"].update(paid=2, volunteers=0, peer_supporters=2)  # alone in its ICB
    received = receive(a_return(truth, sorted(truth)), source="test")
    assert received.ok, received.problems
    return truth


def test_no_suppressed_count_can_be_backed_out_of_the_pages(world: dict[str, dict[str, int]]) -> None:
    picture = figures.picture(QUARTER)
    solver = learn_from_pages(picture)
    hidden = set(solver.bounds)
    assert len(hidden) >= 40, "the world should hide many counts"
    assert {("Z000", "volunteers"), ("Z100", "paid"), ("Z100", "peer_supporters")} <= hidden

    solver.narrow()

    for (code, key), (lo, hi) in solver.bounds.items():
        assert lo <= world[code][key] <= hi, f"the pages are wrong about {code} {key}"
    assert solver.pinned() == {}


def test_area_totals_never_show_an_exact_sum_with_a_hidden_part(world: dict[str, dict[str, int]]) -> None:
    picture = figures.picture(QUARTER)
    areas = [picture.england, *(r for r, _ in picture.regions), *picture.icbs]
    hidden_somewhere = 0
    for area in areas:
        for key in COUNTS:
            span = area.count(key)
            if span.hidden:
                hidden_somewhere += 1
                assert span.text() == HIDDEN or re.fullmatch(r"[\d,]+ to [\d,]+", span.text()), span
                low, high = read_span(span.text())
                assert low < high
    assert hidden_somewhere > 20


# The solver can find a count when a table gives it away ------------------------------------------------


def test_the_solver_pins_a_cell_an_exact_total_gives_away() -> None:
    # An ICB of two services, one hiding 3 and one showing 12, with the ICB's exact total, 15.
    solver = Solver()
    solver.relate([(("A", "referred"), 1)], 15 - 12, 15 - 12, "ICB referred 15")
    solver.narrow()
    assert solver.pinned() == {("A", "referred"): 3}


def test_the_solver_pins_the_one_hidden_part_of_a_breakdown() -> None:
    # Peer supporters 10 shown, volunteers 8 shown, paid hidden: paid is 2.
    solver = Solver()
    solver.relate([(("A", "paid"), -1)], -(10 - 8), -(10 - 8), "A: peer_supporters = paid + volunteers")
    solver.narrow()
    assert solver.pinned() == {("A", "paid"): 2}


def test_the_solver_chains_relations_to_pin_a_cell() -> None:
    # Two services hide paid and their region shows the exact sum, 2: each is 1, as each is at
    # least 1. B's breakdown, 12 = paid + volunteers, then gives its volunteers away.
    solver = Solver()
    solver.relate([(("A", "paid"), 1), (("B", "paid"), 1)], 2, 2, "region paid 2")
    solver.relate([(("B", "paid"), -1), (("B", "volunteers"), -1)], -12, -12, "B: 12 = paid + volunteers")
    solver.narrow()
    assert solver.pinned() == {("A", "paid"): 1, ("B", "paid"): 1, ("B", "volunteers"): 11}


def test_the_solver_finds_a_figure_that_is_not_true() -> None:
    # A hidden part of 20 said to be "*" (1 to 7) beside its total 23 and another part of 1 to 7.
    solver = Solver()
    solver.relate([(("A", "paid"), 1)], 1, 7, "ICB paid *")
    solver.relate([(("A", "volunteers"), 1)], 1, 7, "ICB volunteers *")
    solver.relate([(("A", "paid"), -1), (("A", "volunteers"), -1)], -23, -23, "A: 23 = paid + volunteers")
    with pytest.raises(Contradiction):
        solver.narrow()
