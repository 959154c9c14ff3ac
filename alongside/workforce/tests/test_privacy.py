"""Notes are hers and her supervisors'; her reflection is hers alone. Everyone else gets 404."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.accounts.rules import AGGREGATE_ONLY_ROLES
from alongside.audit.models import AuditLog
from alongside.workforce import access, services
from alongside.workforce.models import Action, Reflection, Supervision
from alongside.workforce.tests.conftest import supervise
from conftest import client_for

NOTES, PRIVATE = "Talked about the new café group", "I still feel wobbly on Mondays"
# Everyone who is neither her nor her supervisor (the co-ordinator): other peer workers here and
# elsewhere, staff of her own service with every other role, and staff elsewhere.
OTHERS = [
    "partner_peer_worker",
    "peer_worker_other",
    "clinician",
    "manager",
    "admin_member",
    "commissioner",
    "national_reviewer",
    "coordinator_other",
]


@pytest.fixture
def session(coordinator: Any, peer_worker: Any) -> Supervision:
    supervision = supervise(coordinator, peer_worker, notes=NOTES)
    services.reflection_save(actor=peer_worker.user, supervision=supervision, text=PRIVATE)
    return supervision


def pages(supervision: Supervision) -> list[str]:
    return [
        reverse("workforce:detail", args=[supervision.pk]),
        reverse("workforce:reflection", args=[supervision.pk]),
        reverse("workforce:action_new", args=[supervision.pk]),
    ]


def test_she_reads_the_notes_and_her_reflection(peer_worker: Any, session: Supervision) -> None:
    client = client_for(peer_worker)
    page = client.get(reverse("workforce:detail", args=[session.pk])).content.decode()
    assert NOTES in page and PRIVATE in page
    assert PRIVATE in client.get(reverse("workforce:reflection", args=[session.pk])).content.decode()


def test_her_supervisor_reads_the_notes_but_never_her_reflection(
    coordinator: Any, session: Supervision
) -> None:
    client = client_for(coordinator)
    page = client.get(reverse("workforce:detail", args=[session.pk])).content.decode()
    assert NOTES in page
    assert PRIVATE not in page and "Your reflection" not in page
    assert client.get(reverse("workforce:reflection", args=[session.pk])).status_code == 404
    response = client.post(reverse("workforce:reflection", args=[session.pk]), {"text": "Overwritten"})
    assert response.status_code == 404
    assert Reflection.objects.get().text == PRIVATE


@pytest.mark.parametrize("role", OTHERS)
def test_everyone_else_gets_404_for_the_supervision_its_reflection_and_its_actions(
    role: str, request: pytest.FixtureRequest, session: Supervision
) -> None:
    other = request.getfixturevalue(role)
    client = client_for(other)
    # A commissioner or national reviewer is refused every staff page outright (ADR 0027).
    refused = 403 if other.role in AGGREGATE_ONLY_ROLES else 404
    for url in pages(session):
        response = client.get(url)
        assert response.status_code == refused, url
        assert NOTES not in response.content.decode() and PRIVATE not in response.content.decode()
    assert client.post(reverse("workforce:action_new", args=[session.pk]), {}).status_code == refused
    assert not access.supervisions_for_user(other.user, other).exists()
    for url in (reverse("workforce:mine"), reverse("workforce:record")):
        body = client.get(url, follow=True).content.decode()
        assert NOTES not in body and PRIVATE not in body


def test_a_co_ordinator_who_is_not_her_supervisor_gets_404(
    clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    supervision = supervise(clinician, peer_worker, notes=NOTES, kind="clinical")
    for url in pages(supervision):
        assert client_for(coordinator).get(url).status_code == 404, url


def test_a_missing_supervision_is_404_like_someone_elses(peer_worker: Any, session: Supervision) -> None:
    assert (
        client_for(peer_worker).get(reverse("workforce:detail", args=[session.pk + 100])).status_code == 404
    )


def test_a_supervisor_who_is_not_the_co_ordinator_reads_the_notes(
    clinician: Any, peer_worker: Any, coordinator: Any
) -> None:
    supervision = supervise(clinician, peer_worker, notes=NOTES, kind="clinical")
    page = client_for(clinician).get(reverse("workforce:detail", args=[supervision.pk])).content.decode()
    assert NOTES in page


def test_the_co_ordinators_service_page_shows_neither_notes_nor_reflections(
    coordinator: Any, manager: Any, session: Supervision
) -> None:
    for member in (coordinator, manager):
        page = client_for(member).get(reverse("workforce:team")).content.decode()
        assert "Peer" in page  # she is listed
        assert NOTES not in page and PRIVATE not in page


def test_a_reflection_is_in_neither_the_django_admin_nor_the_audit_trail(session: Supervision) -> None:
    from django.contrib import admin

    assert admin.site._registry.keys().isdisjoint({Supervision, Reflection, Action})
    assert not AuditLog.objects.filter(summary__icontains="wobbly").exists()
    assert not AuditLog.objects.filter(summary__icontains="café").exists()


def test_she_can_remove_her_reflection(peer_worker: Any, session: Supervision) -> None:
    client_for(peer_worker).post(reverse("workforce:reflection", args=[session.pk]), {"text": ""})
    assert not Reflection.objects.exists()
