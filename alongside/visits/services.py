"""TODO docstring"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.support.models import Contact, PeerSupport
from alongside.visits.models import Alert, Visit
from alongside.wards import services as wards_services


def companion_needed_because(*, peer_worker: Any, peer_support: PeerSupport) -> str:
    """Why this visit must have a clinical companion under the service's rule, or "" if it need not."""
    service = peer_support.service
    if service.accompany_first_meeting:
        met = Contact.objects.filter(
            peer_support=peer_support, peer_worker=peer_worker, successful=True
        ).exists()
        met = (
            met
            or Visit.objects.filter(
                peer_support=peer_support, peer_worker=peer_worker, checked_out_at__isnull=False
            ).exists()
        )
        if not met:
            return f"This is your first meeting with {peer_support.person.name}"
    limit = service.accompanied_visits_for_new_workers
    done = Visit.objects.filter(
        peer_worker=peer_worker, peer_support__service=service, checked_out_at__isnull=False
    ).count()
    if done < limit:
        return f"You have made {done} of your first {limit} visits, which are made with a colleague"
    return ""


def visit_plan(
    *,
    actor: User,
    membership: Membership,
    peer_support: PeerSupport,
    venue: str,
    where: str,
    starts_at: dt.datetime,
    expected_end_at: dt.datetime,
    companion: Any = None,
    named_contact: Any = None,
) -> Visit:
    if expected_end_at <= starts_at:
        raise refused("expected_end_at", "The expected end must be after the start")
    if expected_end_at - starts_at > dt.timedelta(hours=12):
        raise refused("expected_end_at", "A visit can last 12 hours at most")
    if companion is not None and not wards_services.is_clinical_staff(companion, peer_support.service_id):
        raise refused("companion", f"{companion} is not clinical staff of {peer_support.service}")
    reason = companion_needed_because(peer_worker=actor, peer_support=peer_support)
    if companion is None and reason:
        raise refused("companion", f"{reason}: name a member of the clinical staff who will go with you")
    if companion is None and named_contact is None:
        raise refused("named_contact", "Going alone: name who should be told if you do not check out")
    if (
        named_contact is not None
        and not Membership.objects.filter(
            user=named_contact, service_id=peer_support.service_id, active=True
        ).exists()
    ):
        raise refused("named_contact", f"{named_contact} does not work in {peer_support.service}")
    with transaction.atomic():
        visit = Visit.objects.create(
            peer_support=peer_support,
            peer_worker=actor,
            venue=venue,
            where=where,
            starts_at=starts_at,
            expected_end_at=expected_end_at,
            companion=companion,
            named_contact=None if companion else named_contact,
        )
        audit.record(actor, "create", visit, membership=membership, summary="Visit planned")
    return visit


def visit_check_in(
    *, actor: User, membership: Membership, visit: Visit, at: dt.datetime | None = None
) -> Visit:
    at = at or timezone.now()
    if visit.peer_worker_id != actor.pk:
        raise refused(None, "Only the peer worker making the visit checks in")
    if visit.cancelled_at or visit.checked_out_at:
        raise refused(None, "This visit is over")
    if visit.checked_in_at:
        raise refused(None, "You have already checked in")
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise refused("at", "You cannot check in for a time in the future")
    with transaction.atomic():
        visit.checked_in_at = at
        visit.save(update_fields=["checked_in_at"])
        audit.record(actor, "update", visit, membership=membership, summary="Checked in")
    return visit


def visit_check_out(
    *, actor: User, membership: Membership, visit: Visit, at: dt.datetime | None = None
) -> Visit:
    at = at or timezone.now()
    if visit.peer_worker_id != actor.pk:
        raise refused(None, "Only the peer worker making the visit checks out")
    if visit.checked_out_at:
        raise refused(None, "You have already checked out")
    if not visit.checked_in_at:
        raise refused("at", "Check in first: you cannot check out of a visit you have not checked in to")
    if at < visit.checked_in_at:
        raise refused("at", "You cannot check out before you checked in")
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise refused("at", "You cannot check out for a time in the future")
    with transaction.atomic():
        visit.checked_out_at = at
        visit.save(update_fields=["checked_out_at"])
        Alert.objects.filter(visit=visit, cleared_at__isnull=True).update(cleared_at=timezone.now())
        audit.record(actor, "update", visit, membership=membership, summary="Checked out safely")
    return visit


def visit_cancel(*, actor: User, membership: Membership, visit: Visit) -> Visit:
    if visit.checked_in_at:
        raise refused(None, "You have checked in: check out instead")
    with transaction.atomic():
        visit.cancelled_at = timezone.now()
        visit.save(update_fields=["cancelled_at"])
        audit.record(actor, "update", visit, membership=membership, summary="Visit cancelled")
    return visit


def visit_confirm_safe(*, actor: User, membership: Membership, visit: Visit, note: str) -> Visit:
    """A co-ordinator who has reached her records that she is safe; that clears the alert."""
    if not note.strip():
        raise refused("note", "Say how you know she is safe (for example: spoke to her by phone at 14:20)")
    if visit.is_closed:
        raise refused(None, "This visit is already closed")
    with transaction.atomic():
        visit.safe_confirmed_by = actor
        visit.safe_confirmed_at = timezone.now()
        visit.safe_note = note.strip()
        visit.save(update_fields=["safe_confirmed_by", "safe_confirmed_at", "safe_note"])
        Alert.objects.filter(visit=visit, cleared_at__isnull=True).update(cleared_at=visit.safe_confirmed_at)
        audit.record(actor, "update", visit, membership=membership, summary="Recorded that she is safe")
    return visit
