"""The directory's pages (namespace "directory") and its public ORUK API at /oruk/ (namespace "oruk")."""

from collections.abc import Callable
from functools import update_wrapper
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, include, path

from alongside.directory import views
from alongside.directory.api import api


def _public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Open to anyone, as ORUK requires: past LoginRequiredMiddleware, readable from any site."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    update_wrapper(wrapper, view, assigned=(), updated=("__dict__",))  # keeps csrf_exempt
    return login_not_required(wrapper)


def _api_urls() -> tuple[list[URLPattern], str, str]:
    patterns, app_name, namespace = api.urls
    public = [
        URLPattern(p.pattern, _public(p.callback), p.default_args, p.name)
        for p in patterns
        if isinstance(p, URLPattern)
    ]
    return public, app_name, namespace


pages = [
    path("directory/", views.search, name="search"),
    path("directory/follow-ups/", views.follow_ups, name="follow_ups"),
    path("directory/signpostings/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("directory/import/", views.import_feed, name="import"),
    path("directory/services/new/", views.service_new, name="service_new"),
    path("directory/services/<uuid:pk>/edit/", views.service_edit, name="service_edit"),
    path("peer-support/<int:pk>/signpost/", views.signpost, name="signpost"),
]

urlpatterns = [
    path("", include((pages, "directory"))),
    path("oruk/", _api_urls()),
]
