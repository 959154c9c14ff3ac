"""people/tables.py draws the NHS.UK table as its macro does, cell for cell, only faster."""

import re
from typing import Any

import pytest
from markupsafe import Markup

from alongside.people import tables


def macro(params: dict[str, Any]) -> str:
    return str(tables._macro()(params))


def same_markup(html: str) -> str:
    """Markup compared as a browser reads it: any run of whitespace is one space."""
    return re.sub(r"\s+", " ", html).strip()


HEAD = [{"text": "Name"}, {"text": "Status"}, {"text": "Visits", "format": "numeric"}, {"text": "Note"}]


def row(name: str, status: str, visits: int, note: str) -> list[dict[str, Any]]:
    return [
        {"html": Markup('<a href="/people/1/">{}</a>').format(name)},
        {"html": Markup('<strong class="nhsuk-tag">{}</strong>').format(status)},
        {"text": str(visits), "format": "numeric"},
        {"text": note},
    ]


ROWS = [
    row("Amina Abdi", "Active", 3, "Coffee & cake <b>not bold</b>"),
    row('Zoë "Z" O\'Neill', "Paused", 12, ""),
    row("Beth <script>", "Ended", 0, "Line one\nline two"),
]


@pytest.mark.parametrize("responsive", [True, False])
@pytest.mark.parametrize("caption", ["3 people & more <soon>", None])
def test_it_draws_the_same_table_as_the_macro(responsive: bool, caption: str | None) -> None:
    params = {"head": HEAD, "rows": ROWS, "responsive": responsive}
    if caption is not None:
        params["caption"] = caption
    fast = str(tables.table(params))
    assert same_markup(fast) == same_markup(macro(params))
    assert "&lt;b&gt;not bold&lt;/b&gt;" in fast and "Beth &lt;script&gt;" in fast
    assert "alongside-table" not in fast  # no slot left unfilled


def test_a_second_table_with_the_same_head_reuses_the_drawing_with_its_own_caption_and_rows() -> None:
    first = {"caption": "First", "head": HEAD, "rows": ROWS, "responsive": True}
    second = {"caption": "Second & last", "head": HEAD, "rows": ROWS[:1], "responsive": True}
    tables.table(first)
    drawn = len(tables.DRAWN)
    again = str(tables.table(second))
    assert len(tables.DRAWN) == drawn
    assert same_markup(again) == same_markup(macro(second))
    assert "First" not in again and again.count('class="nhsuk-table__row"') == 2  # the head's row and one


def test_rows_of_different_shapes_are_drawn_by_the_macro_itself() -> None:
    mixed = [
        ROWS[0],
        [{"text": "Plain"}, {"text": "Active"}, {"text": "1", "format": "numeric"}, {"text": ""}],
    ]
    params = {"caption": "Mixed", "head": HEAD, "rows": mixed, "responsive": True}
    assert str(tables.table(params)) == macro(params)


def test_it_is_no_larger_than_the_macro_for_a_page_of_rows() -> None:
    """Its gain is time (the macro is called once, not once a row: timed by `make bench`, never in a
    test); the markup is the macro's, less the blank lines trim_blocks does not reach."""
    params = {"caption": "Many", "head": HEAD, "rows": ROWS * 20, "responsive": True}
    assert len(str(tables.table(params))) <= len(macro(params))
