from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from alongside.accounts.rules import Perm, has_perm

View = Callable[..., HttpResponse]


def requires(perm: Perm) -> Callable[[View], View]:
    """Refuse (403) unless the role the user is acting in grants `perm`.

    The permission is kept on the view so the access test can check every URL against rules.py.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = getattr(request, "membership", None)
            if not has_perm(membership.role if membership else None, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.required_perm = perm  # type: ignore[attr-defined]
        return wrapper

    return decorator
