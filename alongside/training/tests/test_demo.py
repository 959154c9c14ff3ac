"""The demo's training: a realistic mix that keeps the rules and shows what the pages can show."""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.demo.builder import build
from alongside.demo.training import build_training
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from alongside.training import metrics
from alongside.training.models import TrainingRecord
from alongside.training.tests.conftest import SAFEGUARDING
from conftest import client_for

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)
    if not TrainingRecord.objects.exists():  # until the demo builder calls it itself
        build_training(timezone.now())


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(build_demo)


def member(login: str) -> Membership:
    found = Membership.objects.select_related("service").filter(user__email=f"{login}@alongside.example")
    return found.order_by("pk")[0]


def gaps(login: str) -> metrics.Gaps:
    m = member(login)
    return metrics.gaps_for([m.user_id], timezone.localdate())[m.user_id]


def test_no_demo_record_is_in_the_future_and_each_is_for_someone_on_a_team(demo: None) -> None:
    today = timezone.localdate()
    on_a_team = set(Membership.objects.filter(active=True).values_list("user_id", flat=True))
    for record in TrainingRecord.objects.all():
        assert record.completed_on <= today and record.user_id in on_a_team


def test_peerworkers_safeguarding_is_overdue_and_she_has_gaps(demo: None) -> None:
    hers = gaps("peerworker")
    assert [r.module.name for r in hers.overdue] == [SAFEGUARDING]
    assert hers.missing
    page = client_for(member("peerworker")).get(reverse("training:mine")).content.decode()
    assert "Overdue" in page


def test_partnerpeers_safeguarding_is_due_soon_and_not_overdue(demo: None) -> None:
    hers = gaps("partnerpeer")
    assert [(r.module.name, r.overdue) for r in hers.renewals] == [(SAFEGUARDING, False)]


def test_some_demo_training_is_accredited_and_some_is_not(demo: None) -> None:
    assert TrainingRecord.objects.filter(accredited=True).exists()
    assert TrainingRecord.objects.filter(accredited=False, module__for_staff=False).exists()


def test_about_half_of_birminghams_clinical_staff_attended_the_session(demo: None) -> None:
    _, share = metrics.staff_awareness(member("coordinator").service)
    assert share.percent is not None and 30 <= share.percent <= 70
    page = client_for(member("coordinator")).get(reverse("training:team")).content.decode()
    assert f"{share.attended} of {share.of} clinical staff" in page


def test_some_peer_workers_have_finished_the_curriculum_and_some_have_not(demo: None) -> None:
    workers = set(Membership.objects.filter(role=Role.PEER_WORKER).values_list("user_id", flat=True))
    found = metrics.gaps_for(sorted(workers), timezone.localdate())
    assert any(g.missing for g in found.values()) and any(not g.missing for g in found.values())
