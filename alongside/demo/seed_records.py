"""The demo's records of what the seed asked for that nothing recorded before (ADR 0038).

- Supervision guidance at each service, co-produced with two of its peer workers: an older version
  and the one in force (whose intervals, monthly, are the service's supervision settings).
- Co-ordinator cover: every demo service has a co-ordinator of its own, so none shares one today;
  Lancashire's history shows the MBU's co-ordinator covering it before its own started.
- Involvement in service design: a few entries at each service. At Birmingham, the time
  peerworker@ already logged leading involvement that was not her choice (alongside/demo/workforce.py)
  is her part in one of them, linked to that duty, so the one drift figure counts it once.
- A development record for most peer workers (not the volunteers): courses, networking,
  face-to-face meetings with peer workers of other teams, progression.

Written directly, without an audit trail, like the rest of the demo; its own random stream, so
the rest of the demo is unchanged.
"""

import datetime as dt
import random
from decimal import Decimal

from alongside.demo.common import Context
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Membership, Role, Service
from alongside.training.models import DevelopmentEntry, DevelopmentKind
from alongside.workforce.models import (
    DutyKind,
    Involvement,
    InvolvementPart,
    NonPeerDuty,
    Profile,
    SharedCoordinator,
    SupervisionGuidance,
    WorkforceSettings,
)

COVERS = (
    "Her wellbeing comes first, every time. Then her caseload and the groups she runs, boundaries, "
    "what she shares of her own experience, training she would like, and her timetable."
)
SHAPED = [
    ("The welcome leaflet for mothers referred to the team", 4),
    ("How the Tuesday café group runs, and what time it starts", 6),
    ("The questions we ask at a first meeting", 3),
    ("The job description for the new peer worker post", 2),
    ("What the ward's family room looks like", 5),
]
UNCHOSEN = "Leading the involvement day on the new referral letter, covering for a colleague"
DEVELOPMENT = [
    (
        DevelopmentKind.COURSE,
        "Perinatal peer support: the principles in practice",
        "Two days, with a certificate.",
    ),
    (DevelopmentKind.COURSE, "Safeguarding level 3", ""),
    (DevelopmentKind.NETWORKING, "Regional perinatal peer support network", "Shared our café group idea."),
    (
        DevelopmentKind.FACE_TO_FACE,
        "Met the peer workers of a neighbouring team",
        "Swapped ideas on endings.",
    ),
    (DevelopmentKind.FACE_TO_FACE, "Peer worker day at the MBU", "Spent the day alongside the ward's team."),
    (DevelopmentKind.PROGRESSION, "Started leading the Tuesday group", "My idea; my co-ordinator backed it."),
    (DevelopmentKind.PROGRESSION, "Mentoring a new peer worker", ""),
]


def build_seed_records(ctx: Context, places: Places, staff: Staff) -> None:
    rng = random.Random(f"{ctx.today}:seed-records")
    keys = {user.pk: key for key, user in staff.users.items()}
    for service in places.services:
        peers = staff.peer_workers(service)
        lead = _lead(staff, service)
        if lead is None:
            continue
        _guidance(ctx, service, peers, lead)
        _involvement(ctx, rng, service, peers, lead)
    _cover_history(ctx, places, staff)
    _development(ctx, rng, staff, keys)


def _lead(staff: Staff, service: Service) -> Membership | None:
    found = staff.members(service, Role.COORDINATOR) or staff.members(service, Role.SERVICE_MANAGER)
    return found[0] if found else None


def _guidance(ctx: Context, service: Service, peers: list[Membership], lead: Membership) -> None:
    """An older version, and the one in force (monthly), co-produced with two peer workers."""
    co_producers = [m.user for m in peers[:2]]
    if not co_producers:
        return
    host = "a peer worker from her host organisation, or another peer worker in the team"
    for ago, nhs, peer, nhs_with in (
        (400, 42, 42, "the co-ordinator"),
        (75, 30, 30, "the co-ordinator, or the team's clinical psychologist for clinical supervision"),
    ):
        agreed_on = ctx.today - dt.timedelta(days=ago)
        guidance = SupervisionGuidance.objects.create(
            service=service,
            nhs_supervision_days=nhs,
            nhs_with=nhs_with,
            peer_supervision_days=peer,
            peer_with=host,
            covers=COVERS,
            agreed_on=agreed_on,
            recorded_by=lead.user,
            recorded_at=ctx.at(agreed_on, 15),
        )
        guidance.co_produced_by.set(co_producers)
    WorkforceSettings.objects.update_or_create(
        service=service, defaults={"nhs_supervision_days": 30, "peer_supervision_days": 30}
    )


def _involvement(
    ctx: Context,
    rng: random.Random,
    service: Service,
    peers: list[Membership],
    lead: Membership,
) -> None:
    """Three or four entries over the year; every part chosen but the one already logged as drift."""
    not_chosen = (
        NonPeerDuty.objects.filter(
            membership__in=peers, kind=DutyKind.INVOLVEMENT_LEAD, chosen=False, involvement_part=None
        )
        .order_by("done_on", "pk")
        .first()
    )
    dates = sorted({ctx.today - dt.timedelta(days=rng.randint(35, 360)) for _ in range(rng.randint(2, 3))})
    if not_chosen is not None:
        dates.append(not_chosen.done_on)
    for i, held_on in enumerate(dates):
        shaped, mothers = SHAPED[(i + service.pk) % len(SHAPED)]
        theirs = not_chosen is not None and held_on == not_chosen.done_on
        entry = Involvement.objects.create(
            service=service,
            held_on=held_on,
            shaped=UNCHOSEN if theirs else shaped,
            mothers=mothers,
            recorded_by=lead.user,
            recorded_at=ctx.at(held_on, 16),
        )
        taking_part = rng.sample(peers, min(len(peers), rng.randint(1, 2)))
        if theirs and not_chosen is not None:
            her = next(m for m in peers if m.pk == not_chosen.membership_id)
            InvolvementPart.objects.create(
                involvement=entry, membership=her, chosen=False, hours=not_chosen.hours, duty=not_chosen
            )
            taking_part = [m for m in taking_part if m.pk != her.pk]
        for m in taking_part:
            hours = Decimal(rng.choice(["1", "1.5", "2", "3"]))
            InvolvementPart.objects.create(involvement=entry, membership=m, chosen=True, hours=hours)


def _cover_history(ctx: Context, places: Places, staff: Staff) -> None:
    """Before Lancashire's co-ordinator started, the MBU's covered it."""
    own = staff.members(places.lancashire, Role.COORDINATOR)
    mbu = _lead(staff, places.mbu)
    if not own or mbu is None or mbu.role != Role.COORDINATOR:
        return
    profile = Profile.objects.filter(membership=own[0]).first()
    if profile is None or profile.started_on is None:
        return
    ended_on = profile.started_on - dt.timedelta(days=1)
    started_on = ended_on - dt.timedelta(days=240)
    manager = (staff.members(places.lancashire, Role.SERVICE_MANAGER) or own)[0]
    SharedCoordinator.objects.create(
        service=places.lancashire,
        from_service=places.mbu,
        started_on=started_on,
        ended_on=ended_on,
        note="Two days a week at the community team, until the team's own co-ordinator started",
        recorded_by=manager.user,
        recorded_at=ctx.at(started_on, 10),
    )


def _development(ctx: Context, rng: random.Random, staff: Staff, keys: dict[int, str]) -> None:
    """Two to five entries for each peer worker but the volunteers; peerworker@ has met peer
    workers of another team face to face."""
    users = {m.user_id: m.user for m in staff.memberships if m.role == Role.PEER_WORKER}
    entries = []
    for user_id, user in sorted(users.items()):
        key = keys.get(user_id, "")
        if "volunteer" in key:
            continue
        picked = rng.sample(DEVELOPMENT, rng.randint(2, 5))
        chosen = [(rng.randint(5, 540), *entry) for entry in picked]
        if key == "peerworker":  # a recent meeting with another team, whatever else she has done
            chosen = [c for c in chosen if c[1:] != DEVELOPMENT[3]] + [(30, *DEVELOPMENT[3])]
        for ago, kind, title, notes in chosen:
            happened_on = ctx.today - dt.timedelta(days=ago)
            at = ctx.at(happened_on, 18)
            entries.append(
                DevelopmentEntry(
                    user=user,
                    kind=kind,
                    happened_on=happened_on,
                    title=title,
                    notes=notes,
                    created_at=at,
                    updated_at=at,
                )
            )
    DevelopmentEntry.objects.bulk_create(entries)
