"""The demo data set: three services, their staff, and a year of peer support for a few hundred people.

Everything is synthetic (Faker's en_GB locale, seeded, so the same seed and day give the same data)
and sized for a laptop: about 300 people build in a few seconds on SQLite.

Idempotent by refusing to build twice, not by merging: if the demo co-ordinator's login
(coordinator@alongside.example) already exists, the data is taken to be there and build() only
puts the published password back on the demo accounts and returns the same logins. To start
afresh, delete the database (see ALONGSIDE_DATA_DIR) and build again.

The build runs in one transaction and writes tables with bulk_create, so no model signal fires
and a failed build leaves nothing half-made. It writes no audit trail: nothing here was done by
anyone.
"""

import datetime as dt
from typing import Any, Protocol

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo import records
from alongside.demo.alerts import last_email_pk, raise_alerts
from alongside.demo.common import Context
from alongside.demo.directory import build_directory
from alongside.demo.equity import build_population
from alongside.demo.families import FamilyMaker
from alongside.demo.grid import build_grid
from alongside.demo.ground_rules import build_ground_rules
from alongside.demo.groups import build_groups
from alongside.demo.journeys import Journey, Planner
from alongside.demo.national import build_census, build_national, build_returns
from alongside.demo.network import build_network
from alongside.demo.outcomes import build_outcomes
from alongside.demo.partners import build_partners
from alongside.demo.places import Places, build_places
from alongside.demo.recommendations import build_recommendations
from alongside.demo.recruitment import build_recruitment
from alongside.demo.seed_records import build_seed_records
from alongside.demo.staff import (
    BIRMINGHAM,
    LANCASHIRE,
    LOGINS,
    MBU,
    PASSWORD,
    SENTINEL_EMAIL,
    Staff,
    build_readiness,
    build_staff,
    reset_passwords,
)
from alongside.demo.timetable import build_timetables
from alongside.demo.training import build_training
from alongside.demo.transitions import build_transitions
from alongside.demo.visits import build_visits
from alongside.demo.wards import build_wards
from alongside.demo.wellbeing import build_wellbeing_plans
from alongside.demo.workforce import build_supervision, build_workforce
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Service
from alongside.people.models import Consent, Family, Person
from alongside.safety.models import GroundRules
from alongside.support.models import (
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
    Status,
    StatusChange,
)
from alongside.support.services import last_contact_refresh
from alongside.visits.models import Alert, Visit
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Escalation, Shift
from alongside.wellbeing.models import WellbeingCheckIn

__all__ = ["LOGINS", "PASSWORD", "build", "counts"]


class Writer(Protocol):
    """Where progress goes: a file, sys.stdout, or a management command's stdout."""

    def write(self, text: str, /) -> object: ...


# The first families are scripted. Her first two mothers (see Planner._allocate_to_her): one gone
# quiet, one joint. Then three mothers on the MBU's ward today, so even a small demo has a ward
# for its arrival briefings.
_SCRIPTED = (
    (BIRMINGHAM, Status.ACTIVE),
    (BIRMINGHAM, Status.ACTIVE),
    (MBU, Status.ACTIVE),
    (MBU, Status.ACTIVE),
    (MBU, Status.ACTIVE),
)


def build(
    *, people: int = 300, seed: int = 20261126, today: dt.date | None = None, stdout: Writer | None = None
) -> dict[str, Any]:
    """Build the demo data once; on later calls only reset the demo passwords. Returns the logins."""
    today = today or timezone.localdate()
    with transaction.atomic():
        built = not User.objects.filter(email=SENTINEL_EMAIL).exists()
        if built:
            _say(stdout, f"Building demo data for about {people} people...")
            _build(Context.start(seed, today), people)
        else:
            _say(stdout, "Demo data is already there: resetting the demo passwords only.")
            reset_passwords()
    return {"built": built, "logins": list(LOGINS), "password": PASSWORD, "counts": counts()}


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "families": Family.objects.count(),
        "people": Person.objects.count(),
        "peer_supports": PeerSupport.objects.count(),
        "allocations": Allocation.objects.count(),
        "contacts": Contact.objects.count(),
        "group_sessions": GroupSession.objects.count(),
        "groups": Group.objects.count(),
        "shifts": Shift.objects.count(),
        "briefings": ArrivalBriefing.objects.count(),
        "debriefs": DepartureDebrief.objects.count(),
        "escalations": Escalation.objects.count(),
        "open_escalations": Escalation.objects.filter(acknowledged_at__isnull=True).count(),
        "wellbeing_checkins": WellbeingCheckIn.objects.count(),
        "visits": Visit.objects.count(),
        "ground_rules": GroundRules.objects.count(),
        "alerts": Alert.objects.count(),
        "open_alerts": Alert.objects.filter(cleared_at__isnull=True).count(),
        "emails": OutboundEmail.objects.count(),
    }


def _build(ctx: Context, people: int) -> None:
    emails_before = last_email_pk()
    places = build_places(ctx)
    staff = build_staff(ctx, places)
    population = _Population(ctx, places, staff)
    population.plan(people)
    population.maker.save()
    Consent.objects.bulk_create(population.consents)
    _write_journeys(ctx, population.journeys)
    services = {BIRMINGHAM: places.birmingham, LANCASHIRE: places.lancashire, MBU: places.mbu}
    meetings = build_groups(ctx, services, staff, population.journeys)
    # Principle 1, safe and nurturing: what the safety pages show.
    later = build_wards(ctx, places.mbu, staff, population.journeys)
    later += build_visits(ctx, places.birmingham, staff, population.journeys)
    build_ground_rules(ctx, places, staff, population.journeys, meetings)
    build_readiness(ctx, staff)
    build_supervision(ctx.now)  # principle 5: a year of dual supervision
    build_workforce(ctx, staff)  # principle 4: contracts, bands, role descriptions, role drift
    build_training(ctx.now)  # principle 5: the curriculum, gaps and staff awareness
    build_timetables(ctx.now)  # principle 4: what each offers, her week, her calendar feed
    build_directory(ctx.now)
    build_outcomes(ctx.now)  # principle 3: goals, feedback and stories with consent
    raise_alerts(ctx, later, emails_after=emails_before)
    build_recruitment(ctx, staff, places)  # recommendation 12: co-produced recruitment
    build_wellbeing_plans(ctx, staff, places)  # principle 5: her plan, shared as she chooses
    build_network(ctx, staff, places)  # recommendation 6: the peer network across services
    build_partners(ctx, places, staff)  # principle 2: remits, matching, fathers waiting
    build_population(places)  # principle 2: the local population the equity view compares with
    build_transitions(ctx, places, staff)  # principle 2: continuity across discharges and transfers
    build_seed_records(ctx, places, staff)  # cover, supervision guidance, involvement, development
    build_grid(ctx, places, staff)  # the self-reflective grid: two past reviews at each service
    build_recommendations(ctx, places, staff)  # attestations for 5, 8 and 14; one out of date
    last_contact_refresh()  # each case's stored last successful contact, from the contacts written above
    build_national()  # the map of England's services, fictional, loaded through the national importer
    build_census(ctx.today)  # the set-up census entered for 20 services that do not use Alongside
    build_returns(ctx.today)  # the national returns for the last 8 quarters, after the standings above


class _Population:
    """Families planned before anything is saved, so each one's dates fit its referral."""

    def __init__(self, ctx: Context, places: Places, staff: Staff) -> None:
        self.ctx = ctx
        self.places = places
        self.planner = Planner(ctx, staff, places.birmingham)
        self.maker = FamilyMaker(ctx)
        self.journeys: list[Journey] = []
        self.consents: list[Consent] = []

    def plan(self, people: int) -> None:
        share = {self.places.birmingham: 55, self.places.lancashire: 30, self.places.mbu: 15}
        services = {BIRMINGHAM: self.places.birmingham, MBU: self.places.mbu}
        scripted = list(_SCRIPTED)
        while len(self.maker.people) < people:
            status: str | None = None
            if scripted:
                where, status = scripted.pop(0)
                service = services[where]
            else:
                service = self.ctx.weighted(share)
            self._family(service, status, room_for_partner=people - len(self.maker.people) >= 2)

    def _family(self, service: Service, status: str | None, *, room_for_partner: bool) -> None:
        """A mother, referred; sometimes her partner too, with a record (perhaps a referral) of their own."""
        in_mbu = service.kind == Service.Kind.MBU
        area = "birmingham" if service == self.places.birmingham else "lancashire"
        mother = self.planner.plan(service, is_mother=True, status=status)
        mother.person = self.maker.mother(self.maker.family(service.pk), area, mother.referred_on, in_mbu)
        self._add(mother)
        if room_for_partner and self.ctx.chance(0.1 if in_mbu else 0.25):
            self._partner(mother, area)

    def _partner(self, mother: Journey, area: str) -> None:
        partner = self.maker.partner(mother.person, area)
        mother.has_partner = True
        if self.ctx.chance(0.5):
            theirs = self.planner.plan(mother.service, is_mother=False)
            theirs.person, theirs.has_partner = partner, True
            self._add(theirs)
        else:
            # A family member on record but not referred: consent to holding their details.
            self.consents.append(
                Consent(person=partner, given_on=mother.referred_on, recorded_by=mother.referrer)
            )

    def _add(self, journey: Journey) -> None:
        self.journeys.append(journey)
        self.consents.append(records.consent(journey))


def _write_journeys(ctx: Context, journeys: list[Journey]) -> None:
    peer_supports: list[PeerSupport] = []
    changes: list[StatusChange] = []
    allocations: list[Allocation] = []
    contacts: list[Contact] = []
    for j in journeys:
        visits = records.schedule(ctx, j)  # first: the first success dates the move to active
        peer_support, history = records.relationship(j)
        peer_supports.append(peer_support)
        changes += history
        allocations += records.allocations(j)
        contacts += records.contacts(ctx, j, visits)
    PeerSupport.objects.bulk_create(peer_supports)
    StatusChange.objects.bulk_create(changes, batch_size=500)
    Allocation.objects.bulk_create(allocations, batch_size=500)
    Contact.objects.bulk_create(contacts, batch_size=500)


def _say(stdout: Writer | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")
