"""Writes for training. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit import services as audit
from alongside.organisations.models import Membership
from alongside.training.access import TEAM_ROLES, can_manage
from alongside.training.models import Module, TrainingRecord


def _fail(field: str | None, message: str) -> ValidationError:
    return ValidationError({field: message} if field else message)


def training_record(
    *,
    actor: Any,
    membership: Membership,
    user: Any,
    module: Module,
    completed_on: dt.date,
    provider: str = "",
    accredited: bool = False,
    evidence: str = "",
) -> TrainingRecord:
    """Record training she completed, or a staff member's attendance at the session on the peer
    worker role. She records her own; those who manage the team record anyone's on it."""
    service = membership.service
    own = actor.pk == user.pk
    if not own and not can_manage(membership):
        raise _fail(None, "You can record your own training; a co-ordinator or manager records it for others")
    if completed_on > timezone.localdate():
        raise _fail("completed_on", "A training record cannot be dated in the future")
    if not Membership.objects.filter(user=user, service=service, role__in=TEAM_ROLES, active=True).exists():
        raise _fail("user", f"{user} is not on the team of {service}: record training for your own team")
    if not module.active:
        raise _fail("module", f"{module} is no longer part of the curriculum")
    if TrainingRecord.objects.filter(user=user, module=module, completed_on=completed_on).exists():
        raise _fail(
            "completed_on",
            f"{module} on {completed_on:%-d %B %Y} is already recorded for {'you' if own else user}",
        )
    with transaction.atomic():
        record = TrainingRecord.objects.create(
            user=user,
            module=module,
            completed_on=completed_on,
            provider=provider.strip(),
            accredited=accredited,
            evidence=evidence.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(actor, "create", record, membership=membership, summary=f"Training recorded: {record}")
    return record
