from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import CLINICAL_ROLES, PERSON_LEVEL_ROLES, Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.organisations.models import Role
from alongside.people import tables
from alongside.training import access, metrics, services
from alongside.training.forms import AttendanceForm, ModuleForm, TrainingForm

View = Callable[..., HttpResponse]


def with_membership(view: View) -> View:
    """Her own page: any role will do, but she must hold one (else the home page explains)."""

    @wraps(view)
    def wrapper(request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.membership is None:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


def _bound(request: AuthedRequest, name: str) -> Any:
    """The POST data for the form called `name` (a page with two forms binds only the one sent)."""
    return request.POST if request.method == "POST" and request.POST.get("form") == name else None


def _record(request: AuthedRequest, data: dict[str, Any], user: Any, **extra: Any) -> Any:
    """Record the training a form describes, for `user` (the form's own choice of person is dropped)."""
    fields = {k: v for k, v in {**data, **extra}.items() if k != "user"}
    return services.training_record(**acting(request), user=user, **fields)


@with_membership
@require_http_methods(["GET", "POST"])
def mine(request: AuthedRequest) -> HttpResponse:
    """Her own training records and (when she is acting as a peer worker) her gaps."""
    user, membership = request.user, request.membership
    today = timezone.localdate()
    form = TrainingForm(
        _bound(request, "training"),
        prefix="training",
        people=None,
        modules=access.active_modules(),
        initial={"completed_on": today},
    )
    if done := saved(
        request,
        form,
        lambda data: _record(request, data, user),
        message="Training recorded",
        then=reverse("training:mine"),
    ):
        return done
    own = membership.role == Role.PEER_WORKER
    context = {
        "title": "My training",
        "own": own,
        "gaps": metrics.gaps_for([user.pk], today)[user.pk] if own else None,
        "records": access.training_records_for_user(user, membership)
        .filter(user=user)
        .select_related("module")[:100],
        "form": form,
        "can_record": membership.role in PERSON_LEVEL_ROLES,
        "today": today,
    }
    return render(request, "training/mine.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def team(request: AuthedRequest) -> HttpResponse:
    """The gap table for the service's peer workers, and staff awareness of the peer worker role."""
    membership = request.membership
    today = timezone.localdate()
    training = TrainingForm(
        _bound(request, "training"),
        prefix="training",
        people=access.team_for_user(membership),
        modules=access.active_modules(),
        initial={"completed_on": today},
    )
    staff = AttendanceForm(
        _bound(request, "staff"),
        prefix="staff",
        staff=access.team_for_user(membership, CLINICAL_ROLES),
        initial={"completed_on": today},
    )
    session = access.active_modules(for_staff=True).first()
    # Without the session in the curriculum there is no attendance to record.
    # Only the form that was sent is bound (see _bound); the other is not saved.
    forms_: list[tuple[forms.Form, Callable[[dict[str, Any]], Any], str]] = [
        (training, lambda data: _record(request, data, data["user"]), "Training recorded")
    ]
    if session:
        forms_.append(
            (staff, lambda data: _record(request, data, data["user"], module=session), "Attendance recorded")
        )
    for form, save, message in forms_:
        if done := saved(request, form, save, message=message, then=reverse("training:team")):
            return done
    staff_rows, share = metrics.staff_awareness(membership.service)
    context = {
        "title": "Training",
        "rows": metrics.team_gaps(membership.service, today),
        "curriculum_size": metrics.curriculum_size(),
        "staff_rows": staff_rows,
        "share": share,
        "session": session,
        "training_form": training,
        "staff_form": staff,
        "today": today,
        "table": tables.table,  # the NHS.UK table drawn once per page, not once per row
    }
    return render(request, "training/team.jinja", context)


# The curriculum, kept as data and changed here (not in a release) ------------------------

MODULE_FIELDS = ("name", "description", "competencies", "renewal_months")


@requires(Perm.MANAGE_TEAM)
def curriculum(request: AuthedRequest) -> HttpResponse:
    modules = list(access.curriculum())
    context = {
        "title": "The training curriculum",
        "in_use": [m for m in modules if m.active],
        "retired": [m for m in modules if not m.active],
    }
    return render(request, "training/curriculum.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def module_new(request: AuthedRequest) -> HttpResponse:
    form = ModuleForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.module_save(**acting(request), **data),
        message=lambda module: f"Added to the curriculum: {module.name}",
        then=reverse("training:curriculum"),
    ):
        return done
    return render(request, "training/module.jinja", {"title": "Add a module", "form": form, "module": None})


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def module_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """Change a module, or retire it (its training records are kept) or bring it back."""
    module = access.get_module(pk)
    action = request.POST.get("action") if request.method == "POST" else None
    if action in ("retire", "restore"):
        services.module_set_active(
            actor=request.user, membership=request.membership, module=module, active=action == "restore"
        )
        now = "is back in the curriculum" if module.active else "is retired: its training records are kept"
        messages.success(request, f"{module.name} {now}")
        return redirect("training:curriculum")
    form = ModuleForm(posted(request), initial={name: getattr(module, name) for name in MODULE_FIELDS})
    if done := saved(
        request,
        form,
        lambda data: services.module_save(**acting(request), module=module, **data),
        message=lambda changed: f"Saved: {changed.name}",
        then=reverse("training:curriculum"),
    ):
        return done
    return render(
        request, "training/module.jinja", {"title": f"Change {module.name}", "form": form, "module": module}
    )
