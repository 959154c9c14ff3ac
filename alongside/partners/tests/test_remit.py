"""A partner's remit: seen and edited from the services it works with, and only there."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.organisations.models import Membership, Organisation, Partnership, Service
from alongside.partners.models import Remit
from alongside.support.tests.test_bad_input import assert_refused
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id
from conftest import client_for

MODELS = (Remit, Remit.conditions.through, Remit.communities.through, Remit.modes.through, AuditLog)


def snapshot() -> dict[str, Any]:
    return {
        **{m.__name__: sorted(m.objects.values_list()) for m in MODELS},
        "organisations": sorted(Organisation.objects.values_list()),
    }


@pytest.fixture
def partner(service: Service, charity: Organisation) -> Organisation:
    Partnership.objects.create(service=service, organisation=charity, started_on=timezone.localdate())
    return charity


def remit_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "description": "Families from Black, Asian and minority ethnic communities, and fathers",
        "conditions": [str(term_id(CONDITIONS, "depression-anxiety"))],
        "communities": [str(term_id(COMMUNITIES, "bame")), str(term_id(COMMUNITIES, "fathers"))],
        "modes": [str(term_id(MODES, "cafe-group")), str(term_id(MODES, "face-to-face"))],
        "areas": "b8,B9 ,  b10, B8",
        "languages": "Urdu, punjabi, Urdu",
    }
    data.update(overrides)
    return data


def test_a_coordinator_records_a_partners_remit(coordinator: Membership, partner: Organisation) -> None:
    response = client_for(coordinator).post(reverse("partners:remit_edit", args=[partner.pk]), remit_post())
    assert response.status_code == 302
    remit = Remit.objects.get(organisation=partner)
    assert remit.area_list == ["B8", "B9", "B10"]
    assert remit.language_list == ["Urdu", "punjabi"]
    assert {t.code for t in remit.communities.all()} == {"bame", "fathers"}
    assert {t.code for t in remit.modes.all()} == {"cafe-group", "face-to-face"}
    assert remit.updated_by == coordinator.user
    partner.refresh_from_db()
    assert partner.remit.startswith("Families from Black")
    assert AuditLog.objects.filter(model="partners.Remit", actor=coordinator.user).exists()
    page = client_for(coordinator).get(reverse("partners:remit", args=[partner.pk])).content.decode()
    assert "Café group" in page and "B8, B9, B10" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"areas": "B8, Sparkhill"}, "“Sparkhill” is not a postcode district"),
        ({"areas": "B8 1AA"}, "“B8 1AA” is not a postcode district"),
        ({"languages": "Urdu, 42"}, "“42” is not a language"),
        ({"modes": [str(term_id(CONDITIONS, "baby-loss"))]}, "Select a valid choice"),
        ({"description": "x" * 2001}, "Ensure this value has at most 2000 characters"),
    ],
)
def test_a_bad_remit_is_refused_with_a_clear_message_and_saves_nothing(
    coordinator: Membership, partner: Organisation, overrides: dict[str, Any], message: str
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("partners:remit_edit", args=[partner.pk]), remit_post(**overrides)
    )
    assert_refused(response, message)
    assert snapshot() == before


@pytest.mark.parametrize("name", ["partners:remit", "partners:remit_edit"])
def test_a_partner_of_another_service_or_an_ended_partnership_is_not_found(
    name: str, coordinator: Membership, other_service: Service, partner: Organisation
) -> None:
    elsewhere = Organisation.objects.create(name="Elsewhere", kind=Organisation.Kind.THIRD_SECTOR)
    Partnership.objects.create(service=other_service, organisation=elsewhere, started_on=timezone.localdate())
    client = client_for(coordinator)
    assert client.get(reverse(name, args=[elsewhere.pk])).status_code == 404
    assert client.get(reverse(name, args=[partner.pk])).status_code == 200
    Partnership.objects.filter(organisation=partner).update(
        ended_on=timezone.localdate() - dt.timedelta(days=1)
    )
    assert client.get(reverse(name, args=[partner.pk])).status_code == 404


@pytest.mark.parametrize("role", ["peer_worker", "partner_peer_worker", "clinician", "commissioner"])
def test_only_coordinators_managers_and_admins_see_remits(
    role: str, request: pytest.FixtureRequest, partner: Organisation
) -> None:
    client = client_for(request.getfixturevalue(role))
    for url in (reverse("partners:list"), reverse("partners:remit", args=[partner.pk])):
        assert client.get(url).status_code == 403


def test_the_list_shows_each_partner_its_remit_and_its_peer_workers_here(
    manager: Membership, partner: Organisation, partner_peer_worker: Membership
) -> None:
    Remit.objects.create(organisation=partner, areas="B12").conditions.set(
        [term_id(CONDITIONS, "postpartum-psychosis")]
    )
    body = client_for(manager).get(reverse("partners:list")).content.decode()
    assert "Approachable Parenting" in body and "Postpartum psychosis" in body and "B12" in body
    assert "Their peer workers here: Partnerpeer" in body
