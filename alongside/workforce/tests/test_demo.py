"""The demo's year of supervision: it keeps the rules, and shows each thing the pages can show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.builder import build
from alongside.demo.workforce import build_supervision
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from alongside.workforce import metrics, services
from alongside.workforce.models import Action, Reflection, Supervision, Track
from conftest import client_for

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)
    if not Supervision.objects.exists():  # until the demo builder calls it itself
        build_supervision(timezone.now())


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(build_demo)


def member(login: str) -> Membership:
    """Her first role (twoservices@ has two)."""
    found = Membership.objects.select_related("service").filter(user__email=f"{login}@alongside.example")
    return found.order_by("pk")[0]


def status(login: str) -> metrics.WorkerSupervision:
    m = member(login)
    return metrics.supervision_for(m.service, [m.user_id], timezone.localdate())[m.user_id]


def test_every_peer_worker_has_a_year_of_both_halves(demo: None) -> None:
    workers = set(Membership.objects.filter(role=Role.PEER_WORKER).values_list("user", flat=True))
    for user_id in workers:
        hers = Supervision.objects.filter(peer_worker_id=user_id)
        tracks = {s.track for s in hers}
        assert tracks == {Track.NHS, Track.PEER}, user_id
        assert hers.count() >= 20


def test_every_demo_supervision_keeps_the_rules_and_none_is_in_the_future(demo: None) -> None:
    now, today = timezone.now(), timezone.localdate()
    for s in Supervision.objects.prefetch_related("supervisors").select_related("service"):
        assert s.held_on <= today and s.recorded_at <= now
        hers = Membership.objects.get(user=s.peer_worker, service=s.service, role=Role.PEER_WORKER)
        for supervisor in s.supervisors.all():
            assert supervisor != s.peer_worker
            services.check_supervisor(s.kind, supervisor, s.service, hers.host_organisation)
    for a in Action.objects.select_related("supervision"):
        assert a.due_on >= a.supervision.held_on
        assert a.done_on is None or a.supervision.held_on <= a.done_on <= today


def test_partnerpeers_peer_supervision_is_overdue_and_her_nhs_supervision_is_not(demo: None) -> None:
    hers = status("partnerpeer")
    assert hers.peer.overdue and not hers.nhs.overdue


def test_peerworkers_last_three_supervisions_did_not_discuss_her_wellbeing(demo: None) -> None:
    assert status("peerworker").wellbeing_flag
    assert not status("partnerpeer").wellbeing_flag and not status("twoservices").wellbeing_flag
    page = client_for(member("coordinator")).get(reverse("workforce:team")).content.decode()
    assert "Wellbeing was not discussed at the last 3 supervisions of: Hannah Brooks" in page


def test_twoservices_is_up_to_date_in_both_her_services(demo: None) -> None:
    user = User.objects.get(email="twoservices@alongside.example")
    for m in Membership.objects.filter(user=user):
        assert metrics.supervision_for(m.service, [user.pk], timezone.localdate())[user.pk].both_up_to_date


def test_birminghams_share_with_both_up_to_date_is_neither_none_nor_all(demo: None) -> None:
    _, share = metrics.team_supervision(member("coordinator").service, timezone.localdate())
    assert 0 < share.up_to_date < share.of


def test_there_are_open_actions_one_overdue_and_done_ones(demo: None) -> None:
    today = timezone.localdate()
    open_ = Action.objects.filter(done_on__isnull=True)
    assert open_.count() >= 2 and Action.objects.filter(done_on__isnull=False).exists()
    assert any(metrics.action_overdue(a, today) for a in open_)
    page = client_for(member("peerworker")).get(reverse("workforce:mine")).content.decode()
    assert "Book a place on safeguarding level 3" in page


def test_her_reflections_are_hers_alone(demo: None) -> None:
    reflection = Reflection.objects.select_related("supervision").first()
    assert (
        reflection is not None and reflection.supervision.peer_worker.email == "peerworker@alongside.example"
    )
    url = reverse("workforce:detail", args=[reflection.supervision_id])
    assert reflection.text in client_for(member("peerworker")).get(url).content.decode()
    for login in ("coordinator", "manager", "admin", "clinician"):
        body = client_for(member(login)).get(url).content.decode()
        assert reflection.text not in body, login
