from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit
from alongside.people import tables
from alongside.support import access as support_access

PAGE_SIZE = 50


def _until(request: AuthedRequest) -> int | None:
    """The newest entry the pages go up to, from the pager's links (None on first opening)."""
    value = request.GET.get("until", "")
    return int(value) if value.isdigit() else None


@requires(Perm.VIEW_AUDIT)
def person_trail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her trail newest first, 50 a page. Each reading adds an entry at the top, so the pages hold
    still at the newest entry there was when she opened it (`until`, carried by the pager's links):
    otherwise every page she turned would push an entry over onto the next page unseen."""
    person = support_access.get_person_for_user(request.membership, pk)
    trail = audit.trail_for_person(person.pk)
    until = _until(request)
    if until is None:
        until = trail.order_by("-pk").values_list("pk", flat=True).first() or 0
    page = Paginator(trail.filter(pk__lte=until), PAGE_SIZE).get_page(request.GET.get("page"))
    audit.record_for_request(request, "view", person, summary="Read the audit trail")
    links = request.GET.copy()
    links["until"] = str(until)
    context = {
        "title": f"Audit trail: {person.name}",
        "person": person,
        "page": page,
        "pager_request": {"GET": links},  # what _macros.jinja's pager reads of the request
        "held": "until" in request.GET,
        "table": tables.table,
    }
    return render(request, "audit/trail.jinja", context)
