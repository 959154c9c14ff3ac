"""Writes for principle 1. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.audit import services as audit
from alongside.organisations.models import Employment, Membership, Role
from alongside.people.models import Person
from alongside.safety import access as safety_access
from alongside.safety import notify
from alongside.safety.models import (
    Alert,
    ArrivalBriefing,
    BriefingEntry,
    DepartureDebrief,
    Escalation,
    GroundRuleItem,
    GroundRules,
    Readiness,
    Shift,
    Visit,
    WellbeingCheckIn,
    WellbeingPlan,
    WellbeingShare,
)
from alongside.support.models import Contact, Group, PeerSupport

CLINICAL_ROLES = (Role.CLINICIAN, Role.SERVICE_MANAGER)


def _fail(field: str | None, message: str) -> ValidationError:
    return ValidationError({field: message} if field else message)


def is_clinical_staff(user: Any, service_id: int) -> bool:
    return Membership.objects.filter(
        user=user, service_id=service_id, role__in=CLINICAL_ROLES, active=True
    ).exists()


# Ward shifts and handovers -----------------------------------------------------------------


def shift_start(*, actor: Any, membership: Membership, started_at: dt.datetime | None = None) -> Shift:
    """Sign in for a ward shift. One shift at a time: overlapping shifts are refused."""
    started_at = started_at or timezone.now()
    if not membership.service.has_wards:
        raise _fail(None, f"{membership.service} has no wards: shifts and handovers are for ward settings")
    if started_at > timezone.now() + dt.timedelta(minutes=5):
        raise _fail("started_at", "A shift cannot start in the future")
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
            raise _fail(
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
    actor: Any,
    membership: Membership,
    shift: Shift,
    ward_note: str,
    risks: str,
    lines: Iterable[BriefingLine],
) -> ArrivalBriefing:
    """A member of the ward's clinical staff briefs the peer worker as she arrives."""
    if not is_clinical_staff(actor, shift.service_id):
        raise _fail(None, "An arrival briefing is given by clinical staff on the ward")
    if shift.ended_at:
        raise _fail(None, "This shift has ended: a briefing is for when she arrives")
    if ArrivalBriefing.objects.filter(shift=shift).exists():
        raise _fail(None, "She has already been briefed for this shift")
    lines = list(lines)
    missing = [line.person.name for line in lines if line.do_not_approach and not line.reason.strip()]
    if missing:
        raise _fail("entries", f"Say why she should not approach {', '.join(missing)} today")
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
    actor: Any,
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
        raise _fail(None, "You can only sign out of your own shift")
    if shift.ended_at:
        raise _fail(None, "You have already signed out of this shift")
    if ended_at < shift.started_at:
        raise _fail("ended_at", "You cannot sign out before you signed in")
    if ended_at > timezone.now() + dt.timedelta(minutes=5):
        raise _fail("ended_at", "You cannot sign out in the future")
    if not concerns and not no_concerns:
        raise _fail(
            "concerns", "Write down any concern for a mother's or baby's safety, or tick that you have none"
        )
    if concerns and no_concerns:
        raise _fail("concerns", "You ticked that you have no concerns but also wrote one: which is it?")
    with transaction.atomic():
        shift.ended_at = ended_at
        shift.save(update_fields=["ended_at"])
        debrief = DepartureDebrief.objects.create(shift=shift, given_at=ended_at, no_concerns=no_concerns)
        for concern in concerns:
            escalation_raise(
                actor=actor, membership=membership, shift=shift, text=concern.text, person=concern.person
            )
        if wellbeing:
            wellbeing_record(actor=actor, shift=shift, **wellbeing)
        audit.record(actor, "create", debrief, membership=membership, summary="Signed out with a debrief")
    return debrief


def shift_close(*, actor: Any, membership: Membership, shift: Shift) -> Shift:
    """A co-ordinator closes a shift someone forgot to sign out of. It stays without a debrief,
    and so counts against handover compliance: the gap is visible, not hidden."""
    if shift.ended_at:
        raise _fail(None, "This shift has already ended")
    if shift.peer_worker_id == actor.pk:
        raise _fail(None, "Sign out of your own shift with a departure debrief")
    with transaction.atomic():
        shift.ended_at = timezone.now()
        shift.save(update_fields=["ended_at"])
        audit.record(actor, "update", shift, membership=membership, summary="Closed without a debrief")
    return shift


def escalation_raise(
    *, actor: Any, membership: Membership, text: str, shift: Shift | None = None, person: Person | None = None
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
        notify.escalation_raised(escalation)
        audit.record(actor, "create", escalation, membership=membership, summary="Safety concern raised")
    return escalation


def escalation_acknowledge(
    *, actor: Any, membership: Membership, escalation: Escalation, action_taken: str
) -> Escalation:
    """Only a clinician (or the service manager) closes a concern, saying what was done."""
    if not is_clinical_staff(actor, escalation.service_id):
        raise _fail(None, "A safety concern is acknowledged by the clinical team")
    if escalation.acknowledged_at:
        raise _fail(None, "This concern has already been acknowledged")
    if not action_taken.strip():
        raise _fail("action_taken", "Say what was done about the concern")
    with transaction.atomic():
        escalation.acknowledged_by = actor
        escalation.acknowledged_at = timezone.now()
        escalation.action_taken = action_taken.strip()
        escalation.save(update_fields=["acknowledged_by", "acknowledged_at", "action_taken"])
        Alert.objects.filter(escalation=escalation, cleared_at__isnull=True).update(
            cleared_at=escalation.acknowledged_at
        )
        audit.record(
            actor, "update", escalation, membership=membership, summary="Safety concern acknowledged"
        )
    return escalation


def wellbeing_record(
    *,
    actor: Any,
    feeling: str,
    note: str = "",
    would_like_follow_up: bool = False,
    shared_with: Any = None,
    shift: Shift | None = None,
) -> WellbeingCheckIn:
    """Hers. Not audited with its content, and readable only by her and whom she shares it with."""
    if shared_with is not None and shared_with.pk == actor.pk:
        shared_with = None
    return WellbeingCheckIn.objects.create(
        peer_worker=actor,
        shift=shift,
        recorded_at=timezone.now(),
        feeling=feeling,
        note=note,
        would_like_follow_up=would_like_follow_up,
        shared_with=shared_with,
    )


def wellbeing_plan_save(
    *, actor: Any, what_helps: str, early_signs: str, who_to_contact: str
) -> WellbeingPlan | None:
    """Hers: written by her alone, and never audited with its content (ADR 0006). An empty plan
    removes it."""
    texts = {
        "what_helps": what_helps.strip(),
        "early_signs": early_signs.strip(),
        "who_to_contact": who_to_contact.strip(),
    }
    with transaction.atomic():
        if not any(texts.values()):
            WellbeingPlan.objects.filter(peer_worker=actor).delete()
            return None
        plan, _ = WellbeingPlan.objects.update_or_create(
            peer_worker=actor, defaults={**texts, "updated_at": timezone.now()}
        )
    return plan


def wellbeing_share(
    *, actor: Any, membership: Membership, people: Iterable[Any], plan: bool, checkins: bool
) -> list[WellbeingShare]:
    """She shares her plan, her check-ins or both with colleagues she chooses in the service she
    is acting in. Sharing again with someone replaces what she shared with them before."""
    people = list(dict.fromkeys(people))
    if not people:
        raise _fail("people", "Choose who to share with")
    if not plan and not checkins:
        raise _fail("what", "Tick what to share: your plan, your check-ins, or both")
    for person in people:
        if person.pk == actor.pk:
            raise _fail("people", "You cannot share with yourself")
        if not Membership.objects.filter(
            user=person, service=membership.service, role__in=safety_access.SHARE_ROLES, active=True
        ).exists():
            raise _fail(
                "people",
                f"{person} does not work in {membership.service}: you can share with colleagues there",
            )
    now = timezone.now()
    with transaction.atomic():
        WellbeingShare.objects.filter(
            peer_worker=actor, shared_with__in=people, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
        shares = WellbeingShare.objects.bulk_create(
            WellbeingShare(
                peer_worker=actor,
                shared_with=person,
                service=membership.service,
                plan=plan,
                checkins=checkins,
                shared_at=now,
            )
            for person in people
        )
        for share in shares:
            audit.record(actor, "create", share, membership=membership, summary="Wellbeing shared")
    return shares


def wellbeing_share_withdraw(*, actor: Any, membership: Any, share: WellbeingShare) -> WellbeingShare:
    """She stops sharing: from this moment the colleague reads nothing more of it."""
    if share.peer_worker_id != actor.pk:
        raise _fail(None, "Only she can withdraw what she shared")
    if share.withdrawn_at is not None:
        raise _fail(None, "You have already stopped sharing this")
    with transaction.atomic():
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        audit.record(actor, "update", share, membership=membership, summary="Wellbeing sharing withdrawn")
    return share


def checkin_unshare(*, actor: Any, membership: Any, checkin: WellbeingCheckIn) -> WellbeingCheckIn:
    """She stops sharing one check-in with the supervisor she chose for it."""
    if checkin.peer_worker_id != actor.pk:
        raise _fail(None, "Only she can stop sharing her check-in")
    with transaction.atomic():
        checkin.shared_with = None
        checkin.save(update_fields=["shared_with"])
        audit.record(actor, "update", checkin, membership=membership, summary="Check-in no longer shared")
    return checkin


# Safe visits and lone working --------------------------------------------------------------


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
    actor: Any,
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
        raise _fail("expected_end_at", "The expected end must be after the start")
    if expected_end_at - starts_at > dt.timedelta(hours=12):
        raise _fail("expected_end_at", "A visit can last 12 hours at most")
    if companion is not None and not is_clinical_staff(companion, peer_support.service_id):
        raise _fail("companion", f"{companion} is not clinical staff of {peer_support.service}")
    reason = companion_needed_because(peer_worker=actor, peer_support=peer_support)
    if companion is None and reason:
        raise _fail("companion", f"{reason}: name a member of the clinical staff who will go with you")
    if companion is None and named_contact is None:
        raise _fail("named_contact", "Going alone: name who should be told if you do not check out")
    if (
        named_contact is not None
        and not Membership.objects.filter(
            user=named_contact, service_id=peer_support.service_id, active=True
        ).exists()
    ):
        raise _fail("named_contact", f"{named_contact} does not work in {peer_support.service}")
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
    *, actor: Any, membership: Membership, visit: Visit, at: dt.datetime | None = None
) -> Visit:
    at = at or timezone.now()
    if visit.peer_worker_id != actor.pk:
        raise _fail(None, "Only the peer worker making the visit checks in")
    if visit.cancelled_at or visit.checked_out_at:
        raise _fail(None, "This visit is over")
    if visit.checked_in_at:
        raise _fail(None, "You have already checked in")
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise _fail("at", "You cannot check in for a time in the future")
    with transaction.atomic():
        visit.checked_in_at = at
        visit.save(update_fields=["checked_in_at"])
        audit.record(actor, "update", visit, membership=membership, summary="Checked in")
    return visit


def visit_check_out(
    *, actor: Any, membership: Membership, visit: Visit, at: dt.datetime | None = None
) -> Visit:
    at = at or timezone.now()
    if visit.peer_worker_id != actor.pk:
        raise _fail(None, "Only the peer worker making the visit checks out")
    if visit.checked_out_at:
        raise _fail(None, "You have already checked out")
    if not visit.checked_in_at:
        raise _fail("at", "Check in first: you cannot check out of a visit you have not checked in to")
    if at < visit.checked_in_at:
        raise _fail("at", "You cannot check out before you checked in")
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise _fail("at", "You cannot check out for a time in the future")
    with transaction.atomic():
        visit.checked_out_at = at
        visit.save(update_fields=["checked_out_at"])
        Alert.objects.filter(visit=visit, cleared_at__isnull=True).update(cleared_at=timezone.now())
        audit.record(actor, "update", visit, membership=membership, summary="Checked out safely")
    return visit


def visit_cancel(*, actor: Any, membership: Membership, visit: Visit) -> Visit:
    if visit.checked_in_at:
        raise _fail(None, "You have checked in: check out instead")
    with transaction.atomic():
        visit.cancelled_at = timezone.now()
        visit.save(update_fields=["cancelled_at"])
        audit.record(actor, "update", visit, membership=membership, summary="Visit cancelled")
    return visit


def visit_confirm_safe(*, actor: Any, membership: Membership, visit: Visit, note: str) -> Visit:
    """A co-ordinator who has reached her records that she is safe; that clears the alert."""
    if not note.strip():
        raise _fail("note", "Say how you know she is safe (for example: spoke to her by phone at 14:20)")
    if visit.is_closed:
        raise _fail(None, "This visit is already closed")
    with transaction.atomic():
        visit.safe_confirmed_by = actor
        visit.safe_confirmed_at = timezone.now()
        visit.safe_note = note.strip()
        visit.save(update_fields=["safe_confirmed_by", "safe_confirmed_at", "safe_note"])
        Alert.objects.filter(visit=visit, cleared_at__isnull=True).update(cleared_at=visit.safe_confirmed_at)
        audit.record(actor, "update", visit, membership=membership, summary="Recorded that she is safe")
    return visit


# Ground rules, readiness and the team ------------------------------------------------------


def ground_rules_agree(
    *,
    actor: Any,
    membership: Membership,
    agreed_on: dt.date,
    text: str,
    items: Iterable[Any],
    peer_support: PeerSupport | None = None,
    group: Group | None = None,
) -> GroundRules:
    items = list(items)
    if not text.strip() and not items:
        raise _fail("text", "Write what you agreed, or tick at least one line of the checklist")
    if agreed_on > timezone.localdate():
        raise _fail("agreed_on", "The date you agreed cannot be in the future")
    with transaction.atomic():
        rules = GroundRules.objects.create(
            peer_support=peer_support, group=group, agreed_on=agreed_on, text=text.strip(), recorded_by=actor
        )
        rules.items.set(items)
        audit.record(actor, "create", rules, membership=membership, summary="Ground rules agreed")
    return rules


def checklist_item_add(*, actor: Any, membership: Membership, text: str) -> GroundRuleItem:
    last = (
        membership.service.ground_rule_items.order_by("-position").values_list("position", flat=True).first()
    )
    item = GroundRuleItem.objects.create(
        service=membership.service, text=text.strip(), position=(last or 0) + 1
    )
    audit.record(actor, "create", item, membership=membership, summary="Ground rules checklist line added")
    return item


def checklist_item_retire(*, actor: Any, membership: Membership, item: GroundRuleItem) -> GroundRuleItem:
    """Retired, not deleted: ground rules already agreed still say what was agreed."""
    item.active = False
    item.save(update_fields=["active"])
    audit.record(actor, "update", item, membership=membership, summary="Ground rules checklist line retired")
    return item


def readiness_record(*, actor: Any, stage: str, note: str = "") -> Readiness:
    """Self-identified: she records it for herself, and nobody else can."""
    return Readiness.objects.create(peer_worker=actor, recorded_at=timezone.now(), stage=stage, note=note)


def team_add(
    *,
    actor: Any,
    membership: Membership,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    employment: str,
    host_organisation: Any = None,
) -> Membership:
    """Onboard a peer worker or a light-touch volunteer. Nothing here asks about her own illness."""
    from alongside.accounts.models import User

    if role not in (Role.PEER_WORKER, Role.LIGHT_TOUCH_VOLUNTEER):
        raise _fail("role", "Add a peer worker or a light-touch volunteer")
    if employment == Employment.HOSTED and host_organisation is None:
        raise _fail("host_organisation", "Name the organisation that hosts her")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(
                username=email.lower(), email=email.lower(), first_name=first_name, last_name=last_name
            )
            user.set_unusable_password()
            user.save()
        if Membership.objects.filter(user=user, service=membership.service, role=role).exists():
            raise _fail("email", f"{email} already has this role in {membership.service}")
        added = Membership.objects.create(
            user=user,
            service=membership.service,
            role=role,
            employment=employment,
            host_organisation=host_organisation if employment == Employment.HOSTED else None,
        )
        audit.record(
            actor,
            "create",
            added,
            membership=membership,
            summary=f"Added {user} as {added.get_role_display()}",
        )
    return added


def volunteer_move_to_full_role(*, actor: Any, membership: Membership, volunteer: Membership) -> Membership:
    """A light-touch volunteer who says she is ready becomes a peer worker. Her word is enough."""
    if volunteer.role != Role.LIGHT_TOUCH_VOLUNTEER:
        raise _fail(None, f"{volunteer.user} is not a light-touch volunteer")
    latest = Readiness.objects.filter(peer_worker=volunteer.user).first()
    if latest is None or latest.stage != Readiness.Stage.READY:
        raise _fail(None, f"{volunteer.user} has not said she feels ready for the full role")
    with transaction.atomic():
        volunteer.role = Role.PEER_WORKER
        volunteer.save(update_fields=["role"])
        audit.record(
            actor, "update", volunteer, membership=membership, summary="Moved to the full peer worker role"
        )
    return volunteer
