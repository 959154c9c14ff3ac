"""Data of national shape: every perinatal service in England, five years of peer support.

`alongside generate --size national` makes what the issue that asked for it measured against:
7 NHS regions, 42 ICBs, 42 community perinatal teams and 24 mother and baby units (66 services),
about 1,000 peer workers with co-ordinators, clinicians and managers, about 350,000 people and
5 million contacts, with weekly groups. `--size region` makes the Midlands' 15 services and
`--size service` one community team: each is the same services, with the same rows, as in the
national set (every service draws from its own seed), so figures compare across sizes.

It is not the demo (alongside/demo/builder.py keeps its small, hand-shaped story), but it has
the same kinds of record: goals and feedback; a few stories a year told by the people supported,
each use consented to on its own; discharges and transfers (a unit's discharges go to its area's
community team, which accepts most of them into peer support there); dual supervision about
monthly for every peer worker, most of it talking about her wellbeing (her wellbeing records stay
hers: nothing is shared for her); training; lone-working visits for home visits since they were
taken up a year ago, and each peer worker's next one planned; ward shifts with their briefings
and debriefs in the units; ground rules. Those draw from a second generator of the service's own
(`ServiceMaker.xr`), so the people and support rows are the same as they were before those
records were added. Nobody can sign in as anyone without a password reset (every account shares
one hash of a password thrown away). Rows are written through alongside/demo/bulk.py, one
transaction per service, in constant memory: a service is planned, written and forgotten before the next.
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
    Scope,
    Story,
    StoryConsent,
    Theme,
)
from alongside.people.models import Consent, EthnicCategory, Family, Person
from alongside.safety.models import GroundRuleItem, GroundRules
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
from alongside.training.models import Module, TrainingRecord
from alongside.transitions.models import Destination, Kind, Transition, TransitionNotice
from alongside.visits.models import Visit
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Shift
from alongside.workforce.models import NHS_KINDS, Action, Reflection, Supervision
from alongside.workforce.models import Kind as SupervisionKind

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
    themes: list[int]  # outcomes' Theme rows (alongside/outcomes/migrations/0002_themes.py)
    modules: list[tuple[int, int | None, bool]]  # the curriculum: pk, renewal months, for staff

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
            themes=list(Theme.objects.order_by("pk").values_list("pk", flat=True)),
            modules=list(
                Module.objects.filter(active=True)
                .order_by("position", "pk")
                .values_list("pk", "renewal_months", "for_staff")
            ),
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

        # Stories she agreed may be told, each use consented to on its own.
        self.stories = Table(
            Story,
            [
                "id",
                "service_id",
                "teller",
                "person_id",
                "told_by_id",
                "quote",
                "context",
                "recorded_by_id",
                "recorded_on",
            ],
        )
        self.story_themes = Table(Story.themes.through, ["story_id", "theme_id"])
        self.story_consents = Table(
            StoryConsent, ["story_id", "scope", "given_on", "withdrawn_on", "recorded_by_id"]
        )

        # Principle 2: discharges and transfers, and who was told.
        self.transitions = Table(
            Transition,
            [
                "id",
                "person_id",
                "kind",
                "from_service_id",
                "destination",
                "to_service_id",
                "destination_name",
                "occurred_on",
                "source",
                "recorded_by_id",
                "external_id",
                "payload_hash",
                "recorded_at",
                "decision",
                "decided_by_id",
                "decided_at",
                "decline_reason",
                "peer_support_id",
            ],
        )
        self.notices = Table(
            TransitionNotice,
            ["transition_id", "recipient_id", "service_id", "reason", "created_at", "seen_at"],
        )

        # Principle 5: dual supervision, her own reflections, actions; training.
        self.supervisions = Table(
            Supervision,
            [
                "id",
                "peer_worker_id",
                "service_id",
                "kind",
                "held_on",
                "duration_minutes",
                "wellbeing_discussed",
                "plans_reviewed",
                "notes",
                "recorded_by_id",
                "recorded_at",
            ],
        )
        self.supervisors = Table(Supervision.supervisors.through, ["supervision_id", "user_id"])
        self.reflections = Table(Reflection, ["supervision_id", "text", "updated_at"])
        self.actions = Table(
            Action,
            [
                "supervision_id",
                "need",
                "description",
                "owner_id",
                "due_on",
                "done_on",
                "done_by_id",
                "created_by_id",
                "created_at",
            ],
        )
        self.training = Table(
            TrainingRecord,
            [
                "user_id",
                "module_id",
                "completed_on",
                "provider",
                "accredited",
                "evidence",
                "recorded_by_id",
                "recorded_at",
            ],
        )

        # Principle 1: safe visits, ward shifts with their handovers, ground rules.
        self.visits = Table(
            Visit,
            [
                "peer_support_id",
                "peer_worker_id",
                "venue",
                "where",
                "starts_at",
                "expected_end_at",
                "companion_id",
                "named_contact_id",
                "checked_in_at",
                "checked_out_at",
                "cancelled_at",
                "safe_confirmed_by_id",
                "safe_confirmed_at",
                "safe_note",
            ],
        )
        self.shifts = Table(Shift, ["id", "peer_worker_id", "service_id", "started_at", "ended_at"])
        self.briefings = Table(ArrivalBriefing, ["shift_id", "given_by_id", "given_at", "ward_note", "risks"])
        self.debriefs = Table(DepartureDebrief, ["shift_id", "given_at", "no_concerns"])
        self.rule_items = Table(GroundRuleItem, ["id", "service_id", "text", "position", "active"])
        self.rules = Table(
            GroundRules, ["id", "peer_support_id", "group_id", "agreed_on", "text", "recorded_by_id"]
        )
        self.rule_links = Table(GroundRules.items.through, ["groundrules_id", "groundruleitem_id"])

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
    partner: bool = False
    end_reason: str = ""
    homes: list[tuple[dt.datetime, bool, int]] = field(default_factory=list)  # home visits: at, ok, minutes


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
        known: "dict[str, Known] | None" = None,
    ) -> None:
        self.planned, self.service, self.pools, self.keys = planned, service, pools, keys
        self.rng = random.Random(f"{seed}:{planned.name}")  # noqa: S311 (not security: reproducible data)
        self.shape = SHAPES[planned.kind]  # type: ignore[index]
        self.scale, self.today, self.hosts = scale, today, hosts
        self.tz = timezone.get_default_timezone()
        self.t = Tables()
        self.cases: list[Case] = []
        self.slug = planned.slug
        self.hosted: set[int] = set()
        self.group_pks: list[int] = []
        # The records added later (stories, transitions, supervision, safety, training) draw from
        # their own generator, so the rows above stay exactly what they were before them.
        self.xr = random.Random(f"{seed}:{planned.name}:extra")  # noqa: S311 (reproducible data)
        self.known = known if known is not None else {}

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
        Extras(self).make()
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
            if hosted:
                self.hosted.add(workers[-1])
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
                self._case(partner, referred_on + dt.timedelta(days=rng.randint(0, 30)), staff, partner=True)
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

    def _case(self, person: int, referred_on: dt.date, staff: Staff, *, partner: bool = False) -> None:
        rng, today = self.rng, self.today
        referred_on = min(referred_on, today)
        pk = self.keys.take(PeerSupport)
        referrer = rng.choice(staff.clinicians)
        self.t.consents.add(person, referred_on, referrer, None)
        age = (today - referred_on).days
        case = Case(pk, person, referrer, referred_on, partner=partner)
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
        home, homes = Mode.HOME, case.homes
        while day <= last:  # millions of times at national size: kept lean
            mode = rng.choices(mode_list, cum_weights=cumulative)[0]
            ok = random() < 0.85
            at = aware(day, 540 + int(random() * 480), tz)  # between 9 and 5
            low, high = MINUTES[mode]
            minutes = low + int(random() * (high - low + 1)) if ok else 5
            note = rng.choice(_NOTES) if ok else rng.choice(_MISSED)
            add(case.pk, case.worker, "mother", at, minutes, mode, ok, note, None, at + later)
            if mode == home:
                homes.append((at, ok, minutes))
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
            self.group_pks.append(group)
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
        case.end_reason = end_reason
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
# Stories, transitions, supervision, training and safety records (their own rng: ServiceMaker.xr)


@dataclass(frozen=True)
class Known:
    """A community team already written: where its area's mother and baby unit discharges to."""

    service: int
    coordinators: list[int]
    peer_workers: list[int]


TAKE_UP_DAYS = 365
_QUOTES = [
    "She had been there herself. I did not have to explain.",
    "For the first time since the baby came I felt someone understood me.",
    "The café group got me out of the house when nothing else could.",
    "I stopped pretending I was fine, and it was all right.",
    "Having someone on my side made going home from the unit less frightening.",
    "He asked how I was doing too. Nobody had asked me that.",
]
_CONTEXTS = ["", "", "Said at her last visit", "Written with her peer worker when support ended"]
_CAFES = ["The café by the library", "Costa on the high street", "The children's centre café"]
_GP = ["Village Surgery", "Park Road Medical Centre", "High Street Practice", "Riverside Health Centre"]
_AWAY = ["Moved to Leeds", "Moved to Cardiff", "Moved to Glasgow", "Moved abroad"]
_SUPERVISION_NOTES = [
    "",
    "",
    "Talked through a hard visit and how she looked after herself afterwards",
    "Caseload reviewed; two mothers near the end of support",
    "Planning for the new café group",
]
_REFLECTIONS = ["Glad I said how tired I have been", "Feel clearer about boundaries now", "A good session"]
_ACTIONS = {
    Action.Need.TRAINING: [
        "Safeguarding refresher",
        "Training on supporting fathers",
        "Infant feeding update",
    ],
    Action.Need.SUPPORT: ["Shadow a colleague on ward shifts", "Fewer home visits for a month"],
}
_RULES = (
    "What we talk about stays between us, unless someone is at risk",
    "Either of us can end a conversation at any time",
    "We'll meet in places where we both feel safe",
    "We'll let each other know if we need to cancel",
    "Everyone's story is theirs to share",
)
_WARD = ["Busy morning; two new admissions", "Quiet on the ward today", "One mother going home tomorrow", ""]
_RISKS = ["", "", "", "Please check with the nurse in charge before the side room"]
_PROVIDERS = ["The trust's learning team", "Host organisation", "Regional peer support network"]


class Extras:
    """A service's records beyond support itself, planned from its cases once they are made."""

    def __init__(self, maker: ServiceMaker) -> None:
        self.m, self.rng, self.t, self.keys = maker, maker.xr, maker.t, maker.keys
        self.service, self.staff, self.today, self.tz = maker.service.pk, maker.staff, maker.today, maker.tz
        self.start = self.today - dt.timedelta(days=365 * YEARS)
        self.mbu = maker.planned.kind == Service.Kind.MBU

    def make(self) -> None:
        m = self.m
        if not self.mbu:
            m.known[m.planned.area] = Known(self.service, self.staff.coordinators, self.staff.peer_workers)
        items = self._rule_items()
        told: set[int] = set()  # cases with a story
        for case in m.cases:
            if case.first_success is None or case.worker is None:
                continue
            if self.rng.random() < 0.015:
                told.add(case.pk)
                self._story(case)
            if self.rng.random() < self._taken_up(case.first_success):
                self._rules(case, items)
            if case.homes:
                self._visits(case)
            if case.status == Status.ENDED and case.ends_on:
                self._transition(case)
        # Every service has a few stories, however small (a tiny test world included).
        met = [c for c in m.cases if c.first_success and c.worker and c.pk not in told]
        for case in self.rng.sample(met, max(0, min(len(met), 3 - len(told)))):
            self._story(case)
        self._planned_visits()
        for group in m.group_pks:
            self._rules_for_group(group, items)
        for worker in self.staff.peer_workers:
            self._supervision(worker)
        self._training()
        if self.mbu:
            self._shifts()

    def _taken_up(self, day: dt.date) -> float:
        """How much of its work a service recorded in Alongside's safety tools (visits, ground
        rules) on a day: they came in a year ago, used a little more each day since, fully now."""
        return max(0.0, 1 - (self.today - day).days / TAKE_UP_DAYS)

    def _at(self, day: dt.date, hour: int) -> dt.datetime:
        return aware(day, hour * 60 + self.rng.randint(0, 59), self.tz)

    # Stories ----------------------------------------------------------------------------------

    def _story(self, case: Case) -> None:
        rng, t = self.rng, self.t
        assert case.first_success is not None and case.worker is not None
        latest = min(self.today - dt.timedelta(days=1), case.ends_on or self.today)
        on = case.first_success + dt.timedelta(
            days=rng.randint(0, max(0, (latest - case.first_success).days))
        )
        story = self.keys.take(Story)
        teller = Story.Teller.PARTNER if case.partner else Story.Teller.MOTHER
        quote, context = rng.choice(_QUOTES), rng.choice(_CONTEXTS)
        t.stories.add(story, self.service, teller, case.person, None, quote, context, case.worker, on)
        if self.m.pools.themes:
            for theme in rng.sample(self.m.pools.themes, min(len(self.m.pools.themes), rng.randint(1, 2))):
                t.story_themes.add(story, theme)
        scopes = [Scope.SERVICE]
        scopes += [Scope.COMMISSIONERS] if rng.random() < 0.7 else []
        scopes += [Scope.PUBLIC] if rng.random() < 0.3 else []
        for scope in scopes:
            # A few change their minds about a use, later; the rest stand.
            withdrawn = None
            if scope != Scope.SERVICE and rng.random() < 0.08 and on < self.today - dt.timedelta(days=2):
                withdrawn = on + dt.timedelta(days=rng.randint(1, (self.today - on).days - 1))
            t.story_consents.add(story, scope, on, withdrawn, case.worker)

    # Ground rules -----------------------------------------------------------------------------

    def _rule_items(self) -> list[int]:
        items = []
        for n, text in enumerate(_RULES):
            pk = self.keys.take(GroundRuleItem)
            self.t.rule_items.add(pk, self.service, text, n, True)
            items.append(pk)
        return items

    def _rules(self, case: Case, items: list[int]) -> None:
        assert case.first_success is not None
        pk = self.keys.take(GroundRules)
        self.t.rules.add(pk, case.pk, None, case.first_success, "", case.worker)
        for item in self.rng.sample(items, self.rng.randint(2, 3)):
            self.t.rule_links.add(pk, item)

    def _rules_for_group(self, group: int, items: list[int]) -> None:
        pk = self.keys.take(GroundRules)
        self.t.rules.add(pk, None, group, self.start, "", self.rng.choice(self.staff.peer_workers))
        for item in items:
            self.t.rule_links.add(pk, item)

    # Lone working -----------------------------------------------------------------------------

    def _visit(self, case: int, worker: int | None, at: dt.datetime, end: dt.datetime, **fields: Any) -> None:
        """One visit row: planned, and (by `fields`) checked in, out, cancelled or confirmed safe."""
        self.t.visits.add(
            case,
            worker,
            fields.get("venue", Visit.Venue.HOME),
            fields.get("where", ""),
            at,
            end,
            fields.get("companion"),
            fields["contact"],
            fields.get("checked_in"),
            fields.get("out"),
            fields.get("cancelled"),
            fields.get("safe_by"),
            fields.get("safe_at"),
            fields.get("note", ""),
        )

    def _visits(self, case: Case) -> None:
        """Home visits planned as visits (checked in and out, or cancelled; a few of yesterday's
        still open), as lone working's check-ins were taken up (`_taken_up`): every one now."""
        rng, staff = self.rng, self.staff
        yesterday, today = self.today - dt.timedelta(days=1), self.today
        first = today - dt.timedelta(days=TAKE_UP_DAYS)  # before this, none: skipped without a draw
        if case.ends_on is None or case.ends_on <= first:
            return
        for at, ok, minutes in case.homes:
            day = at.date()
            if day <= first or rng.random() >= 1 - (today - day).days / TAKE_UP_DAYS:
                continue
            end = at + dt.timedelta(minutes=max(minutes, 60))
            companion = (
                rng.choice(staff.peer_workers)
                if rng.random() < 0.05 and len(staff.peer_workers) > 1
                else None
            )
            if companion == case.worker:
                companion = None
            planned = {"companion": companion, "contact": rng.choice(staff.coordinators)}
            checked_in = at + dt.timedelta(minutes=rng.randint(0, 5))
            if not ok:
                self._visit(case.pk, case.worker, at, end, **planned, cancelled=at - dt.timedelta(hours=2))
            elif at.date() == yesterday and rng.random() < 0.2:
                self._visit(case.pk, case.worker, at, end, **planned, checked_in=checked_in)
            elif rng.random() < 0.03:  # forgot to check out: her named contact confirmed she was safe
                confirmed = end + dt.timedelta(minutes=rng.randint(10, 40))
                self._visit(
                    case.pk,
                    case.worker,
                    at,
                    end,
                    **planned,
                    checked_in=checked_in,
                    safe_by=planned["contact"],
                    safe_at=confirmed,
                    note="Rang her: safe, forgot to check out",
                )
            else:
                out = at + dt.timedelta(minutes=minutes + rng.randint(0, 10))
                self._visit(case.pk, case.worker, at, end, **planned, checked_in=checked_in, out=out)

    def _planned_visits(self) -> None:
        """Each peer worker with someone to see has her next visit planned, in the coming week
        (so the open visits are these and a few of yesterday's: a handful among the closed)."""
        rng = self.rng
        by_worker: dict[int, list[Case]] = {}
        for case in self.m.cases:
            if case.status in (Status.ALLOCATED, Status.ACTIVE) and case.worker is not None:
                by_worker.setdefault(case.worker, []).append(case)
        for worker, cases in by_worker.items():
            for case in [rng.choice(cases)]:
                at = aware(
                    self.today + dt.timedelta(days=rng.randint(1, 7)), 600 + 30 * rng.randint(0, 12), self.tz
                )
                home = rng.random() < 0.6
                venue, where = (Visit.Venue.HOME, "") if home else (Visit.Venue.PUBLIC, rng.choice(_CAFES))
                end = at + dt.timedelta(minutes=rng.choice((60, 90)))
                contact = rng.choice(self.staff.coordinators)
                self._visit(case.pk, worker, at, end, venue=venue, where=where, contact=contact)

    # Transitions ------------------------------------------------------------------------------

    def _transition(self, case: Case) -> None:
        """Discharges from the unit to her community team (on Alongside, so accepted there or
        not), and from a community team to her GP; moves out of area as transfers."""
        rng = self.rng
        assert case.ends_on is not None
        on, reason = case.ends_on, case.end_reason
        if reason == EndReason.MOVED:
            self._add_transition(case, Kind.TRANSFER, Destination.OUT_OF_AREA, rng.choice(_AWAY))
        elif reason == EndReason.DISCHARGED and self.mbu:
            team = self.m.known.get(self.m.planned.area)
            if team is None:
                self._add_transition(case, Kind.DISCHARGE, Destination.COMMUNITY_PERINATAL, "")
            else:
                self._to_a_team(case, team)
        elif reason == EndReason.DISCHARGED and rng.random() < 0.4:
            self._add_transition(case, Kind.DISCHARGE, Destination.GP, rng.choice(_GP))
        elif reason == EndReason.GOALS_MET and rng.random() < 0.1 and on < self.today:
            self._add_transition(case, Kind.DISCHARGE, Destination.GENERAL_ADULT, "")

    def _add_transition(
        self,
        case: Case,
        kind: str,
        destination: str,
        name: str,
        *,
        to: Known | None = None,
        decision: str = "",
        decided: tuple[int, dt.datetime] | None = None,
        peer_support: int | None = None,
    ) -> int:
        assert case.ends_on is not None
        rng, on = self.rng, case.ends_on
        recorded_at = self._at(on, 11)
        pk = self.keys.take(Transition)
        by, at = decided or (None, None)
        self.t.transitions.add(
            pk,
            case.person,
            kind,
            self.service,
            destination,
            to.service if to else None,
            name,
            on,
            Transition.Source.CLINICIAN,
            rng.choice(self.staff.clinicians),
            "",
            "",
            recorded_at,
            decision,
            by,
            at,
            "" if decision != Transition.Decision.DECLINED else "Moved again before we met",
            peer_support,
        )
        seen = recorded_at + dt.timedelta(days=1) if on < self.today - dt.timedelta(days=3) else None
        self.t.notices.add(
            pk, case.worker, self.service, TransitionNotice.Reason.PEER_WORKER, recorded_at, seen
        )
        if to is not None:
            for coordinator in to.coordinators:
                self.t.notices.add(
                    pk, coordinator, to.service, TransitionNotice.Reason.RECEIVING, recorded_at, seen
                )
        return pk

    def _to_a_team(self, case: Case, team: Known) -> None:
        """Most are accepted within days and met there; a few declined; the latest still pending."""
        rng, on = self.rng, case.ends_on
        assert on is not None
        dest = Destination.COMMUNITY_PERINATAL
        decided_on = on + dt.timedelta(days=rng.randint(0, 3))
        if decided_on >= self.today:
            self._add_transition(
                case, Kind.DISCHARGE, dest, "", to=team, decision=Transition.Decision.PENDING
            )
            return
        coordinator = rng.choice(team.coordinators)
        decided = (coordinator, self._at(decided_on, 15))
        if rng.random() < 0.08:
            self._add_transition(
                case,
                Kind.DISCHARGE,
                dest,
                "",
                to=team,
                decision=Transition.Decision.DECLINED,
                decided=decided,
            )
            return
        ps = self._arrival(case, team, coordinator, decided_on)
        self._add_transition(
            case,
            Kind.DISCHARGE,
            dest,
            "",
            to=team,
            decision=Transition.Decision.ACCEPTED,
            decided=decided,
            peer_support=ps,
        )

    def _arrival(self, case: Case, team: Known, coordinator: int, on: dt.date) -> int:
        """Her peer support at the team she was discharged to: allocated, and mostly met within four weeks."""
        rng, t, today = self.rng, self.t, self.today
        pk = self.keys.take(PeerSupport)
        worker = rng.choice(team.peer_workers)
        allocated = min(today, on + dt.timedelta(days=rng.randint(0, 4)))
        met = allocated + dt.timedelta(days=rng.randint(2, 20)) if rng.random() < 0.85 else None
        if met and met >= today:
            met = None
        ends = allocated + dt.timedelta(days=60 + rng.randint(0, 60))
        ended = met is not None and ends < today
        status = Status.ENDED if ended else Status.ACTIVE if met else Status.ALLOCATED
        changed = ends if ended else met or allocated
        at = aware(met, 11 * 60, self.tz) if met else None
        row: list[Any] = [
            pk,
            case.person,
            team.service,
            PeerSupport.Source.CLINICIAN,
            coordinator,
            on,
            "Discharge from the mother and baby unit",
            status,
            changed,
            EndReason.GOALS_MET if ended else "",
            "",
            None,
        ]
        if len(t.supports.names) > len(row):
            row.append(at)
        t.supports.add(*row)
        t.changes.add(pk, Status.REFERRED, on, coordinator, "", "Accepted after a discharge", None)
        t.changes.add(pk, Status.ALLOCATED, allocated, coordinator, "", "", None)
        t.allocations.add(pk, worker, coordinator, allocated, ends if ended else None)
        if met and at:
            t.changes.add(pk, Status.ACTIVE, met, coordinator, "", "", None)
            t.contacts.add(
                pk,
                worker,
                "mother",
                at,
                60,
                Mode.HOME,
                True,
                "First visit at home",
                None,
                at + dt.timedelta(hours=2),
            )
        if ended:
            t.changes.add(pk, Status.ENDED, ends, coordinator, EndReason.GOALS_MET, "", None)
        return pk

    # Supervision and training -----------------------------------------------------------------

    def _supervision(self, worker: int) -> None:
        """Dual supervision, each half about monthly: NHS (from a co-ordinator or clinician) and
        peer (from another peer worker, or her host organisation's supervisor when hosted)."""
        rng, staff = self.rng, self.staff
        peers = [w for w in staff.peer_workers if w != worker] or staff.coordinators
        for track in ("nhs", "peer"):
            day = self.start + dt.timedelta(days=rng.randint(0, 30))
            while day < self.today:
                if track == "nhs":
                    kind = rng.choices(NHS_KINDS, (4, 3, 2, 1))[0]
                    supervisor = rng.choice(
                        staff.clinicians if kind == SupervisionKind.CLINICAL else staff.coordinators
                    )
                else:
                    hosted = worker in self.m.hosted and rng.random() < 0.5
                    kind = SupervisionKind.HOST if hosted else SupervisionKind.PEER_TO_PEER
                    supervisor = rng.choice(staff.coordinators if hosted else peers)
                self._session(worker, kind, day, supervisor)
                day += dt.timedelta(days=rng.randint(21, 38))

    def _session(self, worker: int, kind: str, day: dt.date, supervisor: int) -> None:
        rng, t = self.rng, self.t
        pk = self.keys.take(Supervision)
        recorded_at = self._at(day, 15)
        t.supervisions.add(
            pk,
            worker,
            self.service,
            kind,
            day,
            rng.choice((45, 60, 60, 90)),
            rng.random() < 0.85,
            rng.random() < 0.7,
            rng.choice(_SUPERVISION_NOTES),
            supervisor,
            recorded_at,
        )
        t.supervisors.add(pk, supervisor)
        if rng.random() < 0.2:  # hers alone (alongside/workforce/models.py Reflection)
            t.reflections.add(pk, rng.choice(_REFLECTIONS), recorded_at + dt.timedelta(hours=3))
        if rng.random() < 0.12:
            need = rng.choice(list(_ACTIONS))
            due = day + dt.timedelta(days=rng.randint(14, 60))
            done = (
                due - dt.timedelta(days=rng.randint(0, 10))
                if due < self.today and rng.random() < 0.85
                else None
            )
            t.actions.add(
                pk,
                need,
                rng.choice(_ACTIONS[need]),
                supervisor,
                due,
                done,
                supervisor if done else None,
                supervisor,
                recorded_at,
            )

    def _training(self) -> None:
        """The curriculum for peer workers in their first months, renewed when it must be; the
        staff session for clinicians and co-ordinators."""
        rng, staff = self.rng, self.staff
        recorder = staff.coordinators[0]
        for user in [*staff.peer_workers, *staff.clinicians, *staff.coordinators]:
            worker = user in staff.peer_workers
            for module, renewal, for_staff in self.m.pools.modules:
                if for_staff == worker or rng.random() < 0.1:
                    continue  # not hers, or not done yet
                day = self.start + dt.timedelta(days=rng.randint(0, 180))
                while day < self.today:
                    accredited = rng.random() < 0.3
                    self.t.training.add(
                        user,
                        module,
                        day,
                        rng.choice(_PROVIDERS),
                        accredited,
                        f"Certificate {rng.randint(10000, 99999)}" if accredited else "",
                        recorder,
                        self._at(day, 16),
                    )
                    if not renewal:
                        break
                    day += dt.timedelta(days=renewal * 30 + rng.randint(-20, 20))

    # Ward shifts ------------------------------------------------------------------------------

    def _shifts(self) -> None:
        """Peer workers on the unit's ward about four days a week, briefed on arrival and
        debriefed as they leave."""
        rng, t, staff = self.rng, self.t, self.staff
        day = self.start
        while day < self.today:
            if day.weekday() < 5 and rng.random() < 0.8:
                pk = self.keys.take(Shift)
                started = self._at(day, 9 + rng.randint(0, 3))
                ended = started + dt.timedelta(minutes=rng.randint(180, 330))
                t.shifts.add(pk, rng.choice(staff.peer_workers), self.service, started, ended)
                t.briefings.add(
                    pk,
                    rng.choice(staff.clinicians),
                    started + dt.timedelta(minutes=5),
                    rng.choice(_WARD),
                    rng.choice(_RISKS),
                )
                t.debriefs.add(pk, ended, rng.random() < 0.9)
            day += dt.timedelta(days=1)


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
    known: dict[str, Known] = {}  # community teams made so far, by area: where MBUs discharge to
    for i, p in enumerate(planned):
        with transaction.atomic():
            service = _service(p, icbs)
            roles = _extra_roles(p, first=i == 0)
            counts = ServiceMaker(p, service, pools, keys, seed, scale, today, hosts, known).make(roles)
        for table, n in counts.items():
            written[table] = written.get(table, 0) + n
        say(f"  {i + 1}/{len(planned)} {p.name}: {counts['Person']:,} people, {counts['Contact']:,} contacts")
    reset_sequences(
        [
            User,
            Family,
            Person,
            PeerSupport,
            Group,
            GroupSession,
            Goal,
            FeedbackResponse,
            Story,
            Transition,
            Supervision,
            Shift,
            GroundRuleItem,
            GroundRules,
        ]
    )
    analyse()
    return written


def _service(p: Planned, icbs: dict[str, ICB]) -> Service:
    if p.area not in icbs:
        region, _ = Region.objects.get_or_create(name=p.region)
        # get_or_create: the map of England (alongside/national/) may have loaded the ICB already.
        icbs[p.area], _ = ICB.objects.get_or_create(name=f"NHS {p.area} ICB", defaults={"region": region})
    trust, _ = Organisation.objects.get_or_create(
        name=f"{p.area} Partnership NHS Foundation Trust", defaults={"kind": Organisation.Kind.NHS_TRUST}
    )
    return Service.objects.create(name=p.name, kind=p.kind, trust=trust, icb=icbs[p.area])


def _extra_roles(p: Planned, *, first: bool) -> list[str]:
    """A commissioner for each ICB (in its community team) and three national reviewers (in the first)."""
    roles: list[str] = [Role.COMMISSIONER] if p.kind == Service.Kind.COMMUNITY_PERINATAL else []
    return [*roles, *[Role.NATIONAL_REVIEWER] * 3] if first else roles
