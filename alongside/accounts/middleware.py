"""The role a user is acting in, and MFA enforcement."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from alongside.organisations.models import Membership

SESSION_KEY = "membership_id"


class ActiveMembershipMiddleware:
    """Sets request.membership: the service and role the user is acting in right now.

    A person with roles in several services picks one on /account/role/; until she does,
    her first active membership is used. Every scoped helper and audit row uses it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.membership = None  # type: ignore[attr-defined]
        if request.user.is_authenticated:
            memberships = Membership.active_for(request.user)
            chosen = request.session.get(SESSION_KEY)
            membership = next((m for m in memberships if m.pk == chosen), None)
            request.membership = membership or next(iter(memberships), None)  # type: ignore[attr-defined]
        return self.get_response(request)


class RequireMFAMiddleware:
    """Under production settings every signed-in user must set up TOTP before anything else."""

    # /calendar/ is her private calendar feed: a calendar app fetches it with no login at all.
    # /api/ is the clinical-systems API: it answers to a token, never to a session (ADR 0014).
    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/healthz", "/oruk/", "/api/", "/calendar/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            settings.MFA_REQUIRED
            and request.user.is_authenticated
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and not _has_totp(request.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
