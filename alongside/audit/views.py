from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from alongside import access
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.audit import services as audit


@requires(Perm.VIEW_AUDIT)
def person_trail(request: AuthedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for_user(request.membership, pk)
    page = Paginator(audit.trail_for_person(person.pk), 50).get_page(request.GET.get("page"))
    audit.record_for_request(request, "view", person, summary="Read the audit trail")
    return render(
        request, "audit/trail.jinja", {"title": f"Audit trail: {person.name}", "person": person, "page": page}
    )
