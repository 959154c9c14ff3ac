"""A review's own page, its PDF and its XLSX say the same: each practice's rating, the change since
the review before, the figures kept with the rating, each person's view and the actions (ADR 0037).
And a member of staff with no Today page sees and completes her actions from the grid page."""

import datetime as dt
import io
import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from alongside.grid import services
from alongside.grid.models import GridAction, Practice, Rating, Review
from conftest import client_for

pytestmark = pytest.mark.django_db

SUPERVISION = {"key": "dual_supervision", "text": "3 of 4 peer workers (75%) have both", "aggregate": "*"}
HANDOVERS = {"key": "handovers", "text": "No shifts in the last 28 days", "aggregate": "No shifts"}


def completed(coordinator: Any, peer_worker: Any, levels: dict[str, int], *, ago: int) -> Review:
    """A review rated at these levels, with the peer worker's own view, completed `ago` days back."""
    review = services.review_start(
        actor=coordinator.user, membership=coordinator, scale=["Not yet", "Partly", "Mostly", "Fully"]
    )
    for code, level in levels.items():
        practice = Practice.objects.get(code=code)
        services.rating_save(
            actor=coordinator.user,
            membership=coordinator,
            review=review,
            practice=practice,
            level=level,
            evidence="",
        )
    services.review_complete(
        actor=coordinator.user,
        membership=coordinator,
        review=review,
        participants=[peer_worker.user],
        others="",
    )
    day = timezone.localdate() - dt.timedelta(days=ago)
    Review.objects.filter(pk=review.pk).update(started_on=day, completed_on=day)
    review.refresh_from_db()
    return review


@pytest.fixture
def reviewed(coordinator: Any, peer_worker: Any, manager: Any) -> Review:
    """An earlier review, then this one: two ratings with kept figures (one from before figures had
    keys), the team's evidence, the peer worker's differing view and two actions."""
    completed(coordinator, peer_worker, {"dual-supervision": 1, "handovers": 2}, ago=90)
    review = services.review_start(
        actor=coordinator.user, membership=coordinator, scale=["Not yet", "Partly", "Mostly", "Fully"]
    )
    due = timezone.localdate() + dt.timedelta(days=14)
    services.practice_rate(
        actor=coordinator.user,
        membership=coordinator,
        review=review,
        practice=Practice.objects.get(code="dual-supervision"),
        level=2,
        evidence="Peer supervision booked monthly",
        description="Book peer supervision",
        owner=manager.user,
        due_on=due,
    )
    services.rating_save(
        actor=coordinator.user,
        membership=coordinator,
        review=review,
        practice=Practice.objects.get(code="handovers"),
        level=1,
        evidence="",
    )
    Rating.objects.filter(review=review, practice__code="dual-supervision").update(figures=[SUPERVISION])
    Rating.objects.filter(review=review, practice__code="handovers").update(
        figures=[HANDOVERS, "Kept as words before figures had keys"]
    )
    services.view_save(
        actor=peer_worker.user,
        membership=peer_worker,
        review=review,
        practice=Practice.objects.get(code="dual-supervision"),
        level=1,
        comment="Supervision keeps being moved",
    )
    return review


class Sheet(HTMLParser):
    """Each practice's <dl data-practice> on the page: its rating and its figures."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, tuple[str, list[str]]] = {}
        self.practice: str | None = None
        self.into: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        practice = names.get("data-practice")
        if tag == "dl" and practice:
            self.practice = practice
            self.found[practice] = ("", [])
        elif self.practice and ("data-level" in names or "data-figure" in names):
            self.into, self.text = ("level" if "data-level" in names else "figure"), []

    def handle_endtag(self, tag: str) -> None:
        if tag == "dl":
            self.practice = None
        elif self.into and tag in ("span", "li") and self.practice:
            words = " ".join("".join(self.text).split())
            level, figures = self.found[self.practice]
            self.found[self.practice] = (
                (words, figures) if self.into == "level" else (level, [*figures, words])
            )
            self.into = None

    def handle_data(self, data: str) -> None:
        if self.into:
            self.text.append(data)


def page_sheet(html: str) -> dict[str, tuple[str, list[str]]]:
    parser = Sheet()
    parser.feed(html)
    return parser.found


def xlsx_sheet(content: bytes) -> dict[str, tuple[str, list[str]]]:
    book = load_workbook(io.BytesIO(content))
    rows = list(book["Ratings"].iter_rows(min_row=2, values_only=True))
    return {str(r[1]): (str(r[2]), [f for f in str(r[4] or "").split("\n") if f]) for r in rows}


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def in_pdf(words: str, text: str) -> bool:
    return re.search(r"\s*".join(re.escape(part) for part in words.split()), text) is not None


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_page_pdf_and_xlsx_show_the_same_ratings_figures_views_and_actions(
    reviewed: Review, coordinator: Any
) -> None:
    client = client_for(coordinator)
    page = client.get(reverse("grid:review", args=[reviewed.pk]))
    assert page.status_code == 200
    on_page = page_sheet(page.content.decode())
    html = unescape(page.content.decode())
    in_xlsx = xlsx_sheet(client.get(reverse("grid:review_xlsx", args=[reviewed.pk])).content)
    assert on_page == in_xlsx
    supervision = on_page["Supervision from both sides"]
    assert supervision == ("Mostly", [SUPERVISION["text"]])
    handovers = on_page["Arrival and departure handovers"]
    assert handovers == ("Partly", [HANDOVERS["text"], "Kept as words before figures had keys"])
    assert "Up from Partly" in html and "Down from Mostly" in html

    response = client.get(reverse("grid:review_pdf", args=[reviewed.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for practice, (level, figures) in on_page.items():
        for words in [practice, level, *figures]:
            assert in_pdf(words, text), f"{words} not in the PDF"
    for words in (
        "Up from Partly",
        "Peer supervision booked monthly",
        "Supervision keeps being moved",
        "Differs from the service's",
        "Book peer supervision",
        f"{reviewed.participants.get()} (Peer worker)",
    ):
        assert words in html and in_pdf(words, text), words


def test_a_figure_from_a_page_she_may_not_open_is_withheld_in_every_format(
    reviewed: Review, peer_worker: Any
) -> None:
    """The supervision figure comes from the team page (MANAGE_TEAM): a peer worker is told there is
    one more, in the page and the spreadsheet alike; so is the keyless figure of its row."""
    client = client_for(peer_worker)
    html = client.get(reverse("grid:review", args=[reviewed.pk])).content.decode()
    on_page = page_sheet(html)
    assert on_page == xlsx_sheet(client.get(reverse("grid:review_xlsx", args=[reviewed.pk])).content)
    assert SUPERVISION["text"] not in html and on_page["Supervision from both sides"][1] == []
    assert "1 more, shown to those who may open" in html


def test_another_services_review_is_not_found_in_any_format(reviewed: Review, coordinator_other: Any) -> None:
    client = client_for(coordinator_other)
    for name in ("grid:review", "grid:review_pdf", "grid:review_xlsx"):
        assert client.get(reverse(name, args=[reviewed.pk])).status_code == 404


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_the_pdf_is_tagged_with_its_language_title_and_table_headers(
    reviewed: Review, coordinator: Any
) -> None:
    content = client_for(coordinator).get(reverse("grid:review_pdf", args=[reviewed.pk])).content
    reader = PdfReader(io.BytesIO(content))
    catalog: Any = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "en-GB"
    assert (
        reader.metadata is not None
        and reader.metadata.title == f"Review of the principles: {reviewed.service.name}"
    )
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4


def test_the_grid_links_each_past_review_to_its_own_page(reviewed: Review, coordinator: Any) -> None:
    html = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    for review in Review.objects.all():
        assert reverse("grid:review", args=[review.pk]) in html


def test_a_manager_sees_and_completes_her_own_action_from_the_grid_page(
    reviewed: Review, manager: Any
) -> None:
    """A service manager has no Today page: her actions are on the grid page, overdue marked."""
    client = client_for(manager)
    assert client.get(reverse("home:today")).status_code == 403
    action = GridAction.objects.get(owner=manager.user)
    GridAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    html = client.get(reverse("grid:grid")).content.decode()
    mine = html.split("Your actions", 1)[1].split("</ul>", 1)[0]
    assert "Book peer supervision" in mine and "Overdue" in mine and "Mark as done" in mine
    done = client.post(reverse("grid:action_done", args=[action.pk]), {"next": reverse("grid:grid")})
    assert done.status_code == 302 and done.url == reverse("grid:grid")
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    assert "Your actions" not in client.get(reverse("grid:grid")).content.decode()


def test_no_one_marks_done_an_action_that_is_not_hers(reviewed: Review, coordinator: Any) -> None:
    action = GridAction.objects.get()
    assert client_for(coordinator).post(reverse("grid:action_done", args=[action.pk])).status_code == 404
    action.refresh_from_db()
    assert action.done_on is None


def test_a_peer_worker_still_sees_her_grid_actions_on_today(
    reviewed: Review, peer_worker: Any, coordinator: Any
) -> None:
    GridAction.objects.update(owner=peer_worker.user)
    client = client_for(peer_worker)
    assert "Book peer supervision" in client.get(reverse("home:today")).content.decode()
    assert (
        "Book peer supervision"
        in client.get(reverse("grid:grid")).content.decode().split("Your actions", 1)[1]
    )
