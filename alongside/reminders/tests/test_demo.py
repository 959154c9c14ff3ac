"""The demo sends no digest: building it queues none and makes no "last sent" row. Its people need
no choices of their own: the defaults (weekly) give the demo's co-ordinator a digest on a Monday
run, with first names only and links that open for her."""

import re
from typing import Any

import pytest

from alongside.demo.builder import build
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Membership, Role
from alongside.people.models import Person
from alongside.reminders import digests
from alongside.reminders.models import Choice, LastSent
from alongside.reminders.tests.conftest import MONDAY, at
from alongside.tests.demo_once import shared_demo
from conftest import client_for

pytestmark = pytest.mark.django_db

SUBJECT = "Alongside: your reminders"


def build_demo() -> None:
    build(people=40)


demo_module, demo = shared_demo(build_demo)


def test_building_the_demo_queues_no_digest(demo: Any) -> None:
    assert not OutboundEmail.objects.filter(subject__startswith=SUBJECT).exists()
    assert not LastSent.objects.exists() and not Choice.objects.exists()


def test_a_monday_run_on_the_demo_reaches_its_coordinator_with_first_names_only(
    demo: Any, settings: Any
) -> None:
    settings.ALONGSIDE_DIGEST_HOUR = 7
    assert digests.queue_due(at(MONDAY)) > 0
    coordinator = Membership.objects.filter(
        role=Role.COORDINATOR, user__email="coordinator@alongside.example"
    )
    membership = coordinator.select_related("user").get()
    email = OutboundEmail.objects.get(to=membership.user.email, subject__startswith=SUBJECT)
    family_names = set(Person.objects.values_list("family_name", flat=True))
    assert not [name for name in family_names if re.search(rf"\b{re.escape(name)}\b", email.body)]
    client = client_for(membership)
    for link in re.findall(r"https?://\S+", email.body):
        path = link.removeprefix(settings.ALONGSIDE_SITE_URL).split("#")[0]
        assert client.get(path).status_code == 200, path
