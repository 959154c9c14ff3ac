"""Writes for principle 1. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import JOINING_ROLES
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Employment, Membership, Role
from alongside.safety.models import GroundRuleItem, GroundRules
from alongside.support.models import Group, PeerSupport
from alongside.wellbeing.models import Readiness

# Ward shifts and handovers -----------------------------------------------------------------


# Safe visits and lone working --------------------------------------------------------------


# Ground rules, readiness and the team ------------------------------------------------------


def ground_rules_agree(
    *,
    actor: User,
    membership: Membership,
    agreed_on: dt.date,
    text: str,
    items: Iterable[Any],
    peer_support: PeerSupport | None = None,
    group: Group | None = None,
) -> GroundRules:
    items = list(items)
    if not text.strip() and not items:
        raise refused("text", "Write what you agreed, or tick at least one line of the checklist")
    if agreed_on > timezone.localdate():
        raise refused("agreed_on", "The date you agreed cannot be in the future")
    with transaction.atomic():
        rules = GroundRules.objects.create(
            peer_support=peer_support, group=group, agreed_on=agreed_on, text=text.strip(), recorded_by=actor
        )
        rules.items.set(items)
        audit.record(actor, "create", rules, membership=membership, summary="Ground rules agreed")
    return rules


def checklist_item_add(*, actor: User, membership: Membership, text: str) -> GroundRuleItem:
    last = (
        membership.service.ground_rule_items.order_by("-position").values_list("position", flat=True).first()
    )
    item = GroundRuleItem.objects.create(
        service=membership.service, text=text.strip(), position=(last or 0) + 1
    )
    audit.record(actor, "create", item, membership=membership, summary="Ground rules checklist line added")
    return item


def checklist_item_retire(*, actor: User, membership: Membership, item: GroundRuleItem) -> GroundRuleItem:
    """Retired, not deleted: ground rules already agreed still say what was agreed."""
    item.active = False
    item.save(update_fields=["active"])
    audit.record(actor, "update", item, membership=membership, summary="Ground rules checklist line retired")
    return item


def team_add(
    *,
    actor: User,
    membership: Membership,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    employment: str,
    host_organisation: Any = None,
) -> Membership:
    """Onboard a peer worker or a light-touch volunteer. Nothing here asks about her own illness."""

    if role not in JOINING_ROLES:
        raise refused("role", "Add a peer worker or a light-touch volunteer")
    if employment == Employment.HOSTED and host_organisation is None:
        raise refused("host_organisation", "Name the organisation that hosts her")
    with transaction.atomic():
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User(
                username=email.lower(), email=email.lower(), first_name=first_name, last_name=last_name
            )
            user.set_unusable_password()
            user.save()
        if Membership.objects.filter(user=user, service=membership.service, role=role).exists():
            raise refused("email", f"{email} already has this role in {membership.service}")
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


def volunteer_move_to_full_role(*, actor: User, membership: Membership, volunteer: Membership) -> Membership:
    """A light-touch volunteer who says she is ready becomes a peer worker. Her word is enough."""
    if volunteer.role != Role.LIGHT_TOUCH_VOLUNTEER:
        raise refused(None, f"{volunteer.user} is not a light-touch volunteer")
    latest = Readiness.objects.filter(peer_worker=volunteer.user).first()
    if latest is None or latest.stage != Readiness.Stage.READY:
        raise refused(None, f"{volunteer.user} has not said she feels ready for the full role")
    with transaction.atomic():
        volunteer.role = Role.PEER_WORKER
        volunteer.save(update_fields=["role"])
        audit.record(
            actor, "update", volunteer, membership=membership, summary="Moved to the full peer worker role"
        )
    return volunteer
