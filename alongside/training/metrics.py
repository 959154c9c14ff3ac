"""Training metrics, each defined once (ADR 0004): her page and the team page use these.

- her gaps: curriculum modules she has never completed, and renewals due within
  RENEWAL_WARNING_DAYS or overdue;
- the service's gap table: the same, for each of its peer workers;
- staff awareness (recommendation 2): the share of the service's clinical staff (clinicians and
  service managers) who have attended the session on the peer worker role;
- accredited training (recommendation 1): the share of peer workers with accredited training;
- development (recommendations 6 and 14): the share of peer workers with an entry in their own
  development record in the last 12 months, and of those, with a face-to-face meeting with peer
  workers of other teams. Counted only in aggregate: no entry is ever read for anyone but her.
"""

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db.models import Max, QuerySet

from alongside.accounts.rules import CLINICAL_ROLES
from alongside.organisations.models import Membership, Role, Service
from alongside.training.models import DevelopmentEntry, DevelopmentKind, Module, TrainingRecord

RENEWAL_WARNING_DAYS = 30


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such day (31 Jan + 1: 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Renewal:
    module: Module
    last_on: dt.date
    due_on: dt.date
    overdue: bool


@dataclass(frozen=True)
class Gaps:
    user_id: int
    missing: list[Module] = field(default_factory=list)
    renewals: list[Renewal] = field(default_factory=list)  # due soon or overdue, soonest first
    completed: int = 0  # curriculum modules done and in date

    @property
    def none(self) -> bool:
        return not self.missing and not self.renewals

    @property
    def overdue(self) -> list[Renewal]:
        return [r for r in self.renewals if r.overdue]


def renewal_for(module: Module, last_on: dt.date, today: dt.date) -> Renewal | None:
    """A renewal to show: due within RENEWAL_WARNING_DAYS, or overdue. None if not yet, or never needed."""
    if module.renewal_months is None:
        return None
    due_on = add_months(last_on, module.renewal_months)
    if due_on > today + dt.timedelta(days=RENEWAL_WARNING_DAYS):
        return None
    return Renewal(module, last_on, due_on, today > due_on)


def gaps_for(user_ids: Sequence[int], today: dt.date) -> dict[int, Gaps]:
    """Each person's gaps against the peer worker curriculum. Two queries whatever their number.

    A record counts wherever it was made: she is trained once, even when she works in two services.
    """
    modules = list(Module.objects.filter(active=True, for_staff=False))
    latest: dict[tuple[int, int], dt.date] = {
        (row["user_id"], row["module_id"]): row["last_on"]
        for row in TrainingRecord.objects.filter(user_id__in=user_ids, module__in=[m.pk for m in modules])
        .values("user_id", "module_id")
        .annotate(last_on=Max("completed_on"))
        .order_by()
    }
    result = {}
    for user_id in user_ids:
        missing, renewals, completed = [], [], 0
        for module in modules:
            last_on = latest.get((user_id, module.pk))
            if last_on is None:
                missing.append(module)
                continue
            renewal = renewal_for(module, last_on, today)
            if renewal is None:
                completed += 1
            else:
                renewals.append(renewal)
        renewals.sort(key=lambda r: r.due_on)
        result[user_id] = Gaps(user_id, missing, renewals, completed)
    return result


def curriculum_size() -> int:
    return Module.objects.filter(active=True, for_staff=False).count()


def peer_workers(service: Service) -> QuerySet[Membership]:
    """Who the service's gap table is about: its active peer workers."""
    return (
        Membership.objects.filter(service=service, role=Role.PEER_WORKER, active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


@dataclass(frozen=True)
class GapRow:
    membership: Membership
    gaps: Gaps


def team_gaps(service: Service, today: dt.date) -> list[GapRow]:
    """For the co-ordinator: each peer worker and her gaps, those with an overdue renewal first,
    then those with most missing."""
    members = list(peer_workers(service))
    found = gaps_for([m.user_id for m in members], today)
    rows = [GapRow(m, found[m.user_id]) for m in members]
    rows.sort(key=lambda r: (not r.gaps.overdue, -len(r.gaps.missing) - len(r.gaps.renewals)))
    return rows


def up_to_date(rows: Iterable[GapRow]) -> int:
    """Peer workers with all their training up to date: nothing still to do and no renewal due
    (the commissioner's report and the grid count it so)."""
    return sum(1 for row in rows if row.gaps.none)


@dataclass(frozen=True)
class Share:
    attended: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.attended / self.of) if self.of else None


@dataclass(frozen=True)
class StaffRow:
    membership: Membership
    attended_on: dt.date | None  # her latest attendance, if any


def clinical_staff(service: Service) -> QuerySet[Membership]:
    """The service's clinical staff: its active clinicians and service managers."""
    return (
        Membership.objects.filter(service=service, role__in=CLINICAL_ROLES, active=True)
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def staff_awareness(service: Service) -> tuple[list[StaffRow], Share]:
    """Recommendation 2: who of the clinical staff has attended the session on the peer worker
    role (a record of the for_staff module, anywhere), and the share. Two queries."""
    members = list(clinical_staff(service))
    attended = dict(
        TrainingRecord.objects.filter(
            user_id__in={m.user_id for m in members}, module__for_staff=True, module__active=True
        )
        .values("user_id")
        .annotate(last_on=Max("completed_on"))
        .order_by()
        .values_list("user_id", "last_on")
    )
    rows = [StaffRow(m, attended.get(m.user_id)) for m in members]
    people = {r.membership.user_id: r.attended_on is not None for r in rows}  # one person, two roles
    return rows, Share(sum(people.values()), len(people))


DEVELOPMENT_MONTHS = 12


DEVELOPMENT_COUNTED_FROM = 3  # peer workers: below this, "1 of 2" tells a co-ordinator who keeps one


@dataclass(frozen=True)
class DevelopmentShare:
    with_development: int  # peer workers with at least one development entry in the 12 months to today
    face_to_face: int  # of those, with a face-to-face meeting with peer workers of other teams
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.with_development / self.of) if self.of else None

    @property
    def face_to_face_percent(self) -> int | None:
        return round(100 * self.face_to_face / self.of) if self.of else None

    @property
    def too_few(self) -> bool:
        """In a team this small the counts would tell who keeps a record: they are not shown."""
        return 0 < self.of < DEVELOPMENT_COUNTED_FROM

    @property
    def too_few_words(self) -> str:
        return (
            f"Development records are counted once the team has {DEVELOPMENT_COUNTED_FROM} or more peer "
            "workers, so that no one's can be told apart."
        )


def development_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The 12 months to today: from the day after the same day a year ago, to today."""
    return add_months(today, -DEVELOPMENT_MONTHS) + dt.timedelta(days=1), today


def development_share(service: Service, today: dt.date) -> DevelopmentShare:
    """Recommendations 6 and 14, in aggregate only: counts of people, never an entry. Two queries."""
    user_ids = set(peer_workers(service).values_list("user_id", flat=True))
    start, end = development_period(today)
    kinds: dict[int, set[str]] = {}
    for user_id, kind in (
        DevelopmentEntry.objects.filter(user_id__in=user_ids, happened_on__range=(start, end))
        .values_list("user_id", "kind")
        .distinct()
        .order_by()
    ):
        kinds.setdefault(user_id, set()).add(kind)
    face_to_face = sum(1 for found in kinds.values() if DevelopmentKind.FACE_TO_FACE in found)
    return DevelopmentShare(len(kinds), face_to_face, len(user_ids))


@dataclass(frozen=True)
class AccreditedShare:
    accredited: int  # peer workers with at least one accredited training record, completed by today
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.accredited / self.of) if self.of else None


def accredited_share(service: Service, today: dt.date) -> AccreditedShare:
    """Recommendation 1: the share of the service's peer workers with accredited training
    (a record marked accredited, anywhere, completed on or before today). Two queries."""
    user_ids = set(peer_workers(service).values_list("user_id", flat=True))
    accredited = (
        TrainingRecord.objects.filter(user_id__in=user_ids, accredited=True, completed_on__lte=today)
        .values("user_id")
        .distinct()
        .count()
    )
    return AccreditedShare(accredited, len(user_ids))
