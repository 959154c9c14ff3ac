"""The people who log in: the fixed demo logins, and colleagues named by Faker around them."""

import re
from dataclasses import dataclass

from allauth.account.models import EmailAddress

from alongside.accounts.models import User
from alongside.demo.common import Context, days, hours
from alongside.demo.places import Places
from alongside.organisations.models import Employment, Membership, Organisation, Role, Service
from alongside.wellbeing.models import Readiness

DOMAIN = "alongside.example"
PASSWORD = "alongside-demo"  # noqa: S105 - the published demo password, shown on screen on purpose
SENTINEL_EMAIL = f"coordinator@{DOMAIN}"

BIRMINGHAM, LANCASHIRE, MBU = "birmingham", "lancashire", "mbu"


@dataclass(frozen=True)
class Post:
    service: str
    role: str
    host: str = ""  # "app" or "approachable" for a third-sector-hosted peer worker


@dataclass(frozen=True)
class Spec:
    key: str
    posts: tuple[Post, ...]
    login: str = ""  # a role label when this is one of the fixed demo logins
    name: tuple[str, str] | None = None
    male: bool = False

    @property
    def email(self) -> str:
        return f"{self.key}@{DOMAIN}"


STAFF = (
    Spec(
        "peerworker",
        (Post(BIRMINGHAM, Role.PEER_WORKER),),
        "Peer worker (NHS), Birmingham",
        ("Hannah", "Brooks"),
    ),
    Spec(
        "partnerpeer",
        (Post(BIRMINGHAM, Role.PEER_WORKER, "approachable"),),
        "Peer worker hosted by Approachable Parenting, Birmingham",
        ("Nadia", "Hussain"),
    ),
    Spec(
        "coordinator",
        (Post(BIRMINGHAM, Role.COORDINATOR),),
        "Peer support co-ordinator, Birmingham",
        ("Claire", "Mensah"),
    ),
    Spec("clinician", (Post(BIRMINGHAM, Role.CLINICIAN),), "Clinician, Birmingham", ("Priya", "Shah")),
    Spec(
        "manager",
        (Post(BIRMINGHAM, Role.SERVICE_MANAGER),),
        "Service manager, Birmingham",
        ("Joanne", "Taylor"),
    ),
    Spec(
        "commissioner",
        (Post(BIRMINGHAM, Role.COMMISSIONER),),
        "Commissioner, Birmingham and Solihull ICB",
        ("Mark", "Ellis"),
        male=True,
    ),
    Spec("national", (Post(BIRMINGHAM, Role.NATIONAL_REVIEWER),), "National reviewer", ("Ruth", "Okafor")),
    Spec("admin", (Post(BIRMINGHAM, Role.ADMIN),), "Administrator (and Django admin)", ("Sam", "Patel")),
    Spec(
        "twoservices",
        (Post(MBU, Role.PEER_WORKER), Post(LANCASHIRE, Role.PEER_WORKER)),
        "Peer worker at two services: Ribblesmere Mother and Baby Unit and Lancashire community team",
        ("Emma", "Whitfield"),
    ),
    # Colleagues named by Faker; a key with "volunteer" in it is a volunteer.
    Spec("bham-peer-nhs", (Post(BIRMINGHAM, Role.PEER_WORKER),)),
    Spec("bham-peer-app", (Post(BIRMINGHAM, Role.PEER_WORKER, "app"),)),
    Spec("bham-peer-volunteer", (Post(BIRMINGHAM, Role.PEER_WORKER),)),
    Spec("bham-peer-fathers", (Post(BIRMINGHAM, Role.PEER_WORKER, "approachable"),), male=True),
    Spec("lancs-peer-nhs", (Post(LANCASHIRE, Role.PEER_WORKER),)),
    Spec("lancs-peer-app", (Post(LANCASHIRE, Role.PEER_WORKER, "app"),)),
    Spec("mbu-peer-nhs-1", (Post(MBU, Role.PEER_WORKER),)),
    Spec("mbu-peer-nhs-2", (Post(MBU, Role.PEER_WORKER),)),
    Spec("mbu-peer-volunteer", (Post(MBU, Role.PEER_WORKER),)),
    Spec("lancs-coordinator", (Post(LANCASHIRE, Role.COORDINATOR),)),
    Spec("mbu-coordinator", (Post(MBU, Role.COORDINATOR),)),
    Spec("bham-clinician", (Post(BIRMINGHAM, Role.CLINICIAN),)),
    Spec("lancs-clinician", (Post(LANCASHIRE, Role.CLINICIAN),)),
    Spec("mbu-clinician", (Post(MBU, Role.CLINICIAN),)),
    Spec("lancs-manager", (Post(LANCASHIRE, Role.SERVICE_MANAGER),)),
    Spec("mbu-manager", (Post(MBU, Role.SERVICE_MANAGER),)),
    # Added later, so the names above stay as they were.
    Spec(
        "wardnurse",
        (Post(MBU, Role.CLINICIAN),),
        "Clinician (nurse in charge), Ribblesmere Mother and Baby Unit",
        ("Grace", "Bennett"),
    ),
    # Light-touch volunteers: one says she is ready for the full role, one is happy as she is.
    Spec("bham-volunteer-ready", (Post(BIRMINGHAM, Role.LIGHT_TOUCH_VOLUNTEER),)),
    Spec("bham-volunteer-coffee", (Post(BIRMINGHAM, Role.LIGHT_TOUCH_VOLUNTEER),)),
)

LOGINS = [(spec.login, spec.email) for spec in STAFF if spec.login]


@dataclass
class Staff:
    users: dict[str, User]
    memberships: list[Membership]

    def user(self, key: str) -> User:
        return self.users[key]

    def members(self, service: Service, role: str) -> list[Membership]:
        return [m for m in self.memberships if m.service_id == service.pk and m.role == role]

    def peer_workers(self, service: Service) -> list[Membership]:
        return self.members(service, Role.PEER_WORKER)

    def coordinator(self, service: Service) -> User:
        return self.members(service, Role.COORDINATOR)[0].user

    def clinicians(self, service: Service) -> list[User]:
        return [m.user for m in self.members(service, Role.CLINICIAN)]


def build_staff(ctx: Context, places: Places) -> Staff:
    taken = set(User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True))
    taken |= {spec.email for spec in STAFF if spec.name}
    users = {spec.key: _user(ctx, spec, taken) for spec in STAFF}
    _share_one_password(list(users.values()))
    User.objects.bulk_create(users.values())
    EmailAddress.objects.bulk_create(
        EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users.values()
    )
    services = {BIRMINGHAM: places.birmingham, LANCASHIRE: places.lancashire, MBU: places.mbu}
    hosts: dict[str, Organisation | None] = {"": None, "app": places.app, "approachable": places.approachable}
    memberships = Membership.objects.bulk_create(
        Membership(
            user=users[spec.key],
            service=services[post.service],
            role=post.role,
            host_organisation=hosts[post.host],
            employment=_employment(spec, post),
        )
        for spec in STAFF
        for post in spec.posts
    )
    return Staff(users=users, memberships=memberships)


# Each one's own word on where she is, oldest first: (staff key, days ago, stage, note).
_READINESS = (
    ("bham-volunteer-ready", 120, Readiness.Stage.LIGHT_TOUCH, "Happy to help set up the coffee morning"),
    (
        "bham-volunteer-ready",
        6,
        Readiness.Stage.READY,
        "I've loved the coffee mornings and I feel ready to support someone one to one now",
    ),
    ("bham-volunteer-coffee", 20, Readiness.Stage.LIGHT_TOUCH, "The Tuesday coffee morning suits me for now"),
    ("peerworker", 70, Readiness.Stage.READY, ""),
    ("bham-peer-volunteer", 45, Readiness.Stage.READY, "Could take one more mother if someone needs me"),
)


def build_readiness(ctx: Context, staff: Staff) -> None:
    """Self-identified readiness: recorded by each of them, never by anyone else (ADR 0006)."""
    Readiness.objects.bulk_create(
        Readiness(
            peer_worker=staff.user(key),
            recorded_at=ctx.at(ctx.today - days(ago), 19) + hours(ctx.rng.random()),
            stage=stage,
            note=note,
        )
        for key, ago, stage, note in _READINESS
    )


def _employment(spec: Spec, post: Post) -> str:
    if post.host:
        return Employment.HOSTED
    return Employment.VOLUNTEER if "volunteer" in spec.key else Employment.NHS


def reset_passwords() -> None:
    """Put the published password back on every demo account, whatever was done to it since."""
    accounts = User.objects.filter(email__endswith=f"@{DOMAIN}")
    first = accounts.first()
    if first is None:
        return
    first.set_password(PASSWORD)
    accounts.update(password=first.password)


def _user(ctx: Context, spec: Spec, taken: set[str]) -> User:
    if spec.name:
        first, last = spec.name
        email = spec.email
    else:
        first = ctx.fake.first_name_male() if spec.male else ctx.fake.first_name_female()
        last = ctx.fake.last_name()
        email = _colleague_email(first, last, taken)
    user = User(username=email, email=email, first_name=first, last_name=last, display_name=f"{first} {last}")
    if spec.key == "admin":
        user.is_staff = user.is_superuser = True
    return user


def _colleague_email(first: str, last: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z.]", "", f"{first}.{last}".lower())
    email, n = f"{base}@{DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{base}{n}@{DOMAIN}"
    taken.add(email)
    return email


def _share_one_password(users: list[User]) -> None:
    # Hashing is deliberately slow: hash the shared demo password once and give everyone that hash.
    users[0].set_password(PASSWORD)
    for user in users[1:]:
        user.password = users[0].password
