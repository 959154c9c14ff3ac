"""Aggregates for people who see no person: every count is small-number suppressed.

Each figure is defined and named once in alongside.support.metrics (ADR 0019): the report, the
equity view and the co-ordinator's dashboard show the same figure under the same name.

The summary's rows, already suppressed, are kept in the cache for the scope that asked (the
nation, an ICB, one service) and the day, for SUMMARY_KEPT, and the page says when they were made.
The national summary reads every service's year (1.5-2.5 s at national size), and at national
size a contact is logged somewhere every second or so: rows remade at every new row would be
remade at nearly every look. A reviewer's next look, and every other reviewer's, reads them back.

The co-ordinator's dashboard keeps its own service's year (service_year) under a version of her
service's data instead: the newest of its rows in each table the figures read, through the access
helpers, in one query. A contact, referral, allocation, status change, group session or transition
at her service makes it afresh, so she sees the contact she has just logged counted; a write at
another service does not. An edit that adds no row (an allocation's end date), and a contact at the
service a mother moved to (which counts for continuity here), show within KEPT at most.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import F, Func, IntegerField, QuerySet, Subquery
from django.utils import timezone

from alongside.accounts.scope import services_for_aggregates
from alongside.lib.suppression import suppress
from alongside.organisations.models import Membership, Role, Service
from alongside.support import access as support_access
from alongside.support import metrics
from alongside.support.metrics import Figure
from alongside.transitions import access as transition_access
from alongside.transitions import metrics as transition_metrics

KEPT = dt.timedelta(minutes=10)
SUMMARY_KEPT = dt.timedelta(minutes=5)
# Raise when SummaryRow or a figure's definition changes, so no deploy serves rows made before it.
FORMAT = 2  # 2: service_year's version is her service's rows only

# The summary's tables, each a few columns wide so it fits a page: (caption, [(SummaryRow field,
# the figure's one name)]).
SECTIONS = (
    (
        "People",
        [
            ("referred", Figure.REFERRED),
            ("with_a_peer_worker", Figure.WITH_A_PEER_WORKER),
            ("reached", Figure.REACHED),
            ("in_support", Figure.IN_SUPPORT_NOW),
        ],
    ),
    (
        "Contacts, groups and hours",
        [
            ("one_to_one_contacts", Figure.ONE_TO_ONE_CONTACTS),
            ("group_sessions", Figure.GROUP_SESSIONS),
            ("group_attendances", Figure.GROUP_ATTENDANCES),
            ("hours", Figure.HOURS),
        ],
    ),
    (
        "Continuity at discharge and transfer",
        [("transitions", Figure.TRANSITIONS), ("kept_support", Figure.KEPT_SUPPORT)],
    ),
)


@dataclass(frozen=True)
class SummaryRow:
    service: str
    referred: str
    with_a_peer_worker: str
    reached: str
    in_support: str
    one_to_one_contacts: str
    group_sessions: str
    group_attendances: str
    hours: str
    transitions: str = ""  # people discharged or transferred whose outcome is known (alongside.transitions)
    kept_support: str = ""  # the share of them whose peer support carried on

    def cells(self, columns: list[tuple[str, str]]) -> list[str]:
        return [getattr(self, name) for name, _ in columns]


def service_version(membership: Membership) -> str:
    """The newest row of each table her service's year reads, among the rows she may see (the
    access helpers), in one query: a write at her service makes a new version, one elsewhere not."""
    supports = support_access.peer_supports_for_user(membership)
    newest: dict[str, QuerySet[Any]] = {
        "peer_support": supports,
        "contact": support_access.contacts_for_user(membership),
        "group_session": support_access.group_sessions_for_user(membership),
        "transition": transition_access.transitions_for_user(membership),
    }
    columns: dict[str, Subquery] = {
        name: Subquery(qs.order_by("-pk").values("pk")[:1]) for name, qs in newest.items()
    }
    for child in ("status_changes", "allocations"):  # of her service's cases: the newest of each
        newest_child = Func(F(f"{child}__pk"), function="MAX", output_field=IntegerField())
        columns[child] = Subquery(supports.order_by().values(n=newest_child)[:1])
    row = Service.objects.filter(pk=membership.service_id).values(**columns).first() or {}
    return ".".join(str(row.get(name)) for name in columns)


ServiceYear = tuple[metrics.Activity, transition_metrics.Continuity]


def service_year(membership: Membership, *, today: dt.date) -> ServiceYear:
    """Her service's figures for the last 12 months (exact: the co-ordinator's dashboard) and
    continuity's counts, kept until a new row at her service (service_version) or KEPT."""
    service = membership.service
    key = f"service-year:{FORMAT}:{service.pk}:{today.isoformat()}:{service_version(membership)}"
    kept = cache.get(key)
    if kept is not None:
        return kept  # type: ignore[no-any-return]
    start, end = metrics.last_12_months(today)
    made = (
        metrics.activity(service, start, end),
        transition_metrics.continuity_by_service([service], start=start, end=end, today=today)[service.pk],
    )
    cache.set(key, made, int(KEPT.total_seconds()))
    return made


def _scope(membership: Membership) -> str:
    if membership.role == Role.NATIONAL_REVIEWER:
        return "national"
    if membership.role == Role.COMMISSIONER:
        return f"icb-{membership.service.icb_id}"
    return f"service-{membership.service_id}"


@dataclass(frozen=True)
class Kept:
    rows: list[SummaryRow]
    made_at: dt.datetime


def kept_summary(membership: Membership, *, today: dt.date) -> Kept:
    """The rows for her scope and today, as made at most SUMMARY_KEPT ago."""
    key = f"summary:{FORMAT}:{_scope(membership)}:{today.isoformat()}"
    kept = cache.get(key)
    if kept is not None:
        return Kept([SummaryRow(**row) for row in kept["rows"]], kept["made_at"])
    made = Kept(made_rows(membership, today=today), timezone.now())
    stored = {"rows": [dataclasses.asdict(row) for row in made.rows], "made_at": made.made_at}
    cache.set(key, stored, int(SUMMARY_KEPT.total_seconds()))
    return made


def summary_rows(membership: Membership, *, today: dt.date) -> list[SummaryRow]:
    return kept_summary(membership, today=today).rows


def made_rows(membership: Membership, *, today: dt.date) -> list[SummaryRow]:
    """The shared figures for the last 12 months (and people in support now), per service."""
    national = membership.role == Role.NATIONAL_REVIEWER
    services = services_for_aggregates(membership)
    start, end = metrics.last_12_months(today)
    # Grouped by service, each figure in a fixed number of queries: the national summary of 66
    # services runs as many queries as one service's summary (the query count test checks).
    by_service = metrics.activity_by_service(services, start, end)
    continuity = transition_metrics.continuity_by_service(services, start=start, end=end, today=today)
    rows = []
    for service in services:
        a = by_service[service.pk]
        transitions, kept_support = transition_metrics.for_aggregates(
            continuity[service.pk], national=national
        )
        rows.append(
            SummaryRow(
                service=service.name,
                referred=suppress(a.referred, national=national),
                with_a_peer_worker=suppress(a.with_a_peer_worker, national=national),
                reached=suppress(a.reached, national=national),
                in_support=suppress(a.in_support_now, national=national),
                one_to_one_contacts=suppress(a.one_to_one_contacts, national=national),
                group_sessions=suppress(a.group_sessions, national=national),
                group_attendances=suppress(a.group_attendances, national=national),
                hours=suppress(a.hours, national=national),
                transitions=transitions,
                kept_support=kept_support,
            )
        )
    return rows
