from django.http import HttpRequest

from alongside.accounts.models import User
from alongside.organisations.models import Membership


class AuthedRequest(HttpRequest):
    """A request behind @requires: logged in, and acting in a membership (set by middleware)."""

    user: User  # type: ignore[assignment]
    membership: Membership
