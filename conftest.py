"""Personas shared by every test: two services in different Trusts, and one person of each role.

`service` and `other_service` are both community teams; `peer_worker_other` works in
`other_service` and must never see anything of `service`.
"""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alongside.accounts.models import User
from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from alongside.support import services

PASSWORD = "a-long-test-password"


class DaysFromToday:
    """A date as a form receives it (ISO text), worked out when the request is made, not when the
    test is collected: a parametrized "tomorrow" collected at 23:59 is still tomorrow at 00:01."""

    def __init__(self, days: int) -> None:
        self.days = days

    def __str__(self) -> str:
        return (timezone.localdate() + dt.timedelta(days=self.days)).isoformat()

    def __repr__(self) -> str:
        return f"DaysFromToday({self.days})"


@pytest.fixture
def service(db: Any) -> Service:
    region = Region.objects.create(name="Midlands")
    icb = ICB.objects.create(name="NHS Birmingham and Solihull ICB", region=region)
    trust = Organisation.objects.create(name="Birmingham Trust", kind=Organisation.Kind.NHS_TRUST)
    return Service.objects.create(
        name="Birmingham Community Perinatal Team",
        kind=Service.Kind.COMMUNITY_PERINATAL,
        trust=trust,
        icb=icb,
    )


@pytest.fixture
def other_service(db: Any) -> Service:
    region = Region.objects.create(name="North West")
    icb = ICB.objects.create(name="NHS Lancashire ICB", region=region)
    trust = Organisation.objects.create(name="Lancashire Trust", kind=Organisation.Kind.NHS_TRUST)
    return Service.objects.create(
        name="Lancashire Community Perinatal Team",
        kind=Service.Kind.COMMUNITY_PERINATAL,
        trust=trust,
        icb=icb,
    )


@pytest.fixture
def charity(db: Any) -> Organisation:
    return Organisation.objects.create(name="Approachable Parenting", kind=Organisation.Kind.THIRD_SECTOR)


def make_member(service: Service, role: str, name: str, **extra: Any) -> Membership:
    user = User.objects.create_user(
        username=name, email=f"{name}@test.example", password=PASSWORD, first_name=name.title()
    )
    return Membership.objects.create(user=user, service=service, role=role, **extra)


@pytest.fixture
def peer_worker(service: Service) -> Membership:
    return make_member(service, Role.PEER_WORKER, "peer")


@pytest.fixture
def partner_peer_worker(service: Service, charity: Organisation) -> Membership:
    return make_member(service, Role.PEER_WORKER, "partnerpeer", host_organisation=charity)


@pytest.fixture
def peer_worker_other(other_service: Service) -> Membership:
    return make_member(other_service, Role.PEER_WORKER, "otherpeer")


@pytest.fixture
def coordinator(service: Service) -> Membership:
    return make_member(service, Role.COORDINATOR, "coordinator")


@pytest.fixture
def coordinator_other(other_service: Service) -> Membership:
    return make_member(other_service, Role.COORDINATOR, "othercoordinator")


@pytest.fixture
def clinician(service: Service) -> Membership:
    return make_member(service, Role.CLINICIAN, "clinician")


@pytest.fixture
def manager(service: Service) -> Membership:
    return make_member(service, Role.SERVICE_MANAGER, "manager")


@pytest.fixture
def commissioner(service: Service) -> Membership:
    return make_member(service, Role.COMMISSIONER, "commissioner")


@pytest.fixture
def national_reviewer(service: Service) -> Membership:
    return make_member(service, Role.NATIONAL_REVIEWER, "national")


@pytest.fixture
def admin_member(service: Service) -> Membership:
    return make_member(service, Role.ADMIN, "admin")


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


MOTHER: dict[str, Any] = {
    "given_name": "Amira",
    "family_name": "Khan",
    "family_role": "mother",
    "preferred_language": "English",
}


def refer(membership: Membership, **person: Any) -> Any:
    """A mother referred to the membership's service, with consent, through the real service."""
    details = {**MOTHER, "baby_date_of_birth": timezone.localdate() - dt.timedelta(days=60), **person}
    return services.referral_create(
        actor=membership.user,
        membership=membership,
        person=details,
        needs=[],
        consent_given_on=timezone.localdate(),
        source="clinician",
        reason="Would like someone to talk to",
    )


@pytest.fixture
def referral(clinician: Membership) -> Any:
    return refer(clinician)


@pytest.fixture
def allocated(referral: Any, coordinator: Membership, peer_worker: Membership) -> Any:
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=referral, peer_workers=[peer_worker.user]
    )
    referral.refresh_from_db()
    return referral


# A mother and baby unit with its staff, for the ward, visit and wellbeing tests ------------------


@pytest.fixture
def mbu(db: Any) -> Service:
    region = Region.objects.create(name="North West")
    icb = ICB.objects.create(name="NHS Lancashire and South Cumbria ICB", region=region)
    trust = Organisation.objects.create(name="Lancashire Trust", kind=Organisation.Kind.NHS_TRUST)
    return Service.objects.create(name="Ribblesmere MBU", kind=Service.Kind.MBU, trust=trust, icb=icb)


@pytest.fixture
def ward_peer(mbu: Service) -> Any:
    return make_member(mbu, Role.PEER_WORKER, "wardpeer")


@pytest.fixture
def ward_peer_2(mbu: Service) -> Any:
    return make_member(mbu, Role.PEER_WORKER, "wardpeer2")


@pytest.fixture
def nurse(mbu: Service) -> Any:
    return make_member(mbu, Role.CLINICIAN, "nurse")


@pytest.fixture
def ward_coordinator(mbu: Service) -> Any:
    return make_member(mbu, Role.COORDINATOR, "wardcoordinator")


@pytest.fixture
def ward_manager(mbu: Service) -> Any:
    return make_member(mbu, Role.SERVICE_MANAGER, "wardmanager")


@pytest.fixture
def ward_admin(mbu: Service) -> Any:
    return make_member(mbu, Role.ADMIN, "wardadmin")


@pytest.fixture
def on_ward(nurse: Any) -> Any:
    """A mother in peer support on the ward."""
    return refer(nurse, given_name="Ward")
