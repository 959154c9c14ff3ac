"""The demo's co-ordinator cover, supervision guidance, involvement and development records (ADR 0038)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.demo.builder import build
from alongside.organisations.models import Membership, Role, Service
from alongside.tests.demo_once import shared_demo
from alongside.training import metrics as training_metrics
from alongside.training.models import DevelopmentEntry
from alongside.workforce import metrics
from alongside.workforce.models import InvolvementPart, SharedCoordinator, WorkforceSettings
from conftest import client_for

pytestmark = pytest.mark.django_db

demo_module, demo = shared_demo(lambda: build(people=40))


def member(login: str) -> Membership:
    found = Membership.objects.select_related("service").filter(user__email=f"{login}@alongside.example")
    return found.order_by("pk")[0]


def services() -> list[Service]:
    return list(Service.objects.filter(memberships__user__email__endswith="@alongside.example").distinct())


def test_every_service_has_co_produced_guidance_in_force_that_sets_its_intervals(demo: None) -> None:
    today = timezone.localdate()
    for service in services():
        guidance = metrics.supervision_guidance(service, today)
        assert guidance is not None, service
        peers = set(
            Membership.objects.filter(service=service, role=Role.PEER_WORKER).values_list(
                "user_id", flat=True
            )
        )
        co_producers = {u.pk for u in guidance.co_produced_by.all()}
        assert co_producers and co_producers <= peers
        saved = WorkforceSettings.for_service(service)
        assert (saved.nhs_supervision_days, saved.peer_supervision_days) == (
            guidance.nhs_supervision_days,
            guidance.peer_supervision_days,
        )


def test_every_service_can_reach_a_co_ordinator_and_lancashire_once_shared_the_mbus(demo: None) -> None:
    today = timezone.localdate()
    assert {metrics.coordinator_cover(s, today).kind for s in services()} == {"own"}
    past = SharedCoordinator.objects.get()
    assert past.from_service.kind == Service.Kind.MBU and past.ended_on is not None
    assert metrics.coordinator_cover(past.service, past.started_on).kind == "own"  # she is there today


def test_involvement_not_chosen_is_counted_once_in_her_role_drift(demo: None) -> None:
    today = timezone.localdate()
    her = member("peerworker")
    part = InvolvementPart.objects.get(membership=her, chosen=False)
    assert part.duty is not None and part.duty.hours == part.hours
    assert metrics.involvement_count(her.service, today.replace(year=today.year - 1), today) >= 3
    assert InvolvementPart.objects.filter(chosen=False).count() == 1
    drift = metrics.drift_for(her, today)
    assert drift.unchosen_hours >= part.hours and not drift.flagged
    log = client_for(her).get(reverse("workforce:involvement")).content.decode()
    assert "not her choice" in log


def test_most_peer_workers_keep_a_development_record_counted_only_in_aggregate(demo: None) -> None:
    today = timezone.localdate()
    peer_workers = (
        Membership.objects.filter(role=Role.PEER_WORKER).values_list("user_id", flat=True).distinct()
    )
    keeping = DevelopmentEntry.objects.filter(user_id__in=peer_workers).values("user_id").distinct().count()
    assert keeping > len(peer_workers) / 2
    coordinator = member("coordinator")
    share = training_metrics.development_share(coordinator.service, today)
    assert share.of and 0 < share.with_development <= share.of
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert f"{share.with_development} of {share.of} peer workers ({share.percent}%)" in page
    hers = DevelopmentEntry.objects.filter(user=member("peerworker").user, kind="face_to_face").first()
    assert hers is not None and hers.title not in page and hers.notes not in page
