"""Supervision fixtures: the root personas, plus people from outside the service.

`peer_worker` (NHS) and `partner_peer_worker` (hosted by `charity`) work in `service`, supervised
by `coordinator` and `clinician`. `charity_lead` is from the same charity but works in
`other_service`; `outside_clinician` is a clinician in `other_service`.
"""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from alongside.organisations.models import Employment, Membership, Organisation, Role, Service
from alongside.workforce import services
from alongside.workforce.models import Kind, Supervision
from conftest import make_member


@pytest.fixture
def charity_lead(other_service: Service, charity: Organisation) -> Membership:
    return make_member(
        other_service,
        Role.COORDINATOR,
        "charitylead",
        host_organisation=charity,
        employment=Employment.HOSTED,
    )


@pytest.fixture
def outside_clinician(other_service: Service) -> Membership:
    return make_member(other_service, Role.CLINICIAN, "outsideclinician")


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def supervise(
    by: Membership, her: Membership, *, supervisors: list[Any] | None = None, **overrides: Any
) -> Supervision:
    """A supervision recorded through the real service function, by `by`, acting in her service."""
    details: dict[str, Any] = {
        "kind": Kind.LINE_MANAGEMENT,
        "held_on": days_ago(3),
        "duration_minutes": 60,
        "wellbeing_discussed": True,
        "plans_reviewed": True,
        "notes": "Talked about the new café group",
    }
    details.update(overrides)
    return services.supervision_record(
        actor=by.user,
        membership=by,
        peer_worker=her.user,
        supervisors=supervisors if supervisors is not None else [by.user],
        **details,
    )


def form(**overrides: Any) -> dict[str, str]:
    """What the record form posts; `supervisor` and `peer_worker` are user pks."""
    data = {
        "kind": Kind.LINE_MANAGEMENT.value,
        "held_on": days_ago(1).isoformat(),
        "duration_minutes": "60",
        "wellbeing_discussed": "yes",
        "plans_reviewed": "yes",
        "notes": "Talked about the new café group",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data
