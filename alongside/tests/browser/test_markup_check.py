"""The sweep's check for markup shown as text (browsing.markup_in_text), without a browser.

The Stories list once built its links by joining strings with an escaped quote, so autoescape
escaped the link too and every row read `<a href="/stories/9/">…</a>`. These tests render that
same mistake, take the text a browser would show, and check the sweep's detector catches it,
and passes the fixed version (the `link()` helper).
"""

from html.parser import HTMLParser

from django.template import engines

from alongside.tests.browser.browsing import markup_in_text

BROKEN = """{{ table({"rows": [[{"html": "<a href=\\"/stories/9/\\">“" ~ (quote | e) ~ "”</a>"}]]}) }}"""
FIXED = """{{ table({"rows": [[{"html": link("/stories/9/", "“" ~ quote ~ "”")}]]}) }}"""
IMPORT = '{% from "nhsuk/components/tables/macro.jinja" import table %}'


class _Text(HTMLParser):
    """The text of a fragment as a browser shows it: tags dropped, entities decoded."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def shown(template: str, **context: object) -> str:
    html = engines["jinja2"].from_string(IMPORT + template).render(context)
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def test_the_check_catches_a_link_escaped_into_text() -> None:
    text = shown(BROKEN, quote="I felt less alone")
    assert '<a href="/stories/9/">' in text
    assert markup_in_text(text) != []


def test_the_check_passes_a_real_link_even_around_a_quote_with_angle_brackets() -> None:
    text = shown(FIXED, quote="I felt less alone")
    assert text == "“I felt less alone”"
    assert markup_in_text(text) == []
    assert markup_in_text(shown(FIXED, quote="a <b> c")) == [], "one escape shows as the text she typed"


def test_the_check_names_each_kind_of_markup_in_plain_text() -> None:
    assert markup_in_text("See <a href='/x'>here</a>") == ["See <a href='/x'>here</a>"] * 2  # <a and </
    assert len(markup_in_text("closing </p> tag")) == 1
    assert len(markup_in_text("escaped twice: &lt;strong&gt;")) == 1
    assert markup_in_text("Ages 18 to 24, under 5 < over 5, a/b") == []
