"""Writes for training. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import PEER_SUPPORTER_ROLES, PERSON_LEVEL_ROLES
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.training.access import can_manage
from alongside.training.models import DevelopmentEntry, DevelopmentKind, Module, TrainingRecord


def training_record(
    *,
    actor: User,
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
        raise refused(
            None, "You can record your own training; a co-ordinator or manager records it for others"
        )
    if completed_on > timezone.localdate():
        raise refused("completed_on", "A training record cannot be dated in the future")
    if not Membership.objects.filter(
        user=user, service=service, role__in=PERSON_LEVEL_ROLES, active=True
    ).exists():
        raise refused("user", f"{user} is not on the team of {service}: record training for your own team")
    if not module.active:
        raise refused("module", f"{module} is no longer part of the curriculum")
    if TrainingRecord.objects.filter(user=user, module=module, completed_on=completed_on).exists():
        raise refused(
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


# The curriculum ----------------------------------------------------------------------------

LONGEST_RENEWAL_MONTHS = 120


def _check_curriculum_editor(membership: Membership) -> None:
    if not can_manage(membership):
        raise refused(None, "A co-ordinator or service manager changes the curriculum")


def module_save(
    *,
    actor: User,
    membership: Membership,
    module: Module | None = None,
    name: str,
    description: str = "",
    competencies: str = "",
    renewal_months: int | None = None,
) -> Module:
    """Add a module to the peer worker curriculum, or change one: its name, what it covers, its
    competencies and how often it must be renewed (empty: once is enough)."""
    _check_curriculum_editor(membership)
    name = " ".join(name.split())
    if not name:
        raise refused("name", "Enter a name for the module")
    if renewal_months is not None and renewal_months < 1:
        raise refused("renewal_months", "Enter 1 month or more, or leave it empty if once is enough")
    if renewal_months is not None and renewal_months > LONGEST_RENEWAL_MONTHS:
        raise refused("renewal_months", f"Enter {LONGEST_RENEWAL_MONTHS} months (10 years) or fewer")
    others = Module.objects.filter(name__iexact=name)
    same = (others.exclude(pk=module.pk) if module else others).first()
    if same is not None:
        raise refused("name", f"There is already a module called {same.name}")
    competencies = "\n".join(line.strip() for line in competencies.splitlines() if line.strip())
    with transaction.atomic():
        adding = module is None
        if module is None:
            last = Module.objects.filter(for_staff=False).aggregate(last=Max("position"))["last"]
            module = Module(position=(last or 0) + 1)
        before = module.name
        module.name, module.description = name, description.strip()
        module.competencies, module.renewal_months = competencies, renewal_months
        module.save()
        summary = (
            f"Curriculum: {name} added"
            if adding
            else f"Curriculum: {before} changed" + (f" (now {name})" if before != name else "")
        )
        audit.record(actor, "create" if adding else "update", module, membership=membership, summary=summary)
    return module


def module_set_active(*, actor: User, membership: Membership, module: Module, active: bool) -> Module:
    """Retire a module from the curriculum, or bring it back. Training records of it are kept."""
    _check_curriculum_editor(membership)
    if module.active == active:
        return module
    with transaction.atomic():
        module.active = active
        module.save(update_fields=["active"])
        summary = f"Curriculum: {module.name} {'brought back' if active else 'retired'}"
        audit.record(actor, "update", module, membership=membership, summary=summary)
    return module


# Her development record (recommendations 6 and 14; ADR 0038) -----------------------------------

DEVELOPMENT_IS_HERS = "Your development record is yours: only you add to it or change it"
NOT_A_PEER_SUPPORTER = "A development record is for peer workers and co-ordinators"


def development_entry_save(
    *,
    actor: User,
    membership: Membership,
    entry: DevelopmentEntry | None = None,
    kind: str,
    happened_on: dt.date,
    title: str,
    notes: str = "",
) -> DevelopmentEntry:
    """Add an entry to her own development record, or change one of hers. Nobody else can."""
    if membership.role not in PEER_SUPPORTER_ROLES or membership.user_id != actor.pk:
        raise refused(None, NOT_A_PEER_SUPPORTER)
    if entry is not None and entry.user_id != actor.pk:
        raise refused(None, DEVELOPMENT_IS_HERS)
    if kind not in DevelopmentKind.values:
        raise refused("kind", "Choose what kind of development it was")
    if happened_on > timezone.localdate():
        raise refused("happened_on", "Record what has happened: the date cannot be in the future")
    title = " ".join(title.split())
    if not title:
        raise refused("title", "Enter a title, for example the course or the meeting")
    if len(title) > 200:
        raise refused("title", "Keep the title to 200 characters or fewer")
    now = timezone.now()
    with transaction.atomic():
        adding = entry is None
        if entry is None:
            entry = DevelopmentEntry(user=actor, created_at=now)
        entry.kind, entry.happened_on, entry.title, entry.notes = kind, happened_on, title, notes.strip()
        entry.updated_at = now
        entry.save()
        audit.record(
            actor,
            "create" if adding else "update",
            entry,
            membership=membership,
            summary="Development record: entry added" if adding else "Development record: entry changed",
        )
    return entry


def development_entry_delete(*, actor: User, membership: Membership, entry: DevelopmentEntry) -> None:
    if entry.user_id != actor.pk:
        raise refused(None, DEVELOPMENT_IS_HERS)
    with transaction.atomic():
        audit.record(
            actor, "delete", entry, membership=membership, summary="Development record: entry removed"
        )
        entry.delete()
