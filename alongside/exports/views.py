from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.exports import access, catalogue, writers
from alongside.exports.contents import CONTENTS

NO_SUCH = "There is no such export for you. Choose one from this page."


@requires(Perm.VIEW_PEOPLE)
def index(request: AuthedRequest) -> HttpResponse:
    """What she may export in the role she is acting in, each part as XLSX and as CSV."""
    reach = access.reach_of(request.membership)
    parts = catalogue.parts_for(reach)
    context = {
        "title": "Export records",
        "parts": parts,
        "titles": {name: content.sheet.title for name, content in CONTENTS.items()},
        "everything": len(parts) > 1,
    }
    return render(request, "exports/index.jinja", context)


@requires(Perm.VIEW_PEOPLE)  # type: ignore[arg-type]  # typed for HttpResponse; a file streams
def download(request: AuthedRequest) -> HttpResponseBase:
    """One export: ?part=<part or everything> or ?sheet=<sheet>, and &format=xlsx or csv (several
    sheets as CSV come as a ZIP). Without either, everything she may export, as XLSX."""
    membership = request.membership
    reach = access.reach_of(membership)
    part, sheet = request.GET.get("part", ""), request.GET.get("sheet", "")
    part = part or ("" if sheet else catalogue.EVERYTHING)
    fmt = request.GET.get("format", "xlsx")
    names = catalogue.sheets_for(reach, part=part, sheet=sheet)
    if names is None or fmt not in catalogue.FORMATS:
        messages.error(request, NO_SUCH)
        return redirect("exports:index")
    what = sheet or part
    stem = f"alongside-{slugify(membership.service.name)}-{what}-{timezone.localdate().isoformat()}"
    out, extension, content_type, written = writers.build(names, fmt, membership, stem)
    counts = ", ".join(f"{name} {rows}" for name, rows in written.rows.items())
    audit.record_for_request(
        request,
        "view",
        membership.service,
        summary=f"Exported {what} as {extension.upper()}: {written.total} rows ({counts})",
    )
    audit.record_people_seen(
        request, sorted(written.person_ids), summary=f"In an export of {what} ({extension})"
    )
    response = FileResponse(
        out, as_attachment=True, filename=f"{stem}.{extension}", content_type=content_type
    )
    response["Cache-Control"] = "no-store"
    return response
