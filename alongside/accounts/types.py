from typing import Any

from django.http import HttpRequest

from alongside.accounts.models import User
from alongside.organisations.models import Membership


class AuthedRequest(HttpRequest):
    """A request behind @requires: logged in, and acting in a membership (set by middleware)."""

    user: User  # type: ignore[assignment]
    membership: Membership


def acting(request: AuthedRequest) -> dict[str, Any]:
    """Who is acting, as every service takes it: `services.x(**acting(request), ...)`."""
    return {"actor": request.user, "membership": request.membership}
