"""Demo transitions: mothers leaving the MBU and the community teams, some of whose peer support
carried on and some of whose lapsed, arrivals waiting at Birmingham, and the API token.

- Mothers discharged from the MBU to a community team on Alongside (mostly Lancashire; some home
  to Birmingham after an out-of-area admission). Some were accepted and met within 28 days
  (twoservices@ kept hers, since she works at both); some lapsed: accepted but never reached,
  declined, or never picked up at all.
- Mothers discharged from a community team to their GP, a general adult team, or out of area.
  Some carried on with peer support from the team (a contact within 28 days), some did not.
  Some Birmingham ones came through the API from the trust's system.
- Waiting at Birmingham for coordinator@ to accept: two planned discharges from the MBU and a
  mother moving from Lancashire, with their notices unseen on her dashboard.
- peerworker@ has an unseen notice on her Today page: a mother she supports was discharged to
  her GP yesterday, and her peer support carries on.
- Birmingham's service manager has an API token for its clinical system (only a hash of a random
  secret is stored, and the secret is thrown away: nobody can use it) and an old revoked one.

Notices of events more than a few days old have been seen. No emails are queued: the demo's
outbox holds only what its alerts sent. Runs after the journeys are written. Deterministic
(ctx.rng) but for the token's secret, bulk writes, no audit trail, like the rest of the demo.
"""

import datetime as dt
import secrets
from dataclasses import dataclass, field

from alongside.accounts.models import User
from alongside.demo.common import Context, days, hours
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Role, Service
from alongside.support.models import (
    Allocation,
    Contact,
    EndReason,
    Mode,
    PeerSupport,
    Status,
    StatusChange,
)
from alongside.transitions.models import (
    ApiCall,
    ApiToken,
    Destination,
    Kind,
    PersonReference,
    Transition,
    TransitionNotice,
)

WINDOW = 28
SEEN_AFTER = 3  # days: older notices have been marked seen
MOST_FROM_THE_MBU = 8
MOST_FROM_EACH_TEAM = 6
API_PATH = "/api/v1/events"
_GP = ["Moseley Medical Centre", "Kings Heath Surgery", "Preston Road Surgery", "Fulwood Medical Practice"]
_ADULT_TEAM = {
    "birmingham": "North Birmingham Community Mental Health Team",
    "lancashire": "Preston Community Mental Health Team",
}
_AWAY = ["Moved to Leeds", "Moved to Cardiff", "Moved to Glasgow"]
# What happened after each MBU discharge, in turn: most were met within 28 days.
_STORIES = ("met", "not_reached", "met", "declined", "met", "never_picked_up", "met")
_DECLINE = "She moved again before we could meet: passed to the team where she lives now"


@dataclass
class _Rows:
    transitions: list[Transition] = field(default_factory=list)
    notices: list[TransitionNotice] = field(default_factory=list)
    peer_supports: list[PeerSupport] = field(default_factory=list)
    changes: list[StatusChange] = field(default_factory=list)
    allocations: list[Allocation] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    references: list[PersonReference] = field(default_factory=list)
    calls: list[ApiCall] = field(default_factory=list)


def build_transitions(ctx: Context, places: Places, staff: Staff) -> None:
    builder = _Builder(ctx, places, staff)
    builder.tokens()
    builder.from_the_mbu()
    for service in (places.birmingham, places.lancashire):
        builder.from_a_team(service)
    builder.waiting_at_birmingham()
    builder.her_notice()
    builder.save()


class _Builder:
    def __init__(self, ctx: Context, places: Places, staff: Staff) -> None:
        self.ctx, self.places, self.staff = ctx, places, staff
        self.rows = _Rows()
        self.used: set[int] = set()  # people given a transition already
        self.token: ApiToken | None = None
        self.references: set[int] = set()

    # Writing ------------------------------------------------------------------------------

    def save(self) -> None:
        rows = self.rows
        PeerSupport.objects.bulk_create(rows.peer_supports)
        StatusChange.objects.bulk_create(rows.changes)
        Allocation.objects.bulk_create(rows.allocations)
        Contact.objects.bulk_create(rows.contacts, batch_size=500)
        Transition.objects.bulk_create(rows.transitions)
        TransitionNotice.objects.bulk_create(rows.notices)
        PersonReference.objects.bulk_create(rows.references)
        ApiCall.objects.bulk_create(rows.calls)
        if self.token is not None and rows.calls:
            self.token.last_used_at = max(c.at for c in rows.calls if c.token is self.token)
            self.token.save(update_fields=["last_used_at"])

    def tokens(self) -> None:
        """Birmingham's token for its clinical system, and an old one, revoked. Each hash is of a
        fresh random secret, thrown away at once: a demo token must not be usable by anyone who
        knows the seed, so this is the one part of the demo that is not deterministic."""
        ctx, manager = self.ctx, self.staff.user("manager")
        for name, made, revoked in (("Test harness", 420, 390), ("Rio (trust clinical system)", 380, None)):
            token = ApiToken.objects.create(
                service=self.places.birmingham,
                name=name,
                prefix=f"{ctx.rng.getrandbits(32):08x}",
                token_hash=ApiToken.digest(secrets.token_urlsafe(32)),
                created_by=manager,
                created_at=ctx.at(ctx.today - days(made), 10),
                revoked_at=ctx.at(ctx.today - days(revoked), 16) if revoked else None,
                revoked_by=manager if revoked else None,
            )
        self.token = token
        refusals = (
            (9, 404, "No such person in your service"),
            (4, 422, "The event does not fit: person.nhs_number: not a valid NHS number"),
        )
        for ago, status, detail in refusals:
            self.rows.calls.append(
                ApiCall(
                    at=ctx.at(ctx.today - days(ago), 14, 5),
                    token=token,
                    method="POST",
                    path=API_PATH,
                    status=status,
                    event_id=f"RIO-{ctx.rng.randint(10000, 99999)}",
                    detail=detail,
                )
            )

    # What happened ------------------------------------------------------------------------

    def _coordinators(self, service: Service) -> list[User]:
        return [m.user for m in self.staff.members(service, Role.COORDINATOR)]

    def _record(
        self,
        ps: PeerSupport,
        *,
        kind: str,
        on: dt.date,
        destination: str,
        to: Service | None = None,
        name: str = "",
        by_api: bool = False,
        decision: str = "",
    ) -> Transition:
        """A transition from ps's service, with notices for those who were told."""
        ctx = self.ctx
        recorded_at = min(ctx.at(on, 11, ctx.rng.randint(0, 59)), ctx.now - hours(1))
        clinicians = self.staff.clinicians(ps.service)
        api = by_api and self.token is not None and ps.service == self.places.birmingham
        transition = Transition(
            person=ps.person,
            kind=kind,
            from_service=ps.service,
            destination=destination,
            to_service=to,
            destination_name=name,
            occurred_on=on,
            source=Transition.Source.API if api else Transition.Source.CLINICIAN,
            recorded_by=None if api else ctx.choice(clinicians),
            api_token=self.token if api else None,
            external_id=f"RIO-{ctx.rng.randint(10000, 99999)}-{len(self.rows.transitions)}" if api else "",
            recorded_at=recorded_at,
            decision=decision or (Transition.Decision.PENDING if to else ""),
        )
        self.rows.transitions.append(transition)
        self.used.add(ps.person_id)
        if api:
            self._came_through_the_api(transition)
        seen = recorded_at + days(1) if on < ctx.today - days(SEEN_AFTER) else None
        workers = [
            a.peer_worker
            for a in ps.allocations.all()
            if a.started_on <= on and (a.ended_on is None or a.ended_on >= on)
        ]
        told = [(w, ps.service, TransitionNotice.Reason.PEER_WORKER) for w in workers]
        if to is not None:
            told += [(c, to, TransitionNotice.Reason.RECEIVING) for c in self._coordinators(to)]
        self.rows.notices += [
            TransitionNotice(
                transition=transition,
                recipient=user,
                service=service,
                reason=reason,
                created_at=recorded_at,
                seen_at=seen,
            )
            for user, service, reason in told
        ]
        return transition

    def _came_through_the_api(self, transition: Transition) -> None:
        assert self.token is not None
        if transition.person_id not in self.references:
            self.references.add(transition.person_id)
            self.rows.references.append(
                PersonReference(
                    service=self.places.birmingham,
                    person=transition.person,
                    reference=f"RXT{self.ctx.rng.randint(1000000, 9999999)}",
                    created_at=transition.recorded_at,
                )
            )
        self.rows.calls.append(
            ApiCall(
                at=transition.recorded_at,
                token=self.token,
                method="POST",
                path=API_PATH,
                status=201,
                event_id=transition.external_id,
                person=transition.person,
                transition=transition,
                detail="recorded",
            )
        )

    def _supports(self, service: Service, *statuses: str) -> list[PeerSupport]:
        return list(
            PeerSupport.objects.filter(service=service, status__in=statuses)
            .exclude(person_id__in=self.used)
            .select_related("person", "service")
            .prefetch_related("allocations__peer_worker")
            .order_by("pk")
        )

    # From the MBU -------------------------------------------------------------------------

    def from_the_mbu(self) -> None:
        """Discharged home: accepted and met, or lapsed (not reached, declined, never picked up)."""
        ctx = self.ctx
        home = self.places.lancashire
        discharged = [
            ps
            for ps in self._supports(self.places.mbu, Status.ENDED)
            if ps.end_reason == EndReason.DISCHARGED and ps.status_changed_on >= ctx.today - days(330)
        ]
        # twoservices@ works at the MBU and in Lancashire: a mother of hers goes first, so she is kept.
        two = self.staff.user("twoservices")
        discharged.sort(key=lambda ps: not any(a.peer_worker == two for a in ps.allocations.all()))
        told = 0
        for n, ps in enumerate(discharged[:MOST_FROM_THE_MBU]):
            to = self.places.birmingham if n % 3 == 2 else home
            on = ps.status_changed_on
            if on > ctx.today - days(14):
                self._record(
                    ps, kind=Kind.DISCHARGE, on=on, destination=Destination.COMMUNITY_PERINATAL, to=to
                )
                continue
            story = _STORIES[told % len(_STORIES)]
            told += 1
            decision = {
                "declined": Transition.Decision.DECLINED,
                "never_picked_up": Transition.Decision.PENDING,
            }.get(story, Transition.Decision.ACCEPTED)
            transition = self._record(
                ps,
                kind=Kind.DISCHARGE,
                on=on,
                destination=Destination.COMMUNITY_PERINATAL,
                to=to,
                decision=decision,
            )
            if story == "declined":
                self._decide(transition, to, on + days(ctx.rng.randint(1, 5)))
                transition.decline_reason = _DECLINE
            elif story != "never_picked_up":
                self._accept(transition, ps, to, reached=story == "met")

    def _decide(self, transition: Transition, to: Service, on: dt.date) -> None:
        transition.decided_by = self.ctx.choice(self._coordinators(to))
        transition.decided_at = min(self.ctx.at(on, 15), self.ctx.now - hours(1))

    def _accept(self, transition: Transition, before: PeerSupport, to: Service, *, reached: bool) -> None:
        """Her peer support at the receiving service: met within the 28 days, or never reached."""
        ctx = self.ctx
        on = transition.occurred_on
        accepted_on = on + days(ctx.rng.randint(0, 2))
        self._decide(transition, to, accepted_on)
        coordinator = transition.decided_by
        assert coordinator is not None
        theirs = [w.user for w in self.staff.peer_workers(to)]
        kept = [a.peer_worker for a in before.allocations.all() if a.peer_worker in theirs]
        # peerworker@'s and partnerpeer@'s caseloads are scripted (alongside.demo.journeys).
        scripted = {self.staff.user("peerworker"), self.staff.user("partnerpeer")}
        worker = kept[0] if kept else ctx.choice([u for u in theirs if u not in scripted])
        allocated_on = accepted_on if kept else accepted_on + days(ctx.rng.randint(1, 4))
        ps = PeerSupport(
            person=before.person,
            service=to,
            source=PeerSupport.Source.CLINICIAN,
            referred_by=coordinator,
            referred_on=accepted_on,
            reason=f"Discharge from {before.service}",
            status=Status.ALLOCATED,
            status_changed_on=allocated_on,
        )
        transition.peer_support = ps
        note = f"Accepted after a discharge from {before.service}"
        self.rows.peer_supports.append(ps)
        self.rows.changes += [
            StatusChange(
                peer_support=ps,
                status=Status.REFERRED,
                changed_on=accepted_on,
                changed_by=coordinator,
                note=note,
            ),
            StatusChange(
                peer_support=ps, status=Status.ALLOCATED, changed_on=allocated_on, changed_by=coordinator
            ),
        ]
        allocation = Allocation(
            peer_support=ps, peer_worker=worker, allocated_by=coordinator, started_on=allocated_on
        )
        self.rows.allocations.append(allocation)
        if not reached:
            tries = {min(allocated_on + days(ctx.rng.randint(2, 20)), ctx.today - days(1)) for _ in range(2)}
            for tried in sorted(tries):
                self._contact(ps, worker, tried, successful=False)
            return
        first = allocated_on + days(ctx.rng.randint(1, 6))
        ps.status, ps.status_changed_on = Status.ACTIVE, first
        self.rows.changes.append(
            StatusChange(peer_support=ps, status=Status.ACTIVE, changed_on=first, changed_by=worker)
        )
        ends = on + days(ctx.rng.randint(60, 120))
        last = min(ends, ctx.today - days(1))
        day = first
        while day <= last:
            self._contact(ps, worker, day, successful=day == first or not ctx.chance(0.1))
            day += days(ctx.rng.randint(7, 14))
        if ends < ctx.today:
            ps.status, ps.status_changed_on, ps.end_reason = Status.ENDED, ends, EndReason.GOALS_MET
            ps.status_note = "She feels settled at home and knows where to find the café group"
            allocation.ended_on = ends
            self.rows.changes.append(
                StatusChange(
                    peer_support=ps,
                    status=Status.ENDED,
                    changed_on=ends,
                    changed_by=worker,
                    end_reason=EndReason.GOALS_MET,
                    note=ps.status_note,
                )
            )

    def _contact(self, ps: PeerSupport, worker: User, day: dt.date, *, successful: bool) -> None:
        mode = self.ctx.choice([Mode.HOME, Mode.PHONE, Mode.COMMUNITY, Mode.VIDEO])
        self.rows.contacts.append(
            Contact(
                peer_support=ps,
                peer_worker=worker,
                occurred_at=self.ctx.at(day, self.ctx.rng.randint(9, 16)),
                duration_minutes=self.ctx.choice([30, 45, 60, 90]),
                mode=mode,
                successful=successful,
                note="" if successful else "No answer; left a message",
            )
        )

    # From a community team -----------------------------------------------------------------

    def from_a_team(self, service: Service) -> None:
        """To the GP, a general adult team or out of area: some carried on with us, some did not."""
        ctx = self.ctx
        area = "birmingham" if service == self.places.birmingham else "lancashire"
        contacts: dict[int, list[dt.date]] = {}
        for ps_id, at in Contact.objects.filter(peer_support__service=service, successful=True).values_list(
            "peer_support_id", "occurred_at"
        ):
            contacts.setdefault(ps_id, []).append(ctx.local(at).date())
        carried_on = 0
        for ps in self._supports(service, Status.ACTIVE):
            met = sorted(
                d for d in contacts.get(ps.pk, []) if ps.referred_on + days(14) < d <= ctx.today - days(5)
            )
            if not met or carried_on >= MOST_FROM_EACH_TEAM // 2 or ps.person.family_role != "mother":
                continue
            on = ctx.choice(met) - days(ctx.rng.randint(2, 10))
            destination = ctx.choice([Destination.GP, Destination.GP, Destination.GENERAL_ADULT])
            name = ctx.choice(_GP) if destination == Destination.GP else _ADULT_TEAM[area]
            self._record(
                ps, kind=Kind.DISCHARGE, on=on, destination=destination, name=name, by_api=carried_on % 2 == 0
            )
            carried_on += 1
        lapsed = 0
        for ps in self._supports(service, Status.ENDED):
            on = ps.status_changed_on
            later = [d for d in contacts.get(ps.pk, []) if d > on]
            if lapsed >= MOST_FROM_EACH_TEAM // 2 or later or on > ctx.today - days(WINDOW + 7):
                continue
            if ps.end_reason == EndReason.MOVED:
                destination, name = Destination.OUT_OF_AREA, ctx.choice(_AWAY)
            elif ps.end_reason in (EndReason.DISCHARGED, EndReason.LOST_CONTACT):
                destination = ctx.choice([Destination.GP, Destination.GENERAL_ADULT])
                name = ctx.choice(_GP) if destination == Destination.GP else _ADULT_TEAM[area]
            else:
                continue
            kind = Kind.TRANSFER if destination == Destination.OUT_OF_AREA else Kind.DISCHARGE
            self._record(ps, kind=kind, on=on, destination=destination, name=name, by_api=lapsed % 2 == 1)
            lapsed += 1

    # Waiting at Birmingham, and peerworker@'s notice ------------------------------------------

    def waiting_at_birmingham(self) -> None:
        """Two planned discharges from the MBU (today and in three days) and a move from Lancashire."""
        ctx, birmingham = self.ctx, self.places.birmingham
        on_the_ward = self._supports(self.places.mbu, Status.ACTIVE)
        for ps, ahead in zip(on_the_ward[-2:], (0, 3), strict=False):
            self._record(
                ps,
                kind=Kind.DISCHARGE,
                on=ctx.today + days(ahead),
                destination=Destination.COMMUNITY_PERINATAL,
                to=birmingham,
            )
        moving = self._supports(self.places.lancashire, Status.ACTIVE, Status.ALLOCATED)
        if moving:
            self._record(
                moving[-1],
                kind=Kind.TRANSFER,
                on=ctx.today - days(2),
                destination=Destination.COMMUNITY_PERINATAL,
                to=birmingham,
            )

    def her_notice(self) -> None:
        """A mother peerworker@ supports was discharged to her GP yesterday; peer support carries on."""
        her = self.staff.user("peerworker")
        hers = [
            ps
            for ps in self._supports(self.places.birmingham, Status.ACTIVE)
            if any(a.peer_worker == her and a.ended_on is None for a in ps.allocations.all())
        ]
        if hers:
            self._record(
                hers[0],
                kind=Kind.DISCHARGE,
                on=self.ctx.today - days(1),
                destination=Destination.GP,
                name=_GP[0],
            )
