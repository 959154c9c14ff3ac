"""The role a user is acting in, what an aggregate-only role may open, and MFA enforcement."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from alongside.accounts import nhsmail
from alongside.accounts.rules import AGGREGATE_ONLY_ROLES
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


class AggregateOnlyMiddleware:
    """A commissioner or national reviewer reaches aggregates only (issue 11).

    The pages every logged-in person may open, because they show only her own records (her
    wellbeing, supervision, training: "me" pages), name no permission; for these roles that is
    not enough. They may open a page whose view requires a permission they hold, a public page,
    logging in and out, the front page (which sends them to their summary) and choosing a role;
    every other page is refused with 403, so a "me" page added later is refused too.
    """

    MAY_OPEN = frozenset({"home", "accounts:role"})
    OPEN_PREFIXES = ("/accounts/", "/admin/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any) -> None:
        membership = getattr(request, "membership", None)
        if membership is None or membership.role not in AGGREGATE_ONLY_ROLES:
            return None
        perm = getattr(view, "required_perm", None)
        if perm is not None:
            return None  # @requires decides, with the same rules as for everyone
        if getattr(view, "login_required", True) is False or request.path.startswith(self.OPEN_PREFIXES):
            return None
        match = request.resolver_match
        if match is not None and match.view_name in self.MAY_OPEN:
            return None
        raise PermissionDenied("Aggregates only")


class RequireMFAMiddleware:
    """Under production settings every signed-in user must set up TOTP before anything else,
    unless she signed in with NHSmail and NHSmail did multi-factor authentication (ADR 0047)."""

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
            and not nhsmail.mfa_satisfied(request, request.user)
            and not _has_totp(request.user)
        ):
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_totp(user: object) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
