"""Charts drawn on the server as SVG: no JavaScript, readable printed, and each shown beside a
table of its figures so nobody has to read a chart to get the numbers."""

import datetime as dt
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT, PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 640, 330, 60, 48, 40, 58
INK, MUTED, LINE = "#212b32", "#4c6272", "#005eb8"


def goal_chart(title: str, dates: Sequence[dt.date], scores: Sequence[int]) -> Markup:
    """Her ratings of one goal over time, 0 to 10: big dots joined by a line, dates underneath."""
    inner_w, inner_h = WIDTH - PAD_LEFT - PAD_RIGHT, HEIGHT - PAD_TOP - PAD_BOTTOM
    n = len(scores)

    def x(i: int) -> float:
        return PAD_LEFT + (inner_w / 2 if n == 1 else inner_w * i / (n - 1))

    def y(score: int) -> float:
        return PAD_TOP + inner_h * (1 - score / 10)

    parts = [
        f'<svg viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="c{id(scores)}" '
        f'class="alongside-chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="c{id(scores)}">{escape(title)}</title>',
    ]
    for mark in (0, 5, 10):
        parts.append(
            f'<line x1="{PAD_LEFT}" x2="{WIDTH - PAD_RIGHT}" y1="{y(mark)}" y2="{y(mark)}" stroke="#d8dde0"/>'
            f'<text x="{PAD_LEFT - 12}" y="{y(mark) + 7}" text-anchor="end" font-size="22" fill="{MUTED}">'
            f"{mark}</text>"
        )
    if n > 1:
        points = " ".join(f"{x(i)},{y(s)}" for i, s in enumerate(scores))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="5"/>')
    for i, (day, score) in enumerate(zip(dates, scores, strict=True)):
        parts.append(f'<circle cx="{x(i)}" cy="{y(score)}" r="10" fill="{LINE}"/>')
        parts.append(
            f'<text x="{x(i)}" y="{y(score) - 18}" text-anchor="middle" font-size="24" font-weight="bold" '
            f'fill="{INK}">{score}</text>'
        )
        if n <= 8 or i in (0, n - 1):
            parts.append(
                f'<text x="{x(i)}" y="{HEIGHT - 14}" text-anchor="middle" font-size="18" fill="{MUTED}">'
                f"{day:%-d %b}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped or a number)


def bar_chart(title: str, bars: Sequence[tuple[str, int | None]]) -> Markup:
    """Horizontal bars, one per label; a hidden (suppressed) figure draws no bar and says so."""
    row, label_w = 36, 330
    height = PAD_TOP + row * len(bars) + 8
    top = max([v for _, v in bars if v is not None] or [1]) or 1
    inner_w = WIDTH - label_w - 70
    parts = [
        f'<svg viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="b{id(bars)}" '
        f'class="alongside-chart" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="b{id(bars)}">{escape(title)}</title>',
    ]
    for i, (label, value) in enumerate(bars):
        top_y = PAD_TOP + i * row
        parts.append(
            f'<text x="{label_w - 8}" y="{top_y + 22}" text-anchor="end" font-size="15" fill="{INK}">'
            f"{escape(label)}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{label_w + 4}" y="{top_y + 22}" font-size="16" fill="{MUTED}">'
                "hidden (small number)</text>"
            )
            continue
        w = inner_w * value / top
        parts.append(f'<rect x="{label_w}" y="{top_y + 6}" width="{w:.1f}" height="22" fill="{LINE}"/>')
        parts.append(
            f'<text x="{label_w + w + 6:.1f}" y="{top_y + 23}" font-size="16" fill="{INK}">{value}</text>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 (every text in it is escaped or a number)
