"""The one way to write the audit trail. Called explicitly; never from signals (ADR 0003).

Every look at a person is on her trail (ADR 0021): a page about one record calls
`record_for_request`; a page that lists people calls `record_people_seen` once, which writes one
row per person shown in a single INSERT.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models

from alongside.audit.models import AuditLog

# How each kind of record reaches the person it is about, however far away she is. A record with
# no path here (a peer worker's own wellbeing, supervision, timetable) is about no mother.
PERSON_PATHS = (
    "person_id",
    "peer_support.person_id",
    "goal.peer_support.person_id",
    "signposting.peer_support.person_id",
    "visit.peer_support.person_id",
    "escalation.person_id",
    "story.person_id",
    "transition.person_id",
    "response.peer_support.person_id",
)


def _person_id(obj: models.Model) -> int | None:
    """The person a record is about, so a person's whole trail can be read in one place."""
    if obj._meta.label == "people.Person":
        return obj.pk
    for path in PERSON_PATHS:
        target: Any = obj
        for part in path.split("."):
            target = getattr(target, part, None)
        if target is not None:
            return int(target)
    return None


def _view_name(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    return (match.view_name if match else "")[:80]


def row(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    *,
    membership: Any = None,
    summary: str = "",
    person: Any = None,
    view: str = "",
    service_id: int | None = None,
) -> AuditLog:
    """One row, not yet saved: `record` saves it; `record_many` saves many in one INSERT.
    `person` names her when the record cannot (a group session's attendee)."""
    return AuditLog(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        role=membership.role if membership else "",
        service_id=membership.service_id if membership else service_id,
        action=action,
        model=obj._meta.label,
        object_id=str(obj.pk),
        person_id=getattr(person, "pk", person) if person is not None else _person_id(obj),
        summary=summary[:300],
        view=view,
    )


def record(
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    obj: models.Model,
    *,
    membership: Any = None,
    summary: str = "",
    person: Any = None,
    view: str = "",
) -> AuditLog:
    """One row, saved."""
    entry = row(actor, action, obj, membership=membership, summary=summary, person=person, view=view)
    entry.save()
    return entry


def record_many(rows: Iterable[AuditLog], *, batch_size: int = 1000) -> int:
    """Rows made by `row`, saved in batches (an import writes one for each record: ADR 0050)."""
    saved = AuditLog.objects.bulk_create(list(rows), batch_size=batch_size)
    return len(saved)


def record_for_request(
    request: Any, action: str, obj: models.Model, *, summary: str = "", person: Any = None
) -> AuditLog:
    return record(
        request.user,
        action,
        obj,
        membership=getattr(request, "membership", None),
        summary=summary,
        person=person,
        view=_view_name(request),
    )


def record_people_seen(request: Any, person_ids: Iterable[int | None], *, summary: str) -> int:
    """A page showed these people: one "view" row for each, written in one INSERT (ADR 0021).

    Rows name the person (model people.Person), the page (`view`) and what it showed (`summary`),
    so each lands on her own trail. Returns how many rows were written.
    """
    membership = getattr(request, "membership", None)
    actor = request.user if getattr(request.user, "is_authenticated", False) else None
    view = _view_name(request)
    rows = [
        AuditLog(
            actor=actor,
            role=membership.role if membership else "",
            service_id=membership.service_id if membership else None,
            action=AuditLog.Action.VIEW,
            model="people.Person",
            object_id=str(pk),
            person_id=pk,
            summary=summary[:300],
            view=view,
        )
        for pk in dict.fromkeys(int(p) for p in person_ids if p is not None)
    ]
    AuditLog.objects.bulk_create(rows)
    return len(rows)


def trail_for_person(person_id: int) -> models.QuerySet[AuditLog]:
    return AuditLog.objects.filter(person_id=person_id).select_related("actor")
