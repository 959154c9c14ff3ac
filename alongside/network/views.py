from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.lib.http import posted
from alongside.lib.nhsforms import acted, saved
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
    if done := saved(
        request,
        form,
        lambda data: services.entry_save(**acting(request), **data),
        message="Saved. Other peer workers in the directory can see what you chose to show.",
        then=reverse("network:directory"),
    ):
        return done
    context = {
        "title": "My entry in the directory" if entry else "Join the directory",
        "form": form,
        "entry": entry,
    }
    return render(request, "network/profile.jinja", context)


@requires(Perm.PEER_NETWORK)
@require_POST
def opt_out(request: AuthedRequest) -> HttpResponse:
    return acted(
        request,
        lambda: services.entry_remove(**acting(request)),
        message="You have left the directory. Nobody can see your entry now.",
        then=reverse("network:directory"),
    )


@requires(Perm.PEER_NETWORK)
def groups(request: AuthedRequest) -> HttpResponse:
    found = access.groups_for_user(request.user, request.membership)
    return render(request, "network/groups.jinja", {"title": "Peer supervision groups", "groups": found})


@requires(Perm.PEER_NETWORK)
@require_http_methods(["GET", "POST"])
def group_new(request: AuthedRequest) -> HttpResponse:
    form = GroupForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.group_create(**acting(request), **data),
        message=lambda group: f"{group} started. Peer workers from any service can join it.",
        then=lambda group: reverse("network:group", args=[group.pk]),
    ):
        return done
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
    return acted(
        request,
        lambda: services.group_join(**acting(request), group=found),
        message=f"You have joined {found}",
        then=reverse("network:group", args=[found.pk]),
    )


@requires(Perm.PEER_NETWORK)
@require_POST
def group_leave(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_group_for_user(request.user, request.membership, pk)
    return acted(
        request,
        lambda: services.group_leave(**acting(request), group=found),
        message=f"You have left {found}",
        then=reverse("network:group", args=[found.pk]),
    )
