"""Demo supervision (a year of dual supervision for the demo's peer workers), and employment and
role (build_workforce, at the end of this file).

Each peer worker has NHS supervision about monthly (line management and clinical supervision in
turn, a group or reflective practice session now and then) from staff of her service, and peer
supervision about monthly: peer-to-peer with another peer worker (sometimes from another
service), or, for a hosted peer worker, from someone at her host organisation too.

Scripted: peerworker@'s last three supervisions did not discuss her wellbeing (so the flag shows,
to her and to her co-ordinator), and she has written a few private reflections; partnerpeer@'s
peer supervision is overdue; one Birmingham colleague has had no NHS supervision for two months.
Actions from supervision are open (one overdue) and done.

Written with bulk_create and without an audit trail, like the rest of the demo (nothing here was
done by anyone). Every supervisor fits the rules in alongside.workforce.services.
"""

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.common import Context, days
from alongside.demo.staff import DOMAIN, Staff
from alongside.organisations.models import Membership, Organisation, Role, Service
from alongside.workforce.models import (
    Action,
    ContractType,
    DutyKind,
    Kind,
    NonPeerDuty,
    Profile,
    Reflection,
    RoleDescription,
    Supervision,
)

SEED = 20261126
YEAR = 365
HER, PARTNER = f"peerworker@{DOMAIN}", f"partnerpeer@{DOMAIN}"

_NOTES = {
    Kind.LINE_MANAGEMENT: [
        "Went through her timetable: the Tuesday café group and two one-to-ones a week feel right.",
        "Annual leave booked for half term. Talked about the new referral pathway.",
        "Reviewed her caseload and the groups she runs. Happy with her hours for now.",
        "Talked about the team day and what she would like to bring to it.",
    ],
    Kind.CLINICAL: [
        "Talked through a mother who has gone quiet and when to let the clinical team know.",
        "Boundaries with a mother who texts late at night; agreed what she will say.",
        "Signposting for a dad who wants support of his own.",
        "Safeguarding: went over when to share information and with whom.",
    ],
    Kind.GROUP: ["Group supervision with the peer support team: endings, and saying goodbye well."],
    Kind.REFLECTIVE_PRACTICE: ["Reflective practice: what makes a good first meeting on the phone."],
    Kind.PEER_TO_PEER: [
        "Swapped ideas for the baby massage session.",
        "Talked about sharing our own experience: when it helps and when it doesn't.",
        "Caught up on the network meeting and the new online group.",
        "Leaving work at work: what each of us does at the end of the day.",
    ],
    Kind.HOST: [
        "Supervision with the charity: her remit, and how the joint work with the NHS team is going.",
        "Charity team meeting and one-to-one: training plans for next year.",
    ],
}
_LENGTH = {
    Kind.LINE_MANAGEMENT: 60,
    Kind.CLINICAL: 60,
    Kind.GROUP: 90,
    Kind.REFLECTIVE_PRACTICE: 75,
    Kind.PEER_TO_PEER: 45,
    Kind.HOST: 60,
}
_HER_REFLECTIONS = [
    "I came away lighter. It helped to say out loud that the home visit last week stayed with me.",
    "I want to ask for more time on my own wellbeing next time: we ran out of time again.",
    "Good to hear that the café group is working. I don't always see it myself.",
]
# (whose, need, description, owner: "her" or "coordinator", due in days (minus: overdue), done)
_ACTIONS = [
    (HER, Action.Need.TRAINING, "Book a place on safeguarding level 3", "coordinator", 14, False),
    (
        HER,
        Action.Need.SUPPORT,
        "Protected time at the next supervision for her own wellbeing",
        "coordinator",
        20,
        False,
    ),
    (HER, Action.Need.TRAINING, "Shadow the Thursday baby loss group", "her", -40, True),
    (PARTNER, Action.Need.SUPPORT, "Arrange peer supervision with Approachable Parenting", "her", -5, False),
    (PARTNER, Action.Need.TRAINING, "Perinatal OCD awareness session", "coordinator", -60, True),
]


@dataclass
class _Worker:
    user: User
    posts: list[Membership] = field(default_factory=list)

    @property
    def home(self) -> Membership:
        return self.posts[0]

    @property
    def host(self) -> Organisation | None:
        return next((m.host_organisation for m in self.posts if m.host_organisation), None)


@dataclass
class _Draft:
    supervision: Supervision
    supervisors: list[User]


def build_supervision(now: dt.datetime) -> None:
    builder = _Builder(now)
    builder.plan()
    builder.save()


class _Builder:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now
        self.today = timezone.localtime(now).date()
        self.rng = random.Random(SEED)
        members = list(
            Membership.objects.filter(active=True, user__email__endswith=f"@{DOMAIN}")
            .select_related("user", "service", "host_organisation")
            .order_by("pk")
        )
        self.by_service: dict[int, dict[str, list[User]]] = defaultdict(lambda: defaultdict(list))
        workers: dict[int, _Worker] = {}
        for m in members:
            self.by_service[m.service_id][m.role].append(m.user)
            if m.role == Role.PEER_WORKER:
                workers.setdefault(m.user_id, _Worker(m.user)).posts.append(m)
        self.workers = list(workers.values())
        self.peers = [m.user for m in members if m.role in (Role.PEER_WORKER, Role.COORDINATOR)]
        self.hosted: dict[int, list[User]] = defaultdict(list)
        for m in members:
            if m.host_organisation_id and m.user not in self.hosted[m.host_organisation_id]:
                self.hosted[m.host_organisation_id].append(m.user)
        self.drafts: list[_Draft] = []
        self.reflections: list[Reflection] = []
        self.actions: list[Action] = []

    # Planning --------------------------------------------------------------------------------

    def plan(self) -> None:
        birmingham = Membership.objects.filter(user__email=HER).values_list("service_id", flat=True).first()
        quiet_nhs = next(
            (
                w
                for w in self.workers
                if w.home.service_id == birmingham and w.user.email != HER and not w.host
            ),
            None,
        )
        for worker in self.workers:
            email = worker.user.email
            nhs_last = 65 if worker is quiet_nhs else self.rng.randint(2, 24)
            peer_last = 47 if email == PARTNER else self.rng.randint(3, 26)
            nhs = [self._nhs(worker, on, i) for i, on in enumerate(self._dates(nhs_last))]
            peer = [self._peer(worker, on, i) for i, on in enumerate(self._dates(peer_last))]
            hers = sorted((d for d in nhs + peer if d), key=lambda d: d.supervision.held_on)
            self._wellbeing(hers, flagged=email == HER)
            self.drafts += hers
            if email == HER:
                self._reflections(hers)
        self._actions()

    def _dates(self, last_ago: int) -> list[dt.date]:
        """About monthly, back a year from the last one, on weekdays only."""
        dates, on = [], self.today - dt.timedelta(days=last_ago)
        while on > self.today - dt.timedelta(days=YEAR):
            dates.append(on - dt.timedelta(days=max(0, on.weekday() - 4)))
            on -= dt.timedelta(days=self.rng.randint(26, 34))
        return dates

    def _nhs(self, worker: _Worker, on: dt.date, i: int) -> _Draft | None:
        service = worker.home.service
        staff = self.by_service[service.pk]
        coordinators, clinicians = staff[Role.COORDINATOR], staff[Role.CLINICIAN]
        if i % 6 == 3 and coordinators and clinicians:
            return self._draft(worker, service, Kind.GROUP, on, [coordinators[0], clinicians[0]])
        if i % 6 == 5 and clinicians:
            return self._draft(worker, service, Kind.REFLECTIVE_PRACTICE, on, [clinicians[-1]])
        if i % 2 and clinicians:
            return self._draft(worker, service, Kind.CLINICAL, on, [clinicians[i % len(clinicians)]])
        managers = coordinators or staff[Role.SERVICE_MANAGER]
        return self._draft(worker, service, Kind.LINE_MANAGEMENT, on, managers[:1]) if managers else None

    def _peer(self, worker: _Worker, on: dt.date, i: int) -> _Draft | None:
        service = worker.posts[-1].service
        host_colleagues = (
            [u for u in self.hosted.get(worker.host.pk, []) if u != worker.user] if worker.host else []
        )
        if host_colleagues and i % 2 == 0:
            return self._draft(
                worker, service, Kind.HOST, on, [host_colleagues[i // 2 % len(host_colleagues)]]
            )
        others = [u for u in self.peers if u != worker.user]
        if not others:
            return None
        return self._draft(worker, service, Kind.PEER_TO_PEER, on, [others[self.rng.randrange(len(others))]])

    def _draft(
        self, worker: _Worker, service: Service, kind: str, on: dt.date, supervisors: list[User]
    ) -> _Draft:
        recorded = min(
            self.now, dt.datetime.combine(on, dt.time(17, 30), tzinfo=timezone.get_current_timezone())
        )
        supervision = Supervision(
            peer_worker=worker.user,
            service=service,
            kind=kind,
            held_on=on,
            duration_minutes=_LENGTH[Kind(kind)],
            wellbeing_discussed=True,
            plans_reviewed=self.rng.random() < 0.7,
            notes=self.rng.choice(_NOTES[Kind(kind)]),
            recorded_by=worker.user if kind in (Kind.PEER_TO_PEER, Kind.HOST) else supervisors[0],
            recorded_at=recorded,
        )
        return _Draft(supervision, supervisors)

    def _wellbeing(self, hers: list[_Draft], *, flagged: bool) -> None:
        """Now and then wellbeing was missed; only hers is missed three times running, at the end."""
        for n, draft in enumerate(hers):
            last = len(hers) - n
            if flagged:
                draft.supervision.wellbeing_discussed = last > 3
            else:
                draft.supervision.wellbeing_discussed = last == 1 or self.rng.random() > 0.15

    def _reflections(self, hers: list[_Draft]) -> None:
        for draft, text in zip(hers[-len(_HER_REFLECTIONS) - 2 :: 2], _HER_REFLECTIONS, strict=False):
            self.reflections.append(
                Reflection(supervision=draft.supervision, text=text, updated_at=draft.supervision.recorded_at)
            )

    def _actions(self) -> None:
        """Each on the latest of her supervisions at least two weeks before it was due."""
        for whose, need, description, owner, due_in, done in _ACTIONS:
            hers = [d.supervision for d in self.drafts if d.supervision.peer_worker.email == whose]
            if not hers:
                continue
            due = self.today + dt.timedelta(days=due_in)
            source = ([s for s in hers if s.held_on <= due - dt.timedelta(days=14)] or hers[:1])[-1]
            coordinators = self.by_service[source.service_id][Role.COORDINATOR]
            owner_user = coordinators[0] if owner == "coordinator" and coordinators else source.peer_worker
            self.actions.append(
                Action(
                    supervision=source,
                    need=need,
                    description=description,
                    owner=owner_user,
                    due_on=max(due, source.held_on),
                    done_on=max(source.held_on, min(self.today, due - dt.timedelta(days=3)))
                    if done
                    else None,
                    done_by=owner_user if done else None,
                    created_by=source.recorded_by,
                    created_at=source.recorded_at,
                )
            )

    # Saving ----------------------------------------------------------------------------------

    def save(self) -> None:
        Supervision.objects.bulk_create([d.supervision for d in self.drafts], batch_size=500)
        Through = Supervision.supervisors.through
        Through.objects.bulk_create(
            [
                Through(supervision_id=d.supervision.pk, user_id=u.pk)
                for d in self.drafts
                for u in d.supervisors
            ],
            batch_size=500,
        )
        Reflection.objects.bulk_create(self.reflections)
        Action.objects.bulk_create(self.actions)


# Employment and role (principle 4) ----------------------------------------------------------
#
# Every demo peer worker and co-ordinator has an employment profile: paid staff have a band,
# volunteers none. Scripted, so each page shows something real:
# - coordinator@ is a paid co-ordinator on band 2: flagged on the workforce page (recommendation 7);
# - the Birmingham NHS colleague (bham-peer-nhs) covers as a healthcare assistant: over a quarter of
#   her hours in the last four weeks, above the 20% threshold; peerworker@ has a little admin cover;
# - partnerpeer@'s role description was written before she was recruited and never revised;
#   peerworker@'s was too, and she revised it at induction; the others wrote theirs, or co-wrote it.

# key: (contract, hours a week, band, started months ago, contract ends in months or None)
_EMPLOYMENT: dict[str, tuple[str, str, str, int, int | None]] = {
    "peerworker": (ContractType.PERMANENT, "22.5", "3", 14, None),
    "partnerpeer": (ContractType.SUB_CONTRACT, "30", "4", 8, 16),
    "coordinator": (ContractType.PERMANENT, "37.5", "2", 40, None),
    "twoservices": (ContractType.FIXED_TERM, "15", "3", 20, 4),
    "bham-peer-nhs": (ContractType.PERMANENT, "30", "3", 26, None),
    "bham-peer-app": (ContractType.SUB_CONTRACT, "18.5", "3", 11, 13),
    "bham-peer-volunteer": (ContractType.VOLUNTEER, "6", "", 9, None),
    "bham-peer-fathers": (ContractType.SUB_CONTRACT, "22.5", "4", 30, 6),
    "lancs-peer-nhs": (ContractType.PERMANENT, "37.5", "4", 36, None),
    "lancs-peer-app": (ContractType.SUB_CONTRACT, "22.5", "3", 15, 9),
    "mbu-peer-nhs-1": (ContractType.PERMANENT, "30", "3", 24, None),
    "mbu-peer-nhs-2": (ContractType.BANK, "12", "3", 5, None),
    "mbu-peer-volunteer": (ContractType.VOLUNTEER, "4", "", 7, None),
    "lancs-coordinator": (ContractType.PERMANENT, "37.5", "5", 48, None),
    "mbu-coordinator": (ContractType.PERMANENT, "30", "6", 60, None),
}
DRIFTING = "bham-peer-nhs"
NEVER_REVISED = "partnerpeer"
REVISED = "peerworker"

_ADVERT = (
    "Peer support worker, perinatal mental health. You will offer one-to-one and group support to "
    "women and families, drawing on your own experience. You will attend team meetings, keep records "
    "and take part in supervision."
)
_HER_WORDS = [
    "I offer one-to-one support at home and out and about, and I run the Tuesday coffee morning. "
    "I go with mums to appointments when they want someone alongside them. I signpost to groups "
    "and charities, and I take part in supervision with the team and with other peer workers.",
    "I support mums one to one and in groups, in person and online. I help them find what is out "
    "there for them, and I am there for the in-between times. I look after my own wellbeing with "
    "my plan, and I bring my timetable to supervision.",
    "I lead peer support for the service: I recruit, train and supervise peer workers, and make "
    "sure each of them has both NHS and peer supervision. I still support some families myself.",
]
# key: (hours, days ago, duty kind, her choice, description)
_DUTIES: dict[str, list[tuple[str, int, str, bool, str]]] = {
    DRIFTING: [
        ("7.5", 3, DutyKind.HEALTHCARE_ASSISTANT, False, ""),
        ("7.5", 10, DutyKind.HEALTHCARE_ASSISTANT, False, ""),
        ("6", 12, DutyKind.OT_ASSISTANT, False, ""),
        ("7.5", 17, DutyKind.HEALTHCARE_ASSISTANT, False, ""),
        ("3", 24, DutyKind.ADMIN_COVER, True, ""),
        ("7.5", 45, DutyKind.HEALTHCARE_ASSISTANT, False, ""),
    ],
    "peerworker": [
        ("2", 6, DutyKind.ADMIN_COVER, True, ""),
        ("3", 20, DutyKind.INVOLVEMENT_LEAD, False, ""),
    ],
    "mbu-peer-nhs-1": [("4", 9, DutyKind.OTHER, False, "Escorting a mother to the ward from A&E")],
}


def build_workforce(ctx: Context, staff: Staff) -> None:
    """Profiles, role descriptions and time on other duties for the demo's peer support staff."""
    keys = {user.pk: key for key, user in staff.users.items()}
    members = [
        m
        for m in staff.memberships
        if m.role in (Role.PEER_WORKER, Role.COORDINATOR) and keys.get(m.user_id) in _EMPLOYMENT
    ]
    saved = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    Profile.objects.bulk_create(Profile(membership=m) for m in members if m.pk not in saved)
    profiles = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    coordinators = {m.service_id: m.user for m in staff.memberships if m.role == Role.COORDINATOR}
    managers = {m.service_id: m.user for m in staff.memberships if m.role == Role.SERVICE_MANAGER}
    versions: list[RoleDescription] = []
    duties: list[NonPeerDuty] = []
    for m in members:
        key = keys[m.user_id]
        contract, hours, band, months, ends = _EMPLOYMENT[key]
        profile = profiles[m.pk]
        profile.contract_type, profile.hours_per_week, profile.band = contract, Decimal(hours), band
        profile.started_on = ctx.today - days(months * 30 + ctx.rng.randint(0, 20))
        profile.contract_ends_on = ctx.today + days(ends * 30) if ends else None
        versions += _descriptions(ctx, m, key, profile.started_on, coordinators, managers)
        duties += [
            NonPeerDuty(
                membership=m,
                done_on=ctx.today - days(ago),
                hours=Decimal(h),
                kind=kind,
                description=description,
                chosen=chosen,
                logged_by=m.user if chosen else coordinators.get(m.service_id, m.user),
                logged_at=ctx.at(ctx.today - days(ago), 17),
            )
            for h, ago, kind, chosen, description in _DUTIES.get(key, [])
        ]
    fields = ["contract_type", "hours_per_week", "band", "started_on", "contract_ends_on"]
    Profile.objects.bulk_update(profiles.values(), fields, batch_size=200)
    RoleDescription.objects.bulk_create(versions)
    NonPeerDuty.objects.bulk_create(duties)


def _descriptions(
    ctx: Context,
    m: Membership,
    key: str,
    started: dt.date,
    coordinators: dict[int, User],
    managers: dict[int, User],
) -> list[RoleDescription]:
    """Her role description's versions, oldest first."""
    coordinator = coordinators.get(m.service_id)
    author = managers.get(m.service_id) or coordinator or m.user

    def version(n: int, text: str, by: User, on: dt.date, **extra: bool) -> RoleDescription:
        return RoleDescription(
            membership=m, version=n, text=text, written_by=by, created_at=ctx.at(on, 15), **extra
        )

    words = _HER_WORDS[2] if m.role == Role.COORDINATOR else ctx.choice(_HER_WORDS[:2])
    if key in (NEVER_REVISED, REVISED):
        first = version(1, _ADVERT, author, started - days(60), before_recruitment=True)
        if key == NEVER_REVISED:
            return [first]
        return [
            first,
            version(2, _HER_WORDS[0], m.user, started + days(10)),
            version(3, _HER_WORDS[0] + " I also help at the online group.", m.user, started + days(200)),
        ]
    if coordinator is not None and coordinator != m.user and ctx.chance(0.5):
        return [version(1, words, coordinator, started + days(7), co_written=True)]
    return [version(1, words, m.user, started + days(14))]
