"""TODO docstring"""

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import COLLEAGUE_ROLES
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.wellbeing.models import Readiness, WellbeingCheckIn, WellbeingPlan, WellbeingShare


def wellbeing_record(
    *,
    actor: User,
    feeling: str,
    note: str = "",
    would_like_follow_up: bool = False,
    shared_with: Any = None,
    shift: Any = None,  # the ward shift she is signing out of (a wards.Shift), if any
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
    *, actor: User, what_helps: str, early_signs: str, who_to_contact: str
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
    *, actor: User, membership: Membership, people: Iterable[Any], plan: bool, checkins: bool
) -> list[WellbeingShare]:
    """She shares her plan, her check-ins or both with colleagues she chooses in the service she
    is acting in. Sharing again with someone replaces what she shared with them before."""
    people = list(dict.fromkeys(people))
    if not people:
        raise refused("people", "Choose who to share with")
    if not plan and not checkins:
        raise refused("what", "Tick what to share: your plan, your check-ins, or both")
    for person in people:
        if person.pk == actor.pk:
            raise refused("people", "You cannot share with yourself")
        if not Membership.objects.filter(
            user=person, service=membership.service, role__in=COLLEAGUE_ROLES, active=True
        ).exists():
            raise refused(
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


def wellbeing_share_withdraw(
    *, actor: User, membership: Membership | None, share: WellbeingShare
) -> WellbeingShare:
    """She stops sharing: from this moment the colleague reads nothing more of it."""
    if share.peer_worker_id != actor.pk:
        raise refused(None, "Only she can withdraw what she shared")
    if share.withdrawn_at is not None:
        raise refused(None, "You have already stopped sharing this")
    with transaction.atomic():
        share.withdrawn_at = timezone.now()
        share.save(update_fields=["withdrawn_at"])
        audit.record(actor, "update", share, membership=membership, summary="Wellbeing sharing withdrawn")
    return share


def checkin_unshare(
    *, actor: User, membership: Membership | None, checkin: WellbeingCheckIn
) -> WellbeingCheckIn:
    """She stops sharing one check-in with the supervisor she chose for it."""
    if checkin.peer_worker_id != actor.pk:
        raise refused(None, "Only she can stop sharing her check-in")
    with transaction.atomic():
        checkin.shared_with = None
        checkin.save(update_fields=["shared_with"])
        audit.record(actor, "update", checkin, membership=membership, summary="Check-in no longer shared")
    return checkin


def readiness_record(*, actor: User, stage: str, note: str = "") -> Readiness:
    """Self-identified: she records it for herself, and nobody else can."""
    return Readiness.objects.create(peer_worker=actor, recorded_at=timezone.now(), stage=stage, note=note)
