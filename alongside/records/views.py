"""Her records as a whole: the subject access export, erasure on request, and the privacy notice."""

import json

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.records import retention, services, subject_access
from alongside.records.forms import ErasureForm
from alongside.support import access as support_access


@requires(Perm.EXPORT_PERSON)
def export(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    audit.record_for_request(request, "view", person, summary="Opened subject access export")
    return render(
        request, "records/export.jinja", {"title": f"Everything held about {person.name}", "person": person}
    )


@requires(Perm.EXPORT_PERSON)
def export_json(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    data = subject_access.export(person, by=request.user, service=request.membership.service)
    audit.record_for_request(request, "view", person, summary="Subject access export (JSON) made")
    response = HttpResponse(json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.json"'
    return response


@requires(Perm.EXPORT_PERSON)
def export_pdf(request: AuthedRequest, pk: int) -> HttpResponse:
    from weasyprint import HTML  # imported here: it loads system libraries (Pango)

    person = support_access.get_person_for_user(request.membership, pk)
    context = {
        "person": person,
        "sections": subject_access.sections(person),
        "family": subject_access.family(person),
        "group_sessions": subject_access.group_sessions(person),
        "trail": subject_access.trail_summary(person),
        "made_at": timezone.localtime(),
        "by": request.user,
        "service": request.membership.service,
        "described": subject_access.described,
    }
    html = render_to_string("records/print.jinja", context)
    audit.record_for_request(request, "view", person, summary="Subject access export (PDF) made")
    response = HttpResponse(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="subject-access-{person.pk}.pdf"'
    return response


@requires(Perm.ERASE_PERSON)
@require_http_methods(["GET", "POST"])
def erase(request: AuthedRequest, pk: int) -> HttpResponse:
    person = support_access.get_person_for_user(request.membership, pk)
    form = ErasureForm(posted(request))
    if request.method == "GET":
        audit.record_for_request(request, "view", person, summary="Opened erasure")
    if done := saved(
        request,
        form,
        lambda data: services.person_erase(**acting(request), person=person, **data),
        message="The record has been erased: nothing in it names her now",
        then=reverse("people:detail", kwargs={"pk": person.pk}),
    ):
        return done
    context = {"title": f"Erase {person.name}'s record", "form": form, "person": person}
    return render(request, "records/erase.jinja", context)


@login_not_required
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "title": "How we use your information",
        "controller": settings.PRIVACY_NOTICE["CONTROLLER"],
        "contact": settings.PRIVACY_NOTICE["CONTACT"],
        "care_years": retention.years(retention.CARE_RECORD),
    }
    return render(request, "records/privacy.jinja", context)
