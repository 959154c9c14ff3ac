"""The transitions pages (namespace "transitions") and the clinical-systems API at /api/v1/
(namespace "clinical_api"), which answers to its tokens, not to a login (alongside.transitions.api)."""

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from alongside.transitions import (
    fhir,  # noqa: F401 (registers POST /fhir/Encounter on the api)
    views,
)
from alongside.transitions.api import api, as_problems, not_found, problem_type


def _guarded(pattern: URLPattern) -> Any:
    methods = ("GET", "HEAD") if pattern.name == "openapi-json" else ()
    return as_problems(pattern.callback, methods=methods)


def _api_urls() -> tuple[list[URLPattern], str, str]:
    """The API's own patterns, open to tokens, with a 405 as a problem (RFC 9457; ADR 0043)."""
    patterns, app_name, namespace = api.urls
    open_to_tokens = [
        URLPattern(p.pattern, login_not_required(_guarded(p)), p.default_args, p.name)
        for p in patterns
        if isinstance(p, URLPattern)
    ]
    return open_to_tokens, app_name, namespace


pages = [
    path("transitions/", views.transitions, name="list"),
    path("transitions/settings/", views.settings_edit, name="settings"),
    path("transitions/<int:pk>/accept/", views.accept, name="accept"),
    path("transitions/<int:pk>/decline/", views.decline, name="decline"),
    path("transitions/notices/<int:pk>/seen/", views.notice_seen, name="notice_seen"),
    path("transitions/api-tokens/", views.tokens, name="tokens"),
    path("transitions/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("people/<int:pk>/transition/", views.record, name="record"),
]

urlpatterns = [
    path("", include((pages, "transitions"))),
    path("api/v1/", _api_urls()),
    path("api/v1/problems/<slug:slug>", login_not_required(csrf_exempt(problem_type))),
    # Last under /api/: any other path there is a problem+json 404, not Django's HTML page (nor
    # CSRF's 403: the API reads no cookie). A new route under /api/ goes above this line.
    re_path(r"^api/(?P<rest>.*)$", login_not_required(csrf_exempt(not_found))),
]
