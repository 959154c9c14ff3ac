"""Writes that span models. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.notifications import outbox
from alongside.organisations.models import Membership, Role
from alongside.people.models import Consent, Family, NeedOrBarrier, Person
from alongside.support.models import (
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
    Status,
    StatusChange,
)
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, TaxonomyTerm


def _set_status(
    peer_support: PeerSupport, *, status: str, actor: User, on: dt.date, note: str = "", **extra: Any
) -> None:
    peer_support.status = status
    peer_support.status_changed_on = on
    peer_support.status_note = note
    peer_support.end_reason = extra.get("end_reason", "")
    peer_support.review_on = extra.get("review_on")
    # Only the fields a status owns: a full save() from a stale copy would put back an older
    # last_contact_at than a contact logged meanwhile.
    peer_support.save(update_fields=["status", "status_changed_on", "status_note", "end_reason", "review_on"])
    StatusChange.objects.create(
        peer_support=peer_support, status=status, changed_on=on, changed_by=actor, note=note, **extra
    )


def referral_create(
    *,
    actor: User,
    membership: Membership,
    person: dict[str, Any],
    needs: Iterable[NeedOrBarrier],
    consent_given_on: dt.date,
    source: str,
    reason: str,
    family: Family | None = None,
    terms: Iterable[TaxonomyTerm] = (),
) -> PeerSupport:
    """Refer a person (new record) to peer support at the acting service, with her consent.

    `terms` are the conditions, communities and ways of being supported she has given, in the
    directory's vocabularies; each goes on her record by its taxonomy."""
    today = timezone.localdate()
    with transaction.atomic():
        if family is None:
            family = Family.objects.create(service=membership.service)
        new_person = Person(service=membership.service, family=family, **person)
        new_person.full_clean()
        new_person.save()
        new_person.needs.set(needs)
        terms = list(terms)
        new_person.conditions.set(t for t in terms if t.taxonomy_id == CONDITIONS)
        new_person.communities.set(t for t in terms if t.taxonomy_id == COMMUNITIES)
        new_person.preferred_modes.set(t for t in terms if t.taxonomy_id == MODES)
        consent = Consent.objects.create(person=new_person, given_on=consent_given_on, recorded_by=actor)
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
        audit.record(actor, "create", consent, membership=membership)
        audit.record(actor, "create", peer_support, membership=membership)
    return peer_support


def allocation_create(
    *, actor: User, membership: Membership, peer_support: PeerSupport, peer_workers: Iterable[Any]
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
    actor: User,
    membership: Membership,
    peer_support: PeerSupport,
    status: str,
    note: str = "",
    end_reason: str = "",
    review_on: dt.date | None = None,
    effective_on: dt.date | None = None,
) -> PeerSupport:
    """Move a relationship to a new status. Ending needs a reason; deferring a reason and a review date.

    `effective_on` lets a change be recorded after the fact ("she ended it last Friday"), but
    never in the future and never before she was referred or before the last change.
    """
    today = timezone.localdate()
    on = effective_on or today
    errors: dict[str, str] = {}
    earliest = max(peer_support.referred_on, peer_support.status_changed_on)
    if on > today:
        errors["effective_on"] = "The date of the change cannot be in the future"
    elif on < earliest:
        errors["effective_on"] = (
            f"The date of the change cannot be before {earliest:%-d %B %Y}, the last change"
        )
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
            on=on,
            note=note,
            end_reason=end_reason if status == Status.ENDED else "",
            review_on=review_on if status == Status.DEFERRED else None,
        )
        if status in (Status.ENDED, Status.DECLINED):
            for allocation in peer_support.allocations.filter(ended_on__isnull=True):
                allocation.ended_on = on
                allocation.save(update_fields=["ended_on"])
                audit.record(actor, "update", allocation, membership=membership, summary="Allocation ended")
        audit.record(
            actor,
            "update",
            peer_support,
            membership=membership,
            summary=f"Status: {peer_support.get_status_display()}",
        )
    return peer_support


def consent_withdraw(
    *, actor: User, membership: Membership, person: Person, withdrawn_on: dt.date
) -> Consent:
    """Record that she has withdrawn her consent to peer support. Her consent is one, on her one
    record, so withdrawing it ends her peer support everywhere (ADR 0024): every relationship
    still open, in every service she is known to, becomes declined, and the co-ordinators of each
    other service are told by email (no name in it: the page has her)."""
    consent = person.consents.filter(withdrawn_on__isnull=True).first()
    if consent is None:
        raise ValidationError({"withdrawn_on": "There is no current consent to withdraw"})
    if withdrawn_on > timezone.localdate():
        raise ValidationError({"withdrawn_on": "The date she withdrew cannot be in the future"})
    if withdrawn_on < consent.given_on:
        agreed = f"{consent.given_on:%-d %B %Y}"
        message = f"The date she withdrew cannot be before she agreed ({agreed})"
        raise ValidationError({"withdrawn_on": message})
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        audit.record(actor, "update", consent, membership=membership, summary="Consent withdrawn")
        still_open = person.peer_supports.exclude(status__in=[Status.ENDED, Status.DECLINED]).select_related(
            "service"
        )
        for peer_support in still_open:
            status_change(
                actor=actor,
                membership=membership,
                peer_support=peer_support,
                status=Status.DECLINED,
                note="She withdrew her consent to peer support",
                effective_on=max(withdrawn_on, peer_support.referred_on, peer_support.status_changed_on),
            )
            if peer_support.service_id != membership.service_id:
                _tell_coordinators_consent_withdrawn(peer_support, recorded_at=membership.service)
    return consent


def _tell_coordinators_consent_withdrawn(peer_support: PeerSupport, *, recorded_at: Any) -> None:
    outbox.tell_staff(
        peer_support.service,
        [Role.COORDINATOR],
        subject="Alongside: a mother has withdrawn her consent to peer support",
        body=(
            f"A mother supported at {peer_support.service} has withdrawn her consent to peer "
            f"support, recorded at {recorded_at}. Her peer support at {peer_support.service} "
            "has been closed as declined, and her peer workers' allocations have ended.\n"
            "Please make sure no one contacts her about peer support. Alongside has the details."
        ),
    )


def last_contact_refresh(peer_support_ids: Iterable[int] | None = None) -> int:
    """Set each case's last_contact_at from its successful contacts (all cases when given None).

    For writes that may move it back (a contact taken off a register, corrected or deleted) and
    for data loaded in bulk (the demo builder, the generator): one UPDATE, on the contacts'
    (peer_support, successful, occurred_at) index. Returns the number of cases updated."""
    latest = (
        Contact.objects.filter(peer_support=OuterRef("pk"), successful=True)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    cases = (
        PeerSupport.objects.all()
        if peer_support_ids is None
        else PeerSupport.objects.filter(pk__in=list(peer_support_ids))
    )
    return cases.update(last_contact_at=Subquery(latest))


def _contact_happened(peer_supports: list[PeerSupport], at: dt.datetime) -> None:
    """A successful contact at `at` with each of them: move each case's last contact forward,
    never back, in one UPDATE whose condition keeps the later contact when two are logged at once."""
    if not peer_supports:
        return
    PeerSupport.objects.filter(pk__in=[ps.pk for ps in peer_supports]).filter(
        Q(last_contact_at__isnull=True) | Q(last_contact_at__lt=at)
    ).update(last_contact_at=at)
    for ps in peer_supports:
        if ps.last_contact_at is None or ps.last_contact_at < at:
            ps.last_contact_at = at


def contact_log(*, actor: User, membership: Membership, peer_support: PeerSupport, **fields: Any) -> Contact:
    """Log a contact or an attempt. The first successful contact makes the relationship active;
    every successful one moves her last contact on (an attempt that failed does not)."""
    with transaction.atomic():
        contact = Contact(peer_support=peer_support, peer_worker=actor, **fields)
        contact.full_clean()
        contact.save()
        if contact.successful:
            _contact_happened([peer_support], contact.occurred_at)
        if contact.successful and peer_support.status in (Status.REFERRED, Status.ALLOCATED):
            _set_status(peer_support, status=Status.ACTIVE, actor=actor, on=timezone.localdate())
        audit.record(actor, "create", contact, membership=membership)
    return contact


def group_session_create(
    *, actor: User, membership: Membership, group: Group | None = None, repeats: bool = False, **fields: Any
) -> GroupSession:
    """A session of a group that meets again (its name and kind come from the group), or a
    one-off; `repeats` makes a new group for it."""
    with transaction.atomic():
        if group is None and repeats:
            group, _ = Group.objects.get_or_create(
                service=membership.service, name=fields["title"], defaults={"kind": fields["kind"]}
            )
        if group is not None:
            fields["title"] = fields.get("title") or group.name
            fields["kind"] = fields.get("kind") or group.kind
        session = GroupSession(service=membership.service, led_by=actor, group=group, **fields)
        session.full_clean()
        session.save()
        audit.record(actor, "create", session, membership=membership)
    return session


def group_register_take(
    *, actor: User, membership: Membership, session: GroupSession, attendees: Iterable[PeerSupport]
) -> int:
    """Record who came. Each attendee gets one contact; taking the register again corrects it."""
    wanted = {ps.pk: ps for ps in attendees}
    with transaction.atomic():
        existing = {c.peer_support_id: c for c in session.attendances.all()}
        removed = [ps_id for ps_id in existing if ps_id not in wanted]
        for ps_id in removed:
            contact = existing[ps_id]
            audit.record(actor, "delete", contact, membership=membership, summary="Taken off the register")
            contact.delete()
        if removed:  # her last contact may have been this session
            last_contact_refresh(removed)
        created = Contact.objects.bulk_create(
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
        for contact in created:
            audit.record(actor, "create", contact, membership=membership, summary=f"Attended {session.title}")
        _contact_happened([ps for ps_id, ps in wanted.items() if ps_id not in existing], session.starts_at)
        activate = [ps for ps in wanted.values() if ps.status in (Status.REFERRED, Status.ALLOCATED)]
        for ps in activate:
            _set_status(ps, status=Status.ACTIVE, actor=actor, on=timezone.localdate())
        session.register_taken = True
        session.save(update_fields=["register_taken"])
        audit.record(
            actor, "update", session, membership=membership, summary=f"Register: {len(wanted)} attended"
        )
    return len(wanted)
