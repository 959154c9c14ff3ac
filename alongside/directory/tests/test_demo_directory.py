"""The directory's demo data: the feed, and her signpostings in every state, done by no one."""

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AuditLog
from alongside.demo.builder import build
from alongside.demo.directory import HER, build_directory
from alongside.directory import metrics
from alongside.directory.access import signpostings_for_user
from alongside.directory.models import Outcome, Service, Signposting
from alongside.organisations.models import Membership
from alongside.tests.demo_once import shared_demo

pytestmark = pytest.mark.django_db


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=40))  # the demo builder builds the directory too


def test_the_demo_directory_is_imported_with_its_three_bad_records_reported(demo: dict[str, Any]) -> None:
    from alongside.demo.directory import FEED, load_feed
    from alongside.directory.importer import import_oruk

    assert Service.objects.count() == 31
    assert Service.objects.filter(status=Service.Status.ACTIVE).count() == 29
    report = import_oruk(load_feed(), source=FEED.name)  # again: updates, and the same three refused
    assert (len(report.created), len(report.updated), len(report.errors)) == (0, 31, 3)


def test_her_signpostings_show_each_state_of_a_follow_up(demo: dict[str, Any]) -> None:
    her = User.objects.get(email=HER)
    membership = Membership.objects.filter(user=her).first()
    mine = signpostings_for_user(membership)
    assert mine.count() == 6
    today = timezone.localdate()
    assert metrics.follow_ups_due(mine, today).count() >= 2
    assert set(mine.values_list("outcome", flat=True)) == {"", Outcome.YES, Outcome.NO, Outcome.NOT_YET}
    assert metrics.went_nowhere(mine).count() == 1
    assert mine.filter(outcome="", follow_up_on__gt=today).exists(), "one is not due yet"
    assert not AuditLog.objects.exists(), "demo data was done by no one"


def test_building_it_again_adds_nothing(demo: dict[str, Any]) -> None:
    again = build_directory(timezone.now())
    assert (again["signpostings"], len(again["report"].created)) == (0, 0)
    assert Signposting.objects.count() == 6


def test_her_follow_ups_page_opens_on_the_demo_data(demo: dict[str, Any], client: Any) -> None:
    client.force_login(User.objects.get(email=HER))
    response = client.get(reverse("directory:follow_ups"))
    assert response.status_code == 200
    assert "Sahara coffee mornings" in response.content.decode()
