"""The import pages: upload, match the columns, check (the dry run), import, progress, result.

Only a co-ordinator or service manager of the service (Perm.MANAGE_TEAM, as for the directory's
import); each page is about her own latest import in the service she acts in (access.py), so no
URL names an import and none can reach another's. ADR 0050.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.imports import services
from alongside.imports.access import current_job_for, mappings_for
from alongside.imports.forms import SaveMappingForm, UploadForm, column_choices, sheet_choices
from alongside.imports.models import ImportJob
from alongside.imports.planning import ACTIONS
from alongside.imports.reading import Table, Unreadable
from alongside.imports.refused import refused_csv
from alongside.lib.http import posted
from alongside.support.sheets import BY_NAME, SHEETS

PER_PAGE = 25
OPEN = (ImportJob.State.UPLOADED, ImportJob.State.PLANNED)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def start(request: AuthedRequest) -> HttpResponse:
    mappings = mappings_for(request)
    form = UploadForm(posted(request), request.FILES or None, mappings=mappings)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        name = form.cleaned_data.get("mapping") or ""
        saved = services.saved_columns(request.membership.service, name) if name else {}
        try:
            services.tables_of(upload.name, data, saved)
        except Unreadable as error:
            form.add_error("file", str(error))
        else:
            job = services.job_create(**acting(request), file_name=upload.name, data=data)
            job.mapping = {"saved": saved, "saved_name": name}
            job.save(update_fields=["mapping"])
            return redirect("imports:columns")
    latest = current_job_for(request)
    context = {
        "title": "Import records from a spreadsheet",
        "form": form,
        "job": latest,
        "mappings": mappings,
    }
    return render(request, "imports/start.jinja", context)


def _open_job(request: AuthedRequest) -> ImportJob | None:
    job = current_job_for(request)
    return job if job is not None and job.state in OPEN and job.content else None


SAMPLES = 2  # values shown under each of her columns, to help her match it


def _samples(table: Table, i: int) -> str:
    """The first values of her column, as her file has them: what helps her say what it holds."""
    found: list[str] = []
    for _, cells in table.rows:
        value = str(cells[i]).strip() if i < len(cells) and cells[i] is not None else ""
        if value:
            found.append(value if len(value) <= 40 else value[:39] + "…")
        if len(found) == SAMPLES:
            break
    return "In your file: " + ", ".join(found) if found else "Empty in your file"


def _column_rows(
    tables: list[Table], mapping: dict[str, Any], problems: dict[str, str]
) -> list[dict[str, Any]]:
    """What the columns page shows: each part of the file, its sheet, and a select per column."""
    parts = []
    for t, table in enumerate(tables):
        chosen = mapping.get(table.source, {})
        sheet = BY_NAME.get(chosen.get("sheet", ""))
        keys = chosen.get("columns", [])
        selects = []
        for i, heading in enumerate(table.headings):
            if not heading:
                continue
            key = keys[i] if i < len(keys) else ""
            selects.append(
                {
                    "id": f"col-{t}-{i}",
                    "name": f"col-{t}-{i}",
                    "label": {"text": heading},
                    "hint": {"text": _samples(table, i)},
                    "items": [
                        {"value": v, "text": text, "selected": v == key} for v, text in column_choices(sheet)
                    ],
                }
            )
        parts.append(
            {
                "index": t,
                "source": table.source,
                "rows": len(table.rows),
                "sheet_select": {
                    "id": f"sheet-{t}",
                    "name": f"sheet-{t}",
                    "label": {"text": f"What {table.source} holds", "classes": "nhsuk-label--s"},
                    "items": [
                        {"value": v, "text": text, "selected": v == (sheet.name if sheet else "")}
                        for v, text in sheet_choices()
                    ],
                },
                "selects": selects,
                "problem": problems.get(table.source, ""),
            }
        )
    return parts


def _posted_mapping(request: AuthedRequest, tables: list[Table], before: dict[str, Any]) -> dict[str, Any]:
    """The mapping as she chose it; a part whose sheet she changed gets its columns suggested afresh."""
    mapping: dict[str, Any] = {}
    for t, table in enumerate(tables):
        sheet_name = request.POST.get(f"sheet-{t}", "")
        sheet = BY_NAME.get(sheet_name)
        if sheet is None:
            mapping[table.source] = {"sheet": "", "columns": []}
            continue
        if before.get(table.source, {}).get("sheet") != sheet_name:
            table.sheet = sheet
            mapping[table.source] = services.suggested_mapping([table])[table.source]
            continue
        keys = {c.key for c in sheet.columns}
        columns = [request.POST.get(f"col-{t}-{i}", "") for i in range(len(table.headings))]
        mapping[table.source] = {"sheet": sheet_name, "columns": [k if k in keys else "" for k in columns]}
    return mapping


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def columns(request: AuthedRequest) -> HttpResponse:
    job = _open_job(request)
    if job is None:
        return redirect("imports:start")
    tables = services.job_tables(job)
    mapping = job.mapping.get("tables") or services.suggested_mapping(tables, job.mapping.get("saved"))
    save_form = SaveMappingForm(posted(request), initial={"mapping_name": job.mapping.get("saved_name", "")})
    errors: list[str] = []
    if request.method == "POST":
        chosen = _posted_mapping(request, tables, mapping)
        changed_sheet = any(chosen[s]["sheet"] != mapping.get(s, {}).get("sheet") for s in chosen)
        mapping = chosen
        if changed_sheet or request.POST.get("action") == "refresh":
            job.mapping = {**job.mapping, "tables": mapping}
            job.save(update_fields=["mapping"])
            messages.info(request, "The columns were matched again for the part you changed: check them")
        else:
            errors = services.mapping_problems(services.mapped(tables, mapping))
            if not errors and save_form.is_valid():
                name = save_form.cleaned_data["mapping_name"]
                if name:
                    try:
                        services.mapping_save(
                            **acting(request), name=name, tables=services.mapped(tables, mapping)
                        )
                    except ValidationError as error:
                        errors.extend(error.messages)
                if not errors:
                    services.job_dry_run(**acting(request), job=job, mapping=mapping)
                    return redirect("imports:check")
    context = {
        "title": "Match the columns",
        "job": job,
        "parts": _column_rows(tables, mapping, {}),
        "problems": errors,
        "save_form": save_form,
    }
    return render(request, "imports/columns.jinja", context)


SHOWN_FIRST = ["refused", "change", "create"]  # the dry run lists refusals, then changes, then new rows


@requires(Perm.MANAGE_TEAM)
def check(request: AuthedRequest) -> HttpResponse:
    job = current_job_for(request)
    if job is None or job.state == ImportJob.State.UPLOADED or not job.plan:
        return redirect("imports:start")
    if job.state == ImportJob.State.RUNNING:
        return redirect("imports:progress")
    rows = sorted(job.plan.get("rows", []), key=lambda r: SHOWN_FIRST.index(r["action"]))
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    refused = sum(1 for r in rows if r["action"] == "refused")
    audit.record_for_request(request, "view", job, summary=f"Dry run: {len(page.object_list)} rows shown")
    audit.record_people_seen(
        request,
        [r.get("person_id") for r in page.object_list],
        summary=f"Import {job.pk}: dry run",
    )
    context = {
        "title": "Check what the import will do",
        "job": job,
        "counts": _counts(job.plan.get("counts", {})),
        "page": page,
        "refused": refused,
        "may_import": job.state == ImportJob.State.PLANNED and refused == 0,
    }
    return render(request, "imports/check.jinja", context)


def _counts(counts: dict[str, dict[str, int]]) -> list[dict[str, Any]]:
    return [
        {"title": sheet.title, **{action: counts[sheet.name].get(action, 0) for action in ACTIONS}}
        for sheet in SHEETS
        if sheet.name in counts
    ]


@requires(Perm.MANAGE_TEAM)
def refused_rows(request: AuthedRequest) -> HttpResponse:
    job = current_job_for(request)
    if job is None or not job.plan:
        return redirect("imports:start")
    audit.record_for_request(request, "view", job, summary="Downloaded the refused rows")
    response = HttpResponse(refused_csv(job.plan), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="refused-rows-import-{job.pk}.csv"'
    return response


@requires(Perm.MANAGE_TEAM)
@require_POST
def run(request: AuthedRequest) -> HttpResponse:
    job = _open_job(request)
    if job is None or job.state != ImportJob.State.PLANNED:
        messages.error(request, "There is no checked file to import: upload it again")
        return redirect("imports:start")
    if any(r["action"] == "refused" for r in job.plan.get("rows", [])):
        messages.error(request, "Some rows are refused: fix or remove them, then upload the file again")
        return redirect("imports:check")
    if services.import_running(request.membership.service):
        messages.error(
            request, "Another import into your service is under way: try again when it has finished"
        )
        return redirect("imports:check")
    services.job_start(**acting(request), job=job)
    return redirect("imports:progress")


def _no_session_write(request: AuthedRequest) -> None:
    """Leave the session row as it is for this request (SESSION_SAVE_EVERY_REQUEST would write
    it). On SQLite an import holds the one write lock while it saves its rows; a poll that wrote
    its session would wait for it, and fail after 20 seconds (ADR 0050). The next page she opens
    saves the session as usual."""
    request.session.save = lambda must_create=False: None  # type: ignore[method-assign]


@requires(Perm.MANAGE_TEAM)
def progress(request: AuthedRequest) -> HttpResponse:
    """The progress bar. htmx asks again every two seconds for the bar alone; once the import has
    finished it is sent on to the result. It writes nothing to the database, not even the
    session: the figures come from a file (services.progress_read), so it never waits on the
    import's transaction."""
    _no_session_write(request)
    job = current_job_for(request)
    if job is None:
        return redirect("imports:start")
    finished = job.state not in (ImportJob.State.RUNNING,)
    polled = request.headers.get("HX-Request") == "true"
    if finished:
        if polled:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("imports:result")
            return response
        return redirect("imports:result")
    figures = services.progress_read(job.pk)
    context = {
        "title": "Importing your records",
        "job": job,
        "figures": figures,
        "percent": services.percent(figures),
    }
    return render(request, "imports/progress_bar.jinja" if polled else "imports/progress.jinja", context)


@requires(Perm.MANAGE_TEAM)
def result(request: AuthedRequest) -> HttpResponse:
    job = current_job_for(request)
    if job is None or job.state in OPEN:
        return redirect("imports:start")
    if job.state == ImportJob.State.RUNNING:
        return redirect("imports:progress")
    audit.record_for_request(request, "view", job, summary="Import result")
    written = job.result.get("counts", {})
    rows = [
        {"title": BY_NAME[name].title, "create": c.get("create", 0), "change": c.get("change", 0)}
        for name, c in written.items()
    ]
    context = {
        "title": "Import finished" if job.state == ImportJob.State.DONE else "Nothing was imported",
        "job": job,
        "rows": rows,
        "counts": _counts(job.plan.get("counts", {})),
    }
    return render(request, "imports/result.jinja", context)
