"""The directory's pages (namespace "directory") and its public ORUK API at /oruk/ (namespace "oruk")."""

from django.urls import URLPattern, include, path

from alongside.directory import views
from alongside.directory.api import api
from alongside.directory.oruk_http import wrapped


def _api_urls() -> tuple[list[URLPattern], str, str]:
    """Open to anyone, as ORUK requires, with HEAD, CORS and JSON errors (oruk_http.py)."""
    patterns, app_name, namespace = api.urls
    return wrapped(patterns), app_name, namespace


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
