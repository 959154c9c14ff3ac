from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from alongside.accounts.middleware import SESSION_KEY
from alongside.accounts.types import AuthedRequest
from alongside.organisations.models import Membership


@require_http_methods(["GET", "POST"])
def choose_role(request: AuthedRequest) -> HttpResponse:
    """Pick which service and role to act in, for a person who holds more than one."""
    memberships = list(Membership.active_for(request.user))
    if request.method == "POST":
        chosen = next((m for m in memberships if str(m.pk) == request.POST.get("membership")), None)
        if chosen is None:
            messages.error(request, "Choose one of your roles")
        else:
            request.session[SESSION_KEY] = chosen.pk
            messages.success(request, f"You are now working as {chosen}")
            return redirect("home")
    return render(request, "accounts/role.jinja", {"title": "Your roles", "memberships": memberships})
