"""Who may see and change what she offers, her timetable and her calendar feed (ADR 0002).

Her choices, her timetable and her feed are hers to change, and nobody else's: not her
co-ordinator's, not a manager's. Those who manage the team (Perm.MANAGE_TEAM) of the service she
works in may read her choices and her timetable (supervision reviews it). The service's menu is
the national one plus what the service added and has not retired. Views use only these helpers;
"missing" and "not yours" both raise Http404.
"""

import datetime as dt
import hashlib
from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE, Perm, has_perm
from alongside.organisations.models import Membership
from alongside.support.models import GroupSession
from alongside.timetable import metrics
from alongside.timetable.models import CalendarFeed, Slot
from alongside.visits.models import Visit
from alongside.workforce.models import SupportForm


def can_manage(membership: Membership | None) -> bool:
    return membership is not None and has_perm(membership.role, Perm.MANAGE_TEAM)


# The menu ----------------------------------------------------------------------------------


def menu_for(service_id: int, *, also: int | None = None) -> QuerySet[SupportForm]:
    """What a peer worker of the service may choose: the national menu and the service's own
    additions, without those it retired (except `also`: the one a slot already names). The
    national menu comes first."""
    offered = Q(service=None) | Q(service_id=service_id)
    on_menu = offered & Q(retirement__isnull=True)
    return SupportForm.objects.filter(on_menu | Q(pk=also) if also else on_menu).order_by(
        F("service").asc(nulls_first=True), "position", "label"
    )


def retired_for(service_id: int) -> QuerySet[SupportForm]:
    return SupportForm.objects.filter(service_id=service_id, retirement__isnull=False).order_by("label")


def get_service_form_for_user(membership: Membership | None, pk: int) -> SupportForm:
    """One the acting service added and still offers, for those who manage the team. National
    forms, other services' forms and retired forms are all 404."""
    if membership is None or not can_manage(membership):
        raise Http404("No such form of support")
    found = menu_for(membership.service_id).filter(pk=pk, service_id=membership.service_id).first()
    if found is None:
        raise Http404("No such form of support")
    return found


def chosen_for(membership: Membership) -> QuerySet[SupportForm]:
    """What she has chosen to offer in this service (nothing until she first chooses)."""
    return SupportForm.objects.filter(profiles__membership=membership).order_by(
        F("service").asc(nulls_first=True), "position", "label"
    )


# Her timetable -----------------------------------------------------------------------------


def slots_for_user(membership: Membership | None) -> QuerySet[Slot]:
    """Her own slots in the service she is acting in."""
    if membership is None or membership.role not in PEER_SUPPORT_WORKFORCE:
        return Slot.objects.none()
    return Slot.objects.filter(membership=membership).select_related("support_form")


def get_own_slot_for_user(membership: Membership | None, pk: int) -> Slot:
    """Only she changes her slot: everyone else, her co-ordinator included, gets 404."""
    found = slots_for_user(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such slot")
    return found


def her_other_slots(membership: Membership, weekday: int, exclude_pk: int | None = None) -> QuerySet[Slot]:
    """Her slots on a weekday in every service she works in now: she cannot be in two places."""
    slots = Slot.objects.filter(
        membership__user_id=membership.user_id, membership__active=True, weekday=weekday
    ).select_related("membership__service", "support_form")
    return slots.exclude(pk=exclude_pk) if exclude_pk else slots


# Her co-ordinator's view -------------------------------------------------------------------


def team_for_user(membership: Membership | None) -> QuerySet[Membership]:
    """Those who keep a timetable in the acting service, with their choices and their slots,
    for those who manage the team."""
    if membership is None or not can_manage(membership):
        return Membership.objects.none()
    return metrics.team(membership.service)


def get_team_member_for_user(membership: Membership | None, pk: int) -> Membership:
    found = team_for_user(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such member of the team")
    return found


# Her calendar feed -------------------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_for_user(user: Any) -> CalendarFeed | None:
    user_id = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
    return CalendarFeed.objects.filter(user_id=user_id).first() if user_id else None


def get_feed_for_token(token: str) -> CalendarFeed:
    """The feed whose secret this is. An unknown or replaced secret, or one of someone who no
    longer works here (no active role that keeps a timetable), is 404."""
    found = (
        CalendarFeed.objects.filter(token_hash=hash_token(token), user__is_active=True)
        .select_related("user")
        .first()
    )
    if found is None or not active_memberships(found.user).exists():
        raise Http404("No such calendar")
    return found


def active_memberships(user: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(user=user, active=True, role__in=PEER_SUPPORT_WORKFORCE)


def feed_slots(user: Any) -> QuerySet[Slot]:
    return Slot.objects.filter(membership__in=active_memberships(user)).select_related(
        "support_form", "membership__service"
    )


def feed_group_sessions(user: Any, since: dt.datetime, until: dt.datetime) -> QuerySet[GroupSession]:
    """Groups she leads, in the services she works in now."""
    services = active_memberships(user).values("service_id")
    return GroupSession.objects.filter(
        led_by=user, service_id__in=services, starts_at__gte=since, starts_at__lt=until
    ).select_related("service")


def feed_visits(user: Any, since: dt.datetime, until: dt.datetime) -> QuerySet[Visit]:
    """Her visits, not cancelled, in the services she works in now. Only the postcode of the
    person she visits is read (for its district): never her name or anything else about her."""
    services = active_memberships(user).values("service_id")
    return (
        Visit.objects.filter(
            peer_worker=user,
            peer_support__service_id__in=services,
            cancelled_at__isnull=True,
            starts_at__gte=since,
            starts_at__lt=until,
        )
        .annotate(home_postcode=F("peer_support__person__postcode"))
        .only("pk", "venue", "starts_at", "expected_end_at", "companion_id", "peer_support_id")
    )
