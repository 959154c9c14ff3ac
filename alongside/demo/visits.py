"""Visits in Birmingham: every face-to-face contact was a planned visit, checked in and out.

The service's accompaniment rule holds as it did when each visit was planned (see
alongside.visits.services.companion_needed_because): a peer worker's first visits, and her first
meeting with each mother, had a clinician with her; after that she went alone, naming someone
to tell if she did not check out.

Scripted for peerworker@: a lone visit she checked in to three hours ago and has not checked
out of, due to end ninety minutes ago (its alert is raised by the real code: see alerts.py); a
visit later today; two tomorrow, one her first meeting with a mother, so accompanied. And a
colleague's visit four days ago tells the rest of the story: she did not check out, the alert
went out, and the co-ordinator rang her and recorded that she was safe.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Min

from alongside.accounts.models import User
from alongside.demo.alerts import Later, next_run
from alongside.demo.common import Context, days, hours, minutes
from alongside.demo.journeys import Journey
from alongside.demo.staff import Staff
from alongside.organisations.models import Service
from alongside.support.models import CASELOAD_STATUSES, Contact, Mode, Status
from alongside.visits.models import Alert, Visit
from alongside.wellbeing.models import WellbeingCheckIn

_VENUES = {
    Mode.HOME: Visit.Venue.HOME,
    Mode.COMMUNITY: Visit.Venue.PUBLIC,
    Mode.NHS_PREMISES: Visit.Venue.NHS_PREMISES,
}
_WHERE = {
    Visit.Venue.HOME: ["", "", "", "Flat 3: ring the top bell", "Side door: the front bell doesn't work"],
    Visit.Venue.PUBLIC: [
        "Costa, Kings Heath High Street",
        "Café in Cannon Hill Park",
        "The library café, Selly Oak",
        "Community café, Soho Road",
        "Café by the market, Bullring",
    ],
    Visit.Venue.NHS_PREMISES: [
        "Children's centre, Small Heath",
        "Antenatal clinic, Birmingham Heartlands Hospital",
        "Her GP surgery",
    ],
}
_SAFE_NOTE = "Rang her 25 minutes after the alert: she was safe at home. Her phone had died on the bus back."
# peerworker@'s own check-ins after her visits: (days ago, feeling, note, shared with her co-ordinator)
_HER_WELLBEING = (
    (33, WellbeingCheckIn.Feeling.GOOD, "", True),
    (19, WellbeingCheckIn.Feeling.MIXED, "Her flat reminded me of where I lived when I was unwell", True),
    (8, WellbeingCheckIn.Feeling.GOOD, "Lovely to see her out at the park", False),
    (2, WellbeingCheckIn.Feeling.MIXED, "Long week; looking forward to the weekend", True),
)


def build_visits(ctx: Context, service: Service, staff: Staff, journeys: list[Journey]) -> list[Later]:
    """Write the visits. Returns their alerts to raise (the one due is today's overdue visit),
    and the one that went out four days ago with what the co-ordinator did about it."""
    visits = Visits(ctx, service, staff, [j for j in journeys if j.service == service])
    rows = visits.history() + visits.hers() + visits.colleagues_tomorrow()
    went_quiet = visits.went_quiet()
    Visit.objects.bulk_create([*rows, *([went_quiet.visit] if went_quiet else [])], batch_size=500)
    _her_wellbeing(ctx, staff)
    grace = minutes(service.lone_work_grace_minutes)
    later = [Later(v.expected_end_at + grace) for v in rows if v.is_lone and not v.is_closed]
    if went_quiet:
        later.append(Later(went_quiet.visit.expected_end_at + grace, went_quiet.confirm))
    return later


class Visits:
    def __init__(self, ctx: Context, service: Service, staff: Staff, journeys: list[Journey]) -> None:
        self.ctx = ctx
        self.service = service
        self.journeys = journeys
        self.her = staff.user("peerworker")
        self.partner_peer = staff.user("partnerpeer")
        self.coordinator = staff.coordinator(service)
        self.clinicians = staff.clinicians(service)
        self.colleagues = [m.user for m in staff.peer_workers(service)]
        met = (
            Contact.objects.filter(peer_support__service=service, successful=True)
            .values("peer_worker_id", "peer_support_id")
            .annotate(first=Min("occurred_at"))
            .values_list("peer_worker_id", "peer_support_id", "first")
        )
        self.first_met = {(worker, ps): first for worker, ps, first in met}
        # When each peer worker checked out of her visits, and first visited each mother.
        self.made: dict[int, list[dt.datetime]] = defaultdict(list)
        self.first_visited: dict[tuple[int, int], dt.datetime] = {}

    def companion_needed(self, worker: int, ps: int, at: dt.datetime) -> bool:
        """The service's rule, as it stood when a visit starting `at` was planned."""
        service = self.service
        key = (worker, ps)
        met = (key in self.first_met and self.first_met[key] < at) or (
            key in self.first_visited and self.first_visited[key] < at
        )
        if service.accompany_first_meeting and not met:
            return True
        made = sum(1 for out in self.made[worker] if out < at)
        return made < service.accompanied_visits_for_new_workers

    def history(self) -> list[Visit]:
        """A visit for each face-to-face contact, accompanied as the rule then required."""
        ctx, service = self.ctx, self.service
        contacts = (
            Contact.objects.filter(
                peer_support__service=service, group_session__isnull=True, mode__in=list(_VENUES)
            )
            .order_by("occurred_at", "pk")
            .values_list(
                "peer_support_id",
                "peer_worker_id",
                "occurred_at",
                "duration_minutes",
                "mode",
                "successful",
                "note",
            )
        )
        rows = []
        for ps, worker, at, length, mode, reached, note in contacts:
            accompanied = self.companion_needed(worker, ps, at)
            venue = _VENUES[Mode(mode)]
            planned = 15 * -(-length // 15) + 15 * ctx.rng.randint(1, 2) if reached else 60
            visit = Visit(
                peer_support_id=ps,
                peer_worker_id=worker,
                venue=venue,
                where=ctx.choice(_WHERE[venue]),
                starts_at=at,
                expected_end_at=at + minutes(planned),
                companion=ctx.choice(self.clinicians) if accompanied else None,
                named_contact=None if accompanied else self._named_contact(worker),
            )
            if not reached and "cancelled" in note:
                visit.cancelled_at = at - hours(ctx.rng.randint(1, 4))
            else:
                # Not in when she called round is still a visit made: in, and out again soon.
                visit.checked_in_at = at + minutes(ctx.rng.randint(0, 5))
                visit.checked_out_at = at + minutes((length if reached else 10) + ctx.rng.randint(0, 10))
                self.made[worker].append(visit.checked_out_at)
                self.first_visited.setdefault((worker, ps), visit.checked_out_at)
            rows.append(visit)
        return rows

    def _named_contact(self, worker_id: int) -> User:
        if self.ctx.chance(0.9):
            return self.coordinator
        return self.ctx.choice([u for u in self.colleagues if u.pk != worker_id])

    def _met_by(self, worker: User, at: dt.datetime) -> list[Journey]:
        """Her active relationships she may visit alone at `at`, the most recently seen first."""
        mine = [
            j
            for j in self.journeys
            if j.status == Status.ACTIVE
            and worker in j.workers
            and j.quiet_since is None
            and j.peer_support is not None
            and not self.companion_needed(worker.pk, j.peer_support.pk, at)
        ]
        return sorted(mine, key=lambda j: (j.last_success, j.referred_on), reverse=True)

    def hers(self) -> list[Visit]:
        ctx, now = self.ctx, self.ctx.now
        started = _round_down(now - hours(3))
        alone = self._met_by(self.her, started)
        if not alone:
            return []
        overdue = self._planned(alone[0], self.her, Visit.Venue.HOME, started, 90)
        overdue.checked_in_at = started + minutes(2)
        later_today = max(_round_up(now + hours(1)), ctx.at(ctx.today, 10))
        tomorrow = ctx.today + days(1)
        rows = [
            overdue,
            self._planned(alone[1 % len(alone)], self.her, Visit.Venue.PUBLIC, later_today, 90),
            self._planned(alone[2 % len(alone)], self.her, Visit.Venue.HOME, ctx.at(tomorrow, 14), 60),
        ]
        not_met = [
            j
            for j in self.journeys
            if j.status in CASELOAD_STATUSES and self.her in j.workers and j.first_success is None
        ]
        if not_met:
            # Her first meeting with this mother: the rule has a clinician go with her.
            rows.append(
                self._planned(not_met[0], self.her, Visit.Venue.NHS_PREMISES, ctx.at(tomorrow, 10, 30), 60)
            )
        return rows

    def colleagues_tomorrow(self) -> list[Visit]:
        starts = self.ctx.at(self.ctx.today + days(1), 11)
        theirs = [j for j in self.journeys if j.status == Status.ACTIVE and self.partner_peer in j.workers]
        return [self._planned(theirs[0], self.partner_peer, Visit.Venue.PUBLIC, starts, 60)] if theirs else []

    def _planned(
        self,
        j: Journey,
        worker: User,
        venue: str,
        starts: dt.datetime,
        length: int,
        *,
        planned_at: dt.datetime | None = None,
    ) -> Visit:
        """A visit planned (by default, just now): accompanied if the rule then said so, otherwise
        alone, with the co-ordinator to tell if she does not check out."""
        assert j.peer_support is not None
        accompanied = self.companion_needed(worker.pk, j.peer_support.pk, planned_at or self.ctx.now)
        return Visit(
            peer_support=j.peer_support,
            peer_worker=worker,
            venue=venue,
            where=self.ctx.choice(_WHERE[Visit.Venue(venue)]),
            starts_at=starts,
            expected_end_at=starts + minutes(length),
            companion=self.ctx.choice(self.clinicians) if accompanied else None,
            named_contact=None if accompanied else self.coordinator,
        )

    def went_quiet(self) -> "WentQuiet | None":
        """Four days ago a colleague did not check out; the co-ordinator found she was safe."""
        day = self.ctx.today - days(4)
        day -= days(max(0, day.weekday() - 4))  # a weekday
        starts = self.ctx.at(day, 13)
        planned = starts - days(1)
        for worker in self.colleagues:
            if worker in (self.her, self.partner_peer):
                continue
            alone = [j for j in self._met_by(worker, planned) if j.allocated_on and j.allocated_on < day]
            if alone:
                visit = self._went_quiet(alone[0], worker, starts, planned)
                return WentQuiet(visit, self.coordinator, self.service)
        return None

    def _went_quiet(self, j: Journey, worker: User, starts: dt.datetime, planned: dt.datetime) -> Visit:
        visit = self._planned(j, worker, Visit.Venue.HOME, starts, 60, planned_at=planned)
        visit.checked_in_at = starts + minutes(3)
        assert j.peer_support is not None
        Contact.objects.create(
            peer_support=j.peer_support,
            peer_worker=worker,
            occurred_at=starts,
            duration_minutes=60,
            mode=Mode.HOME,
            note="Home visit: talked about how the week has been",
        )
        return visit


class WentQuiet:
    def __init__(self, visit: Visit, coordinator: User, service: Service) -> None:
        self.visit = visit
        self.coordinator = coordinator
        self.due = visit.expected_end_at + minutes(service.lone_work_grace_minutes)

    def confirm(self) -> None:
        """What visit_confirm_safe does, without its audit row: demo data was done by no one."""
        at = next_run(self.due) + minutes(25)
        self.visit.safe_confirmed_by = self.coordinator
        self.visit.safe_confirmed_at = at
        self.visit.safe_note = _SAFE_NOTE
        self.visit.save(update_fields=["safe_confirmed_by", "safe_confirmed_at", "safe_note"])
        Alert.objects.filter(visit=self.visit, cleared_at__isnull=True).update(cleared_at=at)


def _her_wellbeing(ctx: Context, staff: Staff) -> None:
    her, coordinator = staff.user("peerworker"), staff.user("coordinator")
    WellbeingCheckIn.objects.bulk_create(
        WellbeingCheckIn(
            peer_worker=her,
            shared_with=coordinator if shared else None,
            recorded_at=ctx.at(ctx.today - days(ago), 17, 30),
            feeling=feeling,
            note=note,
        )
        for ago, feeling, note, shared in _HER_WELLBEING
    )


def _round_down(moment: dt.datetime) -> dt.datetime:
    return moment - dt.timedelta(
        minutes=moment.minute % 5, seconds=moment.second, microseconds=moment.microsecond
    )


def _round_up(moment: dt.datetime) -> dt.datetime:
    down = moment - dt.timedelta(
        minutes=moment.minute % 15, seconds=moment.second, microseconds=moment.microsecond
    )
    return down if down == moment else down + minutes(15)
