"""TODO docstring"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import CLINICAL_ROLES
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.notifications.outbox import addresses, queue, staff
from alongside.organisations.models import Membership, Role
from alongside.people.models import Person
from alongside.wards.models import ArrivalBriefing, BriefingEntry, DepartureDebrief, Escalation, Shift
from alongside.wards.signals import escalation_acknowledged
from alongside.wellbeing import services as wellbeing_services


def is_clinical_staff(user: Any, service_id: int) -> bool:
    return Membership.objects.filter(
        user=user, service_id=service_id, role__in=CLINICAL_ROLES, active=True
    ).exists()


def shift_start(*, actor: User, membership: Membership, started_at: dt.datetime | None = None) -> Shift:
    """Sign in for a ward shift. One shift at a time: overlapping shifts are refused."""
    started_at = started_at or timezone.now()
    if not membership.service.has_wards:
        raise refused(None, f"{membership.service} has no wards: shifts and handovers are for ward settings")
    if started_at > timezone.now() + dt.timedelta(minutes=5):
        raise refused("started_at", "A shift cannot start in the future")
    with transaction.atomic():
        clash = (
            Shift.objects.select_for_update()
            .filter(peer_worker=actor, started_at__lte=started_at)
            .exclude(ended_at__lt=started_at)
            .first()
        )
        if clash is None:
            clash = Shift.objects.filter(peer_worker=actor, started_at__gt=started_at).first()
        if clash is not None:
            raise refused(
                "started_at",
                f"This would overlap your shift from {timezone.localtime(clash.started_at):%-d %b %H:%M}"
                + ("" if clash.ended_at else ": sign out of it first"),
            )
        shift = Shift.objects.create(peer_worker=actor, service=membership.service, started_at=started_at)
        audit.record(actor, "create", shift, membership=membership, summary="Signed in for a ward shift")
    return shift


@dataclass(frozen=True)
class BriefingLine:
    person: Person
    how_she_is: str = ""
    do_not_approach: bool = False
    reason: str = ""


def briefing_give(
    *,
    actor: User,
    membership: Membership,
    shift: Shift,
    ward_note: str,
    risks: str,
    lines: Iterable[BriefingLine],
) -> ArrivalBriefing:
    """A member of the ward's clinical staff briefs the peer worker as she arrives."""
    if not is_clinical_staff(actor, shift.service_id):
        raise refused(None, "An arrival briefing is given by clinical staff on the ward")
    if shift.ended_at:
        raise refused(None, "This shift has ended: a briefing is for when she arrives")
    if ArrivalBriefing.objects.filter(shift=shift).exists():
        raise refused(None, "She has already been briefed for this shift")
    lines = list(lines)
    missing = [line.person.name for line in lines if line.do_not_approach and not line.reason.strip()]
    if missing:
        raise refused("entries", f"Say why she should not approach {', '.join(missing)} today")
    with transaction.atomic():
        briefing = ArrivalBriefing.objects.create(
            shift=shift, given_by=actor, given_at=timezone.now(), ward_note=ward_note, risks=risks
        )
        BriefingEntry.objects.bulk_create(
            BriefingEntry(
                briefing=briefing,
                person=line.person,
                how_she_is=line.how_she_is,
                do_not_approach=line.do_not_approach,
                reason=line.reason,
            )
            for line in lines
            if line.how_she_is or line.do_not_approach
        )
        audit.record(actor, "create", briefing, membership=membership, summary="Arrival briefing given")
    return briefing


@dataclass(frozen=True)
class Concern:
    text: str
    person: Person | None = None


def shift_end(
    *,
    actor: User,
    membership: Membership,
    shift: Shift,
    concerns: Iterable[Concern],
    no_concerns: bool,
    wellbeing: dict[str, Any] | None,
    ended_at: dt.datetime | None = None,
) -> DepartureDebrief:
    """Sign out with a departure debrief: safety concerns go to the clinical team as escalations;
    her wellbeing is recorded for her and the one supervisor she chooses, and nobody else."""
    ended_at = ended_at or timezone.now()
    concerns = [c for c in concerns if c.text.strip()]
    if shift.peer_worker_id != actor.pk:
        raise refused(None, "You can only sign out of your own shift")
    if shift.ended_at:
        raise refused(None, "You have already signed out of this shift")
    if ended_at < shift.started_at:
        raise refused("ended_at", "You cannot sign out before you signed in")
    if ended_at > timezone.now() + dt.timedelta(minutes=5):
        raise refused("ended_at", "You cannot sign out in the future")
    if not concerns and not no_concerns:
        raise refused(
            "concerns", "Write down any concern for a mother's or baby's safety, or tick that you have none"
        )
    if concerns and no_concerns:
        raise refused("concerns", "You ticked that you have no concerns but also wrote one: which is it?")
    with transaction.atomic():
        shift.ended_at = ended_at
        shift.save(update_fields=["ended_at"])
        debrief = DepartureDebrief.objects.create(shift=shift, given_at=ended_at, no_concerns=no_concerns)
        for concern in concerns:
            escalation_raise(
                actor=actor, membership=membership, shift=shift, text=concern.text, person=concern.person
            )
        if wellbeing:
            wellbeing_services.wellbeing_record(actor=actor, shift=shift, **wellbeing)
        audit.record(actor, "create", debrief, membership=membership, summary="Signed out with a debrief")
    return debrief


def shift_close(*, actor: User, membership: Membership, shift: Shift) -> Shift:
    """A co-ordinator closes a shift someone forgot to sign out of. It stays without a debrief,
    and so counts against handover compliance: the gap is visible, not hidden."""
    if shift.ended_at:
        raise refused(None, "This shift has already ended")
    if shift.peer_worker_id == actor.pk:
        raise refused(None, "Sign out of your own shift with a departure debrief")
    with transaction.atomic():
        shift.ended_at = timezone.now()
        shift.save(update_fields=["ended_at"])
        audit.record(actor, "update", shift, membership=membership, summary="Closed without a debrief")
    return shift


def escalation_raise(
    *,
    actor: User,
    membership: Membership,
    text: str,
    shift: Shift | None = None,
    person: Person | None = None,
) -> Escalation:
    with transaction.atomic():
        escalation = Escalation.objects.create(
            service=membership.service,
            raised_by=actor,
            raised_at=timezone.now(),
            shift=shift,
            person=person,
            concern=text.strip(),
        )
        escalation_raised(escalation)
        audit.record(actor, "create", escalation, membership=membership, summary="Safety concern raised")
    return escalation


def escalation_acknowledge(
    *, actor: User, membership: Membership, escalation: Escalation, action_taken: str
) -> Escalation:
    """Only a clinician (or the service manager) closes a concern, saying what was done."""
    if not is_clinical_staff(actor, escalation.service_id):
        raise refused(None, "A safety concern is acknowledged by the clinical team")
    if escalation.acknowledged_at:
        raise refused(None, "This concern has already been acknowledged")
    if not action_taken.strip():
        raise refused("action_taken", "Say what was done about the concern")
    with transaction.atomic():
        escalation.acknowledged_by = actor
        escalation.acknowledged_at = timezone.now()
        escalation.action_taken = action_taken.strip()
        escalation.save(update_fields=["acknowledged_by", "acknowledged_at", "action_taken"])
        escalation_acknowledged.send(sender=Escalation, escalation=escalation)
        audit.record(
            actor, "update", escalation, membership=membership, summary="Safety concern acknowledged"
        )
    return escalation


def escalation_raised(escalation: Escalation) -> None:
    """Tell the service's clinical team at once. No names in email: the page has the detail."""
    queue(
        addresses(staff(escalation.service, [Role.CLINICIAN])),
        "Alongside: a peer worker has raised a safety concern",
        f"A peer worker raised a concern for a mother's or baby's safety at {escalation.service}.\n"
        "Please read and acknowledge it in Alongside: Safety concerns.",
        escalation=escalation,
    )
