"""Each metric defined once, here, and used by dashboards, alerts and exports alike (ADR 0004).

Every function takes a service (and a date where the answer depends on "today") and returns
plain rows, so the same figure is the same wherever it is shown.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from alongside.accounts.rules import PEER_SUPPORTER_ROLES
from alongside.lib import dates
from alongside.organisations.models import Membership, Role, Service
from alongside.people.models import Person
from alongside.support.models import (
    CASELOAD_STATUSES,
    Allocation,
    Contact,
    GroupSession,
    PeerSupport,
    Status,
)


@dataclass(frozen=True)
class CaseloadRow:
    membership: Membership
    caseload: int


def open_caseload(service: Service) -> Count:
    """A membership's caseload, to annotate on Membership rows: the people her user is allocated to
    in the service whose support is not over. Used by the dashboard and by matching alike."""
    return Count(
        "user__allocations",
        filter=Q(
            user__allocations__ended_on__isnull=True,
            user__allocations__peer_support__service=service,
            user__allocations__peer_support__status__in=CASELOAD_STATUSES,
        ),
        distinct=True,
    )


def caseloads(service: Service) -> dict[int, int]:
    """People each user is allocated to in the service whose support is not over, by user id: the
    same count as open_caseload, grouped in one query that starts from the service's open cases."""
    rows = (
        Allocation.objects.filter(
            ended_on__isnull=True, peer_support__service=service, peer_support__status__in=CASELOAD_STATUSES
        )
        .order_by()
        .values("peer_worker_id")
        .annotate(n=Count("peer_support_id", distinct=True))
        .values_list("peer_worker_id", "n")
    )
    return dict(rows)


def caseload_by_peer_worker(service: Service) -> list[CaseloadRow]:
    """People each peer worker in the service is allocated to, whose support is not over."""
    members = Membership.objects.filter(
        service=service, role__in=PEER_SUPPORTER_ROLES, active=True
    ).select_related("user", "host_organisation")
    counts = caseloads(service)
    rows = [CaseloadRow(m, counts.get(m.user_id, 0)) for m in members]
    # A co-ordinator who supports nobody herself is not a peer worker with an empty caseload.
    shown = [r for r in rows if r.membership.role == Role.PEER_WORKER or r.caseload]
    return sorted(shown, key=lambda r: (-r.caseload, r.membership.user.last_name, r.membership.pk))


def unallocated_referrals(service: Service) -> QuerySet[PeerSupport]:
    """Referrals still waiting for a peer worker, oldest first."""
    return (
        PeerSupport.objects.filter(service=service, status=Status.REFERRED)
        .select_related("person", "referred_by")
        .order_by("referred_on", "pk")
    )


FATHERS_AND_PARTNERS = (Person.FamilyRole.FATHER, Person.FamilyRole.PARTNER)


def fathers_and_partners_waiting(service: Service) -> QuerySet[PeerSupport]:
    """Fathers and partners referred in their own right and still waiting for a peer worker."""
    return unallocated_referrals(service).filter(person__family_role__in=FATHERS_AND_PARTNERS)


def days_waiting(peer_support: PeerSupport, today: dt.date) -> int:
    return (today - peer_support.referred_on).days


def referral_wait_days() -> int:
    """How many days a referral may wait for a peer worker before it has waited too long: the
    deployment's ALONGSIDE_REFERRAL_WAIT_DAYS (no service had a setting of its own for it)."""
    return int(settings.ALONGSIDE.get("REFERRAL_WAIT_DAYS", 14))


def waiting_too_long(service: Service, today: dt.date, days: int | None = None) -> QuerySet[PeerSupport]:
    """Referrals waiting for a peer worker more than `days` days (referral_wait_days() unless
    given), as days_waiting counts them, oldest first: the reminders' "waiting too long"."""
    days = referral_wait_days() if days is None else days
    return unallocated_referrals(service).filter(referred_on__lt=today - dt.timedelta(days=days))


QUIET_STATUSES = (Status.ALLOCATED, Status.ACTIVE)  # paused support is quiet on purpose


def gone_quiet(service: Service, today: dt.date, days: int | None = None) -> Q:
    """The one definition of someone gone quiet: in allocated or active support with no successful
    contact for `days` days (the service's setting unless given), on the stored last contact.

    Someone allocated who has never been reached counts from the day she was allocated:
    silence from the start is the case this metric exists to catch. As a Q, it filters a list
    (without_recent_contact) or flags each row of one (the Today page) alike.
    """
    days = service.no_contact_days if days is None else days
    cutoff = dt.datetime.combine(
        today - dt.timedelta(days=days), dt.time.min, tzinfo=timezone.get_current_timezone()
    )
    return Q(status__in=QUIET_STATUSES) & (
        Q(last_contact_at__lt=cutoff) | Q(last_contact_at__isnull=True, status_changed_on__lt=cutoff.date())
    )


LONGEST_WITHOUT_CONTACT = (F("last_contact_at").asc(nulls_first=True), "status_changed_on", "pk")


def without_recent_contact(
    service: Service, today: dt.date, days: int | None = None
) -> QuerySet[PeerSupport]:
    """People at the service gone quiet (gone_quiet), longest without contact first."""
    return (
        PeerSupport.objects.filter(service=service)
        .filter(gone_quiet(service, today, days))
        .select_related("person")
        .order_by(*LONGEST_WITHOUT_CONTACT)
    )


def deferred_by_clinical_team(service: Service) -> QuerySet[PeerSupport]:
    """Everyone deferred as "too poorly for peer support", soonest review first: never silent."""
    return (
        PeerSupport.objects.filter(service=service, status=Status.DEFERRED)
        .select_related("person")
        .order_by("review_on", "pk")
    )


def deferral_reviews_passed(service: Service, today: dt.date) -> QuerySet[PeerSupport]:
    """Deferrals whose review date has passed (before today), soonest first: flagged on the
    dashboard ("Review date passed") and sent in the reminders. A review due today is not late yet."""
    return deferred_by_clinical_team(service).filter(review_on__lt=today)


# --- Figures for a period, shared by the service summary, the co-ordinator's dashboard, the
# commissioner's report (every format) and the equity view (ADR 0019). Each is defined here once
# and named once (Figure); pages use the name as it is, so the same figure reads the same.
#
# A period is two local dates, both included. "The last 12 months" is last_12_months(today).
# A contact, attendance or group session is in the period by the local date it happened on.


class Figure:
    """The name each shared figure is shown under, everywhere (HTML, PDF, CSV, XLSX)."""

    REFERRED = "People referred"
    WITH_A_PEER_WORKER = "People with a peer worker"
    REACHED = "People reached"
    IN_SUPPORT_NOW = "In peer support now"
    ONE_TO_ONE_CONTACTS = "One-to-one contacts"
    GROUP_SESSIONS = "Group sessions held"
    GROUP_ATTENDANCES = "Group attendances"
    HOURS_ONE_TO_ONE = "Hours in one-to-one contacts"
    HOURS_GROUPS = "Hours running group sessions"
    HOURS = "Hours of peer support"
    # Continuity at transitions (alongside.transitions.metrics.continuity and for_aggregates).
    TRANSITIONS = "Discharged or transferred, outcome known"
    KEPT_SUPPORT = "Kept peer support"


FIGURE_DEFINITIONS = {
    Figure.REFERRED: "people referred to the service in the period, each once however often referred",
    Figure.WITH_A_PEER_WORKER: "people who had a peer worker allocated on any day of the period",
    Figure.REACHED: "people with at least one successful contact in the period, a group included",
    Figure.IN_SUPPORT_NOW: "people allocated a peer worker, active or paused today",
    Figure.ONE_TO_ONE_CONTACTS: "successful contacts with one person or family, not at a group",
    Figure.GROUP_SESSIONS: "group sessions in the period whose register was taken, each counted once",
    Figure.GROUP_ATTENDANCES: "people at the group sessions held, once for each session they came to",
    Figure.HOURS: "hours in one-to-one contacts plus hours running group sessions, a session counted once "
    "however many came; each part rounded to the hour",
    Figure.TRANSITIONS: "people discharged or transferred in the period whose peer support is known to "
    "have carried on or lapsed",
    Figure.KEPT_SUPPORT: "the share of them with a successful contact in the days after",
}


def last_12_months(today: dt.date) -> tuple[dt.date, dt.date]:
    """The period every page means by "the last 12 months": 365 days ending today, both included."""
    return today - dt.timedelta(days=364), today


Services = Service | Sequence[Service]


def _ids(services: Services) -> list[int]:
    return [services.pk] if isinstance(services, Service) else [s.pk for s in services]


def referred(services: Services, start: dt.date, end: dt.date) -> QuerySet[PeerSupport]:
    """Referrals to the service(s) in the period (count people with people_in())."""
    return PeerSupport.objects.filter(service__in=_ids(services), referred_on__range=(start, end))


def with_a_peer_worker(services: Services, start: dt.date, end: dt.date) -> QuerySet[PeerSupport]:
    """Support at the service(s) with a peer worker allocated on some day of the period."""
    allocated = Allocation.objects.filter(peer_support=OuterRef("pk"), started_on__lte=end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    return PeerSupport.objects.filter(service__in=_ids(services)).filter(Exists(allocated))


def reached(services: Services, start: dt.date, end: dt.date) -> QuerySet[PeerSupport]:
    """Support at the service(s) with at least one successful contact (a group's too) in the period."""
    since, until = dates.days(start, end)
    contacted = Contact.objects.filter(
        peer_support=OuterRef("pk"), successful=True, occurred_at__gte=since, occurred_at__lt=until
    )
    return PeerSupport.objects.filter(service__in=_ids(services)).filter(Exists(contacted))


def in_peer_support_now(services: Services) -> QuerySet[PeerSupport]:
    """Support allocated, active or paused today."""
    return PeerSupport.objects.filter(service__in=_ids(services), status__in=CASELOAD_STATUSES)


PEOPLE = Count("person_id", distinct=True)  # someone referred twice in a period is one person


def people_in(qs: QuerySet[PeerSupport]) -> int:
    return int(qs.aggregate(n=PEOPLE)["n"])


def one_to_one_contacts(services: Services, start: dt.date, end: dt.date) -> QuerySet[Contact]:
    """Successful contacts with one person or family (not at a group) in the period."""
    since, until = dates.days(start, end)
    return Contact.objects.filter(
        # "Not at a group" as NOT (group_session_id IS NOT NULL), not group_session_id IS NULL: after
        # ANALYZE, SQLite reads its index on group_session_id as selective (few contacts per
        # session) and walks it for IS NULL, which is nearly every contact in the country (1.3 s
        # for one service at national size, against 0.1 s from the service's own contacts).
        ~Q(group_session__isnull=False),
        peer_support__service__in=_ids(services),
        successful=True,
        occurred_at__gte=since,
        occurred_at__lt=until,
    )


def group_sessions_held(services: Services, start: dt.date, end: dt.date) -> QuerySet[GroupSession]:
    """Group sessions in the period whose register was taken: they happened, each counted once."""
    since, until = dates.days(start, end)
    return GroupSession.objects.filter(
        service__in=_ids(services), register_taken=True, starts_at__gte=since, starts_at__lt=until
    )


def group_attendances(services: Services, start: dt.date, end: dt.date) -> QuerySet[Contact]:
    """Who came to the groups held: one successful contact per person per session."""
    return Contact.objects.filter(
        successful=True, group_session__in=group_sessions_held(services, start, end)
    )


def hours(minutes: int | None) -> int:
    return round((minutes or 0) / 60)


@dataclass(frozen=True)
class Activity:
    """The shared figures for one service and period, as true (unsuppressed) counts."""

    referred: int = 0
    with_a_peer_worker: int = 0
    reached: int = 0
    in_support_now: int = 0
    one_to_one_contacts: int = 0
    group_sessions: int = 0
    group_attendances: int = 0
    hours_one_to_one: int = 0
    hours_groups: int = 0

    @property
    def hours(self) -> int:
        """Hours of peer support: the two parts, each rounded, so that a table of them adds up."""
        return self.hours_one_to_one + self.hours_groups


def activity_by_service(services: Sequence[Service], start: dt.date, end: dt.date) -> dict[int, Activity]:
    """Every shared figure for each service and the period, in eight queries however many services."""

    def per_service(qs: QuerySet[Any], by: str, **figures: Any) -> dict[int, dict[str, int]]:
        return {row.pop(by): row for row in qs.order_by().values(by).annotate(**figures)}

    minutes = Sum("duration_minutes")
    found = {
        "referred": per_service(referred(services, start, end), "service_id", n=PEOPLE),
        "with_a_peer_worker": per_service(with_a_peer_worker(services, start, end), "service_id", n=PEOPLE),
        "reached": per_service(reached(services, start, end), "service_id", n=PEOPLE),
        "in_support_now": per_service(in_peer_support_now(services), "service_id", n=PEOPLE),
        "one_to_one": per_service(
            one_to_one_contacts(services, start, end), "peer_support__service_id", n=Count("pk"), m=minutes
        ),
        "groups": per_service(
            group_sessions_held(services, start, end), "service_id", n=Count("pk"), m=minutes
        ),
        "attendances": per_service(
            group_attendances(services, start, end), "group_session__service_id", n=Count("pk")
        ),
    }

    def get(figure: str, service: Service, key: str = "n") -> int:
        return int(found[figure].get(service.pk, {}).get(key) or 0)

    return {
        s.pk: Activity(
            referred=get("referred", s),
            with_a_peer_worker=get("with_a_peer_worker", s),
            reached=get("reached", s),
            in_support_now=get("in_support_now", s),
            one_to_one_contacts=get("one_to_one", s),
            group_sessions=get("groups", s),
            group_attendances=get("attendances", s),
            hours_one_to_one=hours(get("one_to_one", s, "m")),
            hours_groups=hours(get("groups", s, "m")),
        )
        for s in services
    }


def activity(service: Service, start: dt.date, end: dt.date) -> Activity:
    """The shared figures for one service and period."""
    return activity_by_service([service], start, end)[service.pk]
