"""Context for every Jinja2 page; each entry costs nothing until a template uses it."""

from functools import partial
from typing import Any

from django.http import HttpRequest

from alongside.accounts import nhsmail


def accounts(request: HttpRequest) -> dict[str, Any]:
    # The login page's "Sign in with NHSmail" button: nhsmail_login_url() is a URL, or None when
    # NHSmail is not configured.
    return {"nhsmail_login_url": partial(nhsmail.login_url, request)}
