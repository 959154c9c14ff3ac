"""With the keyboard alone: Tab, Space, arrow keys and typing, then Enter.

Every Tab stop on the way must show where the focus is (its outline, shadow or background
differs from how it looks without focus), and the record must be saved.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from alongside.accounts.models import User
from alongside.demo.staff import DOMAIN
from alongside.people.models import EthnicCategory, NeedOrBarrier, Person
from alongside.support import access as support_access
from alongside.support.models import CASELOAD_STATUSES, Contact, PeerSupport
from alongside.tests.browser.browsing import Visitor

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]


def type_date(page: Page, day: dt.date) -> None:
    """Type a date into the date field that has focus, as Chromium lays it out here (browsing.CHROMIUM_ARGS):
    month and day move on by themselves once full."""
    page.keyboard.type(day.strftime("%m%d%Y"))


def type_date_and_time(page: Page, when: dt.datetime) -> None:
    type_date(page, when.date())
    page.keyboard.press("Tab")  # a year could have more digits: Tab on to the hours
    page.keyboard.type(when.strftime("%I%M") + ("P" if when.hour >= 12 else "A"))


def test_the_first_tab_stop_skips_to_the_main_content(visit: Visit, demo: dict[str, Any]) -> None:
    v = visit()
    v.login_as(User.objects.get(email=f"coordinator@{DOMAIN}"))
    v.go("/dashboard/")
    stop = v.tab()
    expect(v.focused()).to_have_text("Skip to main content")
    assert stop.visible, "the skip link does not show it has focus"
    v.page.keyboard.press("Enter")
    expect(v.focused()).to_have_id("maincontent")
    stop = v.tab()  # and on from there: the first thing in the page's content
    assert stop.visible and v.page.evaluate("document.querySelector('main').contains(document.activeElement)")


def test_a_peer_worker_logs_a_contact_with_the_keyboard_alone(visit: Visit, demo: dict[str, Any]) -> None:
    peer_worker = User.objects.get(email=f"peerworker@{DOMAIN}")
    membership = peer_worker.memberships.get()
    support = support_access.peer_supports_for_user(membership).filter(status__in=CASELOAD_STATUSES).first()
    assert support is not None
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    v = visit()
    v.login_as(peer_worker)
    v.go(f"/peer-support/{support.pk}/contact/")
    page = v.page

    v.tab_to("input[name=successful]")  # "Yes, we spoke or met" is chosen already
    v.tab_to("input[name=contact_with]")
    v.arrow_to("Both", key="ArrowRight")
    v.tab_to("input[name=mode]")
    v.arrow_to("Phone")
    v.tab_to("#occurred_at")
    type_date_and_time(page, dt.datetime.combine(yesterday, dt.time(14, 30)))
    v.tab_to("#duration_minutes")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    v.tab_to("#note")
    page.keyboard.type("Talked about her first week home")
    v.tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    v.sees("Today")
    expect(page.get_by_text(f"Contact with {support.person.name} saved")).to_be_visible()

    contact = Contact.objects.filter(peer_support=support, peer_worker=peer_worker).latest("pk")
    assert (contact.contact_with, contact.mode, contact.duration_minutes) == ("both", "phone", 40)
    assert contact.successful and contact.note == "Talked about her first week home"
    assert timezone.localtime(contact.occurred_at).replace(tzinfo=None) == dt.datetime.combine(
        yesterday, dt.time(14, 30)
    )


def test_a_clinician_refers_someone_with_the_keyboard_alone(visit: Visit, demo: dict[str, Any]) -> None:
    clinician = User.objects.get(email=f"clinician@{DOMAIN}")
    interpreter = NeedOrBarrier.objects.get(slug="language-interpreter")
    baby_born = timezone.localdate() - dt.timedelta(days=30)
    v = visit()
    v.login_as(clinician)
    v.go("/refer/")
    page = v.page

    v.tab_to("input[name=family_role]")  # "Mother" is chosen already
    v.tab_to("#given_name")
    page.keyboard.type("Zainab")
    v.tab_to("#family_name")
    page.keyboard.type("Hussein")
    v.tab_to("#date_of_birth")
    type_date(page, dt.date(1992, 3, 14))
    v.tab_to("#baby_date_of_birth")
    type_date(page, baby_born)
    v.tab_to("#nhs_number")
    page.keyboard.type("943 476 5919")
    v.tab_to("#ethnic_category")
    page.keyboard.type("Asian or Asian British - Pakistani")
    v.tab_to("#preferred_language")
    page.keyboard.press("Control+A")
    page.keyboard.type("Urdu")
    v.tab_to("#needs_interpreter")
    page.keyboard.press("Space")
    v.tab_to(f"input[name=needs][value='{interpreter.pk}']")
    page.keyboard.press("Space")
    v.tab_to("input[name=source]")  # nothing chosen yet: focus is on the first, "Referred by a clinician"
    page.keyboard.press("Space")
    v.tab_to("#reason")
    page.keyboard.type("Would like to meet other mums who speak Urdu")
    v.tab_to("#consent")
    page.keyboard.press("Space")
    v.tab_to("button[type=submit]")
    page.keyboard.press("Enter")
    v.sees("Zainab Hussein")
    expect(page.get_by_text("Zainab Hussein has been referred to peer support")).to_be_visible()

    person = Person.objects.get(given_name="Zainab", family_name="Hussein")
    assert (person.date_of_birth, person.baby_date_of_birth) == (dt.date(1992, 3, 14), baby_born)
    assert person.nhs_number == "9434765919" and person.preferred_language == "Urdu"
    assert person.ethnic_category == EthnicCategory.objects.get(label="Asian or Asian British - Pakistani")
    assert person.needs_interpreter and list(person.needs.all()) == [interpreter]
    support = PeerSupport.objects.get(person=person)
    assert support.source == "clinician" and support.reason == "Would like to meet other mums who speak Urdu"
    assert person.consents.get().given_on == timezone.localdate()
