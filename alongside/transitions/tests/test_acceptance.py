"""The receiving co-ordinator accepts her into peer support, keeping her peer worker if she works
there too, or declines with a reason. Anything else is refused, and changes nothing."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.people.models import Consent
from alongside.support.models import Allocation, PeerSupport, StatusChange
from alongside.transitions.models import Transition
from alongside.transitions.tests.conftest import allocate, move
from conftest import client_for, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def arriving(
    allocated: Any, clinician: Any, other_service: Any, coordinator: Any, both_worker: Any
) -> Transition:
    """Amira, supported by peer_worker and by both_worker (who also works at other_service),
    transferred to other_service."""
    allocate(coordinator, allocated, both_worker)
    return move(clinician, allocated.person, to_service=other_service)


def snapshot() -> list[Any]:
    return [
        sorted(m.objects.values_list()) for m in (PeerSupport, Allocation, StatusChange, Transition, AuditLog)
    ]


def accept_url(t: Transition) -> str:
    return reverse("transitions:accept", args=[t.pk])


def test_accepting_makes_a_referral_at_the_new_service(arriving: Transition, coordinator_other: Any) -> None:
    response = client_for(coordinator_other).post(accept_url(arriving), {})
    assert response.status_code == 302
    arriving.refresh_from_db()
    there = arriving.peer_support
    assert there is not None and there.service == coordinator_other.service and there.status == "referred"
    assert arriving.decision == "accepted" and arriving.decided_by == coordinator_other.user
    assert not there.allocations.exists()
    assert there.status_changes.get().note.startswith("Accepted after a transfer from Birmingham")
    assert AuditLog.objects.filter(
        model="transitions.Transition", action="update", summary="Accepted into peer support"
    ).exists()
    # She is now the receiving service's to see, though her record is still held where she came from.
    assert (
        client_for(coordinator_other).get(reverse("people:detail", args=[arriving.person_id])).status_code
        == 200
    )
    assert there.pk in {
        ps.pk for ps in PeerSupport.objects.filter(service=coordinator_other.service, status="referred")
    }


def test_accepting_can_keep_the_peer_worker_who_works_there_too(
    arriving: Transition, coordinator_other: Any, both_worker: Any
) -> None:
    page = client_for(coordinator_other).get(accept_url(arriving)).content.decode()
    assert "Keep the same peer worker" in page and "Both" in page
    client_for(coordinator_other).post(accept_url(arriving), {"keep": [str(both_worker.user_id)]})
    arriving.refresh_from_db()
    there = arriving.peer_support
    assert there is not None and there.status == "allocated"
    assert list(there.allocations.values_list("peer_worker", flat=True)) == [both_worker.user_id]
    # She can now see Amira in her other service too.
    from alongside.organisations.models import Membership
    from alongside.support import access

    at_other = Membership.objects.get(user=both_worker.user, service=coordinator_other.service)
    assert access.people_for_user(at_other).filter(pk=arriving.person_id).exists()


@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("peer_worker", "Select a valid choice"),  # her peer worker, but she does not work there
        ("peer_worker_other", "Select a valid choice"),  # works there, but is not her peer worker
    ],
)
def test_keeping_someone_who_cannot_be_kept_is_refused(
    arriving: Transition, coordinator_other: Any, who: str, message: str, request: pytest.FixtureRequest
) -> None:
    worker = request.getfixturevalue(who)
    before = snapshot()
    response = client_for(coordinator_other).post(accept_url(arriving), {"keep": [str(worker.user_id)]})
    assert response.status_code == 200 and message in response.content.decode()
    assert snapshot()[:4] == before[:4]


def test_the_service_function_names_why_a_peer_worker_cannot_be_kept(
    arriving: Transition, coordinator_other: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    from django.core.exceptions import ValidationError

    from alongside.transitions import services

    for worker, message in (
        (peer_worker, "Peer does not work as a peer worker at Lancashire Community Perinatal Team"),
        (peer_worker_other, "Otherpeer is not her peer worker now"),
    ):
        with pytest.raises(ValidationError) as error:
            services.transition_accept(
                actor=coordinator_other.user,
                membership=coordinator_other,
                transition=arriving,
                keep=[worker.user],
            )
        assert error.value.message_dict == {"keep": [message]}
    assert Transition.objects.get(pk=arriving.pk).decision == "pending"


def test_accepting_twice_is_refused(arriving: Transition, coordinator_other: Any) -> None:
    client = client_for(coordinator_other)
    client.post(accept_url(arriving), {})
    before = snapshot()
    response = client.post(accept_url(arriving), {})
    assert response.status_code == 200
    assert "She was already accepted on" in response.content.decode()
    assert snapshot()[:4] == before[:4]  # the audit trail has only her page being seen again


def test_declining_needs_a_reason_and_then_she_cannot_be_accepted(
    arriving: Transition, coordinator_other: Any
) -> None:
    client = client_for(coordinator_other)
    url = reverse("transitions:decline", args=[arriving.pk])
    response = client.post(url, {"reason": "  "})
    assert "nhsuk-error-summary" in response.content.decode()
    assert Transition.objects.get(pk=arriving.pk).decision == "pending"
    client.post(url, {"reason": "She has moved on to a charity group she prefers"})
    arriving.refresh_from_db()
    assert arriving.decision == "declined" and arriving.decline_reason.startswith("She has moved")
    response = client.post(accept_url(arriving), {})
    assert "This was already declined on" in response.content.decode()
    assert not PeerSupport.objects.filter(service=coordinator_other.service).exists()


def test_she_cannot_be_accepted_without_her_agreement(arriving: Transition, coordinator_other: Any) -> None:
    Consent.objects.filter(person=arriving.person).update(withdrawn_on=arriving.occurred_on)
    response = client_for(coordinator_other).post(accept_url(arriving), {})
    assert "She has not agreed to peer support" in response.content.decode()
    assert not PeerSupport.objects.filter(service=coordinator_other.service).exists()


def test_peer_support_already_open_at_the_new_service_is_used_not_doubled(
    arriving: Transition, coordinator_other: Any
) -> None:
    open_there = PeerSupport.objects.create(
        person=arriving.person,
        service=coordinator_other.service,
        referred_by=coordinator_other.user,
        referred_on=arriving.occurred_on,
        status_changed_on=arriving.occurred_on,
    )
    client_for(coordinator_other).post(accept_url(arriving), {})
    arriving.refresh_from_db()
    assert arriving.peer_support == open_there
    assert PeerSupport.objects.filter(service=coordinator_other.service).count() == 1


def test_only_the_receiving_co_ordinators_may_answer(
    arriving: Transition, coordinator: Any, clinician: Any, peer_worker_other: Any, other_service: Any
) -> None:
    for who, status in ((coordinator, 404), (clinician, 403), (peer_worker_other, 403)):
        assert client_for(who).get(accept_url(arriving)).status_code == status
        assert client_for(who).post(accept_url(arriving), {}).status_code == status
        decline = reverse("transitions:decline", args=[arriving.pk])
        assert client_for(who).post(decline, {"reason": "No"}).status_code == status
    other_clinician = make_member(other_service, "clinician", "otherclinician")
    assert client_for(other_clinician).get(accept_url(arriving)).status_code == 403
    assert Transition.objects.get(pk=arriving.pk).decision == "pending"


def test_the_transitions_page_lists_her_as_waiting(arriving: Transition, coordinator_other: Any) -> None:
    page = client_for(coordinator_other).get(reverse("transitions:list")).content.decode()
    waiting = page.split("Waiting to be accepted here")[1].split("Peer support lapsed")[0]
    assert "Amira Khan" in waiting and accept_url(arriving) in waiting
