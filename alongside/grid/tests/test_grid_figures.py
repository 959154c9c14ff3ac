"""Every figure on the grid is the figure of the page it comes from, counted by the same function
for the same period, and shown only to those who may open that page (on the demo's services).

Where the page shows the figure in the same words, the grid's words are found on it. Where the
page words it differently (SOURCE_WORDS) or shows it as a table a figure counts (FROM_TABLES),
the page's own words or rows are read back and must give the same numbers."""

import datetime as dt
import html
import re
from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.rules import Perm, has_perm
from alongside.demo.builder import build
from alongside.equity.metrics import equity_report
from alongside.equity.models import PopulationShare
from alongside.grid.evidence import EVIDENCE, Figure, Sources
from alongside.lib.suppression import suppress
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from alongside.workforce.models import Involvement, SupervisionGuidance
from conftest import client_for

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)


demo_module, demo = shared_demo(build_demo)


def member(role: str, *, wards: bool) -> Membership:
    """The first of the demo's memberships in that role, at a mother and baby unit or not."""
    found = Membership.objects.select_related("service").filter(role=role, active=True).order_by("pk")
    return next(m for m in found if m.service.has_wards == wards)


class Tables(HTMLParser):
    """The page's tables: {caption: [each body row's cells, as their text]}."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.caption: str | None = None
        self.in_caption = self.in_body = False
        self.cell: list[str] | None = None
        self.row: list[str] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "caption":
            self.in_caption, self.caption = True, ""
        elif tag == "tbody":
            self.in_body = True
            self.tables[self.caption or ""] = []
        elif tag == "tr" and self.in_body:
            self.row = []
        elif tag in ("td", "th") and self.in_body:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False
        elif tag == "tbody":
            self.in_body = False
        elif tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.in_body:
            self.tables[self.caption or ""].append(self.row)

    def handle_data(self, data: str) -> None:
        if self.in_caption:
            self.caption = " ".join(f"{self.caption} {data}".split())
        elif self.cell is not None:
            self.cell.append(data)

    def rows(self, caption: str) -> list[list[str]]:
        return next(rows for name, rows in self.tables.items() if name.startswith(caption))


def numbers(words: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", words)]


def report_row(page: str, label: str) -> list[str]:
    """A row of the commissioner's report, by its label: its cells, suppressed as the page shows them."""
    for rows in Tables(page).tables.values():
        for row in rows:
            if row and row[0] == label:
                return row[1:]
    raise AssertionError(f"No row {label!r} on the report")


def _training(page: str, figure: Figure, s: Sources) -> None:
    rows = Tables(page).rows("Gaps in the curriculum")
    done = sum(1 for r in rows if r[2].endswith("All done") and r[3].endswith("None due"))
    assert numbers(figure.text)[:2] == [done, len(rows)]


def _equity(page: str, figure: Figure, s: Sources) -> None:
    tables = Tables(page).tables
    under = sum(
        1
        for caption, rows in tables.items()
        if caption.startswith("By ")
        for r in rows
        if "Under-represented" in r[-1]
    )
    if figure.text.startswith("No local population"):
        assert "no local population figures given yet" in page
    else:
        assert numbers(figure.text)[0] == under


def _goals_asked(page: str, figure: Figure, s: Sources) -> None:
    asked, declined = numbers(figure.text)
    assert report_row(page, "People asked whether goals would help") == [suppress(asked)]
    assert report_row(page, "People who chose not to set goals") == [suppress(declined)]
    assert f": {suppress(asked)};" in figure.aggregate


def _goals_improved(page: str, figure: Figure, s: Sources) -> None:
    g = s.goals
    assert report_row(page, "Goals rated at least twice") == [suppress(g.goals_rated_twice)]
    assert report_row(page, "Goals with a reliable improvement") == [suppress(g.reliably_improved)]
    if g.goals_rated_twice:
        assert numbers(figure.text)[:2] == [g.reliably_improved, g.goals_rated_twice]
        share = report_row(page, "Share with a reliable improvement")[0]
        assert share == "*" or f"({share})" in figure.aggregate


def _forms_of_support(page: str, figure: Figure, s: Sources) -> None:
    rows = Tables(page).rows("Peer workers, co-ordinators and volunteers")
    chosen = sum(1 for r in rows if not r[2].endswith("Not chosen yet"))
    assert numbers(figure.text)[:2] == [chosen, len(rows)]


def _guidance(page: str, figure: Figure, s: Sources) -> None:
    g = s.guidance
    if g is None:
        assert figure.text in page
        return
    assert f"Every {g.nhs_supervision_days} days, with" in page
    assert f"Every {g.peer_supervision_days} days, with" in page
    assert f"{g.agreed_on:%-d %B %Y}" in figure.text and f"{g.agreed_on:%-d %B %Y}" in page


def _involvement(page: str, figure: Figure, s: Sources) -> None:
    """The log's occasions, each headed by its date, counted over the grid's 12 months."""
    start, end = s.last_12_months
    held = [
        dt.datetime.strptime(f"{d} +0000", "%d %B %Y %z").date()
        for d in re.findall(r'heading-s">(\d+ \w+ \d{4})<', page)
    ]
    assert numbers(figure.text)[-1] == sum(1 for day in held if start <= day <= end)


SOURCE_WORDS = {
    # How each source page words its figure, for the figures whose page words them differently.
    "below_band": r"Paid below band 3\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
    "drift": r"Role drift above \d+%\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
    "not_revised": r"Role descriptions not revised at induction\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
}
FROM_TABLES: dict[str, Callable[[str, Figure, Sources], None]] = {
    # The figures a page shows as a table, row by row (or, suppressed, as the report's rows).
    "training": _training,
    "equity": _equity,
    "goals_asked": _goals_asked,
    "goals_improved": _goals_improved,
    "forms_of_support": _forms_of_support,
    "supervision_guidance": _guidance,
    "involvement": _involvement,
}
WHOLE = {"continuity", "accredited", "development", "coordinator_cover"}  # the page's very words


def more_to_show(coordinator: Membership) -> None:
    """What the demo does not hold yet, so that those figures are not all nothing: the involvement
    log (one occasion in the 12 months, one before), supervision guidance, and a group the equity
    page marks under-represented among people reached (a large local share, nobody reached)."""
    service, by, now = coordinator.service, coordinator.user, timezone.now()
    for days in (30, 400):
        held_on = timezone.localdate() - dt.timedelta(days=days)
        Involvement.objects.create(
            service=service, held_on=held_on, shaped="The group's timetable", recorded_by=by, recorded_at=now
        )
    SupervisionGuidance.objects.create(
        service=service,
        nhs_supervision_days=42,
        nhs_with="The team's psychologist",
        peer_supervision_days=28,
        peer_with="The charity's peer lead",
        covers="Her wellbeing first",
        agreed_on=timezone.localdate(),  # the latest: in force today
        recorded_by=by,
        recorded_at=now,
    )
    start, end = Sources(service, timezone.localdate()).last_12_months
    for table in equity_report(service, start, end).tables:
        for row in table.rows:
            if row.population is not None and row.cells["reached"].count == "0":
                found = PopulationShare.objects.filter(service=service, category=row.category)
                found.filter(dimension=table.dimension).update(percent=60)
                return


@pytest.mark.parametrize("wards", [True, False])
def test_each_figure_is_the_figure_of_its_own_page(demo: None, wards: bool) -> None:
    """Same function, same period, same words: the grid and the page it links to agree."""
    coordinator = member(Role.COORDINATOR, wards=wards)
    before = {
        k: numbers(EVIDENCE[k].figure(Sources(coordinator.service, timezone.localdate())).text)
        for k in ("involvement", "equity")
    }
    if not wards:
        more_to_show(coordinator)
    sources = Sources(coordinator.service, timezone.localdate())
    grid = html.unescape(client_for(coordinator).get(reverse("grid:grid")).content.decode())
    shown = 0
    for key, evidence in EVIDENCE.items():
        if not has_perm(coordinator.role, evidence.perm):
            continue
        figure = evidence.figure(sources)
        assert figure.key == key
        words = figure.text
        assert words in grid, key
        response = client_for(coordinator).get(evidence.href(coordinator.service))
        assert response.status_code == 200, key
        page = html.unescape(response.content.decode())
        if key in SOURCE_WORDS:
            n = re.search(r"(\d+)$", words).group(1)  # type: ignore[union-attr]
            assert re.search(SOURCE_WORDS[key].format(n=n), page), key
        elif key in WHOLE:
            assert words in page, key
        elif key in FROM_TABLES:
            FROM_TABLES[key](page, figure, sources)
        elif words.startswith("No "):
            continue  # nothing counted yet: the page says so in its own way
        else:
            assert words.split(" (")[0].split(" had ")[0] in page, key
        shown += 1
    assert shown >= 10
    if not wards:  # what more_to_show() added is counted
        assert numbers(EVIDENCE["involvement"].figure(sources).text)[-1] == before["involvement"][-1] + 1
        assert "every 42 days" in EVIDENCE["supervision_guidance"].figure(sources).text
        assert numbers(EVIDENCE["equity"].figure(sources).text)[0] > (before["equity"] or [0])[0]


def test_a_figure_from_a_page_she_may_not_open_is_withheld(demo: None) -> None:
    peer = member(Role.PEER_WORKER, wards=False)
    sources = Sources(peer.service, timezone.localdate())
    grid = html.unescape(client_for(peer).get(reverse("grid:grid")).content.decode())
    assert not has_perm(peer.role, Perm.MANAGE_TEAM)
    assert EVIDENCE["dual_supervision"].figure(sources).text not in grid
    assert "more figure" in grid and "shown to those who may open" in grid


def test_a_figure_that_does_not_apply_at_a_service_says_so_and_links_nowhere(demo: None) -> None:
    coordinator = member(Role.COORDINATOR, wards=False)
    grid = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "No ward at this service" in grid
    assert f'href="{reverse("wards:handovers")}"' not in grid


@pytest.mark.parametrize("wards", [True, False])
def test_no_figure_names_anyone_inside_the_service_or_out(demo: None, wards: bool) -> None:
    coordinator = member(Role.COORDINATOR, wards=wards)
    sources = Sources(coordinator.service, timezone.localdate())
    people = Membership.objects.filter(service=coordinator.service).select_related("user")
    names = {n for m in people for n in (m.user.first_name, m.user.last_name) if len(n) > 2}
    for evidence in EVIDENCE.values():
        figure = evidence.figure(sources)
        for words in (figure.text, figure.aggregate):
            assert not any(re.search(rf"\b{re.escape(n)}\b", words) for n in names), evidence.key
