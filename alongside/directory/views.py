import uuid
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.directory import metrics, services
from alongside.directory.access import get_directory_service, get_signposting_for_user, signpostings_for_user
from alongside.directory.forms import DirectoryServiceForm, FollowUpForm, ImportForm, SearchForm, SignpostForm
from alongside.directory.importer import FeedError, import_oruk
from alongside.directory.models import Service
from alongside.directory.search import find_services
from alongside.lib import jsonguard, postcode
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.support import access as support_access
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES

PER_PAGE = 10
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
TAXONOMIES = {"conditions": CONDITIONS, "communities": COMMUNITIES, "modes": MODES}


@requires(Perm.VIEW_PEOPLE)
def search(request: AuthedRequest) -> HttpResponse:
    """Find a service to signpost to; `?for=<peer support>` starts from her postcode and language."""
    peer_support = None
    data = request.GET.copy()
    if request.GET.get("for"):
        if not request.GET["for"].isdigit():
            raise Http404("No such peer support relationship")
        peer_support = support_access.get_peer_support_for_user(request.membership, int(request.GET["for"]))
        person = peer_support.person
        if "area" not in data and person.postcode:
            data["area"] = postcode.district(person.postcode)
        if "language" not in data and person.preferred_language not in ("", "English"):
            data["language"] = person.preferred_language
    if peer_support is not None:
        audit.record_for_request(request, "view", peer_support, summary="Searched the directory for her")
    form = SearchForm(data)
    page = None
    if form.is_valid():
        page = Paginator(find_services(form.cleaned_data), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "title": f"Find a service for {peer_support.person.name}"
        if peer_support
        else "Signposting directory",
        "form": form,
        "page": page,
        "peer_support": peer_support,
        "taxonomies": TAXONOMIES,
        "can_signpost": peer_support is not None and has_perm(request.membership.role, Perm.LOG_CONTACT),
        "can_edit": has_perm(request.membership.role, Perm.MANAGE_TEAM),
    }
    return render(request, "directory/search.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def signpost(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)
    initial = {"signposted_on": timezone.localdate(), "service": request.GET.get("service")}
    form = SignpostForm(posted(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.signposting_create(**acting(request), peer_support=peer_support, **data),
        message=lambda signposting: (
            f"Signposting to {signposting.service.name} saved. "
            f"We will ask whether she connected on {signposting.follow_up_on:%-d %B}."
        ),
        then=reverse("people:detail", kwargs={"pk": peer_support.person_id}),
    ):
        return done
    earlier = (
        signpostings_for_user(request.membership).filter(peer_support=peer_support).select_related("service")
    )
    if request.method == "GET":
        audit.record_for_request(request, "view", peer_support, summary="Opened signposting")
    context = {
        "title": f"Signpost {peer_support.person.name} to a service",
        "form": form,
        "peer_support": peer_support,
        "earlier": earlier,
    }
    return render(request, "directory/signpost.jinja", context)


@requires(Perm.VIEW_PEOPLE)
def follow_ups(request: AuthedRequest) -> HttpResponse:
    scoped = signpostings_for_user(request.membership).select_related(
        "peer_support__person", "service__organization", "signposted_by"
    )
    due = list(metrics.follow_ups_due(scoped, timezone.localdate()))
    nowhere = list(metrics.went_nowhere(scoped)[:25])
    audit.record_people_seen(
        request, (s.peer_support.person_id for s in [*due, *nowhere]), summary="On the signposting follow-ups"
    )
    context = {
        "title": "Signposting follow-ups",
        "due": due,
        "nowhere": nowhere,
        "can_record": has_perm(request.membership.role, Perm.LOG_CONTACT),
    }
    return render(request, "directory/follow_ups.jinja", context)


@requires(Perm.LOG_CONTACT)
@require_http_methods(["GET", "POST"])
def follow_up(request: AuthedRequest, pk: int) -> HttpResponse:
    signposting = get_signposting_for_user(request.membership, pk)
    form = FollowUpForm(posted(request), initial={"recorded_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.follow_up_record(**acting(request), signposting=signposting, **data),
        # The service sets the signposting's outcome: read it after saving.
        message=lambda _: f"Saved: {signposting.get_outcome_display().lower()}",
        then=reverse("directory:follow_ups"),
    ):
        return done
    if request.method == "GET":
        audit.record_for_request(request, "view", signposting, summary="Opened a signposting follow-up")
    context = {
        "title": f"Did {signposting.peer_support.person.name} connect with {signposting.service.name}?",
        "form": form,
        "signposting": signposting,
        "history": signposting.follow_ups.select_related("recorded_by"),
    }
    return render(request, "directory/follow_up.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def import_feed(request: AuthedRequest) -> HttpResponse:
    form = ImportForm(posted(request), request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD_BYTES:
                raise FeedError("The file is larger than 5 MB: split it, or import it on the command line")
            try:
                data = jsonguard.loads(upload.read())
            except jsonguard.Refused as error:
                reason = "The file is not JSON" if error.code == "not_json" else "The file cannot be read"
                raise FeedError(f"{reason}: {error.message}") from None
            report = import_oruk(data, source=upload.name, actor=request.user, membership=request.membership)
        except FeedError as error:
            form.add_error("file", str(error))
    return render(
        request, "directory/import.jinja", {"title": "Import a directory", "form": form, "report": report}
    )


def _service_form(request: AuthedRequest, service: Service | None) -> HttpResponse:
    initial = DirectoryServiceForm.initial_for(service) if service else {"status": Service.Status.ACTIVE}
    form = DirectoryServiceForm(posted(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda _: services.directory_service_save(
            **acting(request), service=service, **form.service_fields()
        ),
        message=lambda record: f"{record.name} saved",
        then=lambda record: (
            f"{reverse('directory:search')}?{urlencode({'q': record.name, 'everything': 'on'})}"
        ),
    ):
        return done
    title = f"Edit {service.name}" if service else "Add a service to the directory"
    return render(request, "directory/service_form.jinja", {"title": title, "form": form, "service": service})


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def service_new(request: AuthedRequest) -> HttpResponse:
    return _service_form(request, None)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def service_edit(request: AuthedRequest, pk: uuid.UUID) -> HttpResponse:
    return _service_form(request, get_directory_service(pk))
