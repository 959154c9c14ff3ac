"""Recruitment fixtures: a vacancy in `service`, and people from a partner charity.

`hosted_elsewhere` is a peer worker hosted by `charity`, working in `other_service`; once
`partnership` joins the charity to `service`, she may sit on its panels.
"""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from alongside.organisations.models import Employment, Membership, Organisation, Partnership, Role, Service
from alongside.recruitment import services
from alongside.recruitment.models import Vacancy
from conftest import make_member


@pytest.fixture
def vacancy(coordinator: Membership) -> Vacancy:
    return services.vacancy_create(
        actor=coordinator.user,
        membership=coordinator,
        title="Perinatal peer support worker",
        post=Vacancy.Post.PEER_WORKER,
        employment=Employment.NHS,
        hours_per_week=Decimal("22.5"),
        band="Band 4",
        closes_on=timezone.localdate() + dt.timedelta(days=14),
    )


@pytest.fixture
def hosted_elsewhere(other_service: Service, charity: Organisation) -> Membership:
    return make_member(
        other_service, Role.PEER_WORKER, "hostedpeer", host_organisation=charity, employment=Employment.HOSTED
    )


@pytest.fixture
def partnership(service: Service, charity: Organisation) -> Partnership:
    return Partnership.objects.create(
        service=service, organisation=charity, started_on=timezone.localdate() - dt.timedelta(days=100)
    )


def vacancy_post(**overrides: Any) -> dict[str, str]:
    data = {
        "title": "Peer worker",
        "post": "peer_worker",
        "employment": "nhs",
        "hours_per_week": "22.5",
        "band": "Band 4",
        "closes_on": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data
