"""The pages for co-ordinator cover, supervision guidance and the involvement log (ADR 0038)."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Membership, Service
from alongside.workforce import metrics
from alongside.workforce.models import NonPeerDuty, WorkforceSettings
from alongside.workforce.tests.conftest import days_ago
from conftest import client_for

pytestmark = pytest.mark.django_db


def test_a_manager_records_a_shared_coordinator_and_the_overview_says_so(
    manager: Membership, coordinator_other: Membership, other_service: Service
) -> None:
    client = client_for(manager)
    overview = client.get(reverse("workforce:overview")).content.decode()
    assert "Co-ordinator" in overview and "None" in overview
    response = client.post(
        reverse("workforce:coordinator"),
        {
            "form": "share",
            "share-from_service": other_service.pk,
            "share-started_on": days_ago(5).isoformat(),
            "share-note": "Tuesdays and Thursdays",
        },
    )
    assert response.status_code == 302
    assert metrics.coordinator_cover(manager.service, timezone.localdate()).kind == "shared"
    overview = client.get(reverse("workforce:overview")).content.decode()
    assert f"Shared with {other_service.name}" in overview
    page = client.get(reverse("workforce:coordinator")).content.decode()
    assert f"Co-ordinator: shared with {other_service.name}." in page
    assert "Tuesdays and Thursdays" in page
    ended = client.post(
        reverse("workforce:coordinator"), {"form": "end", "end-ended_on": days_ago(1).isoformat()}
    )
    assert ended.status_code == 302
    assert metrics.coordinator_cover(manager.service, timezone.localdate()).kind == "none"


def test_sharing_with_a_service_without_a_coordinator_is_refused_on_the_form(
    manager: Membership, other_service: Service
) -> None:
    response = client_for(manager).post(
        reverse("workforce:coordinator"),
        {
            "form": "share",
            "share-from_service": other_service.pk,
            "share-started_on": days_ago(1).isoformat(),
        },
    )
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert metrics.coordinator_cover(manager.service, timezone.localdate()).kind == "none"


def test_the_coordinator_page_is_for_those_who_manage_the_team(
    peer_worker: Membership, clinician: Membership
) -> None:
    for member in (peer_worker, clinician):
        assert client_for(member).get(reverse("workforce:coordinator")).status_code == 403


def guidance_form(*co_producers: Membership, **overrides: str) -> dict[str, object]:
    data: dict[str, object] = {
        "nhs_supervision_days": "21",
        "nhs_with": "The clinical psychologist",
        "peer_supervision_days": "28",
        "peer_with": "A peer worker from Approachable Parenting",
        "covers": "Wellbeing first, then caseload and boundaries",
        "agreed_on": days_ago(2).isoformat(),
        "co_produced_by": [m.user_id for m in co_producers],
    }
    data.update(overrides)
    return data


def test_guidance_is_agreed_shown_and_sets_the_intervals(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    client = client_for(coordinator)
    team = client.get(reverse("workforce:team")).content.decode()
    assert "no co-produced supervision guidance yet" in team
    response = client.post(reverse("workforce:guidance_new"), guidance_form(peer_worker, partner_peer_worker))
    assert response.status_code == 302
    saved = WorkforceSettings.for_service(coordinator.service)
    assert (saved.nhs_supervision_days, saved.peer_supervision_days) == (21, 28)
    team = client.get(reverse("workforce:team")).content.decode()
    assert "NHS supervision is expected every 21 days" in team
    assert "The clinical psychologist" in team and reverse("workforce:guidance") in team
    # The team, peer workers too, read it; only those who manage the team change it.
    page = client_for(peer_worker).get(reverse("workforce:guidance")).content.decode()
    assert "Wellbeing first, then caseload and boundaries" in page
    assert str(partner_peer_worker.user) in page
    assert reverse("workforce:guidance_new") not in page
    assert client_for(peer_worker).get(reverse("workforce:guidance_new")).status_code == 403
    mine = client_for(peer_worker).get(reverse("workforce:mine")).content.decode()
    assert reverse("workforce:guidance") in mine


def test_guidance_not_co_produced_is_refused_and_nothing_changes(
    coordinator: Membership, peer_worker: Membership
) -> None:
    response = client_for(coordinator).post(reverse("workforce:guidance_new"), guidance_form())
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert metrics.supervision_guidance(coordinator.service, timezone.localdate()) is None
    assert WorkforceSettings.for_service(coordinator.service).pk is None


def test_guidance_of_another_service_is_not_shown(
    coordinator: Membership, peer_worker: Membership, peer_worker_other: Membership
) -> None:
    client_for(coordinator).post(reverse("workforce:guidance_new"), guidance_form(peer_worker))
    page = client_for(peer_worker_other).get(reverse("workforce:guidance")).content.decode()
    assert "The clinical psychologist" not in page and "No guidance is in force yet" in page


def involvement_form(
    peer_worker: Membership, partner_peer_worker: Membership, **overrides: str
) -> dict[str, str]:
    data = {
        "held_on": days_ago(3).isoformat(),
        "shaped": "How the café group welcomes new mothers",
        "mothers": "3",
        f"part_{peer_worker.pk}": "not_chosen",
        f"hours_{peer_worker.pk}": "2.5",
        f"part_{partner_peer_worker.pk}": "chosen",
        f"hours_{partner_peer_worker.pk}": "1",
    }
    data.update(overrides)
    return data


def test_involvement_not_chosen_shows_as_role_drift_and_the_log_keeps_choices_private(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    client = client_for(coordinator)
    response = client.post(
        reverse("workforce:involvement_new"), involvement_form(peer_worker, partner_peer_worker)
    )
    assert response.status_code == 302
    drift = metrics.drift_for(peer_worker, timezone.localdate())
    assert drift.unchosen_hours == Decimal("2.5")
    assert metrics.drift_for(partner_peer_worker, timezone.localdate()).hours == 0
    log = client.get(reverse("workforce:involvement")).content.decode()
    assert "How the café group welcomes new mothers" in log
    assert "not her choice, 2.5 hours" in log and "her choice, 1.0 hours" in log
    # She sees her own part; the names of the others, but not whether they chose it.
    hers = client_for(peer_worker).get(reverse("workforce:involvement")).content.decode()
    assert "not her choice, 2.5 hours" in hers
    assert str(partner_peer_worker.user) in hers and "her choice, 1.0 hours" not in hers
    assert client_for(peer_worker).get(reverse("workforce:involvement_new")).status_code == 403


def test_involvement_without_hours_is_refused_and_nothing_is_saved(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    data = involvement_form(peer_worker, partner_peer_worker, **{f"hours_{peer_worker.pk}": ""})
    response = client_for(coordinator).post(reverse("workforce:involvement_new"), data)
    assert response.status_code == 200
    assert f"Enter the hours {peer_worker.user} spent on it" in response.content.decode()
    assert metrics.involvement_count(coordinator.service, days_ago(30), timezone.localdate()) == 0
    assert not NonPeerDuty.objects.exists()


def test_the_overview_links_to_cover_and_involvement(manager: Membership) -> None:
    page = client_for(manager).get(reverse("workforce:overview")).content.decode()
    assert reverse("workforce:coordinator") in page and reverse("workforce:involvement") in page


def test_another_services_staff_see_nothing_of_the_log(
    coordinator: Membership,
    peer_worker: Membership,
    partner_peer_worker: Membership,
    coordinator_other: Membership,
    peer_worker_other: Membership,
) -> None:
    client_for(coordinator).post(
        reverse("workforce:involvement_new"), involvement_form(peer_worker, partner_peer_worker)
    )
    for outsider in (coordinator_other, peer_worker_other):
        log = client_for(outsider).get(reverse("workforce:involvement")).content.decode()
        assert "How the café group welcomes new mothers" not in log and "2.5 hours" not in log
        assert "Nothing recorded yet" in log
