"""The demo shows transitions with and without continued support, arrivals waiting at the demo
co-ordinator's service, notices for the demo logins, and a token nobody can use."""

import datetime as dt
from typing import Any

import pytest
from django.db.models import Min, Q
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.builder import build
from alongside.organisations.models import Membership, Service
from alongside.support.models import Allocation, Contact
from alongside.tests.demo_once import shared_demo
from alongside.transitions import metrics
from alongside.transitions.models import ApiCall, ApiToken, Transition, TransitionNotice
from conftest import client_for

pytestmark = pytest.mark.django_db


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=120))


def login(email: str) -> Membership:
    return Membership.objects.filter(user__email=f"{email}@alongside.example", active=True).first()  # type: ignore[return-value]


def test_there_are_discharges_from_the_mbu_and_the_teams_with_and_without_continued_support(
    demo: dict[str, Any],
) -> None:
    today = timezone.localdate()
    year: dict[str, Any] = {"start": today - dt.timedelta(days=365), "end": today, "today": today}
    mbu = Service.objects.get(kind=Service.Kind.MBU)
    out_of_the_mbu = metrics.continuity(mbu, direction="from", **year)
    assert out_of_the_mbu.continued and out_of_the_mbu.lapsed
    for service in Service.objects.exclude(kind=Service.Kind.MBU):
        result = metrics.continuity(service, **year)
        assert result.continued and result.lapsed, service
    assert (
        Transition.objects.filter(source="api").exists()
        and Transition.objects.filter(source="clinician").exists()
    )
    assert Transition.objects.filter(decision="declined").exclude(decline_reason="").exists()


def test_someone_kept_her_peer_worker_across_services(demo: dict[str, Any]) -> None:
    kept = [
        t
        for t in Transition.objects.filter(decision="accepted").select_related("peer_support")
        if Allocation.objects.filter(peer_support=t.peer_support)
        .filter(
            peer_worker__allocations__peer_support__person=t.person,
            peer_worker__allocations__peer_support__service=t.from_service,
        )
        .exists()
    ]
    assert kept


def test_arrivals_wait_for_the_demo_co_ordinator_with_notices_on_her_dashboard(demo: dict[str, Any]) -> None:
    coordinator = login("coordinator")
    waiting = Transition.objects.filter(to_service=coordinator.service, decision="pending")
    assert waiting.count() >= 3
    unseen = TransitionNotice.objects.filter(recipient=coordinator.user, seen_at=None, reason="receiving")
    assert unseen.count() >= 3
    page = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Moving on" in page and "kept their peer support" in page
    page = client_for(coordinator).get(reverse("transitions:list")).content.decode()
    assert "Accept" in page or "accept or decline" in page


def test_the_demo_peer_worker_has_a_notice_on_her_today_page(demo: dict[str, Any]) -> None:
    her = login("peerworker")
    assert TransitionNotice.objects.filter(recipient=her.user, seen_at=None, service=her.service).exists()
    assert "was discharged from" in client_for(her).get(reverse("home:today")).content.decode()


def test_birmingham_has_one_token_in_use_and_its_calls(demo: dict[str, Any]) -> None:
    manager = login("manager")
    tokens = ApiToken.objects.filter(service=manager.service)
    assert tokens.filter(revoked_at=None).count() == 1
    assert all(len(t.token_hash) == 64 and t.prefix not in t.token_hash for t in tokens)
    assert (
        ApiCall.objects.filter(status=201).exists()
        and ApiCall.objects.exclude(status__in=[200, 201]).exists()
    )
    page = client_for(manager).get(reverse("transitions:tokens")).content.decode()
    assert "Rio (trust clinical system)" in page and "Revoked" in page


def test_what_the_demo_adds_keeps_its_dates_in_order(demo: dict[str, Any]) -> None:
    today = timezone.localdate()
    assert not Contact.objects.filter(occurred_at__gt=timezone.now()).exists()
    for t in Transition.objects.filter(decision="accepted").select_related("peer_support"):
        ps = t.peer_support
        assert ps is not None and ps.service == t.to_service and t.occurred_on <= ps.referred_on <= today
        first = ps.allocations.aggregate(first=Min("started_on"))["first"]
        assert first is None or ps.referred_on <= first <= today
    assert not Transition.objects.filter(recorded_at__gt=timezone.now()).exists()
    assert not TransitionNotice.objects.filter(
        Q(seen_at__lt=timezone.now() - dt.timedelta(days=400))
    ).exists()
    assert User.objects.filter(email="coordinator@alongside.example").exists()


def test_every_api_call_in_the_demo_came_after_its_token_was_made(demo: dict[str, Any]) -> None:
    for call in ApiCall.objects.select_related("token"):
        assert call.token is not None and call.token.created_at <= call.at <= timezone.now()
