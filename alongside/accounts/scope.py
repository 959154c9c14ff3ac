"""The shared base of every app's scoped read helpers (ADR 0002): membership checks only.

Each app answers "which of my rows may this membership see?" in its own `access.py`, on top of
these few checks, and nowhere else. Nothing here knows any app's models: it knows who is acting
(a Membership: one role in one service) and what her role may see (alongside.accounts.rules).
"Missing" and "not yours" both raise Http404 (`found`), so a URL never tells which it was.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import (
    PEER_SUPPORT_WORKFORCE,
    PEER_SUPPORTER_ROLES,
    PERSON_LEVEL_ROLES,
    Perm,
    has_perm,
)
from alongside.organisations.models import Membership, Organisation, Partnership, Role, Service

M = TypeVar("M", bound=Model)


def sees_person_level(membership: Membership | None) -> bool:
    """She acts in a role that may see people at all (never a commissioner or national reviewer)."""
    return membership is not None and membership.role in PERSON_LEVEL_ROLES


def is_peer_worker(membership: Membership) -> bool:
    return membership.role == Role.PEER_WORKER


def user_id(user: Any) -> int | None:
    """The acting user's id, or None for someone not signed in."""
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


def found(queryset: QuerySet[M], pk: object, what: str) -> M:
    """The row `pk` among those she may see, or 404 "No such <what>", whether missing or not hers."""
    row = queryset.filter(pk=pk).first()
    if row is None:
        raise Http404(f"No such {what}")
    return row


def colleagues_for_user(membership: Membership | None, roles: Sequence[str]) -> QuerySet[User]:
    """People holding one of `roles` in the acting service: companions, contacts, supervisors."""
    if membership is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__service_id=membership.service_id,
            memberships__role__in=roles,
            memberships__active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def peer_workers_for_user(
    membership: Membership | None, *, include_volunteers: bool = False
) -> QuerySet[Membership]:
    """Peer workers in the acting service (and light-touch volunteers when asked for)."""
    if membership is None:
        return Membership.objects.none()
    roles = PEER_SUPPORT_WORKFORCE if include_volunteers else PEER_SUPPORTER_ROLES
    return Membership.objects.filter(
        service_id=membership.service_id, role__in=roles, active=True
    ).select_related("user", "host_organisation")


def services_for_aggregates(membership: Membership) -> list[Service]:
    """A national reviewer sees every service; a commissioner the services in her ICB; others their own."""
    qs = Service.objects.select_related("icb").order_by("name")
    if membership.role == Role.NATIONAL_REVIEWER:
        return list(qs)
    if membership.role == Role.COMMISSIONER:
        return list(qs.filter(icb_id=membership.service.icb_id))
    return list(qs.filter(pk=membership.service_id))


# The organisations a service works with (ADR 0002): those in a current partnership with the
# service she is acting in, for the roles that may see partners. Not person-level: a remit is
# about an organisation. Here, below support and partners, because allocation (support) suggests
# hosted peer workers and partners, and the partners pages list them.


def partners_of(service: Service, on: dt.date) -> QuerySet[Organisation]:
    """Third-sector organisations working with the service on that day, by name."""
    working = Partnership.objects.filter(
        Partnership.current(on), service=service, organisation=OuterRef("pk")
    )
    return Organisation.objects.filter(Exists(working), kind=Organisation.Kind.THIRD_SECTOR).order_by("name")


def partners_for_user(membership: Membership | None) -> QuerySet[Organisation]:
    if membership is None or not has_perm(membership.role, Perm.VIEW_PARTNERS):
        return Organisation.objects.none()
    return partners_of(membership.service, timezone.localdate())


def get_partner_for_user(membership: Membership | None, pk: int) -> Organisation:
    return found(partners_for_user(membership).select_related("partner_remit"), pk, "partner")


def hosted_peer_workers(service: Service) -> QuerySet[Membership]:
    """Peer workers (and co-ordinators) in the service hosted by a third-sector organisation."""
    return (
        Membership.objects.filter(
            service=service,
            active=True,
            role__in=PEER_SUPPORTER_ROLES,
            host_organisation__isnull=False,
        )
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )
