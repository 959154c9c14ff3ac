import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest
from alongside.lib.http import posted
from alongside.lib.nhsforms import add_service_errors
from alongside.organisations.models import Role
from alongside.workforce import access, metrics, services
from alongside.workforce.forms import ActionForm, ReflectionForm, SettingsForm, SupervisionForm
from alongside.workforce.models import WorkforceSettings

View = Callable[..., HttpResponse]
SESSION_FIELDS = ("kind", "held_on", "duration_minutes", "wellbeing_discussed", "plans_reviewed", "notes")


def with_membership(view: View) -> View:
    """Her own pages: any role will do, but she must hold one (else the home page explains)."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.membership is None:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def _metrics_context() -> dict[str, Any]:
    return {
        "today": timezone.localdate(),
        "wellbeing_not_discussed": metrics.wellbeing_not_discussed,
        "action_overdue": metrics.action_overdue,
    }


@with_membership
def mine(request: AuthedRequest) -> HttpResponse:
    """Her supervision (when she is acting as a peer worker), those she gave, and their actions."""
    user, membership = request.user, request.membership
    visible = access.supervisions_for_user(user, membership).prefetch_related("supervisors")
    own = membership.role == Role.PEER_WORKER
    status = (
        metrics.supervision_for(membership.service, [user.pk], timezone.localdate())[user.pk] if own else None
    )
    actions = access.actions_for_user(user, membership).filter(
        Q(owner=user) | Q(supervision__in=visible.values("pk"))
    )
    context = {
        "title": "My supervision" if own else "Supervision",
        "own": own,
        "status": status,
        "mine": visible.filter(peer_worker=user)[:50],
        "given": visible.exclude(peer_worker=user).select_related("peer_worker")[:50],
        "actions": metrics.open_actions(actions),
        "can_record": access.can_record(membership),
        **_metrics_context(),
    }
    return render(request, "workforce/mine.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def record(request: AuthedRequest) -> HttpResponse:
    user, membership = request.user, request.membership
    if not access.can_record(membership):
        messages.info(request, "A supervision is recorded by the peer worker or by her supervisor")
        return redirect("workforce:mine")
    own = membership.role == Role.PEER_WORKER
    supervisors = access.supervisor_candidates(membership)
    form = SupervisionForm(
        posted(request),
        own=own,
        peer_workers=access.supervisees_for_user(membership),
        supervisors=supervisors.exclude(pk=user.pk) if own else supervisors,
        initial={
            "held_on": timezone.localdate(),
            "duration_minutes": 60,
            "supervisor": None if own else user.pk,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            supervision = services.supervision_record(
                actor=user,
                membership=membership,
                peer_worker=user if own else data["peer_worker"],
                supervisors=[data["supervisor"], data["co_supervisor"]],
                reflection=data.get("reflection", ""),
                **{k: data[k] for k in SESSION_FIELDS},
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "Supervision recorded. Add any training or support needs as actions.")
            return redirect("workforce:detail", supervision.pk)
    return render(
        request, "workforce/record.jinja", {"title": "Record a supervision", "form": form, "own": own}
    )


@with_membership
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    """Hers and her supervisors'. Her reflection is on her page only: the supervisor's has none."""
    supervision = access.get_supervision_for_user(request.user, request.membership, pk)
    context = {
        "title": f"{supervision.get_kind_display()}, {supervision.held_on:%-d %B %Y}",
        "supervision": supervision,
        "own": supervision.peer_worker_id == request.user.pk,
        "reflection": access.reflection_for_user(request.user, supervision),
        "actions": supervision.actions.select_related("owner", "done_by"),
        **_metrics_context(),
    }
    return render(request, "workforce/detail.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def reflection(request: AuthedRequest, pk: int) -> HttpResponse:
    supervision = access.get_own_supervision_for_user(request.user, request.membership, pk)
    current = access.reflection_for_user(request.user, supervision)
    form = ReflectionForm(posted(request), initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        services.reflection_save(actor=request.user, supervision=supervision, **form.cleaned_data)
        messages.success(request, "Your reflection is saved. Only you can read it.")
        return redirect("workforce:detail", supervision.pk)
    context = {"title": "Your reflection", "form": form, "supervision": supervision}
    return render(request, "workforce/reflection.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def action_new(request: AuthedRequest, pk: int) -> HttpResponse:
    supervision = access.get_supervision_for_user(request.user, request.membership, pk)
    initial = {"owner": supervision.peer_worker_id, "due_on": timezone.localdate() + dt.timedelta(days=28)}
    form = ActionForm(posted(request), owners=access.owner_candidates(supervision), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(
                actor=request.user,
                membership=request.membership,
                supervision=supervision,
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "Action added")
            return redirect("workforce:detail", supervision.pk)
    context = {"title": "Add an action", "form": form, "supervision": supervision}
    return render(request, "workforce/action_new.jinja", context)


@with_membership
def action_done(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up before the method is checked: someone else's action is 404 either way.
    action = access.get_action_for_user(request.user, request.membership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.action_mark_done(actor=request.user, membership=request.membership, action=action)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Done: {action.description}")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) and back.startswith("/"):
        return redirect(back)
    return redirect("workforce:mine")


@requires(Perm.MANAGE_TEAM)
def team(request: AuthedRequest) -> HttpResponse:
    """Dates, tags and actions only: no notes and no reflection reach this page."""
    service = request.membership.service
    rows, share = metrics.team_supervision(service, timezone.localdate())
    in_service = access.actions_for_user(request.user, request.membership).filter(
        supervision__service=service
    )
    context = {
        "title": "Supervision",
        "rows": rows,
        "share": share,
        "settings": WorkforceSettings.for_service(service),
        "actions": metrics.open_actions(in_service),
        "flag_after": metrics.WELLBEING_FLAG_AFTER,
        **_metrics_context(),
    }
    return render(request, "workforce/team.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def settings_edit(request: AuthedRequest) -> HttpResponse:
    current = WorkforceSettings.for_service(request.membership.service)
    initial = {
        "nhs_supervision_days": current.nhs_supervision_days,
        "peer_supervision_days": current.peer_supervision_days,
    }
    form = SettingsForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(actor=request.user, membership=request.membership, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors([form], error)
        else:
            messages.success(request, "Supervision frequency saved")
            return redirect("workforce:team")
    return render(
        request, "workforce/settings.jinja", {"title": "How often supervision is expected", "form": form}
    )
