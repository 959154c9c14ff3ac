"""Writes that span models. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit import services as audit
from alongside.organisations.models import Membership
from alongside.people.models import Consent, Family, NeedOrBarrier, Person
from alongside.support.models import (
    Allocation,
    Contact,
    GroupSession,
    PeerSupport,
    Status,
    StatusChange,
)


def _set_status(
    peer_support: PeerSupport, *, status: str, actor: Any, on: dt.date, note: str = "", **extra: Any
) -> None:
    peer_support.status = status
    peer_support.status_changed_on = on
    peer_support.status_note = note
    peer_support.end_reason = extra.get("end_reason", "")
    peer_support.review_on = extra.get("review_on")
    peer_support.save()
    StatusChange.objects.create(
        peer_support=peer_support, status=status, changed_on=on, changed_by=actor, note=note, **extra
    )


def referral_create(
    *,
    actor: Any,
    membership: Membership,
    person: dict[str, Any],
    needs: Iterable[NeedOrBarrier],
    consent_given_on: dt.date,
    source: str,
    reason: str,
    family: Family | None = None,
) -> PeerSupport:
    """Refer a person (new record) to peer support at the acting service, with her consent."""
    today = timezone.localdate()
    with transaction.atomic():
        if family is None:
            family = Family.objects.create(service=membership.service)
        new_person = Person(service=membership.service, family=family, **person)
        new_person.full_clean()
        new_person.save()
        new_person.needs.set(needs)
        Consent.objects.create(person=new_person, given_on=consent_given_on, recorded_by=actor)
        peer_support = PeerSupport.objects.create(
            person=new_person,
            service=membership.service,
            source=source,
            referred_by=actor,
            referred_on=today,
            reason=reason,
            status=Status.REFERRED,
            status_changed_on=today,
        )
        StatusChange.objects.create(
            peer_support=peer_support, status=Status.REFERRED, changed_on=today, changed_by=actor
        )
        audit.record(actor, "create", new_person, membership=membership, summary="Referred to peer support")
        audit.record(actor, "create", peer_support, membership=membership)
    return peer_support


def allocation_create(
    *, actor: Any, membership: Membership, peer_support: PeerSupport, peer_workers: Iterable[Any]
) -> list[Allocation]:
    """Allocate one peer worker, or two or more jointly. Allocating someone twice is refused."""
    today = timezone.localdate()
    workers = list(peer_workers)
    if not workers:
        raise ValidationError({"peer_workers": "Choose at least one peer worker"})
    if peer_support.status in (Status.ENDED, Status.DECLINED):
        raise ValidationError({"peer_workers": "Peer support has ended: refer her again to allocate"})
    with transaction.atomic():
        already = set(
            Allocation.objects.filter(peer_support=peer_support, ended_on__isnull=True).values_list(
                "peer_worker_id", flat=True
            )
        )
        twice = [w for w in workers if w.pk in already]
        if twice:
            names = ", ".join(str(w) for w in twice)
            raise ValidationError({"peer_workers": f"{names} is already allocated to {peer_support.person}"})
        allocations = [
            Allocation.objects.create(
                peer_support=peer_support, peer_worker=w, allocated_by=actor, started_on=today
            )
            for w in workers
        ]
        if peer_support.status == Status.REFERRED:
            _set_status(peer_support, status=Status.ALLOCATED, actor=actor, on=today)
        for allocation in allocations:
            audit.record(
                actor,
                "create",
                allocation,
                membership=membership,
                summary=f"Allocated {allocation.peer_worker}",
            )
    return allocations


def status_change(
    *,
    actor: Any,
    membership: Membership,
    peer_support: PeerSupport,
    status: str,
    note: str = "",
    end_reason: str = "",
    review_on: dt.date | None = None,
) -> PeerSupport:
    """Move a relationship to a new status. Ending needs a reason; deferring a reason and a review date."""
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if status == Status.ENDED and not end_reason:
        errors["end_reason"] = "Select why peer support ended"
    if status == Status.DEFERRED:
        if not note.strip():
            errors["note"] = "Enter why the clinical team feels she is too unwell for peer support now"
        if review_on is None:
            errors["review_on"] = "Enter the date the clinical team will look at this again"
        elif review_on <= today:
            errors["review_on"] = "The review date must be in the future"
    if status == peer_support.status and status != Status.DEFERRED:
        errors["status"] = f"Peer support is already {peer_support.get_status_display().lower()}"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        _set_status(
            peer_support,
            status=status,
            actor=actor,
            on=today,
            note=note,
            end_reason=end_reason if status == Status.ENDED else "",
            review_on=review_on if status == Status.DEFERRED else None,
        )
        if status in (Status.ENDED, Status.DECLINED):
            peer_support.allocations.filter(ended_on__isnull=True).update(ended_on=today)
        audit.record(
            actor,
            "update",
            peer_support,
            membership=membership,
            summary=f"Status: {peer_support.get_status_display()}",
        )
    return peer_support


def contact_log(*, actor: Any, membership: Membership, peer_support: PeerSupport, **fields: Any) -> Contact:
    """Log a contact or an attempt. The first successful contact makes the relationship active."""
    with transaction.atomic():
        contact = Contact(peer_support=peer_support, peer_worker=actor, **fields)
        contact.full_clean()
        contact.save()
        if contact.successful and peer_support.status in (Status.REFERRED, Status.ALLOCATED):
            _set_status(peer_support, status=Status.ACTIVE, actor=actor, on=timezone.localdate())
        audit.record(actor, "create", contact, membership=membership)
    return contact


def group_session_create(*, actor: Any, membership: Membership, **fields: Any) -> GroupSession:
    with transaction.atomic():
        session = GroupSession(service=membership.service, led_by=actor, **fields)
        session.full_clean()
        session.save()
        audit.record(actor, "create", session, membership=membership)
    return session


def group_register_take(
    *, actor: Any, membership: Membership, session: GroupSession, attendees: Iterable[PeerSupport]
) -> int:
    """Record who came. Each attendee gets one contact; taking the register again corrects it."""
    wanted = {ps.pk: ps for ps in attendees}
    with transaction.atomic():
        existing = dict(session.attendances.values_list("peer_support_id", "pk"))
        removed = [pk for ps_id, pk in existing.items() if ps_id not in wanted]
        Contact.objects.filter(pk__in=removed).delete()
        Contact.objects.bulk_create(
            Contact(
                peer_support=ps,
                peer_worker=actor,
                contact_with=Contact.With.MOTHER
                if ps.person.family_role == Person.FamilyRole.MOTHER
                else Contact.With.PARTNER,
                occurred_at=session.starts_at,
                duration_minutes=session.duration_minutes,
                mode=session.mode,
                successful=True,
                group_session=session,
                note=f"Attended {session.title}",
            )
            for ps_id, ps in wanted.items()
            if ps_id not in existing
        )
        activate = [ps for ps in wanted.values() if ps.status in (Status.REFERRED, Status.ALLOCATED)]
        for ps in activate:
            _set_status(ps, status=Status.ACTIVE, actor=actor, on=timezone.localdate())
        session.register_taken = True
        session.save(update_fields=["register_taken"])
        audit.record(
            actor, "update", session, membership=membership, summary=f"Register: {len(wanted)} attended"
        )
    return len(wanted)
