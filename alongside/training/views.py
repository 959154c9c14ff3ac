import csv
from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import CLINICAL_ROLES, PEER_SUPPORTER_ROLES, PERSON_LEVEL_ROLES, Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.lib.http import posted
from alongside.lib.nhsforms import acted, saved
from alongside.organisations.models import Role
from alongside.people import tables
from alongside.training import access, metrics, services
from alongside.training.forms import AttendanceForm, DevelopmentForm, ModuleForm, TrainingForm

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
        "keeps_development": membership.role in PEER_SUPPORTER_ROLES,
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
        "accredited": metrics.accredited_share(membership.service, today),
        "development": metrics.development_share(membership.service, today),
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


# Her development record (recommendations 6 and 14): hers alone (ADR 0038) ---------------------

DEVELOPMENT_FIELDS = ("kind", "happened_on", "title", "notes")


def _keeps_a_record(request: AuthedRequest) -> bool:
    return request.membership.role in PEER_SUPPORTER_ROLES


@with_membership
def development(request: AuthedRequest) -> HttpResponse:
    """Her own development record: courses, networking, face-to-face meetings with peer workers
    of other teams, progression. Only she sees it."""
    context = {
        "title": "My development",
        "keeps": _keeps_a_record(request),
        "entries": list(access.development_for_user(request.user)[:200]),
    }
    return render(request, "training/development.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def development_new(request: AuthedRequest) -> HttpResponse:
    if not _keeps_a_record(request):
        return redirect("training:development")
    form = DevelopmentForm(posted(request), initial={"happened_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.development_entry_save(**acting(request), **data),
        message="Added to your development record",
        then=reverse("training:development"),
    ):
        return done
    context = {"title": "Add to your development record", "form": form, "entry": None}
    return render(request, "training/development_entry.jinja", context)


@with_membership
@require_http_methods(["GET", "POST"])
def development_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    entry = access.get_development_entry_for_user(request.user, pk)
    form = DevelopmentForm(
        posted(request), initial={name: getattr(entry, name) for name in DEVELOPMENT_FIELDS}
    )
    if done := saved(
        request,
        form,
        lambda data: services.development_entry_save(**acting(request), entry=entry, **data),
        message="Saved",
        then=reverse("training:development"),
    ):
        return done
    context = {"title": "Change an entry", "form": form, "entry": entry}
    return render(request, "training/development_entry.jinja", context)


@with_membership
def development_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    entry = access.get_development_entry_for_user(request.user, pk)
    return acted(
        request,
        lambda: services.development_entry_delete(**acting(request), entry=entry),
        message="Removed from your development record",
        then=reverse("training:development"),
    )


@with_membership
def development_export(request: AuthedRequest) -> HttpResponse:
    """Hers to keep: her own entries as a CSV file, and nobody else's."""
    response = HttpResponse("\ufeff", content_type="text/csv; charset=utf-8")  # Excel reads it as UTF-8
    response["Content-Disposition"] = 'attachment; filename="my-development-record.csv"'
    writer = csv.writer(response)
    writer.writerow(["Date", "Kind", "Title", "Notes"])
    for entry in access.development_for_user(request.user):
        row = [entry.happened_on.isoformat(), entry.get_kind_display(), entry.title, entry.notes]
        writer.writerow([_cell(text) for text in row])
    return response


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula is kept as text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
