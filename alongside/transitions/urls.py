"""The transitions pages (namespace "transitions") and the clinical-systems API at /api/v1/
(namespace "clinical_api"), which answers to its tokens, not to a login (alongside.transitions.api)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern, include, path

from alongside.transitions import views
from alongside.transitions.api import api


def _api_urls() -> tuple[list[URLPattern], str, str]:
    patterns, app_name, namespace = api.urls
    open_to_tokens = [
        URLPattern(p.pattern, login_not_required(p.callback), p.default_args, p.name)
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
]
