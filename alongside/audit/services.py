"""The one way to write the audit trail. Called explicitly; never from signals (ADR 0003)."""

from typing import Any

from django.db import models

from alongside.audit.models import AuditLog


def _person_id(obj: models.Model) -> int | None:
    """The person a record is about, so a person's whole trail can be read in one place."""
    if obj._meta.label == "people.Person":
        return obj.pk
    for path in ("person_id", "peer_support.person_id"):
        target: Any = obj
        for part in path.split("."):
            target = getattr(target, part, None)
        if target is not None:
            return int(target)
    return None


def record(
    actor: Any, action: str, obj: models.Model, *, membership: Any = None, summary: str = ""
) -> AuditLog:
    return AuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        role=membership.role if membership else "",
        service_id=membership.service_id if membership else None,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        person_id=_person_id(obj),
        summary=summary[:300],
    )


def record_for_request(request: Any, action: str, obj: models.Model, *, summary: str = "") -> AuditLog:
    return record(request.user, action, obj, membership=getattr(request, "membership", None), summary=summary)


def trail_for_person(person_id: int) -> models.QuerySet[AuditLog]:
    return AuditLog.objects.filter(person_id=person_id).select_related("actor")
