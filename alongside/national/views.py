"""The national picture's pages (issue 15, ADR 0041): England, its regions, ICBs and services,
read from the services' returns through `figures.picture`, in aggregate form only.

A national reviewer sees all of England; a commissioner her ICB (the ICB of the service her
membership names) against its region and England, and her ICB's services; anyone else with
aggregate figures is refused (404), as for a page that is not hers. Every page reads a fixed
number of queries, however many services there are.
"""

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.grid import access as grid_access
from alongside.national import access, export, figures, tilemap
from alongside.national.access import current_returns
from alongside.national.figures import COVERAGE, Area, Picture, ServiceLine
from alongside.national.models import Return, quarter_label
from alongside.national.returns import COUNTS, parse_quarter, quarter_start
from alongside.organisations.models import Role
from alongside.recommendations.measures import BY_NUMBER

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MEASURES = {key: words for key, words, _, _ in COVERAGE}


class Unanswerable(ValueError):
    """The address asks for something that is not there to show (a bad quarter or measure)."""


def _national(request: AuthedRequest) -> bool:
    """England for a national reviewer; her own ICB for a commissioner; nothing for anyone else."""
    role = request.membership.role
    if role == Role.NATIONAL_REVIEWER:
        return True
    if role == Role.COMMISSIONER:
        return False
    raise Http404("The national picture is for national reviewers and commissioners")


def _national_only(request: AuthedRequest) -> None:
    if not _national(request):
        raise Http404("Only a national reviewer sees this page")


def her_icb_code(request: AuthedRequest) -> str:
    return figures.icb_code(request.membership.service.icb)


def _quarter(request: AuthedRequest) -> dt.date:
    text = request.GET.get("quarter", "").strip()
    if not text:
        return figures.latest_quarter(timezone.localdate())
    try:
        quarter = parse_quarter(text)
    except ValueError as e:
        raise Unanswerable(str(e)) from None
    if quarter > quarter_start(timezone.localdate()):
        raise Unanswerable(f"{quarter_label(quarter)} has not begun yet: choose an earlier quarter")
    return quarter


def _measure(request: AuthedRequest) -> str:
    key = request.GET.get("measure") or COVERAGE[0][0]
    if key not in MEASURES:
        raise Unanswerable(f'"{key}" is not one of the coverage figures: choose one from the list')
    return key


View = Callable[..., HttpResponse]


def answerable(view: View) -> View:
    """A clear page (400) for an address that asks for a quarter or figure there is none of."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except Unanswerable as e:
            context = {"title": "The national picture", "problem": str(e)}
            return render(request, "national/problem.jinja", context, status=400)

    return wrapper


def _base(request: AuthedRequest, picture: Picture, title: str, **more: Any) -> dict[str, Any]:
    return {
        "title": title,
        "picture": picture,
        "quarter": quarter_label(picture.quarter),
        "quarters": [quarter_label(q) for q in picture.quarters],
        "note": export.suppression_note(),
        "national": _national(request),
        **more,
    }


@requires(Perm.VIEW_AGGREGATES)
@answerable
def overview(request: AuthedRequest) -> HttpResponse:
    """England for the quarter, for a national reviewer; her ICB against its region and England,
    for a commissioner."""
    national = _national(request)
    quarter, measure = _quarter(request), _measure(request)
    picture = figures.picture(quarter)
    if not national:
        return _comparison(request, picture)
    document = export.overview(picture, measure)
    assert document.icb_map is not None
    context = _base(
        request,
        picture,
        document.title,
        document=document,
        icb_map=document.icb_map,
        map_svg=tilemap.svg(document.icb_map),
        measure=measure,
        measures=MEASURES,
        no_services=document.table("no_peer_support"),
        no_icbs=[icb for icb in picture.icbs if icb.without_peer_support],
    )
    return render(request, "national/overview.jinja", context)


def comparison_rows(icb: Area, region: Area, england: Area) -> list[list[str]]:
    """Her ICB, its region and England, figure by figure: one row to a figure."""
    columns = [export.area_rows(a) for a in (icb, region, england)]
    return [[row[0], *[c[n][1] for c in columns]] for n, row in enumerate(columns[0])]


def _region_of(picture: Picture, icb_code: str) -> Area | None:
    return next((r for r, icbs in picture.regions if any(i.code == icb_code for i in icbs)), None)


def _comparison(request: AuthedRequest, picture: Picture) -> HttpResponse:
    code = her_icb_code(request)
    icb, region = picture.icb(code), _region_of(picture, code)
    context = _base(request, picture, f"Your ICB in England, {quarter_label(picture.quarter)}", icb=icb)
    if icb is not None and region is not None:
        ranks = []
        for key, words, _, _ in COVERAGE:
            ranked, unranked = figures.ranking(picture.icbs, key)
            mine = next((r for r in ranked if r.area is icb), None)
            said = mine.rank_text(len(ranked)) if mine else f"Not ranked: {_why_unranked(icb, key)}"
            ranks.append((words, said))
        context |= {
            "region": region,
            "rows": comparison_rows(icb, region, picture.england),
            "ranks": ranks,
        }
    return render(request, "national/comparison.jinja", context)


def _why_unranked(area: Area, key: str) -> str:
    per = next(c[3] for c in COVERAGE if c[0] == key)
    if (area.births if per == "births" else area.referrals) is None:
        return f"no {per} figure for it"
    return "not known for any of its services"


def _audit_picture(request: AuthedRequest, obj: Any, what: str) -> None:
    audit.record_for_request(request, "view", obj, summary=f"the national picture: {what}")


@requires(Perm.VIEW_AGGREGATES)
@answerable
def region(request: AuthedRequest, code: str) -> HttpResponse:
    """A region's ICBs, their map and its trend: for national reviewers."""
    _national_only(request)
    quarter, measure = _quarter(request), _measure(request)
    picture = figures.picture(quarter, regions=[code])
    found = picture.region(code)
    if found is None:
        raise Http404("No such region on the register")
    area, icbs = found
    _audit_picture(request, picture.services[0].ps.icb.region, f"{area.name}, {quarter_label(quarter)}")
    icb_map = tilemap.tile_map([found], measure, MEASURES[measure])
    context = _base(
        request,
        picture,
        f"{area.name}, {quarter_label(quarter)}",
        area=area,
        icb_map=icb_map,
        map_svg=tilemap.svg(icb_map),
        measure=measure,
        measures=MEASURES,
        tables=[
            export.icbs_table([found]),
            export.icb_coverage_table([found]),
            *export.trend_tables(picture, [(area.code, area.name)]),
            export.services_table(picture),
        ],
    )
    return render(request, "national/region.jinja", context)


def _visible_icb(request: AuthedRequest, code: str) -> None:
    if not _national(request) and code != her_icb_code(request):
        raise Http404("Not your ICB")


@requires(Perm.VIEW_AGGREGATES)
@answerable
def icb(request: AuthedRequest, code: str) -> HttpResponse:
    """An ICB's services, each with its return's counts as shown, beside its region and England."""
    _visible_icb(request, code)
    picture = figures.picture(_quarter(request))
    area, region_area = picture.icb(code), _region_of(picture, code)
    if area is None or region_area is None:
        raise Http404("No such ICB on the register")
    lines = picture.services_in(code)
    _audit_picture(request, lines[0].ps.icb, f"{area.name}, {quarter_label(picture.quarter)}")
    context = _base(
        request,
        picture,
        f"{area.name}, {quarter_label(picture.quarter)}",
        area=area,
        region=region_area,
        rows=comparison_rows(area, region_area, picture.england),
        services=export.services_table(picture, code),
    )
    return render(request, "national/icb.jinja", context)


def _service_line(request: AuthedRequest, picture: Picture, code: str) -> ServiceLine:
    line = picture.service(code)
    if line is None:
        raise Http404("No such service on the register")
    if not _national(request) and figures.icb_code(line.ps.icb) != her_icb_code(request):
        raise Http404("Not a service in your ICB")
    return line


def _quarterly_counts(line: ServiceLine, picture: Picture) -> list[list[str]]:
    """Its return's counts for each quarter of the trend, as each return shows them."""
    returns: dict[dt.date, Return] = {
        r.quarter: r
        for r in current_returns(picture.quarters).filter(perinatal_service=line.ps).only("quarter", "body")
    }
    bodies = [returns[q].body["counts"] if q in returns else None for q in picture.quarters]
    return [[export.COUNT_WORDS[k], *[export.counts_text(b, k) for b in bodies]] for k in COUNTS]


SETUP_WORDS = {
    "source": "Where the answers come from",
    "as_of": "Answered as of",
    "employed_by": "Who employs the peer workers",
    "works": "Peer workers work",
    "contract_types": "Contracts",
    "pay_bands": "Pay bands",
    "hours_per_week": "Peer support hours a week",
    "supervision": "Supervision",
    "training": "Training",
    "non_peer_duties": "Duties other than peer support",
    "coordinator": "Access to a co-ordinator",
    "lived_experience_design": "Mothers with lived experience helped design the service",
}


def setup_words(setup: dict[str, Any] | None) -> list[tuple[str, str]]:
    if setup is None:
        return []
    said = []
    for key, words in SETUP_WORDS.items():
        value = setup.get(key)
        if value is None or value == []:
            text = "Not known"
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, list):
            text = ", ".join(str(v) for v in value)
        elif key == "coordinator":
            text = figures.COORDINATOR_WORDS.get(value, str(value))
        else:
            text = str(value)
        said.append((words, text))
    return said


def _grid_words(line: ServiceLine) -> list[tuple[str, str]]:
    if not line.grid:
        return []
    ratings = line.grid["ratings"]
    return [(p.title, ratings.get(p.code) or "Not rated") for p in grid_access.practices_in_use()]


def _recommendation_words(line: ServiceLine) -> list[tuple[str, str]]:
    if not line.recommendations:
        return []
    statuses = line.recommendations["statuses"]
    return [(f"{n}. {BY_NUMBER[int(n)].title}", status) for n, status in statuses.items()]


@requires(Perm.VIEW_AGGREGATES)
@answerable
def service(request: AuthedRequest, code: str) -> HttpResponse:
    """One service's aggregate figures: its returns' counts by quarter, its set-up, its grid
    ratings and its standing on the fourteen. Never anything about a person."""
    picture = figures.picture(_quarter(request))
    line = _service_line(request, picture, code)
    _audit_picture(request, line.ps, f"{line.ps.name}, {quarter_label(picture.quarter)}")
    context = _base(
        request,
        picture,
        line.ps.name,
        line=line,
        icb_code=figures.icb_code(line.ps.icb),
        peer_support=export.PEER_SUPPORT_WORDS[line.peer_support],
        counts=_quarterly_counts(line, picture),
        setup=setup_words(line.setup),
        grid=_grid_words(line),
        grid_on=line.grid["completed_on"] if line.grid else None,
        recommendations=_recommendation_words(line),
    )
    return render(request, "national/service.jinja", context)


def place_text(r: figures.Ranked, of: int) -> str:
    """Its place in words: "12th of 42", or "Could be anywhere from 3rd to 9th of 42"."""
    if r.best == r.worst:
        return f"{figures.ordinal(r.best)} of {of}"
    return f"Could be anywhere from {figures.ordinal(r.best)} to {figures.ordinal(r.worst)} of {of}"


@requires(Perm.VIEW_AGGREGATES)
@answerable
def rankings(request: AuthedRequest) -> HttpResponse:
    """ICBs ranked by a coverage figure, each with the ranks its 95% interval allows."""
    _national_only(request)
    quarter, measure = _quarter(request), _measure(request)
    picture = figures.picture(quarter)
    ranked, unranked = figures.ranking(picture.icbs, measure)
    region_of = {icb.code: r.name for r, icbs in picture.regions for icb in icbs}
    context = _base(
        request,
        picture,
        f"ICBs ranked, {quarter_label(quarter)}",
        measure=measure,
        measures=MEASURES,
        ranked=[(r, place_text(r, len(ranked))) for r in ranked],
        of=len(ranked),
        unranked=[(a, region_of.get(a.code, ""), _why_unranked(a, measure)) for a in unranked],
        region_of=region_of,
    )
    return render(request, "national/rankings.jinja", context)


@requires(Perm.VIEW_AGGREGATES)
@answerable
def returns(request: AuthedRequest) -> HttpResponse:
    """Every return received for the quarter, every version of each."""
    _national_only(request)
    quarter = _quarter(request)
    received = list(access.returns_received(quarter))
    context = {
        "title": f"Returns received, {quarter_label(quarter)}",
        "quarter": quarter_label(quarter),
        "received": received,
    }
    return render(request, "national/returns.jinja", context)


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _document(request: AuthedRequest) -> export.Document:
    _national_only(request)
    return export.overview(figures.picture(_quarter(request)), _measure(request))


@requires(Perm.VIEW_AGGREGATES)
@answerable
def pdf(request: AuthedRequest) -> HttpResponse:
    """Kept until a figure changes (export.kept_pdf), and made ahead by make_returns and
    import_return, so a look after new returns is quick too."""
    document = _document(request)
    return _download(
        export.kept_pdf(document, _measure(request)), "application/pdf", export.filename(document, "pdf")
    )


@requires(Perm.VIEW_AGGREGATES)
@answerable
def xlsx(request: AuthedRequest) -> HttpResponse:
    document = _document(request)
    return _download(export.xlsx(document), XLSX, export.filename(document, "xlsx"))
