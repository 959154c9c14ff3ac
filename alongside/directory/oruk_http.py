"""What every `/oruk/` address does, whichever endpoint it is: open data over plain HTTP (ADR 0042).

django-ninja answers only the methods an operation declares and leaves 404 and 405 to Django,
which answers them in HTML. So each view is wrapped here, once, rather than endpoint by endpoint:
- anyone may read it (past LoginRequiredMiddleware) from any site (`Access-Control-Allow-Origin: *`);
- HEAD is answered as GET without the body (RFC 9110 section 9.3.2), so a client can check an
  address or its size cheaply;
- OPTIONS, a browser's CORS preflight included, is answered 204 with what is allowed;
- any other method is a 405 and any unknown address a 404, both as RFC 9457 problem details, the
  shape the endpoints' own errors (a bad parameter, an unknown id) take too.
"""

from collections.abc import Callable
from functools import update_wrapper
from http import HTTPStatus
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, re_path
from django.views.decorators.csrf import csrf_exempt

from alongside.lib import problems

ALLOWED = "GET, HEAD, OPTIONS"
# Headers a browser may ask to send: the safelisted ones a script can set, and the conditional ones.
ALLOWED_HEADERS = "Accept, Accept-Language, Content-Language, Content-Type, If-Modified-Since, If-None-Match"
PREFLIGHT_MAX_AGE = "86400"  # a day: the answer never changes

View = Callable[..., HttpResponse]


def problem(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    """An RFC 9457 problem details answer (alongside.lib.problems). `about:blank` says the status
    code is the whole story; `instance` is the path as Django decoded it, as it always was here."""
    return problems.response(request, status, detail, instance=request.path)


def open_data(view: View) -> View:
    """The view, for anyone, from any site, with HEAD, OPTIONS and JSON 405s (see the module's docstring)."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = _preflight()
        elif request.method == "HEAD":
            response = _head(view, request, *args, **kwargs)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code == HTTPStatus.METHOD_NOT_ALLOWED:
                response = problem(request, 405, f"{request.method} is not allowed here: it is read-only")
                response["Allow"] = ALLOWED
        response["Access-Control-Allow-Origin"] = "*"
        return response

    update_wrapper(wrapper, view, assigned=(), updated=("__dict__",))  # keeps csrf_exempt
    return login_not_required(wrapper)


def _preflight() -> HttpResponse:
    response = HttpResponse(status=HTTPStatus.NO_CONTENT)
    response["Allow"] = ALLOWED
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
    response["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


def _head(view: View, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """GET's answer, headers and all, with no body; Content-Length still says what GET would send."""
    request.method = "GET"
    response = view(request, *args, **kwargs)
    request.method = "HEAD"
    if not response.streaming:
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


@csrf_exempt
def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return problem(
        request, 404, f"There is nothing at {request.path}; the endpoints are listed at /oruk/openapi.json"
    )


def wrapped(patterns: list[Any]) -> list[URLPattern]:
    """Every pattern made open data, then a last one catching every other address under /oruk/."""
    public = [
        URLPattern(p.pattern, open_data(p.callback), p.default_args, p.name)
        for p in patterns
        if isinstance(p, URLPattern)
    ]
    return [*public, re_path(r"^(?P<rest>.*)$", open_data(not_found), name="not_found")]
