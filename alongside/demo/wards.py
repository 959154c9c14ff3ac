"""Eight weeks of ward shifts at the MBU, with their handovers, concerns and wellbeing check-ins.

A peer worker is on the ward on the days her ward contacts and groups say she was, and on a few
more, one shift a day, so no two of hers overlap. Most shifts have an arrival briefing and a
departure debrief; some miss one, so handover compliance is neither nothing nor everything.
A shift without a debrief still has its end time (she went home), so it never overlaps her next
one and the ward page shows only who is on the ward now; the services have no way yet to end a
shift without a debrief, so these rows stand for one they might add.
A few debriefs raised a concern for a mother, which a clinician acknowledged, saying what was
done. Today twoservices@ is on the ward, briefed and not yet signed out, and two colleagues
have been and gone, each leaving a concern still open: one raised half an hour ago, one
longer ago than the service's escalation hours (the builder raises its alert, see alerts.py).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Q

from alongside.accounts.models import User
from alongside.demo.alerts import Later
from alongside.demo.common import Context, days, hours, minutes
from alongside.demo.journeys import Journey
from alongside.demo.staff import Staff
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.support.models import CASELOAD_STATUSES, Contact, GroupSession, Status
from alongside.visits.models import Alert
from alongside.wards import services as wards_services
from alongside.wards.models import ArrivalBriefing, BriefingEntry, DepartureDebrief, Escalation, Shift
from alongside.wellbeing.models import WellbeingCheckIn

WEEKS = 8
HISTORY_CONCERNS = 7  # acknowledged concerns over the eight weeks (fewer if there are few shifts)


@dataclass(frozen=True)
class WardWorker:
    key: str
    per_week: float  # shifts a week
    unbriefed: float  # chance a shift has no arrival briefing
    undebriefed: float  # chance she left without a departure debrief
    shares: float  # chance she shares a wellbeing check-in with the MBU's co-ordinator


_WORKERS = (
    WardWorker("twoservices", 2, 0.06, 0.05, 0.9),  # she works in Lancashire on the other days
    WardWorker("mbu-peer-nhs-1", 3, 0.08, 0.06, 0.0),  # keeps hers to herself
    WardWorker("mbu-peer-nhs-2", 3, 0.1, 0.08, 0.7),
    WardWorker("mbu-peer-volunteer", 1.5, 0.2, 0.15, 0.4),
)

_WARD_NOTES = [
    "Calm morning; craft group at 2pm in the day room",
    "Busy ward: two admissions overnight",
    "Short-staffed today: check in with the nurse in charge before any one-to-ones",
    "Quiet day, several mothers on leave",
    "Ward round this morning, so most mothers are free after lunch",
    "New mother admitted yesterday; she would like to meet you when she is ready",
]
_RISKS = [
    "",
    "",
    "",
    "Please don't take hot drinks into the nursery",
    "One mother is on close observation: the nurses will say who",
    "Fire alarm test at 11",
    "Ligature checks this afternoon: the bedroom corridor is closed from 2 until 3",
]
_HOW_SHE_IS = [
    "Settling in; enjoying the baby massage group",
    "Tired after a difficult night",
    "Weekend leave at home went well",
    "Quiet today; would like company at lunch",
    "Going home on Friday and would like to talk about it",
    "Brighter today; asked if you are in",
    "Anxious about her medication review tomorrow",
]
_DO_NOT_APPROACH = [
    "Family meeting with the team this morning, then she would like some time alone",
    "Very tired after a difficult night: she asked for a quiet day",
    "Assessment with the psychiatrist this afternoon",
    "She asked for no visitors today",
]
# A concern, and what the clinical team did about it.
_CONCERNS = [
    (
        "She told me she hasn't slept for two nights and is frightened to be alone with the baby at night",
        "Spoke with her and her named nurse; nursery staff will help overnight and the doctor reviewed her",
    ),
    (
        "She said she has been having thoughts of harming herself",
        "Seen by the duty doctor; risk assessment updated and she is on increased observations",
    ),
    (
        "Baby seemed very sleepy and she said he hadn't fed since the morning",
        "Nursery nurse and the paediatric team checked baby; feeding plan in place and going well",
    ),
    (
        "She was very upset after her partner's visit and talked about leaving the unit tonight",
        "Named nurse sat with her; her partner's visits will be supported by staff for now",
    ),
    (
        "She mentioned she has stopped taking her evening medication",
        "Discussed at handover; the psychiatrist talked it through with her and changed the timing",
    ),
    (
        "She said the baby would be better off without her",
        "Reviewed by the consultant the same day; plan agreed with her and her family",
    ),
    (
        "She seemed confused about where she was this afternoon",
        "Physical health checks done and the doctor reviewed her; no infection, plan to monitor",
    ),
]
_OPEN_OVERDUE = "She told me she has been hiding her tablets rather than taking them"
_OPEN_RECENT = "She said she is frightened of what she might do if she is left on her own tonight"
Feeling = WellbeingCheckIn.Feeling
_AFTER_A_SHIFT = {Feeling.GOOD: 68, Feeling.MIXED: 27, Feeling.LOW: 5}
_AFTER_A_CONCERN = {Feeling.GOOD: 10, Feeling.MIXED: 60, Feeling.LOW: 30}
_FEELINGS = {
    Feeling.GOOD: ["", "", "Lovely afternoon at the craft group", "Good day on the ward"],
    Feeling.MIXED: [
        "A mother's story brought back memories of my own admission",
        "Hard to leave her upset at the end of the day",
        "Busy shift, and I didn't get a break",
    ],
    Feeling.LOW: [
        "Today's concern has stayed with me; I'd like to talk it through",
        "Feeling wobbly after today",
    ],
}


@dataclass
class Draft:
    """A shift before it is saved, with what happened on it."""

    key: str
    worker: User
    start: dt.datetime
    end: dt.datetime | None
    briefed: bool = True
    debriefed: bool = True
    concern: str = ""
    action: str = ""  # what the clinicians did; "" while the concern is open
    acknowledged_after: dt.timedelta | None = None
    ward: list[Journey] = field(default_factory=list)  # mothers on the ward that day
    saved: Shift | None = None

    @property
    def ended(self) -> dt.datetime:
        assert self.end is not None, "only a finished shift has a debrief"
        return self.end

    def overlaps(self, other: "Draft") -> bool:
        end = self.end or self.start + days(1)
        other_end = other.end or other.start + days(1)
        return self.start < other_end and other.start < end


def build_wards(ctx: Context, mbu: Service, staff: Staff, journeys: list[Journey]) -> list[Later]:
    """Write the shifts and all that hangs on them. Returns when each concern's alert fell due:
    the builder raises those due by now, and for the one acknowledged late, acknowledges it after."""
    ward = Ward(ctx, mbu, staff, [j for j in journeys if j.service == mbu and j.is_mother])
    drafts = ward.today() + ward.history()
    return ward.save(drafts)


class Ward:
    def __init__(self, ctx: Context, mbu: Service, staff: Staff, mothers: list[Journey]) -> None:
        self.ctx = ctx
        self.mbu = mbu
        self.staff = staff
        self.mothers = mothers
        self.clinicians = staff.clinicians(mbu)
        self.coordinator = staff.coordinator(mbu)
        self.since = ctx.today - days(7 * WEEKS)
        on_ward = [j for j in mothers if j.status in CASELOAD_STATUSES]
        self.away_today = on_ward[-1] if len(on_ward) > 1 else None
        self.away_reason = ctx.choice(_DO_NOT_APPROACH)

    # Planning.

    def today(self) -> list[Draft]:
        """twoservices@ on shift now; two colleagues gone home, each leaving a concern open."""
        ctx, now = self.ctx, self.ctx.now
        start = max(ctx.at(ctx.today, 0), min(ctx.at(ctx.today, 9), now - minutes(30)))
        on_now = self._draft("twoservices", start, None)
        recent_end = now - minutes(30)
        recent = self._draft("mbu-peer-nhs-1", self._start(recent_end, 5), recent_end, concern=_OPEN_RECENT)
        overdue_end = now - hours(self.mbu.escalation_hours + 1) - minutes(20)
        if ctx.local(overdue_end).time() >= dt.time(8, 30):
            overdue_start = self._start(overdue_end, 4.5)
        else:
            # Too early in the day for a shift to have ended: the concern was left last night.
            yesterday = ctx.local(overdue_end).date() - days(1)
            overdue_start, overdue_end = ctx.at(yesterday, 8, 30), ctx.at(yesterday, 20, 15)
        overdue = self._draft("mbu-peer-nhs-2", overdue_start, overdue_end, concern=_OPEN_OVERDUE)
        return [on_now, recent, overdue]

    def _start(self, end: dt.datetime, length: float) -> dt.datetime:
        """When a shift of about `length` hours ending at `end` began: not before 7am if it can help it."""
        early = self.ctx.at(self.ctx.local(end).date(), 7)
        start = end - hours(length)
        return max(start, early) if end - early >= hours(1) else start

    def history(self) -> list[Draft]:
        """One shift a day on her days on the ward, through yesterday."""
        busy = self._busy(here=True)
        elsewhere = self._busy(here=False)  # twoservices@ works in Lancashire too
        weekdays = [
            day
            for n in range((self.ctx.today - self.since).days)
            if (day := self.since + days(n)).weekday() < 5
        ]
        drafts = []
        for worker in _WORKERS:
            on_ward = set(busy[worker.key])
            wanted = round(worker.per_week * WEEKS)
            free = [day for day in weekdays if day not in on_ward and day not in elsewhere[worker.key]]
            extra = max(0, wanted - len(on_ward))
            on_ward |= set(self.ctx.rng.sample(free, min(extra, len(free))))
            for day in sorted(on_ward):
                drafts.append(self._day_shift(worker, day, busy[worker.key].get(day, [])))
        self._some_missing(drafts)
        self._concerns(drafts)
        return drafts

    def _busy(self, *, here: bool) -> dict[str, dict[dt.date, list[tuple[dt.datetime, dt.datetime]]]]:
        """When each peer worker was with mothers on the ward (or, not `here`, in another
        service): her contacts and the groups she led."""
        since = self.ctx.at(self.since, 0)
        until = self.ctx.at(self.ctx.today, 0)
        keys = {self.staff.user(w.key).pk: w.key for w in _WORKERS}
        busy: dict[str, dict[dt.date, list[tuple[dt.datetime, dt.datetime]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        where = Q(peer_support__service=self.mbu) if here else ~Q(peer_support__service=self.mbu)
        contacts = Contact.objects.filter(
            where, peer_worker_id__in=keys, occurred_at__gte=since, occurred_at__lt=until
        ).values_list("peer_worker_id", "occurred_at", "duration_minutes")
        where = Q(service=self.mbu) if here else ~Q(service=self.mbu)
        groups = GroupSession.objects.filter(
            where, led_by_id__in=keys, starts_at__gte=since, starts_at__lt=until
        ).values_list("led_by_id", "starts_at", "duration_minutes")
        for worker_id, at, length in [*contacts, *groups]:
            if worker_id in keys:
                local = self.ctx.local(at)
                busy[keys[worker_id]][local.date()].append((local, local + minutes(length)))
        return busy

    def _day_shift(
        self, worker: WardWorker, day: dt.date, busy: list[tuple[dt.datetime, dt.datetime]]
    ) -> Draft:
        ctx = self.ctx
        start = ctx.at(day, 9) + minutes(ctx.choice([-30, -15, 0, 0, 15, 30]))
        end = ctx.at(day, 15) + minutes(15 * ctx.rng.randint(0, 10))
        if busy:
            start = min(start, min(b[0] for b in busy) - minutes(20))
            end = max(end, max(b[1] for b in busy) + minutes(15))
        draft = self._draft(worker.key, start, end)
        draft.briefed = not ctx.chance(worker.unbriefed)
        draft.debriefed = not ctx.chance(worker.undebriefed)
        return draft

    def _draft(self, key: str, start: dt.datetime, end: dt.datetime | None, *, concern: str = "") -> Draft:
        day = self.ctx.local(start).date()
        return Draft(key, self.staff.user(key), start, end, concern=concern, ward=self._on_ward(day, end))

    def _on_ward(self, day: dt.date, end: dt.datetime | None) -> list[Journey]:
        """Mothers in the MBU's peer support that day: allocated, and not yet gone home."""
        if end is None or day == self.ctx.today:
            return [j for j in self.mothers if j.status in CASELOAD_STATUSES]
        return [
            j
            for j in self.mothers
            if j.allocated_on is not None
            and j.allocated_on <= day
            and j.status not in (Status.DECLINED, Status.DEFERRED)
            and (j.closed_on is None or day < j.closed_on)
        ]

    def _some_missing(self, drafts: list[Draft]) -> None:
        # However the dice fell, at least one shift misses each handover and most have both.
        if drafts and all(d.briefed for d in drafts):
            drafts[len(drafts) // 3].briefed = False
        if len(drafts) > 1 and all(d.debriefed for d in drafts):
            drafts[2 * len(drafts) // 3].debriefed = False

    def _concerns(self, drafts: list[Draft]) -> None:
        debriefed = [d for d in drafts if d.debriefed]
        chosen = sorted(
            self.ctx.rng.sample(debriefed, min(HISTORY_CONCERNS, len(debriefed))), key=lambda d: d.start
        )
        for n, draft in enumerate(chosen):
            draft.concern, draft.action = _CONCERNS[n % len(_CONCERNS)]
            draft.acknowledged_after = minutes(self.ctx.rng.randint(15, 150))
        if len(chosen) > 1:
            # One waited past the escalation hours, so its alert went out before it was acknowledged.
            chosen[1].acknowledged_after = hours(self.mbu.escalation_hours + 1) + minutes(10)

    # Writing.

    def save(self, drafts: list[Draft]) -> list[Later]:
        drafts = self._without_overlaps(drafts)
        shifts = [
            Shift(peer_worker=d.worker, service=self.mbu, started_at=d.start, ended_at=d.end) for d in drafts
        ]
        Shift.objects.bulk_create(shifts)
        for draft, shift in zip(drafts, shifts, strict=True):
            draft.saved = shift
        self._briefings([d for d in drafts if d.briefed])
        debriefed = [d for d in drafts if d.end is not None and d.debriefed]
        DepartureDebrief.objects.bulk_create(
            DepartureDebrief(shift=d.saved, given_at=d.ended, no_concerns=not d.concern) for d in debriefed
        )
        later = self._escalations([d for d in debriefed if d.concern])
        self._wellbeing(debriefed)
        return later

    @staticmethod
    def _without_overlaps(drafts: list[Draft]) -> list[Draft]:
        """Today's shifts come first and always stay; a day's shift that would overlap one goes."""
        kept: list[Draft] = []
        for draft in drafts:
            if not any(k.worker == draft.worker and k.overlaps(draft) for k in kept):
                kept.append(draft)
        return kept

    def _briefings(self, drafts: list[Draft]) -> None:
        ctx = self.ctx
        briefings = []
        entries = []
        for d in drafts:
            room = (min(d.end, ctx.now) if d.end else ctx.now) - d.start
            given = d.start + min(minutes(ctx.rng.randint(5, 20)), room / 2)
            briefing = ArrivalBriefing(
                shift=d.saved,
                given_by=ctx.choice(self.clinicians),
                given_at=given,
                ward_note=ctx.choice(_WARD_NOTES),
                risks=ctx.choice(_RISKS),
            )
            briefings.append(briefing)
            entries += self._entries(briefing, d)
        ArrivalBriefing.objects.bulk_create(briefings)
        BriefingEntry.objects.bulk_create(entries)

    def _entries(self, briefing: ArrivalBriefing, d: Draft) -> list[BriefingEntry]:
        """A line for a few mothers, now and then one not to approach that day. Today's briefings
        all name the same mother not to approach, with the same reason."""
        ctx = self.ctx
        today = d.end is None or ctx.local(d.start).date() == ctx.today
        away = self.away_today if today and any(j is self.away_today for j in d.ward) else None
        others = [j for j in d.ward if j is not away]
        mothers = ctx.rng.sample(others, min(len(others), 3 if today else ctx.rng.randint(0, 3)))
        lines = ctx.rng.sample(_HOW_SHE_IS, len(mothers))
        entries = [
            BriefingEntry(briefing=briefing, person=j.person, how_she_is=line)
            for j, line in zip(mothers, lines, strict=True)
        ]
        for entry in entries:
            if not today and ctx.chance(0.08):
                entry.do_not_approach, entry.reason = True, ctx.choice(_DO_NOT_APPROACH)
        if away is not None:
            entries.append(
                BriefingEntry(
                    briefing=briefing, person=away.person, do_not_approach=True, reason=self.away_reason
                )
            )
        return entries

    def _escalations(self, drafts: list[Draft]) -> list[Later]:
        ctx = self.ctx
        escalations = []
        later = []
        for d in drafts:
            escalation = Escalation(
                service=self.mbu,
                raised_by=d.worker,
                raised_at=d.ended,
                shift=d.saved,
                person=self._about(d),
                concern=d.concern,
            )
            escalations.append(escalation)
            due = d.ended + hours(self.mbu.escalation_hours)
            if d.action and d.acknowledged_after is not None:
                at = min(d.ended + d.acknowledged_after, ctx.now - minutes(1))
                acknowledged = _Acknowledgement(escalation, ctx.choice(self.clinicians), at, d.action)
                if at < due:
                    acknowledged.apply(save=False)
                else:
                    later.append(Later(due, acknowledged.apply))
            else:
                later.append(Later(due))  # still open: its alert goes out when it is due, if by now
        Escalation.objects.bulk_create(escalations)
        for escalation in escalations:
            wards_services.escalation_raised(
                escalation
            )  # emails to the clinical team, as the real code sends
        return later

    def _about(self, d: Draft) -> Person | None:
        return self.ctx.choice(d.ward).person if d.ward else None

    def _wellbeing(self, drafts: Iterable[Draft]) -> None:
        ctx = self.ctx
        sharing = {w.key: w.shares for w in _WORKERS}
        checkins = []
        for d in drafts:
            if not (d.concern or ctx.chance(0.45)):
                continue
            feeling = ctx.weighted(_AFTER_A_CONCERN if d.concern else _AFTER_A_SHIFT)
            follow_up = feeling == Feeling.LOW or (feeling == Feeling.MIXED and ctx.chance(0.2))
            checkins.append(
                WellbeingCheckIn(
                    peer_worker=d.worker,
                    shared_with=self.coordinator if ctx.chance(sharing[d.key]) else None,
                    shift=d.saved,
                    recorded_at=d.ended,
                    feeling=feeling,
                    note=ctx.choice(_FEELINGS[feeling]),
                    would_like_follow_up=follow_up,
                )
            )
        WellbeingCheckIn.objects.bulk_create(checkins)


@dataclass
class _Acknowledgement:
    """What escalation_acknowledge does, without its audit row: demo data was done by no one."""

    escalation: Escalation
    by: User
    at: dt.datetime
    action: str

    def apply(self, *, save: bool = True) -> None:
        self.escalation.acknowledged_by = self.by
        self.escalation.acknowledged_at = self.at
        self.escalation.action_taken = self.action
        if save:
            self.escalation.save(update_fields=["acknowledged_by", "acknowledged_at", "action_taken"])
            Alert.objects.filter(escalation=self.escalation, cleared_at__isnull=True).update(
                cleared_at=self.at
            )
