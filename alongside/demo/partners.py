"""Demo partners and matching: remits, what peer workers match on, and fathers waiting.

- Both demo charities have a remit in the shared vocabularies: Approachable Parenting (Black,
  Asian and minority ethnic families and fathers, in community languages, in inner Birmingham)
  and Action on Postpartum Psychosis (postpartum psychosis, online and by phone, anywhere).
- Each demo peer worker's profile gets what she is matched on, where the profile does not say
  already: languages, areas, experience, communities, fathers, and how many people she can
  support. peerworker@'s caseload is full, so a suggestion says so; partnerpeer@ speaks Urdu and
  Punjabi and covers B8 to B12; the fathers' peer worker is a man, and Birmingham wants one.
- Some Birmingham referrals waiting for a peer worker get experiences, communities and ways of
  being supported on their record, so the suggestions give varied reasons; and a few partners
  already on record are referred in their own right, so fathers and partners are waiting.

Runs after the timetable builder (which makes the Profiles and chooses the forms of support).
Deterministic (ctx.rng), bulk writes, no audit trail, like the rest of the demo.
"""

import uuid
from dataclasses import dataclass

from django.utils import timezone

from alongside.demo.common import Context, days
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Membership, Organisation, Service
from alongside.partners.models import Remit
from alongside.people.models import Person
from alongside.support.models import PeerSupport, Status, StatusChange
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id
from alongside.workforce.models import Profile


@dataclass(frozen=True)
class Match:
    """What a demo peer worker is matched on (her choice; the demo makes it for her)."""

    languages: str = ""
    areas: str = ""
    conditions: tuple[str, ...] = ()
    communities: tuple[str, ...] = ()
    fathers: bool = False
    most: int | None = None


@dataclass(frozen=True)
class RemitSpec:
    conditions: tuple[str, ...]
    communities: tuple[str, ...]
    modes: tuple[str, ...]
    areas: str = ""
    languages: str = ""


REMITS = {
    "approachable": RemitSpec(
        conditions=("depression-anxiety",),
        communities=("bame", "fathers"),
        modes=("face-to-face", "cafe-group", "phone"),
        areas="B6, B7, B8, B9, B10, B11, B12, B19, B20, B21",
        languages="Urdu, Punjabi, Bengali, Somali, Arabic",
    ),
    "app": RemitSpec(
        conditions=("postpartum-psychosis",),
        communities=(),
        modes=("online-forum", "phone", "video", "face-to-face"),
    ),
}

MATCHES = {
    "peerworker": Match(
        areas="B13, B14, B29, B30, B31",
        conditions=("depression-anxiety", "birth-trauma"),
        most=15,
    ),
    "partnerpeer": Match(
        languages="Urdu, Punjabi", areas="B8, B9, B10, B11, B12", communities=("bame",), most=20
    ),
    "bham-peer-nhs": Match(
        languages="Polish",
        areas="B5, B6, B7, B15, B16",
        conditions=("perinatal-ocd", "fear-of-childbirth"),
        most=15,
    ),
    "bham-peer-app": Match(conditions=("postpartum-psychosis",), most=12),
    "bham-peer-volunteer": Match(areas="B13, B14, B28", conditions=("feeding",), most=10),
    "bham-peer-fathers": Match(
        areas="B10, B11, B12, B19, B20", communities=("fathers", "bame"), fathers=True, most=20
    ),
    "lancs-peer-nhs": Match(conditions=("depression-anxiety",), most=10),
    "lancs-peer-app": Match(conditions=("postpartum-psychosis",), most=6),
    "twoservices": Match(conditions=("postpartum-psychosis", "baby-loss"), most=8),
    "mbu-peer-nhs-1": Match(conditions=("postpartum-psychosis",), languages="Urdu", most=6),
}
MEN = ("bham-peer-fathers",)

# What some referrals waiting in Birmingham give to match on: (conditions, communities, modes).
WAITING_STORIES = [
    (("depression-anxiety",), (), ("face-to-face",)),
    (("postpartum-psychosis",), (), ("phone", "video")),
    (("perinatal-ocd",), (), ("cafe-group",)),
    (("birth-trauma",), ("lgbt",), ("face-to-face",)),
    ((), ("young-parents",), ("cafe-group", "online-forum")),
    (("baby-loss",), (), ("phone",)),
]
FATHERS_WAITING = 3


def _terms(taxonomy: uuid.UUID, codes: tuple[str, ...]) -> list[uuid.UUID]:
    return [term_id(taxonomy, code) for code in codes]


def build_partners(ctx: Context, places: Places, staff: Staff) -> None:
    _remits(places)
    _profiles(staff)
    Membership.objects.filter(user__in=[staff.user(key) for key in MEN]).update(male=True)
    Service.objects.filter(pk=places.birmingham.pk).update(wants_male_peer_worker_for_fathers=True)
    _waiting_stories(ctx, places.birmingham)
    _fathers_referred(ctx, places.birmingham, staff)


def _remits(places: Places) -> None:
    organisations: dict[str, Organisation] = {"approachable": places.approachable, "app": places.app}
    remits = Remit.objects.bulk_create(
        Remit(
            organisation=organisations[key],
            areas=spec.areas,
            languages=spec.languages,
            updated_at=timezone.now(),
        )
        for key, spec in REMITS.items()
    )
    for remit, spec in zip(remits, REMITS.values(), strict=True):
        remit.conditions.set(_terms(CONDITIONS, spec.conditions))
        remit.communities.set(_terms(COMMUNITIES, spec.communities))
        remit.modes.set(_terms(MODES, spec.modes))


def _profiles(staff: Staff) -> None:
    """Fill in what each is matched on, where her profile does not already say."""
    members = [m for m in staff.memberships if _key(staff, m) in MATCHES]
    profiles = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    Profile.objects.bulk_create(Profile(membership=m) for m in members if m.pk not in profiles)
    profiles = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    conditions = Profile.conditions.through
    communities = Profile.communities.through
    taken_conditions = set(
        conditions.objects.filter(profile__in=profiles.values()).values_list("profile_id", flat=True)
    )
    taken_communities = set(
        communities.objects.filter(profile__in=profiles.values()).values_list("profile_id", flat=True)
    )
    condition_rows, community_rows = [], []
    for m in members:
        spec, profile = MATCHES[_key(staff, m)], profiles[m.pk]
        profile.languages = profile.languages or spec.languages
        profile.areas = profile.areas or spec.areas
        profile.supports_fathers = profile.supports_fathers or spec.fathers
        profile.max_caseload = profile.max_caseload or spec.most
        if profile.pk not in taken_conditions:
            condition_rows += [
                conditions(profile_id=profile.pk, taxonomyterm_id=t)
                for t in _terms(CONDITIONS, spec.conditions)
            ]
        if profile.pk not in taken_communities:
            community_rows += [
                communities(profile_id=profile.pk, taxonomyterm_id=t)
                for t in _terms(COMMUNITIES, spec.communities)
            ]
    Profile.objects.bulk_update(
        profiles.values(), ["languages", "areas", "supports_fathers", "max_caseload"], batch_size=200
    )
    conditions.objects.bulk_create(condition_rows)
    communities.objects.bulk_create(community_rows)


def _key(staff: Staff, m: Membership) -> str:
    return next((key for key, user in staff.users.items() if user.pk == m.user_id), "")


def _waiting_stories(ctx: Context, birmingham: Service) -> None:
    """Give some mothers waiting in Birmingham experiences, communities and ways of being supported."""
    waiting = list(
        Person.objects.filter(
            peer_supports__service=birmingham,
            peer_supports__status=Status.REFERRED,
            family_role=Person.FamilyRole.MOTHER,
        )
        .order_by("pk")
        .distinct()
    )
    through = {
        "conditions": (Person.conditions.through, CONDITIONS),
        "communities": (Person.communities.through, COMMUNITIES),
        "preferred_modes": (Person.preferred_modes.through, MODES),
    }
    rows: dict[str, list[object]] = {name: [] for name in through}
    for person, story in zip(waiting, WAITING_STORIES, strict=False):
        for (name, (model, taxonomy)), codes in zip(through.items(), story, strict=True):
            rows[name] += [model(person_id=person.pk, taxonomyterm_id=t) for t in _terms(taxonomy, codes)]
    for person in waiting[len(WAITING_STORIES) :]:
        if ctx.chance(0.5):
            mode = ctx.choice(["face-to-face", "cafe-group", "phone", "video", "online-forum"])
            rows["preferred_modes"].append(
                Person.preferred_modes.through(person_id=person.pk, taxonomyterm_id=term_id(MODES, mode))
            )
    for name, (model, _) in through.items():
        model._default_manager.bulk_create(rows[name])  # type: ignore[arg-type]


def _fathers_referred(ctx: Context, birmingham: Service, staff: Staff) -> None:
    """A few fathers and partners already on record are referred in their own right, and wait."""
    on_record = list(
        Person.objects.filter(
            service=birmingham,
            family_role__in=[Person.FamilyRole.FATHER, Person.FamilyRole.PARTNER],
            peer_supports__isnull=True,
        ).order_by("pk")[:FATHERS_WAITING]
    )
    referrer = staff.clinicians(birmingham)[0]
    reasons = [
        "Would like to talk to another dad who has been through it",
        "Finding it hard to cope since his partner was admitted",
        "Would like support in their own right while their partner is unwell",
    ]
    supports = []
    for i, person in enumerate(on_record):
        referred = ctx.today - days(ctx.rng.randint(2, 20))
        supports.append(
            PeerSupport(
                person=person,
                service=birmingham,
                source=PeerSupport.Source.CLINICIAN,
                referred_by=referrer,
                referred_on=referred,
                reason=reasons[i % len(reasons)],
                status=Status.REFERRED,
                status_changed_on=referred,
            )
        )
    PeerSupport.objects.bulk_create(supports)
    StatusChange.objects.bulk_create(
        StatusChange(peer_support=ps, status=Status.REFERRED, changed_on=ps.referred_on, changed_by=referrer)
        for ps in supports
    )
