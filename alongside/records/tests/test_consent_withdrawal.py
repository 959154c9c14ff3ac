"""Withdrawing her consent to peer support ends it in every service she is known to (ADR 0024)."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.notifications.models import OutboundEmail
from alongside.support import services
from alongside.support.models import PeerSupport, Status
from conftest import client_for


@pytest.fixture
def known_to_two(allocated: Any, coordinator_other: Any, peer_worker_other: Any) -> dict[str, Any]:
    """Supported here (allocated), and in a second service after she moved, with a peer worker there."""
    there = PeerSupport.objects.create(
        person=allocated.person,
        service=coordinator_other.service,
        referred_by=coordinator_other.user,
        referred_on=timezone.localdate(),
        status_changed_on=timezone.localdate(),
    )
    services.allocation_create(
        actor=coordinator_other.user,
        membership=coordinator_other,
        peer_support=there,
        peer_workers=[peer_worker_other.user],
    )
    return {"here": allocated, "there": there}


def _withdraw(clinician: Any, person_id: int, on: str) -> Any:
    return client_for(clinician).post(
        reverse("support:withdraw_consent", args=[person_id]), {"withdrawn_on": on}
    )


def test_withdrawal_ends_her_peer_support_in_every_service(
    clinician: Any, known_to_two: dict[str, Any]
) -> None:
    _withdraw(clinician, known_to_two["here"].person_id, timezone.localdate().isoformat())
    for ps in known_to_two.values():
        ps.refresh_from_db()
        assert ps.status == Status.DECLINED
        assert not ps.allocations.filter(ended_on__isnull=True).exists()
        assert ps.status_changes.first().note == "She withdrew her consent to peer support"
    there = known_to_two["there"]
    assert AuditLog.objects.filter(
        model="support.PeerSupport", object_id=str(there.pk), action="update"
    ).exists()


def test_the_other_services_coordinators_are_told_without_her_name(
    clinician: Any, coordinator: Any, coordinator_other: Any, known_to_two: dict[str, Any]
) -> None:
    _withdraw(clinician, known_to_two["here"].person_id, timezone.localdate().isoformat())
    emails = list(OutboundEmail.objects.filter(subject__contains="withdrawn her consent"))
    assert [e.to for e in emails] == [coordinator_other.user.email]
    assert "Khan" not in emails[0].body and "Amira" not in emails[0].body
    assert str(coordinator_other.service) in emails[0].body


def test_a_withdrawal_refused_for_a_bad_date_changes_nothing_anywhere(
    clinician: Any, known_to_two: dict[str, Any]
) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = _withdraw(clinician, known_to_two["here"].person_id, tomorrow.isoformat())
    assert "cannot be in the future" in response.content.decode()
    for ps in known_to_two.values():
        ps.refresh_from_db()
        assert ps.status == Status.ALLOCATED
    assert not OutboundEmail.objects.filter(subject__contains="withdrawn her consent").exists()
