"""The NHS.UK table component for long lists, at the cost of one row rather than every row.

The nhsuk-frontend-jinja `table` macro spends about a millisecond of Jinja per row (two attribute
macros and a value macro per cell) and writes three kilobytes of blank lines per row. A list page
of 50 rows spent more time in it than in its queries. `table()` here renders the very same macro
once, with one row whose cells are placeholders, and repeats that row's markup for every row
with each cell's content put in (escaped as the macro escapes it). The markup is the component's
own, so it follows nhsuk-frontend-jinja's upgrades; a test checks it against the macro's output.
Runs of blank lines and indentation, which HTML ignores, are folded into one line break. The
drawing is kept in memory per set of parameters (head, options, the cells' kinds) for the life of
the process: the macro's template does not change while it runs.

It takes the macro's own parameters. Rows whose cells differ in anything but their content (a
cell with `html` in one row and `text` in another, or a `format` on some rows only), or cells
with keys beyond `text`, `html` and `format`, go to the macro unchanged.
"""

import json
import re
from typing import Any

from django.template import engines
from markupsafe import Markup, escape

CONTENT = ("text", "html")
SHAPE_KEYS = {"format"}
SLOT = "alongside-table-cell-{}-x"
SLOTS = re.compile(r"alongside-table-cell-(\d+)-x")
CAPTION_SLOT = "alongside-table-caption-x"
DRAWN: dict[str, tuple[str, str, str]] = {}  # by parameters other than rows and caption
DRAWN_MOST = 200
Shape = list[tuple[str, tuple[tuple[str, Any], ...]]]
BLANK = re.compile(r"\s*\n\s*")


def _macro() -> Any:
    env = engines["jinja2"].env  # type: ignore[attr-defined]
    return env.get_template("nhsuk/components/tables/macro.jinja").module.table


def _shape(cell: Any) -> tuple[str, tuple[tuple[str, Any], ...]] | None:
    """What a cell looks like apart from its content, or None if only the macro can draw it."""
    if not isinstance(cell, dict) or set(cell) - SHAPE_KEYS - set(CONTENT):
        return None
    kind = "html" if cell.get("html") else "text"
    return kind, tuple(sorted((k, cell[k]) for k in SHAPE_KEYS if k in cell))


def _content(cell: dict[str, Any]) -> Markup:
    """The cell's content as the macro would write it: html as given, text escaped."""
    if cell.get("html"):
        return Markup(cell["html"])  # noqa: S704 - as the macro's own `item.html | safe`
    text = cell.get("text")
    return escape(text) if text else Markup("")  # the macro writes nothing for a falsy text, 0 too


def _one_row_shape(rows: list[Any]) -> Shape | None:
    shapes = [[_shape(cell) for cell in row] for row in rows]
    first = shapes[0]
    if any(s is None for s in first) or any(other != first for other in shapes[1:]):
        return None
    return first  # type: ignore[return-value]


def _plain_caption(caption: Any) -> bool:
    """A caption given as text (escaped by the macro), or none: one that may be put in afterwards."""
    return caption is None or (isinstance(caption, str) and not isinstance(caption, Markup))


def _draw(params: dict[str, Any], shape: Shape) -> tuple[str, str, str]:
    """The table drawn by the macro with one row of slots (and a slot for the caption), cut into
    what comes before that row, the row, and what comes after it."""
    slots = [{kind: SLOT.format(i), **dict(extra)} for i, (kind, extra) in enumerate(shape)]
    caption = {"caption": CAPTION_SLOT} if params.get("caption") is not None else {}
    drawn = BLANK.sub("\n", str(_macro()({**params, **caption, "rows": [slots]})))
    start = drawn.index("<tr", drawn.index("<tbody"))
    end = drawn.index("</tr>", start) + len("</tr>")
    return drawn[:start], drawn[start:end], drawn[end:]


def table(params: dict[str, Any]) -> Markup:
    """The NHS.UK table (same parameters as its macro), its rows filled in from one drawn row.

    The drawing is kept for each set of parameters other than the rows and the caption (a page's
    table looks the same on every request), so a request only fills in cells."""
    rows = list(params.get("rows") or [])
    caption = params.get("caption")
    shape = _one_row_shape(rows) if rows else None
    if shape is None or params.get("scroll") or not _plain_caption(caption):
        return _macro()(params)  # type: ignore[no-any-return]
    others = {k: v for k, v in params.items() if k not in ("rows", "caption")}
    key = json.dumps([others, caption is not None, shape], default=repr)
    drawn = DRAWN.get(key)
    if drawn is None:
        if len(DRAWN) >= DRAWN_MOST:  # a page's tables are a handful; this only bounds the memory
            DRAWN.clear()
        drawn = DRAWN[key] = _draw(params, shape)
    before, row_markup, after = drawn
    filled = [
        SLOTS.sub(lambda m, row=row: str(_content(row[int(m.group(1))])), row_markup)  # type: ignore[misc]
        for row in rows
    ]
    before = before.replace(CAPTION_SLOT, str(escape(caption))) if caption is not None else before
    # The macro's markup with the cells filled in, each escaped or safe as the macro would have it.
    return Markup(before + "\n".join(filled) + after)  # noqa: S704
