"""A mother and baby unit with its staff, for the ward and safety tests."""

from typing import Any

import pytest

from alongside.organisations.models import ICB, Organisation, Region, Role, Service
from conftest import make_member, refer


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
