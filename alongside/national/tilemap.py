"""A tile map of England's ICBs, drawn as SVG on the server (CONVENTIONS.md: server-side charts,
each with a data table beside it, since a map alone is not accessible).

Each NHS region is a block of square tiles, the blocks laid out roughly where the regions lie;
each ICB is one tile with a short label, filled by the quintile of a coverage figure among the
ICBs on the map. The same SVG goes into the page and the PDF, so both show the same map. No
inline style (the Content-Security-Policy forbids it): colours are presentation attributes.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from alongside.national.figures import Area, Rate

TILE = 44  # a tile's side, in SVG units
GAP = 4
BLOCK_COLUMNS = 3  # tiles across each region's block: narrow enough to read on a phone
LABEL = 24  # the height of a region's name above its block
FONT = 16
# Where each region's block goes, in tiles from the top left: roughly where it lies in England.
PLACES = {
    "North West": (0.0, 0.0),
    "North East and Yorkshire": (3.4, 0.0),
    "Midlands": (1.7, 3.0),
    "East of England": (5.1, 3.0),
    "London": (5.1, 6.0),
    "South West": (0.0, 8.0),
    "South East": (3.4, 9.0),
}
# Light to dark NHS blues, lowest fifth to highest; the label's colour keeps its contrast (4.5:1).
FILLS = ("#e8f1fa", "#a8cbec", "#5e9ad6", "#005eb8", "#003087")
INKS = ("#212b32", "#212b32", "#212b32", "#ffffff", "#ffffff")
NOT_KNOWN_FILL, NOT_KNOWN_INK = "#ffffff", "#4c6272"
OUTLINE = "#4c6272"
SMALL_WORDS = {"nhs", "icb", "and", "of", "the", "integrated", "care", "board", "isles"}


def short_label(name: str) -> str:
    """Initials of an ICB's place names ("NHS Birmingham and Solihull ICB": "BS"), up to three;
    the first three letters of a place named in one word."""
    words = [w for w in re.split(r"[\s,\-]+", name) if w and w.lower() not in SMALL_WORDS]
    if len(words) == 1:
        return words[0][:3]  # "NHS Devon ICB": "Dev", not "D" (Dorset is "Dor")
    return "".join(w[0].upper() for w in words)[:3] or name[:3]


def middle(rate: Rate) -> float | None:
    """A figure's middle: a range's, where a hidden count makes it one."""
    if rate.low is None or rate.high is None:
        return None
    return (rate.low + rate.high) / 2


@dataclass(frozen=True)
class Band:
    """One fifth of the ICBs on the map, by a figure: from `low` to `high`."""

    number: int  # 1 (lowest) to 5
    low: float
    high: float

    @property
    def text(self) -> str:
        return f"{self.low:,.2f} to {self.high:,.2f}"  # finer than the figures: bands can be close


def bands(values: Sequence[float]) -> list[Band]:
    """Quintiles of the values: five bands, fewer when there are fewer than five different values."""
    ordered = sorted(values)
    if not ordered:
        return []
    n = min(5, len(ordered))
    cuts = [ordered[math.ceil(len(ordered) * k / n) - 1] for k in range(1, n + 1)]
    found: list[Band] = []
    low = ordered[0]
    for high in cuts:
        if found and high <= found[-1].high:
            continue  # many equal values: one band, not several the same
        found.append(Band(len(found) + 1, low, high))
        above = [v for v in ordered if v > high]
        low = above[0] if above else high
    return found


def band_of(value: float | None, found: Sequence[Band]) -> Band | None:
    if value is None:
        return None
    return next((b for b in found if value <= b.high), found[-1] if found else None)


@dataclass(frozen=True)
class Tile:
    area: Area
    region: str
    value: Rate
    band: Band | None
    label: str


@dataclass(frozen=True)
class TileMap:
    """The map's figures: the page's data table is drawn from these too, so both say the same."""

    measure: str  # what the figure is, in words
    tiles: list[Tile]
    bands: list[Band]

    def band_text(self, tile: Tile) -> str:
        if tile.band is None:
            return "Not known"
        return f"Fifth {tile.band.number} of {len(self.bands)} ({tile.band.text})"


def tile_map(regions: Sequence[tuple[Area, Sequence[Area]]], key: str, measure: str) -> TileMap:
    """The tiles for these regions' ICBs, banded by the coverage figure `key`."""
    rates = [(region, icb, icb.coverage(key)) for region, icbs in regions for icb in icbs]
    found = bands([v for _, _, r in rates if (v := middle(r)) is not None])
    tiles = [
        Tile(icb, region.name, rate, band_of(middle(rate), found), short_label(icb.name))
        for region, icb, rate in rates
    ]
    return TileMap(measure, tiles, found)


def _block_origins(names: Sequence[str]) -> dict[str, tuple[float, float]]:
    """Each region's place; a region not known to the layout goes below the others."""
    origins, spare_row = {}, 12.0
    for n, name in enumerate(name for name in names if name not in PLACES):
        origins[name] = ((n % 2) * 3.4, spare_row + (n // 2) * 3.6)
    placed = {name: PLACES.get(name, origins.get(name, (0.0, 0.0))) for name in names}
    # A map of some regions (one region's page) starts at its own top left, not England's.
    left = min((x for x, _ in placed.values()), default=0.0)
    top = min((y for _, y in placed.values()), default=0.0)
    return {name: (x - left, y - top) for name, (x, y) in placed.items()}


def svg(found: TileMap, *, title_id: str = "icb-map-title", desc_id: str = "icb-map-desc") -> Markup:
    """The map as an SVG element: role="img", named and described, with a <title> on each tile."""
    step = TILE + GAP
    regions: dict[str, list[Tile]] = {}
    for tile in found.tiles:
        regions.setdefault(tile.region, []).append(tile)
    origins = _block_origins(list(regions))
    parts: list[str] = []
    width = height = 0.0
    for region, tiles in regions.items():
        ox, oy = origins[region]
        x0, y0 = ox * step, oy * step + LABEL
        parts.append(
            f'<text x="{x0:.0f}" y="{y0 - 6:.0f}" font-size="{FONT}" font-weight="bold" '
            f'fill="#212b32">{escape(region)}</text>'
        )
        for n, tile in enumerate(tiles):
            x, y = x0 + (n % BLOCK_COLUMNS) * step, y0 + (n // BLOCK_COLUMNS) * step
            parts.append(_tile(tile, found, x, y))
            width, height = max(width, x + TILE), max(height, y + TILE)
    legend, legend_height = _legend(found, height + 24)
    described = (
        f"England's ICBs, each a square in its NHS region, shaded by {found.measure.lower()}: "
        "the darker, the higher. The table that follows gives the same figures."
    )
    svg_text = (
        f'<svg class="alongside-tilemap" xmlns="http://www.w3.org/2000/svg" width="100%" role="img" '
        f'viewBox="0 0 {max(width, 400):.0f} {height + 24 + legend_height:.0f}" '
        f'aria-labelledby="{title_id} {desc_id}" focusable="false">'
        f'<title id="{title_id}">Map of ICBs: {escape(found.measure)}</title>'
        f'<desc id="{desc_id}">{escape(described)}</desc>' + "".join(parts) + legend + "</svg>"
    )
    return Markup(svg_text)  # noqa: S704 (every text in it is escaped or a number)


def _tile(tile: Tile, found: TileMap, x: float, y: float) -> str:
    fill, ink = (
        (FILLS[tile.band.number - 1], INKS[tile.band.number - 1])
        if tile.band
        else (NOT_KNOWN_FILL, NOT_KNOWN_INK)
    )
    said = f"{tile.area.name}: {tile.value.text()} ({found.band_text(tile)})"
    return (
        f"<g><title>{escape(said)}</title>"
        f'<rect x="{x:.0f}" y="{y:.0f}" width="{TILE}" height="{TILE}" rx="3" fill="{fill}" '
        f'stroke="{OUTLINE}" stroke-width="1"/>'
        f'<text x="{x + TILE / 2:.0f}" y="{y + TILE / 2 + 5:.0f}" font-size="{FONT}" text-anchor="middle" '
        f'fill="{ink}">{escape(tile.label)}</text></g>'
    )


def _legend(found: TileMap, top: float) -> tuple[str, float]:
    """A key: one swatch for each fifth, and one for not known."""
    rows = [(FILLS[b.number - 1], b.text) for b in found.bands] + [(NOT_KNOWN_FILL, "Not known")]
    parts = [f'<text x="0" y="{top:.0f}" font-size="{FONT}" font-weight="bold" fill="#212b32">Key</text>']
    for n, (fill, text) in enumerate(rows):
        y = top + 10 + n * 24
        parts.append(
            f'<rect x="0" y="{y:.0f}" width="18" height="18" fill="{fill}" '
            f'stroke="{OUTLINE}" stroke-width="1"/>'
            f'<text x="26" y="{y + 15:.0f}" font-size="{FONT}" fill="#212b32">{escape(text)}</text>'
        )
    return "".join(parts), 16 + len(rows) * 24
