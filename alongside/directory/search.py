"""Searching the directory: one query, the same for the search page and anything else that needs it."""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from alongside.directory.models import Service, ServiceArea, ServiceAtLocation
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES


def find_services(data: dict[str, Any]) -> QuerySet[Service]:
    """Directory entries matching the search; those covering her area first, then those open to anyone."""
    qs = Service.objects.select_related("organization")
    if not data["everything"]:
        qs = qs.filter(status=Service.Status.ACTIVE)
    for key, taxonomy in (("condition", CONDITIONS), ("community", COMMUNITIES), ("mode", MODES)):
        if data[key]:
            qs = qs.filter(terms__taxonomy_id=taxonomy, terms__code=data[key])
    if data["language"]:
        qs = qs.filter(languages__name=data["language"])
    if data["q"]:
        qs = qs.filter(
            Q(name__icontains=data["q"])
            | Q(description__icontains=data["q"])
            | Q(organization__name__icontains=data["q"])
        )
    order = ["name", "id"]
    if data["area"]:
        covers = Exists(ServiceArea.objects.filter(service=OuterRef("pk"), district=data["area"]))
        anywhere = ~Exists(ServiceArea.objects.filter(service=OuterRef("pk")))
        qs = qs.annotate(local=covers).filter(Q(local=True) | anywhere)
        order = ["-local", *order]
    return qs.order_by(*order).prefetch_related(
        "terms",
        "languages",
        "service_areas",
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
    )
