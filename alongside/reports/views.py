"""The commissioner's report: aggregates only, every figure suppressed (ADR 0018).

Co-ordinators and managers see their own service's; commissioners the services of their ICB;
national reviewers every service's. Another service's report is a 404, like anything not yours.
"""

from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.scope import services_for_aggregates
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.lib.replica import reading_from_replica
from alongside.organisations.models import Service
from alongside.outcomes import access as outcome_access
from alongside.outcomes import metrics as outcomes
from alongside.outcomes.models import Scope
from alongside.reports import render as formats
from alongside.reports import services, snapshots
from alongside.reports.forms import PeriodForm, QuotesForm, ReportForm
from alongside.reports.shown import ShownReport

DOWNLOADS = {
    "pdf": ("PDF", "application/pdf", formats.pdf),
    "csv": ("CSV files (ZIP)", "application/zip", formats.csv_zip),
    "xlsx": (
        "a spreadsheet (XLSX)",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        formats.xlsx,
    ),
}
EXTENSIONS = {"pdf": "pdf", "csv": "zip", "xlsx": "xlsx"}


def _service(request: AuthedRequest, service_id: int) -> Service:
    for service in services_for_aggregates(request.membership):
        if service.pk == service_id:
            return service
    raise Http404("No such service")


@requires(Perm.VIEW_REPORTS)
def index(request: AuthedRequest) -> HttpResponse:
    services = services_for_aggregates(request.membership)
    data = request.GET if "service" in request.GET else None
    initial = {**PeriodForm.last_year(), "service": request.membership.service_id}
    form = ReportForm(data, services=services, initial=initial)
    if data is not None and form.is_valid():
        query = urlencode({k: form.cleaned_data[k].isoformat() for k in ("start", "end")})
        return redirect(f"/reports/{form.cleaned_data['service']}/?{query}")
    return render(request, "reports/index.jinja", {"title": "Peer support report", "form": form})


def _made(request: AuthedRequest, service: Service, what: str) -> tuple[ShownReport, str] | PeriodForm:
    """The report for the period asked for (the last year if none was), and that period as a query."""
    asked = "start" in request.GET or "end" in request.GET
    last_year = {k: v.isoformat() for k, v in PeriodForm.last_year().items()}
    form = PeriodForm(request.GET if asked else last_year)
    if not form.is_valid():
        return form
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    audit.record_for_request(request, "view", service, summary=f"report {start} to {end} ({what})")
    query = urlencode({"start": start.isoformat(), "end": end.isoformat()})
    # Built once per service, period and data version, and shared by every format (ADR 0030);
    # who may see it was settled above (_service), before any snapshot is looked up.
    return snapshots.shown_report(service, start, end), query


def _period_errors(request: AuthedRequest, form: PeriodForm) -> HttpResponse:
    """A bad period: the choosing page, with what is wrong; no report is made."""
    services = services_for_aggregates(request.membership)
    bound = ReportForm(request.GET, services=services)
    bound.is_valid()
    for name, errors in form.errors.items():
        for error in errors:
            if error not in bound.errors.get(name, []):
                bound.add_error(name if name in bound.fields else None, error)
    return render(request, "reports/index.jinja", {"title": "Peer support report", "form": bound}, status=400)


@requires(Perm.VIEW_REPORTS)
@reading_from_replica()
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    service = _service(request, pk)
    made = _made(request, service, "page")
    if isinstance(made, PeriodForm):
        return _period_errors(request, made)
    context = {
        "title": "Peer support report",
        "report": made[0],
        "chart": formats.chart,
        "note": formats.SUPPRESSION_NOTE,
        "service_id": service.pk,
        "query": made[1],
        "downloads": [(fmt, label) for fmt, (label, _, _) in DOWNLOADS.items()],
        "can_choose_quotes": has_perm(request.membership.role, Perm.MANAGE_TEAM)
        and service.pk == request.membership.service_id,
    }
    return render(request, "reports/report.jinja", context)


def _download(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    service = _service(request, pk)
    made = _made(request, service, fmt)
    if isinstance(made, PeriodForm):
        return _period_errors(request, made)
    _, content_type, make = DOWNLOADS[fmt]
    response = HttpResponse(make(made[0]), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{formats.filename(made[0], EXTENSIONS[fmt])}"'
    return response


@requires(Perm.VIEW_REPORTS)
@reading_from_replica()
def pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "pdf")


@requires(Perm.VIEW_REPORTS)
@reading_from_replica()
def csv(request: AuthedRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "csv")


@requires(Perm.VIEW_REPORTS)
@reading_from_replica()
def xlsx(request: AuthedRequest, pk: int) -> HttpResponse:
    return _download(request, pk, "xlsx")


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def quotes(request: AuthedRequest, pk: int) -> HttpResponse:
    """The co-ordinator chooses up to five quotes that have consent for reports to commissioners."""
    if pk != request.membership.service_id:
        raise Http404("No such service")
    stories = list(
        outcomes.consented(
            outcome_access.stories_for_user(request.membership), Scope.COMMISSIONERS, timezone.localdate()
        )
    )
    chosen = [str(q.story_id) for q in services.quotes_for_user(request.membership)]
    form = QuotesForm(posted(request), stories=stories, initial={"stories": chosen})
    # Choosing none saves an empty list: still saved (saved() takes only None as not saved).
    if done := saved(
        request,
        form,
        lambda data: services.quotes_choose(**acting(request), story_ids=data["stories"]),
        message="The quotes for the report are saved.",
        then=reverse("reports:index"),
    ):
        return done
    if request.method == "GET":
        audit.record_people_seen(
            request, (s.person_id for s in stories), summary="Her quote offered for the report"
        )
    return render(request, "reports/quotes.jinja", {"title": "Quotes for the report", "form": form})
