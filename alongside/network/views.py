from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.lib.http import posted
from alongside.lib.nhsforms import add_service_errors
from alongside.network import access, services
from alongside.network.forms import EntryForm, GroupForm, SearchForm

PAGE_SIZE = 50


@requires(Perm.PEER_NETWORK)
def directory(request: AuthedRequest) -> HttpResponse:
    """Peer workers across services who chose to be listed, for those listed themselves."""
    entry = access.own_entry(request.user)
    search = SearchForm(request.GET)
    found = access.directory_for_user(request.user, request.membership)
    q = search.cleaned_data["q"].strip() if search.is_valid() else ""
    if q:
        found = found.filter(
            Q(display_name__icontains=q)
            | Q(service__name__icontains=q)
            | Q(region__name__icontains=q)
            | Q(languages__icontains=q)
            | Q(interests__icontains=q)
            | Q(about__icontains=q)
        )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"title": "Peer network", "entry": entry, "search": search, "q": q, "page": page}
    return render(request, "network/directory.jinja", context)


@requires(Perm.PEER_NETWORK)
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    """Join the directory, or change what she shows. Only her name is needed."""
    entry = access.own_entry(request.user)
    if entry is not None:
        initial = {f: getattr(entry, f) for f in EntryForm.base_fields}
    else:
        service = request.membership.service
        initial = {"display_name": str(request.user), "service": service.pk, "region": service.icb.region_id}
    form = EntryForm(
        posted(request),
        services=access.her_services(request.user),
        regions=access.her_regions(request.user),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_save(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(
                request, "Saved. Other peer workers in the directory can see what you chose to show."
            )
            return redirect("network:directory")
    context = {
        "title": "My entry in the directory" if entry else "Join the directory",
        "form": form,
        "entry": entry,
    }
    return render(request, "network/profile.jinja", context)


@requires(Perm.PEER_NETWORK)
@require_POST
def opt_out(request: AuthedRequest) -> HttpResponse:
    try:
        services.entry_remove(actor=request.user, membership=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "You have left the directory. Nobody can see your entry now.")
    return redirect("network:directory")


@requires(Perm.PEER_NETWORK)
def groups(request: AuthedRequest) -> HttpResponse:
    found = access.groups_for_user(request.user, request.membership)
    return render(request, "network/groups.jinja", {"title": "Peer supervision groups", "groups": found})


@requires(Perm.PEER_NETWORK)
@require_http_methods(["GET", "POST"])
def group_new(request: AuthedRequest) -> HttpResponse:
    form = GroupForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.group_create(
                actor=request.user, membership=request.membership, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, f"{group} started. Peer workers from any service can join it.")
            return redirect("network:group", group.pk)
    return render(
        request, "network/group_new.jinja", {"title": "Start a peer supervision group", "form": form}
    )


@requires(Perm.PEER_NETWORK)
def group(request: AuthedRequest, pk: int) -> HttpResponse:
    """A group: what it is and when it meets; who is in it, for its members only."""
    found = access.get_group_for_user(request.user, request.membership, pk)
    context = {"title": found.name, "group": found, "members": access.members_for_user(request.user, found)}
    return render(request, "network/group.jinja", context)


@requires(Perm.PEER_NETWORK)
@require_POST
def group_join(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_group_for_user(request.user, request.membership, pk)
    try:
        services.group_join(actor=request.user, membership=request.membership, group=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have joined {found}")
    return redirect("network:group", found.pk)


@requires(Perm.PEER_NETWORK)
@require_POST
def group_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_group_for_user(request.user, request.membership, pk)
    try:
        services.group_leave(actor=request.user, membership=request.membership, group=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"You have left {found}")
    return redirect("network:group", found.pk)
