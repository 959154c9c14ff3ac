from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import acted, saved
from alongside.organisations.models import Role
from alongside.people import tables
from alongside.safety import metrics, services
from alongside.safety.forms import ChecklistItemForm, GroundRulesForm, TeamAddForm
from alongside.support import access as support_access
from alongside.wellbeing import access as wellbeing_access

# Ward shifts ----------------------------------------------------------------------------


# Escalations ---------------------------------------------------------------------------


# Visits and lone working ---------------------------------------------------------------


# Her own: wellbeing and readiness --------------------------------------------------------


# Ground rules ---------------------------------------------------------------------------


def _ground_rules(request: AuthedRequest, *, target: dict[str, Any], name: str, back: str) -> HttpResponse:
    items = request.membership.service.ground_rule_items.filter(active=True)
    form = GroundRulesForm(posted(request), items=items, initial={"agreed_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.ground_rules_agree(**acting(request), **target, **data),
        message=f"Ground rules with {name} saved",
        then=back,
    ):
        return done
    if request.method == "GET" and "peer_support" in target:  # a group's page names no one
        audit.record_for_request(request, "view", target["peer_support"], summary="Opened ground rules")
    context = {
        "title": f"Ground rules: {name}",
        "form": form,
        "current": metrics.latest_ground_rules(**target),
        "back": back,
    }
    return render(request, "safety/ground_rules.jinja", context)


@requires(Perm.AGREE_GROUND_RULES)
@require_http_methods(["GET", "POST"])
def ground_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    peer_support = support_access.get_peer_support_for_user(request.membership, pk)

    back = reverse("people:detail", args=[peer_support.person_id])
    return _ground_rules(
        request, target={"peer_support": peer_support}, name=peer_support.person.name, back=back
    )


@requires(Perm.AGREE_GROUND_RULES)
@require_http_methods(["GET", "POST"])
def group_ground_rules(request: AuthedRequest, pk: int) -> HttpResponse:
    group = support_access.get_group_for_user(request.membership, pk)

    return _ground_rules(request, target={"group": group}, name=group.name, back=reverse("support:groups"))


# The team -------------------------------------------------------------------------------


@requires(Perm.MANAGE_TEAM)
def team(request: AuthedRequest) -> HttpResponse:
    members = scope.peer_workers_for_user(request.membership, include_volunteers=True).prefetch_related(
        wellbeing_access.readiness_prefetch()
    )
    # The NHS.UK table drawn once per page, not once per row (alongside/people/tables.py).
    context = {"title": "Peer support team", "members": members, "table": tables.table}
    return render(request, "safety/team.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def team_add(request: AuthedRequest) -> HttpResponse:
    form = TeamAddForm(posted(request), initial={"role": Role.PEER_WORKER, "employment": "nhs"})
    if done := saved(
        request,
        form,
        lambda data: services.team_add(**acting(request), **data),
        message=lambda added: f"{added.user} added as {added.get_role_display().lower()}",
        then=reverse("safety:team"),
    ):
        return done
    return render(
        request, "safety/team_add.jinja", {"title": "Add someone to the peer support team", "form": form}
    )


@requires(Perm.MANAGE_TEAM)
@require_POST
def team_full_role(request: AuthedRequest, pk: int) -> HttpResponse:
    volunteer = scope.found(
        scope.peer_workers_for_user(request.membership, include_volunteers=True), pk, "team member"
    )
    return acted(
        request,
        lambda: services.volunteer_move_to_full_role(**acting(request), volunteer=volunteer),
        message=f"{volunteer.user} is now a peer worker",
        then=reverse("safety:team"),
    )


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def checklist(request: AuthedRequest) -> HttpResponse:
    """The service's own ground-rules checklist: add a line, or retire one (kept for history)."""
    items = request.membership.service.ground_rule_items.all()
    form = ChecklistItemForm(posted(request))
    retire = request.POST.get("retire", "")
    if request.method == "POST" and retire:
        item = items.filter(pk=int(retire)).first() if retire.isdigit() else None
        if item is None:
            raise Http404("No such line")
        services.checklist_item_retire(actor=request.user, membership=request.membership, item=item)
        messages.success(request, f"“{item.text}” retired")
        return redirect("safety:checklist")
    if request.method == "POST" and form.is_valid():
        services.checklist_item_add(actor=request.user, membership=request.membership, **form.cleaned_data)
        messages.success(request, "Line added to the checklist")
        return redirect("safety:checklist")
    context = {"title": "Ground rules checklist", "form": form, "items": items.filter(active=True)}
    return render(request, "safety/checklist.jinja", context)
