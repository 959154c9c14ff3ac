"""Writes for supervision. Each validates, runs in one transaction and writes the audit trail
(without the notes: the trail says what happened, never what was said)."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit import services as audit
from alongside.organisations.models import Membership, Role, Service
from alongside.workforce.access import PEER_ROLES, TEAM_ROLES
from alongside.workforce.models import (
    NHS_KINDS,
    Action,
    Kind,
    Reflection,
    Supervision,
    WorkforceSettings,
)

LONGEST_MINUTES = 8 * 60
FEWEST_DAYS, MOST_DAYS = 7, 92  # weekly to quarterly (REFERENCE.md, principle 5)


def _fail(field: str | None, message: str) -> ValidationError:
    return ValidationError({field: message} if field else message)


def works_in(user: Any, service: Service | int) -> bool:
    service_id = service if isinstance(service, int) else service.pk
    return Membership.objects.filter(
        user=user, service_id=service_id, role__in=TEAM_ROLES, active=True
    ).exists()


def check_supervisor(kind: str, supervisor: Any, service: Service, host: Any) -> None:
    """The rule for who may give each kind of supervision (ADR 0009)."""
    if kind in NHS_KINDS:
        if not works_in(supervisor, service):
            raise _fail(
                "supervisor",
                f"{supervisor} does not work in {service}: "
                f"{Kind(kind).label.lower()} is given by staff of her service",
            )
    elif kind == Kind.HOST:
        from_host = Membership.objects.filter(user=supervisor, host_organisation=host, active=True).exists()
        if host is None or not from_host:
            raise _fail(
                "supervisor",
                f"{supervisor} is not from {host}: supervision from her host organisation "
                "is given by someone there",
            )
    elif not Membership.objects.filter(user=supervisor, role__in=PEER_ROLES, active=True).exists():
        raise _fail(
            "supervisor",
            f"{supervisor} is not a peer worker or co-ordinator: peer-to-peer supervision is given "
            "by another peer worker",
        )


def supervision_record(
    *,
    actor: Any,
    membership: Membership,
    peer_worker: Any,
    kind: str,
    held_on: dt.date,
    duration_minutes: int,
    supervisors: Sequence[Any],
    wellbeing_discussed: bool,
    plans_reviewed: bool,
    notes: str = "",
    reflection: str = "",
) -> Supervision:
    """Record a supervision, by the peer worker herself or by one of her supervisors.

    Only she may write her reflection. The same kind of supervision is recorded once a day for
    her, so she and her supervisor cannot both record one session.
    """
    service = membership.service
    supervisors = list(dict.fromkeys(s for s in supervisors if s is not None))
    own = actor.pk == peer_worker.pk
    if held_on > timezone.localdate():
        raise _fail("held_on", "A supervision cannot be dated in the future")
    if not 1 <= duration_minutes <= LONGEST_MINUTES:
        raise _fail("duration_minutes", "How long must be between 1 and 480 minutes (8 hours)")
    hers = Membership.objects.filter(
        user=peer_worker, service=service, role=Role.PEER_WORKER, active=True
    ).first()
    if hers is None:
        raise _fail("peer_worker", f"{peer_worker} is not a peer worker in {service}")
    if not supervisors:
        raise _fail("supervisor", "Name the supervisor")
    if any(s.pk == peer_worker.pk for s in supervisors):
        raise _fail(
            "supervisor", "You cannot be your own supervisor" if own else "She cannot supervise herself"
        )
    if not own and all(s.pk != actor.pk for s in supervisors):
        raise _fail(
            "supervisor",
            "You can record your own supervision, or one you gave: name yourself as a supervisor",
        )
    if kind == Kind.HOST and hers.host_organisation_id is None:
        raise _fail(
            "kind",
            f"{'You are' if own else 'She is'} not hosted by a third-sector organisation: "
            "choose another type of supervision",
        )
    for supervisor in supervisors:
        check_supervisor(kind, supervisor, service, hers.host_organisation)
    if reflection.strip() and not own:
        raise _fail("reflection", "Only she can write her reflection")
    if Supervision.objects.filter(peer_worker=peer_worker, kind=kind, held_on=held_on).exists():
        raise _fail(
            "held_on",
            f"{Kind(kind).label} on {held_on:%-d %B %Y} is already recorded for {'you' if own else 'her'}",
        )
    with transaction.atomic():
        supervision = Supervision.objects.create(
            peer_worker=peer_worker,
            service=service,
            kind=kind,
            held_on=held_on,
            duration_minutes=duration_minutes,
            wellbeing_discussed=wellbeing_discussed,
            plans_reviewed=plans_reviewed,
            notes=notes.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        supervision.supervisors.set(supervisors)
        if reflection.strip():
            reflection_save(actor=actor, supervision=supervision, text=reflection)
        audit.record(actor, "create", supervision, membership=membership, summary=f"{supervision} recorded")
    return supervision


def reflection_save(*, actor: Any, supervision: Supervision, text: str) -> Reflection | None:
    """Hers alone: not audited (the trail is read by managers), like her wellbeing (ADR 0006).
    An empty reflection removes it."""
    if supervision.peer_worker_id != actor.pk:
        raise _fail("text", "Only she can write her reflection")
    with transaction.atomic():
        if not text.strip():
            Reflection.objects.filter(supervision=supervision).delete()
            return None
        reflection, _ = Reflection.objects.update_or_create(
            supervision=supervision, defaults={"text": text.strip(), "updated_at": timezone.now()}
        )
    return reflection


def action_add(
    *,
    actor: Any,
    membership: Membership,
    supervision: Supervision,
    need: str,
    description: str,
    owner: Any,
    due_on: dt.date,
) -> Action:
    """A training or support need identified in supervision becomes an action: who, and by when."""
    supervisor_ids = set(supervision.supervisors.values_list("pk", flat=True))
    if actor.pk != supervision.peer_worker_id and actor.pk not in supervisor_ids:
        raise _fail(None, "Actions from a supervision are added by her or her supervisor")
    if not description.strip():
        raise _fail("description", "Say what needs to happen")
    if owner.pk not in {supervision.peer_worker_id, *supervisor_ids} and not works_in(
        owner, supervision.service_id
    ):
        raise _fail(
            "owner", f"{owner} is not her, one of her supervisors, or on the team of {supervision.service}"
        )
    if due_on < supervision.held_on:
        raise _fail("due_on", "The date it is due cannot be before the supervision")
    with transaction.atomic():
        action = Action.objects.create(
            supervision=supervision,
            need=need,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
            created_by=actor,
            created_at=timezone.now(),
        )
        audit.record(actor, "create", action, membership=membership, summary="Supervision action added")
    return action


def action_mark_done(
    *, actor: Any, membership: Membership, action: Action, done_on: dt.date | None = None
) -> Action:
    done_on = done_on or timezone.localdate()
    if action.done_on:
        raise _fail(None, "This action is already done")
    if done_on > timezone.localdate():
        raise _fail("done_on", "It cannot be done in the future")
    with transaction.atomic():
        action.done_on, action.done_by = done_on, actor
        action.save(update_fields=["done_on", "done_by"])
        audit.record(actor, "update", action, membership=membership, summary="Supervision action done")
    return action


def settings_update(
    *, actor: Any, membership: Membership, nhs_supervision_days: int, peer_supervision_days: int
) -> WorkforceSettings:
    """How often the service expects each half of dual supervision: weekly to quarterly."""
    for field, days in (
        ("nhs_supervision_days", nhs_supervision_days),
        ("peer_supervision_days", peer_supervision_days),
    ):
        if not FEWEST_DAYS <= days <= MOST_DAYS:
            raise _fail(field, f"Enter between {FEWEST_DAYS} days (weekly) and {MOST_DAYS} days (quarterly)")
    with transaction.atomic():
        saved, _ = WorkforceSettings.objects.update_or_create(
            service=membership.service,
            defaults={
                "nhs_supervision_days": nhs_supervision_days,
                "peer_supervision_days": peer_supervision_days,
            },
        )
        audit.record(
            actor,
            "update",
            saved,
            membership=membership,
            summary=f"Supervision expected every {nhs_supervision_days} days (NHS) and "
            f"{peer_supervision_days} days (peer)",
        )
    return saved
