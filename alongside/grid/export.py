"""A review of the grid as a document, in two versions, each drawn as a page, a PDF and an XLSX
from one object, so the three always say the same (tests/test_export.py; ADR 0037).

- `TeamSheet`: the review as the service left it, for its own team: ratings, change since the
  review before, the figures kept with each rating (in the team's words, each to those who may
  open its page), the team's evidence, each person's own view beside the service's, actions with
  their owners, who took part.
- `OutsideSheet`: what leaves the service, for commissioners and national reviewers: practices,
  ratings, change, and each figure's `aggregate` form only. It has no field that could hold a
  name, a peer view, an owner or free text: what it cannot hold it cannot show.
"""

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Generic, TypeVar

from django.template.loader import render_to_string
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from alongside.accounts.rules import has_perm
from alongside.grid import access
from alongside.grid.evidence import EVIDENCE, stored_figures
from alongside.grid.models import PeerView, Practice, Principle, Rating, Review

NOT_OUTSIDE = "Kept in the service's own words only"


def change(review: Review, rating: Rating | None, before: Review | None, earlier: Rating | None) -> str:
    """What changed since the review before, in words: "Up from Partly", "Down from Mostly",
    "No change"; nothing when there is nothing to compare."""
    now = rating.level if rating else None
    then = earlier.level if earlier else None
    if before is None or now is None or then is None:
        return ""
    if now == then:
        return "No change"
    return f"{'Up' if now > then else 'Down'} from {before.level_name(then)}"


def _date(day: dt.date | None) -> str:
    return f"{day:%-d %b %Y}" if day else ""  # as the templates' date filter


@dataclass(frozen=True)
class View:
    """A team member's own view of a practice, beside the service's."""

    name: str
    role: str
    level: str
    differs: bool
    comment: str


@dataclass(frozen=True)
class Action:
    description: str
    owner: str
    due: str
    state: str  # "Done on 3 May 2026", "Overdue" or "Open"


@dataclass(frozen=True)
class TeamLine:
    practice: str
    level: str
    change: str
    figures: list[str]
    withheld: int  # figures kept with the rating from pages she may not open
    evidence: str
    views: list[View] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass(frozen=True)
class OutsideLine:
    practice: str
    level: str
    change: str
    figures: list[str]  # aggregate forms only
    kept_inside: int  # figures with no aggregate form: not shown outside the service


L = TypeVar("L", TeamLine, OutsideLine)


@dataclass(frozen=True)
class Section(Generic[L]):
    number: int
    title: str
    lines: list[L]


@dataclass(frozen=True)
class TeamSheet:
    service: str
    title: str
    started: str
    completed: str  # "" while under way
    before: str  # the date of the review it is compared with, or ""
    sections: list[Section[TeamLine]]
    took_part: list[str]  # "Name (Role)"
    others: str


@dataclass(frozen=True)
class OutsideSheet:
    service: str
    title: str
    started: str
    completed: str
    before: str
    sections: list[Section[OutsideLine]]
    differing: int  # practices where at least one team member's view differed from the service's


def _parts(review: Review) -> tuple[list[Practice], dict[int, Rating], Review | None, dict[int, Rating]]:
    """The rows the review rated (and the grid's rows in use, for a review still under way),
    its ratings, the review before and that one's ratings."""
    ratings = {r.practice_id: r for r in access.ratings_of(review).select_related("practice")}
    before = access.review_before(review)
    earlier = {r.practice_id: r for r in access.ratings_of(before)} if before else {}
    practices = {p.pk: p for p in access.practices_in_use()}
    for rating in ratings.values():
        practices.setdefault(rating.practice_id, rating.practice)  # a row retired since still reads
    ordered = sorted(practices.values(), key=lambda p: (p.principle, p.position, p.pk))
    return ordered, ratings, before, earlier


def _sections(practices: list[Practice], line: Callable[[Practice], L]) -> list[Section[L]]:
    return [
        Section(number, Principle(number).label, [line(p) for p in group])
        for number, group in groupby(practices, key=lambda p: p.principle)
    ]


def _may_see(role: str, key: str, practice: Practice) -> bool:
    """A kept figure is shown to those who may open its page, as on the grid. One kept before
    figures had keys may have come from any of its row's pages: shown to those who may open all."""
    if key in EVIDENCE:
        return has_perm(role, EVIDENCE[key].perm)
    return all(has_perm(role, EVIDENCE[k].perm) for k in practice.evidence if k in EVIDENCE)


def _view(review: Review, rating: Rating | None, v: PeerView) -> View:
    differs = (
        rating is not None and rating.level is not None and v.level is not None and v.level != rating.level
    )
    return View(str(v.author), access.role_label(v.role), review.level_name(v.level), differs, v.comment)


def _state(done_on: dt.date | None, due_on: dt.date, today: dt.date) -> str:
    if done_on:
        return f"Done on {_date(done_on)}"
    return "Overdue" if due_on < today else "Open"


def for_team(review: Review, role: str, today: dt.date) -> TeamSheet:
    """The whole review for its own team; figures each to those who may open its page (`role`)."""
    practices, ratings, before, earlier = _parts(review)
    views: dict[int, list[PeerView]] = {}
    for v in access.views_of(review):
        views.setdefault(v.practice_id, []).append(v)
    actions: dict[int, list[Action]] = {}
    for a in access.actions_of(review):
        state = _state(a.done_on, a.due_on, today)
        actions.setdefault(a.practice_id, []).append(
            Action(a.description, str(a.owner), _date(a.due_on), state)
        )

    def line(practice: Practice) -> TeamLine:
        rating = ratings.get(practice.pk)
        kept = stored_figures(rating.figures) if rating else []
        shown = [f.text for f in kept if _may_see(role, f.key, practice)]
        return TeamLine(
            practice=practice.title,
            level=review.level_name(rating.level if rating else None),
            change=change(review, rating, before, earlier.get(practice.pk)),
            figures=shown,
            withheld=len(kept) - len(shown),
            evidence=rating.evidence if rating else "",
            views=[_view(review, rating, v) for v in views.get(practice.pk, [])],
            actions=actions.get(practice.pk, []),
        )

    return TeamSheet(
        service=review.service.name,
        title=f"Review of the principles: {review.service.name}",
        started=_date(review.started_on),
        completed=_date(review.completed_on),
        before=_date(before.started_on) if before else "",
        sections=_sections(practices, line),
        took_part=[
            f"{person} ({label})" if label else str(person)
            for person, label in access.participants_of(review)
        ],
        others=review.others,
    )


def for_outside(review: Review) -> OutsideSheet:
    """A completed review as it may leave the service: no person, no free text, aggregate figures."""
    if review.completed_on is None:
        raise ValueError("Only a completed review leaves the service")
    practices, ratings, before, earlier = _parts(review)
    differing: set[int] = set()
    for v in access.views_of(review):
        rating = ratings.get(v.practice_id)
        if rating and rating.level is not None and v.level is not None and v.level != rating.level:
            differing.add(v.practice_id)

    def line(practice: Practice) -> OutsideLine:
        rating = ratings.get(practice.pk)
        kept = stored_figures(rating.figures) if rating else []
        shown = [f.aggregate for f in kept if f.aggregate]
        return OutsideLine(
            practice=practice.title,
            level=review.level_name(rating.level if rating else None),
            change=change(review, rating, before, earlier.get(practice.pk)),
            figures=shown,
            kept_inside=len(kept) - len(shown),
        )

    return OutsideSheet(
        service=review.service.name,
        title=f"Review of the principles: {review.service.name}",
        started=_date(review.started_on),
        completed=_date(review.completed_on),
        before=_date(before.started_on) if before else "",
        sections=_sections(practices, line),
        differing=len(differing),
    )


Sheet = TeamSheet | OutsideSheet


def filename(sheet: Sheet, extension: str) -> str:
    who = "team" if isinstance(sheet, TeamSheet) else "summary"
    return f"principles-review-{slugify(sheet.service)}-{slugify(sheet.started)}-{who}.{extension}"


def pdf(sheet: Sheet) -> bytes:
    """A4, from a print page of its own (no external stylesheet or font to fetch), tagged PDF/UA-1
    as the report is (ADR 0019): headings, tables with header cells, language and title."""
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    return HTML(string=print_html(sheet)).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]


def print_html(sheet: Sheet) -> str:
    """The page WeasyPrint turns into the PDF."""
    return render_to_string("grid/print.jinja", {"sheet": sheet, "team": isinstance(sheet, TeamSheet)})


WRAP = Alignment(wrap_text=True, vertical="top")


def _heading(sheet: Worksheet, columns: list[str], widths: list[int]) -> None:
    sheet.append(columns)
    for n, width in enumerate(widths, 1):
        sheet.cell(row=sheet.max_row, column=n).font = Font(bold=True)
        sheet.column_dimensions[chr(64 + n)].width = width
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _about(book: Workbook, sheet: Sheet, lines: list[str]) -> None:
    about = book.active
    assert about is not None
    about.title = "About"
    for text in (sheet.title, *lines):
        if text:
            about.append([text])
    about["A1"].font = Font(bold=True, size=14)
    about.column_dimensions["A"].width = 100


def _dates(sheet: Sheet) -> list[str]:
    return [
        f"Started on {sheet.started}",
        f"Completed on {sheet.completed}" if sheet.completed else "Under way: not yet completed",
        f"Change is since the review of {sheet.before}" if sheet.before else "No earlier completed review",
    ]


def xlsx(sheet: Sheet) -> bytes:
    """An About sheet, then one row per practice; a team's review adds a sheet of views and one of
    actions. Figures are the words the page shows, one to a line of their cell."""
    book = Workbook()
    if isinstance(sheet, TeamSheet):
        took_part = "Who took part: " + "; ".join(sheet.took_part) if sheet.took_part else ""
        _about(
            book,
            sheet,
            [*_dates(sheet), took_part, f"Also took part: {sheet.others}" if sheet.others else ""],
        )
    else:
        differing = f"Practices where a team member's view differed from the service's: {sheet.differing}"
        _about(book, sheet, [*_dates(sheet), differing, "Figures are shown as they may leave the service."])
    ratings = book.create_sheet("Ratings")
    columns = ["Principle", "Practice", "Rating", "Change since the review before", "Figures"]
    widths = [30, 40, 14, 24, 60]
    if isinstance(sheet, TeamSheet):
        columns, widths = [*columns, "The team's evidence"], [*widths, 60]
    _heading(ratings, columns, widths)
    for section in sheet.sections:
        for line in section.lines:
            row: list[str] = [
                f"{section.number}. {section.title}",
                line.practice,
                line.level,
                line.change,
                "\n".join(line.figures),
            ]
            if isinstance(line, TeamLine):
                row.append(line.evidence)
            ratings.append(row)
            for cell in ratings[ratings.max_row]:
                cell.alignment = WRAP
    if isinstance(sheet, TeamSheet):
        views = book.create_sheet("Views")
        _heading(
            views,
            ["Practice", "Name", "Role", "Their view", "Differs from the service's", "Comment"],
            [40, 24, 20, 14, 12, 60],
        )
        actions = book.create_sheet("Actions")
        _heading(actions, ["Practice", "Action", "Owner", "Due", "Done or overdue"], [40, 50, 24, 16, 22])
        for section in sheet.sections:
            for line in section.lines:
                for v in line.views:
                    views.append(
                        [line.practice, v.name, v.role, v.level, "Yes" if v.differs else "No", v.comment]
                    )
                for a in line.actions:
                    actions.append([line.practice, a.description, a.owner, a.due, a.state])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
