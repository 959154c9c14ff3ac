"""Data of national shape: every perinatal service in England, five years of peer support.

`alongside generate --size national` makes what the issue that asked for it measured against:
7 NHS regions, 42 ICBs, 42 community perinatal teams and 24 mother and baby units (66 services),
about 1,000 peer workers with co-ordinators, clinicians and managers, about 350,000 people and
5 million contacts, with weekly groups. `--size region` makes the Midlands' 15 services and
`--size service` one community team: each is the same services, with the same rows, as in the
national set (every service draws from its own seed), so figures compare across sizes.

It is not the demo (alongside/demo/builder.py keeps its small, hand-shaped story): the people
here have goals and feedback but no stories, transitions, supervision or safety records yet,
and nobody can sign in as them without a password reset (every account shares one hash of a
password thrown away). Rows are written through
alongside/demo/bulk.py, one transaction per service, in constant memory: a service is planned,
written and forgotten before the next.
"""

import datetime as dt
import hashlib
import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from faker import Faker

from alongside.accounts.models import User
from alongside.demo.bulk import Table, analyse, aware, next_pk, reset_sequences
from alongside.demo.england import REGIONS
from alongside.demo.records import MINUTES
from alongside.lib import postcode
from alongside.organisations.models import ICB, Employment, Membership, Organisation, Region, Role, Service
from alongside.outcomes.models import (
    FeedbackAnswer,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    GoalWording,
    Item,
)
from alongside.people.models import Consent, EthnicCategory, Family, Person
from alongside.support.models import (
    Allocation,
    Contact,
    EndReason,
    Group,
    GroupKind,
    GroupSession,
    Mode,
    PeerSupport,
    Status,
    StatusChange,
)

YEARS = 5
SEED = 20261203


@dataclass(frozen=True)
class Shape:
    """How big one kind of service is: people over five years and its staff."""

    people: int
    peer_workers: int
    coordinators: int
    clinicians: int
    case_days: int  # mean length of an allocation, in days


SHAPES = {
    Service.Kind.COMMUNITY_PERINATAL: Shape(
        people=7_400, peer_workers=20, coordinators=2, clinicians=6, case_days=100
    ),
    Service.Kind.MBU: Shape(people=1_630, peer_workers=4, coordinators=1, clinicians=4, case_days=90),
}
SIZES = ("service", "region", "national")


@dataclass(frozen=True)
class Planned:
    region: str
    area: str
    kind: str

    @property
    def slug(self) -> str:
        """Unique to the service, for its staff's email addresses."""
        area = self.area.lower().replace(",", "").replace(" ", "-")
        return f"{'mbu' if self.kind == Service.Kind.MBU else 'team'}.{area}"

    @property
    def name(self) -> str:
        if self.kind == Service.Kind.MBU:
            return f"{self.area} Mother and Baby Unit"
        return f"{self.area} Community Perinatal Mental Health Team"


def plan(size: str) -> list[Planned]:
    """The services a size holds, the Midlands first (so `region` and `service` are its start)."""
    services = []
    for region, (units, areas) in REGIONS.items():
        for i, area in enumerate(areas):
            services.append(Planned(region, area, Service.Kind.COMMUNITY_PERINATAL))
            if i < units:
                services.append(Planned(region, area, Service.Kind.MBU))
        if size == "region":
            return services
    return services[:1] if size == "service" else services


# ---------------------------------------------------------------------------------------------
# What draws names, postcodes and NHS numbers (made once, then picked from: Faker is slow)


@dataclass
class Pools:
    given: list[str]
    male: list[str]
    family: list[str]
    postcodes: list[str]
    ethnicities: list[str]
    ethnic_weights: list[float]
    password: str
    nhs: Iterator[str]

    @classmethod
    def make(cls, seed: int) -> "Pools":
        fake = Faker("en_GB")
        fake.seed_instance(seed)
        codes = list(EthnicCategory.objects.values_list("code", flat=True))
        # Roughly England's mix of births; "Z" (not stated) stays common, as in real records.
        weights = [0.62 if c == "A" else 0.08 if c == "Z" else 0.3 / max(1, len(codes) - 2) for c in codes]
        return cls(
            given=sorted({fake.first_name_female() for _ in range(600)}),
            male=sorted({fake.first_name_male() for _ in range(200)}),
            family=sorted({fake.last_name() for _ in range(1500)}),
            postcodes=_postcodes(fake, 3000),
            ethnicities=codes,
            ethnic_weights=weights,
            # One hash for every account: hashing a thousand passwords would take minutes. The
            # password itself is random and thrown away: these accounts sign in only after a reset.
            password=make_password(hashlib.sha256(str(seed).encode()).hexdigest()),
            nhs=_nhs_numbers(),
        )


def _postcodes(fake: Faker, count: int) -> list[str]:
    found: set[str] = set()
    while len(found) < count:
        candidate = postcode.normalise(fake.postcode())
        try:
            postcode.validate(candidate)
        except ValidationError:
            continue
        found.add(candidate)
    return sorted(found)


def _nhs_numbers() -> Iterator[str]:
    """Valid NHS numbers in the 999 range kept for testing, in order, each used once."""
    for n in range(999_000_000, 1_000_000_000):
        digits = str(n)
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check == 10:
            continue
        yield digits + str(0 if check == 11 else check)


# ---------------------------------------------------------------------------------------------
# The writer: keys chosen here, rows to the tables


@dataclass
class Keys:
    """The next free primary key of each table the generator writes."""

    next: dict[type, int] = field(default_factory=dict)

    def take(self, model: type) -> int:
        if model not in self.next:
            self.next[model] = next_pk(model)
        pk = self.next[model]
        self.next[model] = pk + 1
        return pk


class Tables:
    def __init__(self) -> None:
        self.users = Table(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "display_name",
            ],
        )
        self.memberships = Table(
            Membership,
            ["user_id", "service_id", "role", "host_organisation_id", "employment", "active", "male"],
        )
        self.families = Table(Family, ["id", "service_id", "created_at"])
        self.people = Table(
            Person,
            [
                "id",
                "service_id",
                "family_id",
                "family_role",
                "given_name",
                "family_name",
                "preferred_name",
                "date_of_birth",
                "nhs_number",
                "postcode",
                "phone",
                "ethnic_category_id",
                "preferred_language",
                "needs_interpreter",
                "due_date",
                "baby_date_of_birth",
                "created_at",
            ],
        )
        self.consents = Table(Consent, ["person_id", "given_on", "recorded_by_id", "withdrawn_on"])
        self.supports = Table(PeerSupport, _support_columns())
        self.changes = Table(
            StatusChange,
            ["peer_support_id", "status", "changed_on", "changed_by_id", "end_reason", "note", "review_on"],
        )
        self.allocations = Table(
            Allocation, ["peer_support_id", "peer_worker_id", "allocated_by_id", "started_on", "ended_on"]
        )
        self.groups = Table(Group, ["id", "service_id", "name", "kind", "active"])
        self.sessions = Table(
            GroupSession,
            [
                "id",
                "service_id",
                "group_id",
                "kind",
                "title",
                "starts_at",
                "duration_minutes",
                "mode",
                "led_by_id",
                "register_taken",
            ],
        )
        self.contacts = Table(
            Contact,
            [
                "peer_support_id",
                "peer_worker_id",
                "contact_with",
                "occurred_at",
                "duration_minutes",
                "mode",
                "successful",
                "note",
                "group_session_id",
                "created_at",
            ],
        )

        # Principle 3: her own goals, if she wants them, and feedback in peer-defined terms.
        self.decisions = Table(
            GoalsDecision, ["peer_support_id", "choice", "decided_on", "recorded_by_id", "recorded_at"]
        )
        self.goals = Table(
            Goal, ["id", "peer_support_id", "set_on", "ended_on", "end_reason", "created_by_id", "created_at"]
        )
        self.wordings = Table(GoalWording, ["goal_id", "text", "from_on", "written_by_id", "written_at"])
        self.ratings = Table(
            GoalRating, ["goal_id", "rated_on", "score", "stage", "recorded_by_id", "recorded_at"]
        )
        self.responses = Table(
            FeedbackResponse, ["id", "service_id", "peer_support_id", "how", "anonymous", "given_on"]
        )
        self.answers = Table(FeedbackAnswer, ["response_id", "item", "score", "text"])

    def all(self) -> list[Table]:
        return [v for v in vars(self).values() if isinstance(v, Table)]

    def flush(self) -> None:
        for table in self.all():  # in dependency order: the attributes are set in that order
            table.flush()


def _support_columns() -> list[str]:
    columns = [
        "id",
        "person_id",
        "service_id",
        "source",
        "referred_by_id",
        "referred_on",
        "reason",
        "status",
        "status_changed_on",
        "end_reason",
        "status_note",
        "review_on",
    ]
    fields = {f.name for f in PeerSupport._meta.get_fields()}
    return [*columns, "last_contact_at"] if "last_contact_at" in fields else columns


# ---------------------------------------------------------------------------------------------
# One service


@dataclass
class Staff:
    peer_workers: list[int]
    coordinators: list[int]
    clinicians: list[int]
    manager: int


@dataclass
class Case:
    """One referral as planned, kept until the service's groups are made."""

    pk: int
    person: int
    referrer: int
    referred_on: dt.date
    status: str = Status.REFERRED
    changed_on: dt.date | None = None  # when it came to its status (None: the day she was referred)
    allocated_on: dt.date | None = None
    ends_on: dt.date | None = None  # the allocation's last day (past: ended; future: still open)
    worker: int | None = None
    first_success: dt.date | None = None
    last_success: dt.datetime | None = None


_MODES = {
    Service.Kind.COMMUNITY_PERINATAL: {
        Mode.HOME: 30,
        Mode.COMMUNITY: 20,
        Mode.PHONE: 22,
        Mode.MESSAGE: 12,
        Mode.NHS_PREMISES: 8,
        Mode.VIDEO: 8,
    },
    Service.Kind.MBU: {Mode.WARD: 60, Mode.PHONE: 15, Mode.VIDEO: 10, Mode.HOME: 10, Mode.MESSAGE: 5},
}
_NOTES = [
    "Talked about how the week has been",
    "Talked about sleep and feeding",
    "Coffee near her home",
    "Went with her to her appointment",
    "Phone call: checking in",
    "Helped her plan a trip out",
    "",
]
_MISSED = ["No answer; left a voicemail", "Message not answered", "She cancelled: baby unwell"]
_REASONS = ["Someone who has been there", "Feeling isolated since the birth", "Anxious about going home", ""]
_GOALS = [
    "Get out of the house with the baby once a week",
    "Feel able to go to a baby group",
    "Sleep when the baby sleeps",
    "Tell my health visitor how I am really feeling",
    "Plan for going home from the unit",
]
_ENDS = {
    EndReason.GOALS_MET: 60,
    EndReason.DISCHARGED: 25,
    EndReason.MOVED: 5,
    EndReason.LOST_CONTACT: 8,
    EndReason.OTHER: 2,
}


class ServiceMaker:
    """Plans and writes one service: its staff, its people and five years of their support."""

    def __init__(
        self,
        planned: Planned,
        service: Service,
        pools: Pools,
        keys: Keys,
        seed: int,
        scale: float,
        today: dt.date,
        hosts: Sequence[Organisation],
    ) -> None:
        self.planned, self.service, self.pools, self.keys = planned, service, pools, keys
        self.rng = random.Random(f"{seed}:{planned.name}")  # noqa: S311 (not security: reproducible data)
        self.shape = SHAPES[planned.kind]  # type: ignore[index]
        self.scale, self.today, self.hosts = scale, today, hosts
        self.tz = timezone.get_default_timezone()
        self.t = Tables()
        self.cases: list[Case] = []
        self.slug = planned.slug

    def make(self, extra_roles: Sequence[str] = ()) -> dict[str, int]:
        staff = self.staff = self._staff(extra_roles)
        wanted = max(2, round(self.shape.people * self.scale))
        while self.t.people.written + len(self.t.people.rows) < wanted:
            self._family(staff)
        self._groups(staff)
        for case in self.cases:
            self._support_row(case)
            if case.first_success:
                self._outcomes(case)
        self.t.flush()
        return {t.model.__name__: t.written for t in self.t.all()}

    # Staff -----------------------------------------------------------------------------------

    def _user(self, label: str, n: int, given: str, family: str) -> int:
        pk = self.keys.take(User)
        email = f"{label}{n}.{self.slug}@generated.alongside.example"
        joined = aware(self.today - dt.timedelta(days=365 * YEARS + 30), 9 * 60, self.tz)
        self.t.users.add(pk, self.pools.password, False, email, given, family, email, False, True, joined, "")
        return pk

    def _member(self, label: str, role: str, n: int, **extra: Any) -> int:
        rng = self.rng
        male = bool(extra.pop("male", False))
        given = rng.choice(self.pools.male if male else self.pools.given)
        pk = self._user(label, n, given, rng.choice(self.pools.family))
        self.t.memberships.add(
            pk, self.service.pk, role, extra.get("host"), extra.get("employment", Employment.NHS), True, male
        )
        return pk

    def _staff(self, extra_roles: Sequence[str]) -> Staff:
        shape, rng = self.shape, self.rng
        workers = []
        for n in range(max(2, round(shape.peer_workers * min(1.0, self.scale * 10)))):
            hosted = self.hosts and rng.random() < 0.3
            host = rng.choice(self.hosts).pk if hosted else None
            employment = Employment.HOSTED if hosted else Employment.NHS
            workers.append(self._member("peerworker", Role.PEER_WORKER, n, host=host, employment=employment))
        staff = Staff(
            peer_workers=workers,
            coordinators=[
                self._member("coordinator", Role.COORDINATOR, n) for n in range(shape.coordinators)
            ],
            clinicians=[self._member("clinician", Role.CLINICIAN, n) for n in range(shape.clinicians)],
            manager=self._member("manager", Role.SERVICE_MANAGER, 0),
        )
        for n, role in enumerate(extra_roles):
            self._member(role.replace("_", ""), role, n)
        return staff

    # People and their support ------------------------------------------------------------------

    def _family(self, staff: Staff) -> None:
        rng = self.rng
        referred_on = self.today - dt.timedelta(days=rng.randint(0, 365 * YEARS - 1))
        family = self.keys.take(Family)
        self.t.families.add(family, self.service.pk, aware(referred_on, 9 * 60, self.tz))
        surname = rng.choice(self.pools.family)
        mother = self._person(family, Person.FamilyRole.MOTHER, surname, referred_on)
        self._case(mother, referred_on, staff)
        if rng.random() < 0.2:
            partner = self._person(family, Person.FamilyRole.PARTNER, surname, referred_on)
            if rng.random() < 0.5:
                self._case(partner, referred_on + dt.timedelta(days=rng.randint(0, 30)), staff)
            else:
                self.t.consents.add(partner, referred_on, rng.choice(staff.clinicians), None)

    def _person(self, family: int, role: str, surname: str, referred_on: dt.date) -> int:
        rng, pools = self.rng, self.pools
        pk = self.keys.take(Person)
        mother = role == Person.FamilyRole.MOTHER
        born = referred_on - dt.timedelta(days=rng.randint(19 * 365, 42 * 365))
        baby = referred_on - dt.timedelta(days=rng.randint(0, 300)) if rng.random() < 0.7 else None
        due = None if baby else referred_on + dt.timedelta(days=rng.randint(14, 200))
        if due and due < self.today - dt.timedelta(days=31):
            due, baby = None, due  # long ago: the baby has been born since
        language = (
            "English"
            if rng.random() < 0.9
            else rng.choice(["Urdu", "Polish", "Bengali", "Punjabi", "Romanian"])
        )
        self.t.people.add(
            pk,
            self.service.pk,
            family,
            role,
            rng.choice(pools.given if mother else pools.male),
            surname,
            "",
            born,
            next(pools.nhs) if rng.random() < 0.9 else "",
            rng.choice(pools.postcodes) if rng.random() < 0.95 else "",
            f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.8 else "",
            rng.choices(pools.ethnicities, pools.ethnic_weights)[0] if pools.ethnicities else None,
            language,
            language != "English" and rng.random() < 0.5,
            due if mother else None,
            baby if mother else None,
            aware(referred_on, 9 * 60, self.tz),
        )
        return pk

    def _case(self, person: int, referred_on: dt.date, staff: Staff) -> None:
        rng, today = self.rng, self.today
        referred_on = min(referred_on, today)
        pk = self.keys.take(PeerSupport)
        referrer = rng.choice(staff.clinicians)
        self.t.consents.add(person, referred_on, referrer, None)
        age = (today - referred_on).days
        case = Case(pk, person, referrer, referred_on)
        self.cases.append(case)
        roll = rng.random()
        if age < 21 and roll < 0.5:
            return  # still waiting to be allocated
        if roll < 0.06 and age >= 14:
            case.status, case.changed_on = (
                Status.DECLINED,
                referred_on + dt.timedelta(days=rng.randint(7, 14)),
            )
            return
        if roll < 0.09 and age < 60:
            case.status = Status.DEFERRED
            case.changed_on = min(today, referred_on + dt.timedelta(days=rng.randint(3, 10)))
            return
        case.allocated_on = min(today, referred_on + dt.timedelta(days=rng.randint(3, 21)))
        case.ends_on = case.allocated_on + dt.timedelta(
            days=30 + int(rng.expovariate(1 / self.shape.case_days))
        )
        case.worker = rng.choice(staff.peer_workers)
        coordinator = rng.choice(staff.coordinators)
        ended = case.ends_on < today
        self.t.allocations.add(
            pk, case.worker, coordinator, case.allocated_on, case.ends_on if ended else None
        )
        if rng.random() < 0.04 and len(staff.peer_workers) > 1:
            second = rng.choice([w for w in staff.peer_workers if w != case.worker])
            self.t.allocations.add(
                pk, second, coordinator, case.allocated_on, case.ends_on if ended else None
            )
        self._contacts(case)
        if ended:
            case.status, case.changed_on = Status.ENDED, case.ends_on
        elif case.first_success is None:
            case.status, case.changed_on = Status.ALLOCATED, case.allocated_on
        else:
            case.status = Status.PAUSED if rng.random() < 0.05 else Status.ACTIVE
            case.changed_on = case.first_success

    def _contacts(self, case: Case) -> None:
        rng, tz = self.rng, self.tz
        assert case.allocated_on is not None and case.ends_on is not None and case.worker is not None
        modes = _MODES[self.planned.kind]  # type: ignore[index]
        mode_list, cumulative = list(modes), list(itertools.accumulate(modes.values()))
        day = case.allocated_on + dt.timedelta(days=rng.randint(1, 5))
        last = min(case.ends_on, self.today - dt.timedelta(days=1))
        random, add, later = rng.random, self.t.contacts.add, dt.timedelta(hours=2)
        while day <= last:  # millions of times at national size: kept lean
            mode = rng.choices(mode_list, cum_weights=cumulative)[0]
            ok = random() < 0.85
            at = aware(day, 540 + int(random() * 480), tz)  # between 9 and 5
            low, high = MINUTES[mode]
            minutes = low + int(random() * (high - low + 1)) if ok else 5
            note = rng.choice(_NOTES) if ok else rng.choice(_MISSED)
            add(case.pk, case.worker, "mother", at, minutes, mode, ok, note, None, at + later)
            if ok:
                case.first_success = case.first_success or day
                case.last_success = at
            day += dt.timedelta(days=4 + int(random() * 7))

    def _groups(self, staff: Staff) -> None:
        """Two weekly groups, each attended by a few of the mothers being supported that week."""
        rng, tz = self.rng, self.tz
        by_week: dict[int, list[Case]] = {}
        for case in self.cases:
            if case.allocated_on and case.worker:
                by_week.setdefault(case.allocated_on.toordinal() // 7, []).append(case)
        start = self.today - dt.timedelta(days=365 * YEARS)
        for name, kind, weekday in (
            ("Tuesday coffee morning", GroupKind.COFFEE_MORNING, 1),
            ("Thursday café group", GroupKind.CAFE, 3),
        ):
            group = self.keys.take(Group)
            self.t.groups.add(group, self.service.pk, name, kind, True)
            day = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
            while day < self.today:
                session = self.keys.take(GroupSession)
                at, leader = aware(day, 10 * 60 + 30, tz), rng.choice(staff.peer_workers)
                self.t.sessions.add(
                    session, self.service.pk, group, kind, name, at, 90, Mode.COMMUNITY, leader, True
                )
                week = day.toordinal() // 7
                candidates = [
                    c
                    for w in range(week - 12, week + 1)
                    for c in by_week.get(w, ())
                    if c.ends_on and c.allocated_on and c.allocated_on < day <= c.ends_on
                ]
                for case in rng.sample(candidates, min(len(candidates), rng.randint(2, 6))):
                    self.t.contacts.add(
                        case.pk,
                        leader,
                        "mother",
                        at,
                        90,
                        Mode.COMMUNITY,
                        True,
                        "",
                        session,
                        at + dt.timedelta(hours=3),
                    )
                    case.first_success = min(case.first_success or day, day)
                    if case.last_success is None or at > case.last_success:
                        case.last_success = at
                day += dt.timedelta(days=7)

    def _outcomes(self, case: Case) -> None:
        """Goals if she and her peer worker agreed they would help (most do), rated at the start
        and at the end, sometimes between; feedback from about four in ten when support ends."""
        rng, tz, worker = self.rng, self.tz, case.worker
        assert case.first_success is not None and worker is not None
        decided = min(self.today, case.first_success + dt.timedelta(days=rng.randint(0, 14)))
        agreed = rng.random() < 0.7
        choice = GoalsDecision.Choice.AGREED if agreed else GoalsDecision.Choice.DECLINED
        self.t.decisions.add(case.pk, choice, decided, worker, aware(decided, 15 * 60, tz))
        ended = case.status == Status.ENDED and case.ends_on is not None
        if agreed:
            for _ in range(rng.choice((1, 1, 2))):
                self._goal(case, decided, ended)
        if ended and case.ends_on and rng.random() < 0.4:
            response = self.keys.take(FeedbackResponse)
            how = (
                FeedbackResponse.How.HERSELF if rng.random() < 0.6 else FeedbackResponse.How.WITH_PEER_WORKER
            )
            self.t.responses.add(response, self.service.pk, case.pk, how, False, case.ends_on)
            for item in Item:
                self.t.answers.add(response, item, rng.choices((2, 3, 4, 5), (1, 3, 5, 4))[0], "")

    def _goal(self, case: Case, set_on: dt.date, ended: bool) -> None:
        rng, tz, worker = self.rng, self.tz, case.worker
        goal = self.keys.take(Goal)
        end = case.ends_on if ended else None
        reason = (Goal.Ended.ACHIEVED if rng.random() < 0.5 else Goal.Ended.SUPPORT_ENDED) if end else ""
        self.t.goals.add(goal, case.pk, set_on, end, reason, worker, aware(set_on, 15 * 60, tz))
        self.t.wordings.add(goal, rng.choice(_GOALS), set_on, worker, aware(set_on, 15 * 60, tz))
        start = rng.randint(2, 6)
        self.t.ratings.add(goal, set_on, start, GoalRating.Stage.START, worker, aware(set_on, 15 * 60, tz))
        review = set_on + dt.timedelta(days=42)
        if review < (end or self.today):
            score = min(10, start + rng.randint(0, 2))
            self.t.ratings.add(
                goal, review, score, GoalRating.Stage.REVIEW, worker, aware(review, 15 * 60, tz)
            )
        if end and end > set_on:
            score = min(10, start + rng.randint(0, 4))
            self.t.ratings.add(goal, end, score, GoalRating.Stage.END, worker, aware(end, 15 * 60, tz))

    def _support_row(self, case: Case) -> None:
        rng = self.rng
        status, changed = case.status, case.changed_on or case.referred_on
        end_reason = rng.choices(list(_ENDS), list(_ENDS.values()))[0] if status == Status.ENDED else ""
        review_on = self.today + dt.timedelta(days=rng.randint(7, 28)) if status == Status.DEFERRED else None
        source = PeerSupport.Source.SELF if rng.random() < 0.1 else PeerSupport.Source.CLINICIAN
        row = [
            case.pk,
            case.person,
            self.service.pk,
            source,
            case.referrer,
            case.referred_on,
            rng.choice(_REASONS),
            status,
            changed,
            end_reason,
            "",
            review_on,
        ]
        if len(self.t.supports.names) > len(row):
            row.append(case.last_success)
        self.t.supports.add(*row)
        coordinator = self.staff.coordinators[case.pk % len(self.staff.coordinators)]
        self.t.changes.add(case.pk, Status.REFERRED, case.referred_on, case.referrer, "", "", None)
        if case.allocated_on:
            self.t.changes.add(case.pk, Status.ALLOCATED, case.allocated_on, coordinator, "", "", None)
        if case.first_success:
            self.t.changes.add(case.pk, Status.ACTIVE, case.first_success, coordinator, "", "", None)
        if status not in (Status.REFERRED, Status.ALLOCATED, Status.ACTIVE):
            self.t.changes.add(case.pk, status, changed, coordinator, end_reason, "", review_on)


# ---------------------------------------------------------------------------------------------
# The whole


def generate(
    size: str, *, seed: int = SEED, scale: float = 1.0, today: dt.date | None = None, say: Any = print
) -> dict[str, int]:
    """Write a size's services into a database that has none yet. Returns rows written per table."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    if Service.objects.exists():
        raise ValueError("This database already has services: generate into an empty, migrated database")
    today = today or timezone.localdate()
    planned = plan(size)
    pools, keys = Pools.make(seed), Keys()
    written: dict[str, int] = {}
    with transaction.atomic():
        hosts = [
            Organisation.objects.create(
                name=f"{name} Perinatal Peer Support", kind=Organisation.Kind.THIRD_SECTOR
            )
            for name in ("Approachable Parenting", "Juno", "Mothers Together", "Bloom", "Acacia")
        ]
    icbs: dict[str, ICB] = {}
    for i, p in enumerate(planned):
        with transaction.atomic():
            service = _service(p, icbs)
            roles = _extra_roles(p, first=i == 0)
            counts = ServiceMaker(p, service, pools, keys, seed, scale, today, hosts).make(roles)
        for table, n in counts.items():
            written[table] = written.get(table, 0) + n
        say(f"  {i + 1}/{len(planned)} {p.name}: {counts['Person']:,} people, {counts['Contact']:,} contacts")
    reset_sequences([User, Family, Person, PeerSupport, Group, GroupSession, Goal, FeedbackResponse])
    analyse()
    return written


def _service(p: Planned, icbs: dict[str, ICB]) -> Service:
    if p.area not in icbs:
        region, _ = Region.objects.get_or_create(name=p.region)
        icbs[p.area] = ICB.objects.create(name=f"NHS {p.area} ICB", region=region)
    trust, _ = Organisation.objects.get_or_create(
        name=f"{p.area} Partnership NHS Foundation Trust", defaults={"kind": Organisation.Kind.NHS_TRUST}
    )
    return Service.objects.create(name=p.name, kind=p.kind, trust=trust, icb=icbs[p.area])


def _extra_roles(p: Planned, *, first: bool) -> list[str]:
    """A commissioner for each ICB (in its community team) and three national reviewers (in the first)."""
    roles: list[str] = [Role.COMMISSIONER] if p.kind == Service.Kind.COMMUNITY_PERINATAL else []
    return [*roles, *[Role.NATIONAL_REVIEWER] * 3] if first else roles
