"""Who is told about a transition, at once, on her pages and by email; and who is not."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Role
from alongside.support import services as support_services
from alongside.transitions.models import TransitionNotice
from alongside.transitions.tests.conftest import allocate, move
from conftest import client_for, make_member, refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def told(
    allocated: Any,
    clinician: Any,
    coordinator: Any,
    partner_peer_worker: Any,
    coordinator_other: Any,
    peer_worker_other: Any,
    other_service: Any,
    manager: Any,
) -> dict[str, Any]:
    """A transfer to other_service of someone supported by peer_worker (and, before, by the
    partner peer worker, whose allocation has ended); with staff all round who must not be told."""
    allocate(coordinator, allocated, partner_peer_worker)
    support_services.status_change(
        actor=coordinator.user, membership=coordinator, peer_support=allocated, status="paused", note="Break"
    )
    allocated.allocations.filter(peer_worker=partner_peer_worker.user).update(ended_on=allocated.referred_on)
    someone_else = refer(clinician, given_name="Bea", nhs_number="")
    allocate(coordinator, someone_else, partner_peer_worker)
    gone = make_member(other_service, Role.COORDINATOR, "leftcoordinator", active=False)
    moved = move(clinician, allocated.person, to_service=other_service)
    return {"transition": moved, "inactive_coordinator": gone}


def recipients(transition: Any) -> set[tuple[str, str]]:
    return {(n.recipient.username, n.reason) for n in transition.notices.select_related("recipient")}


def test_her_peer_worker_and_the_receiving_co_ordinators_are_told_and_nobody_else(
    told: dict[str, Any],
) -> None:
    assert recipients(told["transition"]) == {("peer", "peer_worker"), ("othercoordinator", "receiving")}


def test_each_is_emailed_through_the_outbox_without_her_name(told: dict[str, Any]) -> None:
    emails = {e.to: e for e in OutboundEmail.objects.all()}
    assert set(emails) == {"peer@test.example", "othercoordinator@test.example"}
    for email in emails.values():
        assert email.sent_at is None
        assert "Amira" not in email.body + email.subject and "Khan" not in email.body + email.subject
    assert "accept her into peer support" in emails["othercoordinator@test.example"].body
    notice = TransitionNotice.objects.get(recipient__username="peer")
    assert notice.email == emails["peer@test.example"]


def test_a_discharge_to_the_gp_tells_only_her_peer_workers(allocated: Any, clinician: Any) -> None:
    moved = move(clinician, allocated.person, kind="discharge", destination="gp")
    assert recipients(moved) == {("peer", "peer_worker")}


def test_the_one_who_records_it_is_not_told_what_she_did(
    allocated: Any, coordinator: Any, peer_worker: Any
) -> None:
    allocate(coordinator, allocated, coordinator)
    moved = move(coordinator, allocated.person, kind="discharge", destination="gp")
    assert recipients(moved) == {("peer", "peer_worker")}


def test_a_peer_worker_who_has_left_the_service_is_not_told(
    allocated: Any, clinician: Any, peer_worker: Any
) -> None:
    peer_worker.active = False
    peer_worker.save()
    moved = move(clinician, allocated.person, kind="discharge", destination="gp")
    assert recipients(moved) == set()
    assert not OutboundEmail.objects.exists()


def test_the_notice_is_on_her_today_page_until_she_marks_it_seen(
    told: dict[str, Any], peer_worker: Any
) -> None:
    client = client_for(peer_worker)
    today = client.get(reverse("home:today")).content.decode()
    assert "was transferred from Birmingham Community Perinatal Team to Lancashire" in today
    notice = TransitionNotice.objects.get(recipient=peer_worker.user)
    response = client.post(reverse("transitions:notice_seen", args=[notice.pk]), {"next": "/today/"})
    assert response.status_code == 302 and response.url == "/today/"
    notice.refresh_from_db()
    assert notice.seen_at is not None
    assert "was transferred from" not in client.get(reverse("home:today")).content.decode()


def test_the_receiving_co_ordinator_sees_it_on_her_dashboard_with_a_link_to_accept(
    told: dict[str, Any], coordinator_other: Any, coordinator: Any
) -> None:
    dashboard = client_for(coordinator_other).get(reverse("dashboard:coordinator")).content.decode()
    assert "Amira Khan" in dashboard
    assert reverse("transitions:accept", args=[told["transition"].pk]) in dashboard
    assert "Moving on" not in client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()


def test_a_notice_shows_only_in_the_service_it_is_for(
    told: dict[str, Any], peer_worker: Any, other_service: Any
) -> None:
    from alongside.organisations.models import Membership
    from alongside.transitions.access import notices_for_user

    elsewhere = Membership.objects.create(user=peer_worker.user, service=other_service, role=Role.PEER_WORKER)
    assert notices_for_user(peer_worker.user, peer_worker).count() == 1
    assert notices_for_user(peer_worker.user, elsewhere).count() == 0


def test_only_she_can_mark_her_notice_seen_and_only_by_post(
    told: dict[str, Any], peer_worker: Any, coordinator: Any, coordinator_other: Any, peer_worker_other: Any
) -> None:
    notice = TransitionNotice.objects.get(recipient=peer_worker.user)
    url = reverse("transitions:notice_seen", args=[notice.pk])
    assert client_for(peer_worker_other).post(url).status_code == 404
    assert client_for(coordinator).post(url).status_code == 404
    assert client_for(coordinator_other).post(url).status_code == 404
    assert client_for(peer_worker).get(url).status_code == 405
    notice.refresh_from_db()
    assert notice.seen_at is None


def test_a_discharge_planned_ahead_is_told_as_one_to_come(
    allocated: Any, clinician: Any, peer_worker: Any
) -> None:
    """A discharge booked for three days' time is "to be", not "was" (the demo has two)."""
    ahead = timezone.localdate() + dt.timedelta(days=3)
    move(clinician, allocated.person, kind="discharge", destination="gp", occurred_on=ahead)
    today = client_for(peer_worker).get(reverse("home:today")).content.decode()
    assert "is to be discharged from Birmingham Community Perinatal Team" in today
    assert "was discharged" not in today
