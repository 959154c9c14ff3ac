"""The demo's timetables: every peer worker offers something, peerworker@ has a full week and a
calendar feed, one service has added to its menu, and nothing breaks the rules."""

from itertools import combinations

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE
from alongside.demo.builder import build
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from alongside.timetable import services
from alongside.timetable.access import chosen_for, menu_for
from alongside.timetable.models import CalendarFeed, RetiredForm, Slot
from alongside.workforce.models import SupportForm
from conftest import client_for

pytestmark = pytest.mark.django_db


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=40))


def her() -> Membership:
    return Membership.objects.select_related("service").get(user__email="peerworker@alongside.example")


def test_every_demo_peer_worker_offers_forms_from_her_services_menu(demo: None) -> None:
    members = Membership.objects.filter(active=True, role__in=PEER_SUPPORT_WORKFORCE)
    assert members.filter(role=Role.PEER_WORKER).count() >= 10
    for m in members:
        chosen = set(chosen_for(m))
        assert chosen, f"{m.user} offers nothing"
        assert chosen <= set(menu_for(m.service_id)), f"{m.user} offers something off her menu"


def test_one_service_has_added_walk_and_talk_and_retired_another(demo: None) -> None:
    added = SupportForm.objects.get(label="Walk and talk")
    assert added.service == her().service
    assert added in menu_for(her().service_id) and added in chosen_for(her())
    assert RetiredForm.objects.get().support_form.service == her().service


def test_peerworker_has_a_full_week_and_a_calendar_feed(demo: None) -> None:
    slots = Slot.objects.filter(membership=her())
    assert set(slots.values_list("weekday", flat=True)) == {0, 1, 2, 3, 4}
    assert CalendarFeed.objects.filter(user=her().user, last_fetched_at__isnull=False).exists()


def test_nobody_is_in_two_places_at_once(demo: None) -> None:
    for user_id in set(Slot.objects.values_list("membership__user_id", flat=True)):
        slots = list(Slot.objects.filter(membership__user_id=user_id))
        for a, b in combinations(slots, 2):
            assert a.weekday != b.weekday or a.ends_at <= b.starts_at or b.ends_at <= a.starts_at, (a, b)
    assert (
        Slot.objects.filter(membership__user__email="twoservices@alongside.example")
        .values("membership__service")
        .distinct()
        .count()
        == 2
    )


def test_her_pages_and_her_feed_show_the_demo(demo: None) -> None:
    client = client_for(her())
    assert "Walk and talk" in client.get(reverse("timetable:mine")).content.decode()
    assert "Google-Calendar-Importer" in client.get(reverse("timetable:calendar")).content.decode()
    _, token = services.feed_issue(actor=her().user, membership=her())
    feed = Client().get(reverse("calendar_feed:feed", args=[token])).content.decode()
    assert feed.count("BEGIN:VEVENT") >= 9 and "Home visit" in feed
    coordinator = Membership.objects.get(user__email="coordinator@alongside.example")
    team = client_for(coordinator).get(reverse("timetable:team")).content.decode()
    assert "Hannah Brooks" in team and "Walk and talk" in team
