"""Transition fixtures: the root personas, an MBU, and a peer worker who works in two services.

`allocated` (Amira Khan, in `service`) is supported by `peer_worker`. `coordinator_other` runs
peer support at `other_service`, where `both_worker` works too (she also works in `service`).
"""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from alongside.organisations.models import ICB, Membership, Organisation, Role, Service
from alongside.support import services as support_services
from alongside.support.models import Contact, PeerSupport
from alongside.transitions import services
from alongside.transitions.models import ApiToken, Transition
from conftest import make_member


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


@pytest.fixture
def mbu(service: Service) -> Service:
    return Service.objects.create(
        name="Ribblesmere Mother and Baby Unit",
        kind=Service.Kind.MBU,
        trust=Organisation.objects.get(name="Birmingham Trust"),
        icb=ICB.objects.get(name="NHS Birmingham and Solihull ICB"),
    )


@pytest.fixture
def both_worker(service: Service, other_service: Service) -> Membership:
    """A peer worker in `service` who also works in `other_service`."""
    here = make_member(service, Role.PEER_WORKER, "both")
    Membership.objects.create(user=here.user, service=other_service, role=Role.PEER_WORKER)
    return here


def move(by: Membership, person: Any, **overrides: Any) -> Transition:
    """A transition recorded through the real service, by `by`, from her service."""
    details: dict[str, Any] = {
        "kind": "transfer",
        "destination": "community_perinatal",
        "occurred_on": timezone.localdate(),
        "to_service": None,
        "destination_name": "",
    }
    details.update(overrides)
    return services.transition_record(
        person=person, from_service=by.service, actor=by.user, membership=by, **details
    )


def contact(
    peer_support: PeerSupport, worker: Membership, on: dt.date, *, successful: bool = True
) -> Contact:
    """A contact at noon on `on`, written directly: the metric is under test, not contact_log."""
    return Contact.objects.create(
        peer_support=peer_support,
        peer_worker=worker.user,
        occurred_at=timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
        duration_minutes=30,
        mode="phone",
        successful=successful,
    )


def allocate(coordinator: Membership, peer_support: PeerSupport, *workers: Membership) -> None:
    support_services.allocation_create(
        actor=coordinator.user,
        membership=coordinator,
        peer_support=peer_support,
        peer_workers=[w.user for w in workers],
    )


def token_for(manager: Membership, name: str = "Trust EPR") -> tuple[ApiToken, str]:
    return services.api_token_create(actor=manager.user, membership=manager, name=name)
