"""API tokens: made and revoked by a service manager, kept only as a hash, shown once."""

import hashlib
from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.transitions.models import ApiToken
from alongside.transitions.tests.conftest import token_for
from conftest import client_for, make_member

pytestmark = pytest.mark.django_db


def plaintext_on(page: str) -> str:
    return page.split('<code class="alongside-break">')[1].split("</code>")[0]


def test_a_manager_makes_a_token_and_sees_it_once(manager: Any) -> None:
    client = client_for(manager)
    response = client.post(reverse("transitions:tokens"), {"name": "Rio EPR"})
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    plaintext = plaintext_on(response.content.decode())
    token = ApiToken.objects.get()
    assert plaintext.startswith(f"alng_{token.prefix}_") and len(plaintext) > 40
    assert token.name == "Rio EPR" and token.service == manager.service and token.created_by == manager.user
    again = client.get(reverse("transitions:tokens")).content.decode()
    assert plaintext not in again and token.shown in again


def test_the_plaintext_is_never_stored(manager: Any) -> None:
    token, plaintext = token_for(manager)
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    secret = plaintext.split("_", 2)[2]
    stored = [str(v) for row in ApiToken.objects.values_list() for v in row]
    stored += [str(v) for row in AuditLog.objects.values_list() for v in row]
    assert not any(secret in value or plaintext in value for value in stored)


def test_two_tokens_are_different(manager: Any) -> None:
    first, second = token_for(manager, "One")[1], token_for(manager, "Two")[1]
    assert first != second


def test_a_name_in_use_or_missing_is_refused(manager: Any) -> None:
    token_for(manager, "Rio EPR")
    client = client_for(manager)
    response = client.post(reverse("transitions:tokens"), {"name": "Rio EPR"})
    assert "A token called Rio EPR is in use already" in response.content.decode()
    response = client.post(reverse("transitions:tokens"), {"name": ""})
    assert "nhsuk-error-summary" in response.content.decode()
    assert ApiToken.objects.count() == 1


def test_revoking_stops_it_working(manager: Any, service: Any) -> None:
    token, plaintext = token_for(manager)
    client = client_for(manager)
    assert client.get(reverse("transitions:token_revoke", args=[token.pk])).status_code == 405
    client.post(reverse("transitions:token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == manager.user
    from django.test import Client

    assert (
        Client().get("/api/v1/services", headers={"Authorization": f"Bearer {plaintext}"}).status_code == 401
    )
    assert AuditLog.objects.filter(model="transitions.ApiToken", action="update").exists()
    response = client.post(reverse("transitions:token_revoke", args=[token.pk]), follow=True)
    assert "was already revoked" in response.content.decode()


def test_only_the_service_manager_manages_tokens(
    manager: Any, coordinator: Any, clinician: Any, peer_worker: Any, admin_member: Any, other_service: Any
) -> None:
    token, _ = token_for(manager)
    for who in (coordinator, clinician, peer_worker, admin_member):
        assert client_for(who).get(reverse("transitions:tokens")).status_code == 403
        assert client_for(who).post(reverse("transitions:token_revoke", args=[token.pk])).status_code == 403
    manager_there = make_member(other_service, "service_manager", "othermanager")
    assert (
        client_for(manager_there).post(reverse("transitions:token_revoke", args=[token.pk])).status_code
        == 404
    )
    assert token.name not in client_for(manager_there).get(reverse("transitions:tokens")).content.decode()
    token.refresh_from_db()
    assert token.revoked_at is None
