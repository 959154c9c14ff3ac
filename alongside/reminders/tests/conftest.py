"""A service with one of each thing to be reminded of, and a fixed Monday to run the digests on."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from alongside.grid.models import GridAction, Practice, Review
from alongside.support import services
from alongside.support.models import PeerSupport, Status
from alongside.training.models import Module, TrainingRecord
from conftest import refer


def next_monday() -> dt.date:
    """The coming Monday (today, if it is one): the data below is dated from it."""
    today = timezone.localdate()
    return today + dt.timedelta(days=(7 - today.weekday()) % 7)


MONDAY = next_monday()


def at(day: dt.date, hour: int = 9) -> dt.datetime:
    """A moment on `day`, local time: the `now` a run is given."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def nhs_number(prefix: str) -> str:
    """A valid NHS number from nine digits (modulus 11), as it is stored: ten digits."""
    total = sum(int(d) * w for d, w in zip(prefix, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    assert check != 10, "choose another prefix"
    return f"{prefix}{check}"


# Mothers with details no email may carry: each is searched for in every body.
MOTHERS: dict[str, dict[str, Any]] = {
    "waiting": {
        "given_name": "Zainab",
        "family_name": "Quigglesworth",
        "nhs_number": nhs_number("943476591"),
        "postcode": "B15 2TT",
        "date_of_birth": dt.date(1991, 3, 17),
    },
    "deferred": {
        "given_name": "Yasmin",
        "family_name": "Featherstonehaugh",
        "nhs_number": nhs_number("401023213"),
        "postcode": "B29 6QJ",
        "date_of_birth": dt.date(1989, 11, 2),
    },
    "supported": {
        "given_name": "Olwen",
        "family_name": "Trevithick",
        "nhs_number": nhs_number("485777345"),
        "postcode": "B13 8RD",
        "date_of_birth": dt.date(1994, 7, 29),
    },
}


@pytest.fixture
def reminded(
    service: Any, clinician: Any, coordinator: Any, peer_worker: Any, manager: Any
) -> dict[str, Any]:
    """As of MONDAY: a referral waiting 20 days; a deferral whose review was due 3 days ago; a
    mother allocated to peer_worker with no ground rules yet; peer_worker never supervised, with a
    renewal overdue; a grid action the co-ordinator owns, due in two days."""
    waiting = refer(clinician, **MOTHERS["waiting"])
    PeerSupport.objects.filter(pk=waiting.pk).update(referred_on=MONDAY - dt.timedelta(days=20))
    deferred = refer(clinician, **MOTHERS["deferred"])
    PeerSupport.objects.filter(pk=deferred.pk).update(
        status=Status.DEFERRED, review_on=MONDAY - dt.timedelta(days=3), status_note="Too unwell this month"
    )
    supported = refer(clinician, **MOTHERS["supported"])
    services.allocation_create(
        actor=coordinator.user,
        membership=coordinator,
        peer_support=supported,
        peer_workers=[peer_worker.user],
    )
    module = Module.objects.create(name="Reminder refresher", renewal_months=12)
    TrainingRecord.objects.create(
        user=peer_worker.user,
        module=module,
        completed_on=MONDAY - dt.timedelta(days=400),
        recorded_by=coordinator.user,
        recorded_at=timezone.now(),
    )
    review = Review.objects.create(
        service=service, started_on=timezone.localdate(), started_by=coordinator.user
    )
    action = GridAction.objects.create(
        review=review,
        practice=Practice.objects.get(code="handovers"),
        description="Ask Quigglesworth's ward",  # free text never leaves in an email
        owner=coordinator.user,
        due_on=MONDAY + dt.timedelta(days=2),
    )
    return {
        "waiting": waiting,
        "deferred": deferred,
        "supported": supported,
        "module": module,
        "action": action,
    }
