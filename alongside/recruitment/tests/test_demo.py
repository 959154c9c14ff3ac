"""The demo shows each part of peer workers' own support: recruitment, wellbeing sharing, the network."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.demo.builder import build
from alongside.network.models import DirectoryEntry, GroupMember, PeerGroup
from alongside.organisations.models import Membership
from alongside.recruitment import access, metrics
from alongside.recruitment.models import OUTCOMES, CandidateStep, Vacancy
from alongside.tests.demo_once import shared_demo
from alongside.wellbeing.models import WellbeingShare
from conftest import client_for

pytestmark = pytest.mark.django_db


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=40))


def member(login: str) -> Membership:
    found = Membership.objects.select_related("service").filter(user__email=f"{login}@alongside.example")
    return found.order_by("pk")[0]


def test_one_vacancy_is_co_produced_and_one_is_flagged_not(demo: None) -> None:
    coordinator = member("coordinator")
    found = metrics.with_co_production(access.vacancies_for_user(coordinator))
    assert {v.title: v.co_produced for v in found} == {
        "Perinatal peer support worker": True,
        "Volunteer peer supporter: coffee mornings": False,
    }
    page = client_for(coordinator).get(reverse("recruitment:list")).content.decode()
    assert "Not co-produced" in page and "Co-produced" in page


def test_candidates_are_at_every_step_and_keep_the_rules(demo: None) -> None:
    steps = CandidateStep.objects.select_related("candidate__vacancy")
    assert {s.kind for s in steps} == set(CandidateStep.Kind)
    assert steps.filter(kind="presentation", outcome="chose_not_to").exists()
    today = timezone.localdate()
    for s in steps:
        assert s.outcome in OUTCOMES[s.kind] and s.recorded_at <= timezone.now()
        assert s.on <= today or s.outcome == "planned"
        if s.kind == "offer":
            assert s.candidate.steps.filter(kind="interview", outcome="successful").exists()


def test_every_demo_panel_member_is_allowed_on_that_panel(demo: None) -> None:
    for vacancy in Vacancy.objects.prefetch_related("panel__user"):
        for m in vacancy.panel.all():
            assert access.panel_role(m.user, vacancy.service) is not None, (m.user, vacancy)
    assert Vacancy.objects.filter(status="filled").exists()


def test_peerworker_shares_with_her_coordinator_and_partnerpeer_withdrew(demo: None) -> None:
    coordinator = client_for(member("coordinator"))
    page = coordinator.get(reverse("wellbeing:wellbeing_shared")).content.decode()
    assert "Hannah Brooks" in page and "Nadia Hussain" not in page
    hannah, nadia = member("peerworker").user, member("partnerpeer").user
    assert (
        "A walk at lunchtime"
        in coordinator.get(reverse("wellbeing:wellbeing_shared_detail", args=[hannah.pk])).content.decode()
    )
    assert coordinator.get(reverse("wellbeing:wellbeing_shared_detail", args=[nadia.pk])).status_code == 404
    assert WellbeingShare.objects.filter(peer_worker=nadia, withdrawn_at__isnull=False).exists()
    for login in ("manager", "admin", "clinician"):
        url = reverse("wellbeing:wellbeing_shared_detail", args=[hannah.pk])
        assert client_for(member(login)).get(url).status_code == 404, login


def test_peer_workers_of_all_three_services_are_in_the_directory_and_a_group(demo: None) -> None:
    services_shown = set(DirectoryEntry.objects.exclude(service=None).values_list("service__name", flat=True))
    assert len(services_shown) == 3
    page = client_for(member("peerworker")).get(reverse("network:directory")).content.decode()
    assert "Emma Whitfield" in page and "peerworker@alongside.example" in page
    assert (
        "Join the directory"
        in client_for(member("partnerpeer")).get(reverse("network:directory")).content.decode()
    )
    circle = PeerGroup.objects.get(name="North and Midlands peer supervision circle")
    member_services = set(
        Membership.objects.filter(
            user__in=GroupMember.objects.filter(group=circle).values("user")
        ).values_list("service", flat=True)
    )
    assert len(member_services) == 3
    body = client_for(member("peerworker")).get(reverse("network:group", args=[circle.pk])).content.decode()
    assert "Emma Whitfield" in body
