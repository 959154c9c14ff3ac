"""The demo's employment and role: each situation the pages can show is there to see."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.demo.builder import build
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from alongside.workforce import metrics
from alongside.workforce.models import PayBand, Profile, Supervision
from conftest import client_for

pytestmark = pytest.mark.django_db


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=40))


def member(login: str) -> Membership:
    found = Membership.objects.select_related("service").filter(user__email=f"{login}@alongside.example")
    return found.order_by("pk")[0]


def workforce() -> metrics.Workforce:
    return metrics.team_workforce(member("manager").service, timezone.localdate())


def test_every_peer_worker_and_co_ordinator_has_a_profile_with_a_band_if_paid(demo: None) -> None:
    today = timezone.localdate()
    bands = PayBand.current(today)
    staff = Membership.objects.filter(role__in=(Role.PEER_WORKER, Role.COORDINATOR))
    assert staff.count() >= 15
    for m in staff:
        profile = Profile.objects.get(membership=m)
        assert profile.hours_per_week and profile.started_on and profile.started_on <= today
        if profile.is_paid:
            assert profile.band in bands, m
        else:
            assert profile.band == "", m


def test_a_paid_co_ordinator_on_band_2_is_flagged_on_the_workforce_page(demo: None) -> None:
    flagged = workforce().below_band
    assert [r.membership.user.email for r in flagged] == ["coordinator@alongside.example"]
    page = client_for(member("manager")).get(reverse("workforce:overview")).content.decode()
    assert "Paid below band 3" in page and "Claire Mensah" in page


def test_one_peer_worker_is_above_the_role_drift_threshold(demo: None) -> None:
    drifting = workforce().drifting
    assert len(drifting) == 1 and drifting[0].membership.role == Role.PEER_WORKER
    assert not metrics.drift_for(member("peerworker"), timezone.localdate()).flagged
    # Her co-ordinator sees it on a supervision she gave her.
    her = drifting[0].membership.user
    session = Supervision.objects.filter(peer_worker=her, supervisors=member("coordinator").user).first()
    assert session is not None
    page = (
        client_for(member("coordinator")).get(reverse("workforce:detail", args=[session.pk])).content.decode()
    )
    assert "Role drift" in page


def test_partnerpeers_role_description_was_never_revised_and_peerworkers_was(demo: None) -> None:
    rows = {r.membership.user.email: r for r in workforce().rows}
    assert rows["partnerpeer@alongside.example"].description.not_revised
    mine = rows["peerworker@alongside.example"].description
    assert mine.before_recruitment and mine.revision is not None
    assert [r.membership.user.email for r in workforce().not_revised] == ["partnerpeer@alongside.example"]
    labels = {r.description.label for r in workforce().rows}
    assert {"Written by her", "Co-written with her"} & labels


def test_each_demo_page_of_this_part_opens(demo: None) -> None:
    peer = client_for(member("peerworker"))
    for name in ("workforce:role_mine", "workforce:role_offer", "workforce:duty_mine"):
        assert peer.get(reverse(name)).status_code == 200, name
    page = peer.get(reverse("workforce:role_mine")).content.decode()
    assert "you revised it at induction" in page and "Band 3" in page
    coordinator = client_for(member("coordinator"))
    assert coordinator.get(reverse("workforce:overview")).status_code == 200
    partner = member("partnerpeer")
    page = coordinator.get(reverse("workforce:member", args=[partner.pk])).content.decode()
    assert "Not yet revised" in page
