"""Each referred person's journey: where her peer support is now, and the dates that got it there.

A journey is planned before anything is written, so every date can be made consistent:
referred_on <= allocated_on <= contacts <= closed_on <= today.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from alongside.accounts.models import User
from alongside.demo.common import Context, days
from alongside.demo.staff import Staff
from alongside.organisations.models import Membership, Service
from alongside.people.models import Person
from alongside.support.models import CASELOAD_STATUSES, EndReason, PeerSupport, Status

# Where a year of referrals stands today.
_COMMUNITY_MIX = {
    Status.REFERRED: 8,
    Status.ALLOCATED: 7,
    Status.ACTIVE: 33,
    Status.PAUSED: 5,
    Status.ENDED: 32,
    Status.DECLINED: 7,
    Status.DEFERRED: 8,
}
# An MBU admission lasts weeks: most of a year's mothers have gone home.
_MBU_MIX = {
    Status.REFERRED: 4,
    Status.ALLOCATED: 4,
    Status.ACTIVE: 22,
    Status.ENDED: 60,
    Status.DECLINED: 5,
    Status.DEFERRED: 5,
}
_END_REASONS = {
    EndReason.GOALS_MET: 45,
    EndReason.DISCHARGED: 25,
    EndReason.MOVED: 8,
    EndReason.LOST_CONTACT: 15,
    EndReason.OTHER: 7,
}
_MOTHER_REASONS = [
    "Would like to talk to someone who has been through it",
    "Feeling isolated since the baby was born",
    "Anxious about going out with the baby on her own",
    "Would like help to get to baby groups",
    "Struggling with sleep and low mood",
    "Frightened of becoming unwell again after the birth",
    "New to the area and does not know anyone",
    "Would like support for her partner too",
]
_PARTNER_REASONS = [
    "Would like support in their own right while their partner is unwell",
    "Finding it hard to cope since their partner was admitted",
    "Would like to meet other dads and partners",
]
_PAUSE_NOTES = [
    "Taking a break while she settles back home",
    "Away visiting family for a few weeks",
    "Baby in hospital; she asked to pause for now",
    "Would like a break over the holidays",
]
_DEFER_NOTES = [
    "The clinical team feel she is too unwell for peer support just now; review after her medication review",
    "Recently admitted to hospital; the team will look again when she is more settled",
    "Very unwell this month; her care co-ordinator will review at the next team meeting",
]
_DECLINE_NOTES = [
    "She feels she has enough support from family",
    "Not the right time for her; she knows she can be referred again",
    "Prefers to join groups on her own for now",
]
_END_NOTES = {
    EndReason.GOALS_MET: "She feels more confident and is going to baby groups on her own",
    EndReason.DISCHARGED: "Discharged from the service",
    EndReason.MOVED: "Moved to live nearer family",
    EndReason.LOST_CONTACT: "Several attempts by phone and message with no reply",
    EndReason.OTHER: "Now supported by a local group she found",
}

HER_CASELOAD = 15  # peerworker@'s caseload: enough to fill her Today page


@dataclass
class Journey:
    service: Service
    is_mother: bool
    status: str
    referred_on: dt.date
    referrer: User
    source: str
    reason: str
    coordinator: User
    workers: list[User] = field(default_factory=list)
    allocated_on: dt.date | None = None
    closed_on: dt.date | None = None  # when it became paused, ended, declined or deferred
    end_reason: str = ""
    note: str = ""
    review_on: dt.date | None = None
    quiet_since: dt.date | None = None  # no successful contact after this day
    cadence: int = 14
    has_partner: bool = False
    first_success: dt.date | None = None  # filled in when the contacts are drafted
    last_success: dt.date | None = None
    peer_support: PeerSupport | None = None
    person: Person = field(init=False)  # drafted once the referral date is known


class Planner:
    def __init__(self, ctx: Context, staff: Staff, birmingham: Service) -> None:
        self.ctx = ctx
        self.staff = staff
        self.birmingham = birmingham
        self.her = staff.user("peerworker")
        self.partner_peer = staff.user("partnerpeer")
        self.dads_worker = staff.user("bham-peer-fathers")
        self.two_services = staff.user("twoservices")
        self.her_caseload = 0
        self.services_with_caseload: set[int] = set()

    def plan(self, service: Service, *, is_mother: bool, status: str | None = None) -> Journey:
        ctx = self.ctx
        status = status or ctx.weighted(_MBU_MIX if service.kind == Service.Kind.MBU else _COMMUNITY_MIX)
        self_referred = ctx.chance(0.2)
        coordinator = self.staff.coordinator(service)
        journey = Journey(
            service=service,
            is_mother=is_mother,
            status=status,
            referred_on=ctx.today,
            referrer=coordinator if self_referred else ctx.choice(self.staff.clinicians(service)),
            source=PeerSupport.Source.SELF if self_referred else PeerSupport.Source.CLINICIAN,
            reason=ctx.choice(_MOTHER_REASONS if is_mother else _PARTNER_REASONS),
            coordinator=coordinator,
            cadence=ctx.choice([3, 5, 7])
            if service.kind == Service.Kind.MBU
            else ctx.choice([7, 7, 10, 14, 14, 21, 28]),
        )
        _DATES[status](self, journey)
        if journey.allocated_on:
            self._allocate(journey)
        return journey

    # One planner per status: when she was referred, allocated, and when it last changed.

    def _referred(self, j: Journey) -> None:
        j.referred_on = self.ctx.days_ago(0, 40)

    def _allocated(self, j: Journey) -> None:
        j.referred_on = self.ctx.days_ago(3, 60)
        j.allocated_on = self._after(j.referred_on, 1, 14)

    def _active(self, j: Journey) -> None:
        in_mbu = j.service.kind == Service.Kind.MBU
        j.referred_on = self.ctx.days_ago(10, 70) if in_mbu else self.ctx.days_ago(21, 330)
        j.allocated_on = j.referred_on + days(self.ctx.rng.randint(1, 7))
        if self.ctx.chance(0.08):
            self._make_quiet(j)

    def _paused(self, j: Journey) -> None:
        j.referred_on = self.ctx.days_ago(60, 330)
        j.allocated_on = j.referred_on + days(self.ctx.rng.randint(1, 14))
        j.closed_on = max(self.ctx.days_ago(3, 40), j.allocated_on + days(14))
        j.note = self.ctx.choice(_PAUSE_NOTES)

    def _ended(self, j: Journey) -> None:
        ctx = self.ctx
        if j.service.kind == Service.Kind.MBU:
            j.referred_on = ctx.days_ago(14, 365)
            j.allocated_on = j.referred_on + days(ctx.rng.randint(1, 7))
            j.closed_on = j.allocated_on + days(ctx.rng.randint(14, 70))
            j.end_reason = EndReason.DISCHARGED if ctx.chance(0.8) else ctx.weighted(_END_REASONS)
        else:
            j.referred_on = ctx.days_ago(45, 365)
            j.allocated_on = j.referred_on + days(ctx.rng.randint(1, 21))
            j.closed_on = j.allocated_on + days(ctx.rng.randint(28, 200))
            j.end_reason = ctx.weighted(_END_REASONS)
        j.closed_on = min(j.closed_on, ctx.today - days(1))
        j.note = _END_NOTES[EndReason(j.end_reason)]

    def _declined(self, j: Journey) -> None:
        j.referred_on = self.ctx.days_ago(10, 365)
        if self.ctx.chance(0.5):
            j.allocated_on = self._after(j.referred_on, 1, 7)
        j.closed_on = self._after(j.allocated_on or j.referred_on, 2, 10)
        j.note = self.ctx.choice(_DECLINE_NOTES)

    def _deferred(self, j: Journey) -> None:
        j.referred_on = self.ctx.days_ago(3, 90)
        j.closed_on = self._after(j.referred_on, 0, 7)
        j.note = self.ctx.choice(_DEFER_NOTES)
        j.review_on = self.ctx.today + days(self.ctx.rng.randint(7, 56))

    def _after(self, day: dt.date, low: int, high: int) -> dt.date:
        return min(day + days(self.ctx.rng.randint(low, high)), self.ctx.today)

    def _make_quiet(self, j: Journey, *, surely: bool = False) -> None:
        """She has gone quiet: nothing successful for 15 to 35 days, the dashboard's business.

        Someone must have met her first, so only a relationship allocated before then can go quiet;
        `surely` moves a recent one back a month so that it can.
        """
        assert j.allocated_on is not None
        quiet_since = self.ctx.days_ago(15, 35)
        if surely and j.allocated_on >= quiet_since - days(3):
            j.referred_on -= days(30)
            j.allocated_on -= days(30)
        if j.allocated_on < quiet_since - days(3):
            j.quiet_since = quiet_since

    # Who supports her.

    def _allocate(self, j: Journey) -> None:
        if (
            j.service == self.birmingham
            and j.is_mother
            and j.status in CASELOAD_STATUSES
            and self._she_has_room()
        ):
            self._allocate_to_her(j)
            return
        lead = self._lead(j)
        j.workers = [lead.user]
        partner = self._joint_partner(j, lead)
        if partner is not None:
            j.workers.append(partner.user)

    def _she_has_room(self) -> bool:
        return self.her_caseload < HER_CASELOAD

    def _allocate_to_her(self, j: Journey) -> None:
        """Her caseload is scripted so the demo always shows a joint allocation and quiet people."""
        n = self.her_caseload
        self.her_caseload += 1
        j.workers = [self.her, self.partner_peer] if n % 3 == 1 else [self.her]
        if j.status == Status.ACTIVE:
            j.quiet_since = None
            if n == 0 or n % 5 == 3:
                self._make_quiet(j, surely=n == 0)

    def _lead(self, j: Journey) -> Membership:
        workers = self._available(j)
        if not j.is_mother:
            return self._first_of(workers, self.dads_worker) or self.ctx.choice(workers)
        if j.status in CASELOAD_STATUSES and j.service.pk not in self.services_with_caseload:
            # twoservices@ should find someone on her caseload in each of her services.
            self.services_with_caseload.add(j.service.pk)
            return self._first_of(workers, self.two_services) or self.ctx.choice(workers)
        return self.ctx.choice(workers)

    @staticmethod
    def _first_of(memberships: list[Membership], user: User) -> Membership | None:
        return next((m for m in memberships if m.user == user), None)

    def _joint_partner(self, j: Journey, lead: Membership) -> Membership | None:
        """A fifth are supported jointly: an NHS peer worker with one hosted by a charity."""
        if not self.ctx.chance(0.2):
            return None
        hosted = lead.host_organisation_id is not None
        others = [m for m in self._available(j) if (m.host_organisation_id is not None) != hosted]
        return self.ctx.choice(others) if others else None

    def _available(self, j: Journey) -> list[Membership]:
        # Her current caseload is scripted above; she appears in others' history only.
        workers = self.staff.peer_workers(j.service)
        if j.status in CASELOAD_STATUSES:
            workers = [m for m in workers if m.user != self.her]
        return workers


_DATES: dict[str, Callable[[Planner, Journey], None]] = {
    Status.REFERRED: Planner._referred,
    Status.ALLOCATED: Planner._allocated,
    Status.ACTIVE: Planner._active,
    Status.PAUSED: Planner._paused,
    Status.ENDED: Planner._ended,
    Status.DECLINED: Planner._declined,
    Status.DEFERRED: Planner._deferred,
}
