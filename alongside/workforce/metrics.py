"""Supervision metrics, each defined once (ADR 0004): her page and the co-ordinator's use these.

- next due and overdue, for each half of dual supervision, for each peer worker;
- the service's share of peer workers with both halves up to date (recommendation 3);
- whether a supervision did not discuss her wellbeing;
- the flag when her last three supervisions in a row did not.

Employment and role (principle 4), for her page, her co-ordinator's and the workforce page:
- a paid role responsible for peer support below band 3 (recommendation 7; ADR 0012);
- the share of her contracted hours spent on duties that are not peer support (role drift; ADR 0013);
- whether a role description written before she was recruited has been revised by her;
- headcount by employment model, and the bands in use with their pay today.

What the seed asks for that nothing recorded before (ADR 0038):
- co-ordinator cover: the service's own, shared with another service's, or none (recommendation 9);
- the supervision guidance in force on a day (recommendation 3);
- how many times mothers and peer workers shaped the service (principle 4).
"""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE, PEER_SUPPORTER_ROLES
from alongside.organisations.models import Employment, Membership, Role, Service
from alongside.workforce.models import (
    KINDS_BY_TRACK,
    MINIMUM_BAND_POSITION,
    Action,
    Involvement,
    NonPeerDuty,
    PayBand,
    Profile,
    RoleDescription,
    SharedCoordinator,
    Supervision,
    SupervisionGuidance,
    Track,
    WorkforceSettings,
)

WELLBEING_FLAG_AFTER = 3  # supervisions in a row that did not discuss her wellbeing
NAME_FIELDS = ("display_name", "first_name", "last_name", "email")  # what User.__str__ reads


@dataclass(frozen=True)
class Due:
    """When one half of her dual supervision is next due. Never supervised: due now, and overdue."""

    track: Track
    last_on: dt.date | None
    due_on: dt.date | None
    overdue: bool

    @property
    def label(self) -> str:
        return self.track.label

    @property
    def up_to_date(self) -> bool:
        return not self.overdue


def next_due(track: Track, last_on: dt.date | None, every: dt.timedelta, today: dt.date) -> Due:
    if last_on is None:
        return Due(track, None, None, True)
    due_on = last_on + every
    return Due(track, last_on, due_on, today > due_on)


def wellbeing_not_discussed(supervision: Supervision) -> bool:
    """Shown on every supervision that did not discuss her wellbeing: a standing item (principle 5)."""
    return not supervision.wellbeing_discussed


@dataclass(frozen=True)
class WorkerSupervision:
    user_id: int
    nhs: Due
    peer: Due
    wellbeing_flag: bool  # her last WELLBEING_FLAG_AFTER supervisions did not discuss her wellbeing

    @property
    def both_up_to_date(self) -> bool:
        return self.nhs.up_to_date and self.peer.up_to_date

    @property
    def halves(self) -> tuple[Due, Due]:
        return (self.nhs, self.peer)


@dataclass(frozen=True)
class Share:
    up_to_date: int
    of: int

    @property
    def percent(self) -> int | None:
        return round(100 * self.up_to_date / self.of) if self.of else None


def supervision_for(
    service: Service, user_ids: Sequence[int], today: dt.date
) -> dict[int, WorkerSupervision]:
    """Each peer worker's due dates (at the service's expected intervals) and wellbeing flag.

    Her supervisions count wherever they were recorded: she is one person, supervised once, even
    when she works in two services. Three queries whatever the number of peer workers.
    """
    service_settings = WorkforceSettings.for_service(service)
    # Her latest of each kind, read through an index from the newest down (a LIMIT 1 each): a
    # MAX over all her supervisions read every one of them, years of them at a real service.
    latest = Supervision.objects.filter(peer_worker=OuterRef("pk")).order_by("-held_on")
    last = {
        pk: {"nhs": nhs, "peer": peer}
        for pk, nhs, peer in get_user_model()
        .objects.filter(pk__in=user_ids)
        .annotate(
            nhs=Subquery(latest.filter(kind__in=KINDS_BY_TRACK[Track.NHS]).values("held_on")[:1]),
            peer=Subquery(latest.filter(kind__in=KINDS_BY_TRACK[Track.PEER]).values("held_on")[:1]),
        )
        .values_list("pk", "nhs", "peer")
    }
    flagged = wellbeing_flagged(user_ids)
    result = {}
    for user_id in user_ids:
        row = last.get(user_id, {})
        result[user_id] = WorkerSupervision(
            user_id,
            next_due(Track.NHS, row.get("nhs"), service_settings.every(Track.NHS), today),
            next_due(Track.PEER, row.get("peer"), service_settings.every(Track.PEER), today),
            user_id in flagged,
        )
    return result


def wellbeing_flagged(user_ids: Sequence[int]) -> set[int]:
    """Peer workers whose last three supervisions (of any kind) in a row did not discuss her wellbeing.

    One query: for each of them, whether each of her three latest supervisions discussed it, each
    read through the (peer_worker, held_on) index with a LIMIT, so the cost is three rows a peer
    worker however many years of supervision she has (a window over all of them sorted them all).
    """
    latest = Supervision.objects.filter(peer_worker=OuterRef("pk")).order_by("-held_on", "-pk")
    nth = {
        f"discussed_{i}": Subquery(latest.values("wellbeing_discussed")[i : i + 1])
        for i in range(WELLBEING_FLAG_AFTER)
    }
    rows = get_user_model().objects.filter(pk__in=user_ids).annotate(**nth).values_list("pk", *nth)
    # None: fewer than three supervisions, so not three in a row. SQLite gives 0/1, not bools.
    return {pk for pk, *discussed in rows if all(d is not None and not d for d in discussed)}


def peer_workers(service: Service) -> QuerySet[Membership]:
    """Who the service's supervision figures are about: its active peer workers."""
    return (
        Membership.objects.filter(service=service, role=Role.PEER_WORKER, active=True)
        .select_related("user", "host_organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )


def dual_supervision_share(rows: Iterable[WorkerSupervision]) -> Share:
    """Recommendation 3: the share of peer workers with both NHS and peer supervision up to date."""
    rows = list(rows)
    return Share(sum(1 for r in rows if r.both_up_to_date), len(rows))


@dataclass(frozen=True)
class TeamRow:
    membership: Membership
    supervision: WorkerSupervision

    @property
    def needs_attention(self) -> bool:
        return self.supervision.wellbeing_flag or not self.supervision.both_up_to_date


def team_supervision(service: Service, today: dt.date) -> tuple[list[TeamRow], Share]:
    """For the co-ordinator: each peer worker (those needing attention first) and the share."""
    members = list(peer_workers(service))
    found = supervision_for(service, [m.user_id for m in members], today)
    rows = [TeamRow(m, found[m.user_id]) for m in members]
    rows.sort(key=lambda r: not r.needs_attention)
    return rows, dual_supervision_share(r.supervision for r in rows)


def open_actions(actions: QuerySet[Action]) -> QuerySet[Action]:
    """Actions not yet done, soonest due first. Takes actions already scoped by alongside.workforce.access.

    Only the columns the actions table shows: her name (as User.__str__ has it) for the owner and
    the peer worker, not the supervision's notes nor the users' passwords and dates, whose reading
    was most of the time of a page with many open actions."""
    return (
        actions.filter(done_on__isnull=True)
        .select_related("owner", "supervision__peer_worker")
        .only(
            "supervision_id",
            "need",
            "description",
            "owner_id",
            "due_on",
            "done_on",
            "supervision__peer_worker_id",
            *(f"owner__{f}" for f in NAME_FIELDS),
            *(f"supervision__peer_worker__{f}" for f in NAME_FIELDS),
        )
        .order_by("due_on", "pk")
    )


def action_overdue(action: Action, today: dt.date) -> bool:
    return action.done_on is None and action.due_on < today


# Employment and role (principle 4) ----------------------------------------------------------

DRIFT_PERIOD_DAYS = 28  # role drift is measured over the last four weeks, today included


def below_minimum_band(membership: Membership, profile: Profile, bands: dict[str, PayBand]) -> bool:
    """Recommendation 7: a paid role responsible for peer support on a band below band 3.

    `bands` are those in force on the day (PayBand.current), so a band's position is read as it
    stood then. Volunteers are never flagged: they are not paid. A band not recorded is not flagged
    here; the workforce page counts those separately."""
    band = bands.get(profile.band)
    return (
        membership.role in PEER_SUPPORTER_ROLES
        and profile.is_paid
        and band is not None
        and band.position < MINIMUM_BAND_POSITION
    )


@dataclass(frozen=True)
class Drift:
    """Role drift over a period: her hours on duties that are not peer support, as a share of the
    hours she is contracted for over the same days (ADR 0013). No contracted hours: no share."""

    start: dt.date
    end: dt.date
    hours: Decimal
    chosen_hours: Decimal
    contracted: Fraction | None
    threshold: int  # percent: flagged above it, not at it

    @property
    def share(self) -> Fraction | None:
        return Fraction(self.hours) / self.contracted if self.contracted else None

    @property
    def percent(self) -> Fraction | None:
        share = self.share
        return None if share is None else share * 100

    @property
    def flagged(self) -> bool:
        percent = self.percent
        return percent is not None and percent > self.threshold

    @property
    def percent_label(self) -> str:
        percent = self.percent
        if percent is None:
            return "Not known (no hours a week recorded)"
        return f"{float(percent):.1f}".removesuffix(".0") + "%"

    @property
    def unchosen_hours(self) -> Decimal:
        return self.hours - self.chosen_hours


def contracted_hours(profile: Profile, start: dt.date, end: dt.date) -> Fraction | None:
    """Her contracted hours from start to end (both included), from when she started if later."""
    if not profile.hours_per_week:
        return None
    since = max(start, profile.started_on) if profile.started_on else start
    days = (end - since).days + 1
    return Fraction(profile.hours_per_week) * days / 7 if days > 0 else None


def drift_period(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=DRIFT_PERIOD_DAYS - 1), today


def drifts(profiles: dict[int, Profile], threshold: int, today: dt.date) -> dict[int, Drift]:
    """Each membership's role drift over the period: one query whatever the number of people."""
    start, end = drift_period(today)
    totals = {
        row["membership"]: row
        for row in NonPeerDuty.objects.filter(membership__in=list(profiles), done_on__range=(start, end))
        .values("membership")
        .annotate(total=Sum("hours"), chosen_total=Sum("hours", filter=Q(chosen=True)))
        .order_by()
    }
    result = {}
    for membership_id, profile in profiles.items():
        row = totals.get(membership_id, {})
        result[membership_id] = Drift(
            start,
            end,
            row.get("total") or Decimal(0),
            row.get("chosen_total") or Decimal(0),
            contracted_hours(profile, start, end),
            threshold,
        )
    return result


def drift_for(membership: Membership, today: dt.date) -> Drift:
    """Her role drift in one service, at that service's threshold."""
    profile = Profile.for_membership(membership)
    threshold = WorkforceSettings.for_service(membership.service).role_drift_percent
    return drifts({membership.pk: profile}, threshold, today)[membership.pk]


def written_by_her(version: RoleDescription, her_user_id: int) -> bool:
    """Her own words: written by her, or co-written with her."""
    return version.co_written or version.written_by_id == her_user_id


@dataclass(frozen=True)
class DescriptionStatus:
    """Whose words her role description is (recommendation 13)."""

    versions: int
    first: RoleDescription | None
    before_recruitment: bool  # its first version was written before she was recruited, not by her
    revision: RoleDescription | None  # her first version of it since she started

    @property
    def not_revised(self) -> bool:
        """Written before she was recruited, and not yet revised by her: flagged."""
        return self.before_recruitment and self.revision is None

    @property
    def label(self) -> str:
        if self.first is None:
            return "No role description yet"
        if not self.before_recruitment:
            return "Co-written with her" if self.first.co_written else "Written by her"
        if self.revision is None:
            return "Written before she was recruited, and not yet revised by her"
        on = timezone.localtime(self.revision.created_at).date()
        return f"Written before she was recruited; revised by her at induction ({on:%-d %B %Y})"

    @property
    def own_label(self) -> str:
        """The same, said to her."""
        if self.first is None:
            return "You have no role description yet"
        if not self.before_recruitment:
            return "Co-written with you" if self.first.co_written else "Written by you"
        if self.revision is None:
            return "Written before you were recruited, and not yet revised by you"
        on = timezone.localtime(self.revision.created_at).date()
        return f"Written before you were recruited; you revised it at induction ({on:%-d %B %Y})"


def description_status(
    versions: Iterable[RoleDescription], her_user_id: int, started_on: dt.date | None
) -> DescriptionStatus:
    """Was the first version written before she was recruited (marked so, or dated before she
    started and not by her), and if so, has she revised it since she started?"""
    ordered = sorted(versions, key=lambda v: v.version)
    if not ordered:
        return DescriptionStatus(0, None, False, None)
    first = ordered[0]

    def day(v: RoleDescription) -> dt.date:
        return timezone.localtime(v.created_at).date()

    before = first.before_recruitment or (
        started_on is not None and day(first) < started_on and not written_by_her(first, her_user_id)
    )
    revision = next(
        (
            v
            for v in ordered[1:]
            if written_by_her(v, her_user_id) and (started_on is None or day(v) >= started_on)
        ),
        None,
    )
    return DescriptionStatus(len(ordered), first, before, revision if before else None)


@dataclass(frozen=True)
class MemberRow:
    """One peer worker or co-ordinator on the workforce page."""

    membership: Membership
    profile: Profile
    band: PayBand | None  # her band as it stands today; None when not paid or not recorded
    below_band: bool
    drift: Drift
    description: DescriptionStatus

    @property
    def paid_without_band(self) -> bool:
        return self.profile.is_paid and not self.profile.band


@dataclass(frozen=True)
class HeadcountRow:
    employment: str
    by_role: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_role.values())


@dataclass(frozen=True)
class Workforce:
    rows: list[MemberRow]
    headcount: list[HeadcountRow]
    bands: list[tuple[PayBand, int]]  # each band in use, with its range today and how many on it
    supervision: Share
    threshold: int

    @property
    def below_band(self) -> list[MemberRow]:
        return [r for r in self.rows if r.below_band]

    @property
    def drifting(self) -> list[MemberRow]:
        return [r for r in self.rows if r.drift.flagged]

    @property
    def not_revised(self) -> list[MemberRow]:
        return [r for r in self.rows if r.description.not_revised]

    @property
    def paid_without_band(self) -> list[MemberRow]:
        return [r for r in self.rows if r.paid_without_band]


def headcount(members: Iterable[Membership]) -> list[HeadcountRow]:
    """The peer support workforce by employment model (NHS, hosted, volunteer) and role."""
    counts = Counter((m.employment, m.role) for m in members)
    return [
        HeadcountRow(label, {role: counts[(employment, role)] for role in PEER_SUPPORT_WORKFORCE})
        for employment, label in Employment.choices
    ]


def profiles_for(members: Sequence[Membership]) -> dict[int, Profile]:
    """Each membership's profile (an unsaved empty one where none is saved), in one query."""
    saved = {p.membership_id: p for p in Profile.objects.filter(membership__in=[m.pk for m in members])}
    result = {}
    for m in members:
        profile = saved.get(m.pk) or Profile(membership=m)
        profile.membership = m  # already loaded: spares a query for each
        result[m.pk] = profile
    return result


def member_rows(
    members: Sequence[Membership], threshold: int, bands: dict[str, PayBand], today: dt.date
) -> list[MemberRow]:
    """Band, role drift and role description for each: three queries whatever their number."""
    profiles = profiles_for(members)
    found = drifts(profiles, threshold, today)
    versions: dict[int, list[RoleDescription]] = defaultdict(list)
    for v in RoleDescription.objects.filter(membership__in=list(profiles)).defer("text"):
        versions[v.membership_id].append(v)
    rows = []
    for m in members:
        profile = profiles[m.pk]
        rows.append(
            MemberRow(
                m,
                profile,
                bands.get(profile.band) if profile.is_paid else None,
                below_minimum_band(m, profile, bands),
                found[m.pk],
                description_status(versions[m.pk], m.user_id, profile.started_on),
            )
        )
    return rows


def team_workforce(service: Service, today: dt.date) -> Workforce:
    """The service manager's workforce page: everything on it, from these definitions."""
    members = list(
        Membership.objects.filter(service=service, role__in=PEER_SUPPORT_WORKFORCE, active=True)
        .select_related("user", "host_organisation")
        .order_by("user__first_name", "user__last_name", "pk")
    )
    threshold = WorkforceSettings.for_service(service).role_drift_percent
    current = PayBand.current(today)
    rows = member_rows([m for m in members if m.role in PEER_SUPPORTER_ROLES], threshold, current, today)
    in_use = Counter(r.band.code for r in rows if r.band)
    bands = [(band, in_use[code]) for code, band in current.items() if in_use[code]]
    _, share = team_supervision(service, today)
    return Workforce(rows, headcount(members), bands, share, threshold)


# Co-ordinator cover, supervision guidance and involvement (ADR 0038) -------------------------


@dataclass(frozen=True)
class Cover:
    """Recommendation 9: whether the service can reach a co-ordinator."""

    kind: str  # "own" | "shared" | "none"
    shared_from: str | None  # the other service's name when shared

    @property
    def label(self) -> str:
        if self.kind == "own":
            return "your own"
        if self.kind == "shared":
            return f"shared with {self.shared_from}"
        return "none"


def shared_coordinator_on(service: Service, on: dt.date) -> SharedCoordinator | None:
    """The recorded arrangement in force on that day (the latest started, if two overlap)."""
    return (
        SharedCoordinator.objects.filter(service=service, started_on__lte=on)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=on))
        .select_related("from_service")
        .order_by("-started_on", "-pk")
        .first()
    )


def coordinator_cover(service: Service, on: dt.date) -> Cover:
    """Own: an active co-ordinator at the service (derived, nothing to record). Shared: else, a
    recorded arrangement in force on that day. None: otherwise."""
    if Membership.objects.filter(service=service, role=Role.COORDINATOR, active=True).exists():
        return Cover("own", None)
    shared = shared_coordinator_on(service, on)
    if shared is not None:
        return Cover("shared", shared.from_service.name)
    return Cover("none", None)


def supervision_guidance(service: Service, on: dt.date) -> SupervisionGuidance | None:
    """The guidance in force on that day: the latest agreed on or before it."""
    return (
        SupervisionGuidance.objects.filter(service=service, agreed_on__lte=on)
        .order_by("-agreed_on", "-pk")
        .first()
    )


def involvement_count(service: Service, start: dt.date, end: dt.date) -> int:
    """Principle 4: entries in the service's involvement log from start to end, both included."""
    return Involvement.objects.filter(service=service, held_on__range=(start, end)).count()
