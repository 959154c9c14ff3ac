"""Aggregates for people who see no person: every count is small-number suppressed."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from alongside.lib.suppression import suppress
from alongside.organisations.models import Membership, Role, Service
from alongside.support.models import CASELOAD_STATUSES, Contact, PeerSupport
from alongside.transitions import metrics as transition_metrics


@dataclass(frozen=True)
class SummaryRow:
    service: str
    referrals: str
    in_support: str
    contacts: str
    hours: str
    transitions: str = ""  # people discharged or transferred whose outcome is known (alongside.transitions)
    kept_support: str = ""  # the share of them whose peer support carried on


def services_for_aggregates(membership: Membership) -> list[Service]:
    """A national reviewer sees every service; a commissioner the services in her ICB; others their own."""
    qs = Service.objects.select_related("icb").order_by("name")
    if membership.role == Role.NATIONAL_REVIEWER:
        return list(qs)
    if membership.role == Role.COMMISSIONER:
        return list(qs.filter(icb_id=membership.service.icb_id))
    return list(qs.filter(pk=membership.service_id))


def summary_rows(membership: Membership, *, today: dt.date) -> list[SummaryRow]:
    """Referrals and contacts in the last 12 months, and people in support now, per service."""
    national = membership.role == Role.NATIONAL_REVIEWER
    services = services_for_aggregates(membership)
    since = today - dt.timedelta(days=365)
    referral_counts = dict(
        PeerSupport.objects.filter(service__in=services)
        .values("service_id")
        .annotate(
            n=Count("pk", filter=Q(referred_on__gte=since)),
        )
        .values_list("service_id", "n")
    )
    in_support = dict(
        PeerSupport.objects.filter(service__in=services, status__in=CASELOAD_STATUSES)
        .values("service_id")
        .annotate(n=Count("pk"))
        .values_list("service_id", "n")
    )
    contact_rows = {
        r["peer_support__service_id"]: r
        for r in Contact.objects.filter(
            peer_support__service__in=services, successful=True, occurred_at__date__gte=since
        )
        .values("peer_support__service_id")
        .annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
    }
    rows = []
    for service in services:
        contacts = contact_rows.get(service.pk, {"n": 0, "minutes": 0})
        continuity = transition_metrics.continuity(service, start=since, end=today, today=today)
        transitions, kept_support = transition_metrics.for_aggregates(continuity, national=national)
        rows.append(
            SummaryRow(
                service=service.name,
                referrals=suppress(referral_counts.get(service.pk, 0), national=national),
                in_support=suppress(in_support.get(service.pk, 0), national=national),
                contacts=suppress(contacts["n"], national=national),
                hours=suppress(round((contacts["minutes"] or 0) / 60), national=national),
                transitions=transitions,
                kept_support=kept_support,
            )
        )
    return rows
