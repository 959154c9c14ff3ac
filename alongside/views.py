"""Pages that belong to no one domain: the front page, about, accessibility, health check."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest
from alongside.organisations.models import Role


def home(request: AuthedRequest) -> HttpResponse:
    """Send each role to the page she starts her day on."""
    membership = request.membership
    if membership is None:
        return render(request, "no_role.jinja", {"title": "You have no role yet"})
    if membership.role == Role.PEER_WORKER:
        return redirect("support:today")
    if has_perm(membership.role, Perm.VIEW_DASHBOARD):
        return redirect("dashboard:coordinator")
    if has_perm(membership.role, Perm.REFER):
        return redirect("people:list")
    if has_perm(membership.role, Perm.VIEW_AGGREGATES):
        return redirect("dashboard:summary")
    # A light-touch volunteer: what she offers and when, never a page she would be refused.
    return redirect("timetable:mine")


@login_not_required
def about(request: HttpRequest) -> HttpResponse:
    return render(request, "about.jinja", {"title": "About Alongside"})


@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "accessibility.jinja", {"title": "Accessibility statement"})


@login_not_required
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
