"""The core loop as the people who use it would do it, in a real browser, on the demo data.

Every page each journey reaches is checked by axe-core (WCAG 2.2 AA) with no console error
(browsing.Visitor); each journey ends by looking in the database for what it did.
"""

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import User
from alongside.audit.models import AuditLog
from alongside.demo.staff import DOMAIN, PASSWORD
from alongside.people.models import Person
from alongside.support import metrics
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, Status
from alongside.tests.browser.browsing import PHONE, Visitor, give_totp, totp_code

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]


def demo_user(key: str) -> Any:
    return User.objects.get(email=f"{key}@{DOMAIN}")


def open_from_header(v: Visitor, text: str) -> None:
    """Follow a link in the header's navigation; on a phone it may be under "More"."""
    link = v.page.get_by_role("navigation").get_by_role("link", name=text, exact=True)
    if not link.is_visible():
        v.page.get_by_role("navigation").get_by_role("button", name=re.compile("More")).click()
    link.click()


def test_a_coordinator_logs_in_with_her_password_and_the_code_from_her_authenticator_app(
    visit: Visit, demo: dict[str, Any], settings: Any
) -> None:
    settings.MFA_REQUIRED = True
    coordinator = demo_user("coordinator")
    secret = give_totp(coordinator)
    v = visit()
    v.page.goto("/dashboard/")
    v.sees("Log in to Alongside")
    v.page.get_by_label("Email address").fill(coordinator.email)
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_role("button", name="Log in").click()
    v.sees("Enter your security code")

    v.page.get_by_label("Code from your authenticator app").fill("000000")
    v.page.get_by_role("button", name="Continue").click()
    v.sees("Enter your security code")
    expect(v.page.get_by_role("alert")).to_contain_text("There is a problem")

    v.page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
    v.page.get_by_role("button", name="Continue").click()
    v.sees("Dashboard: Birmingham")
    expect(v.page.get_by_role("banner")).to_contain_text("Claire Mensah")

    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.get(user=coordinator, type=Authenticator.Type.TOTP)
    assert totp.last_used_at is not None


def test_a_new_clinician_sets_up_two_factor_authentication_before_anything_else(
    visit: Visit, demo: dict[str, Any], settings: Any
) -> None:
    from allauth.mfa.models import Authenticator

    settings.MFA_REQUIRED = True
    clinician = demo_user("clinician")
    v = visit()
    v.login(clinician.email, PASSWORD)
    v.sees("Confirm it is you")  # allauth asks for her password again before she sets it up
    v.page.get_by_label("Password").fill(PASSWORD)
    v.page.get_by_role("button", name="Continue").click()
    v.sees("Set up two-factor authentication")
    expect(v.page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    key = v.page.get_by_text(re.compile(r"^Key: ")).inner_text().removeprefix("Key: ").replace(" ", "")
    v.page.get_by_label("6-digit code").fill(totp_code(key))
    v.page.get_by_role("button", name="Turn on two-factor authentication").click()
    v.sees("Recovery codes")
    codes = v.page.locator("main .nhsuk-inset-text li").all_inner_texts()
    assert len(codes) == 10
    v.page.get_by_role("button", name="Continue to Alongside").click()
    v.sees("People")

    assert Authenticator.objects.filter(user=clinician, type=Authenticator.Type.TOTP).exists()
    recovery = Authenticator.objects.get(user=clinician, type=Authenticator.Type.RECOVERY_CODES)
    assert set(codes) == set(recovery.wrap().get_unused_codes())


def test_a_clinician_refers_a_mother(visit: Visit, demo: dict[str, Any]) -> None:
    clinician = demo_user("clinician")
    v = visit()
    v.login(clinician.email, PASSWORD)
    v.sees("People")
    open_from_header(v, "Refer someone")
    v.sees("Refer someone to peer support")

    page = v.page
    page.get_by_label("First name").fill("Layla")
    page.get_by_label("Last name").fill("Osei")
    page.get_by_label("Baby's date of birth (if born)").fill(
        (timezone.localdate() - dt.timedelta(days=40)).isoformat()
    )
    page.get_by_label("NHS number (optional)").fill("943 476 5919")
    page.get_by_label("Postcode (optional)").fill("b11 7pu")
    page.get_by_label("Ethnic category").select_option(label="Black or Black British - African")
    page.get_by_label("Childcare").check()
    page.get_by_label("Referred by a clinician").check()
    page.get_by_label("What would she like from peer support?").fill("Someone to talk to who has been there")
    page.get_by_role("button", name="Refer to peer support").click()
    # She forgot to record consent: told so, and nothing is saved.
    v.sees("Refer someone to peer support")
    expect(page.get_by_role("alert")).to_contain_text("Peer support needs her agreement")
    assert not Person.objects.filter(given_name="Layla", family_name="Osei").exists()

    page.get_by_label("She agrees to be referred to peer support").check()
    page.get_by_role("button", name="Refer to peer support").click()
    v.sees("Layla Osei")
    expect(page.get_by_text("Layla Osei has been referred to peer support")).to_be_visible()

    person = Person.objects.get(given_name="Layla", family_name="Osei")
    assert person.nhs_number == "9434765919" and person.postcode == "B11 7PU"
    assert [need.label for need in person.needs.all()] == ["Childcare"]
    support = PeerSupport.objects.get(person=person)
    assert support.status == Status.REFERRED and support.referred_by == clinician
    assert support.reason == "Someone to talk to who has been there"
    assert person.consents.get().given_on == timezone.localdate()


def test_a_coordinator_allocates_the_longest_waiting_referral_to_a_peer_worker(
    visit: Visit, demo: dict[str, Any]
) -> None:
    coordinator = demo_user("coordinator")
    v = visit()
    v.login(coordinator.email, PASSWORD)
    v.sees("Dashboard")
    open_from_header(v, "Referrals")
    v.sees("Referrals waiting for a peer worker")
    first = v.page.get_by_role("row").nth(1)
    name = first.get_by_role("cell").first.inner_text().strip().removeprefix("Name").strip()
    first.get_by_role("link", name=re.compile("^Allocate")).click()
    v.sees(f"Allocate a peer worker to {name}")
    v.page.get_by_label(re.compile(r"Hannah Brooks, \d+ people")).check()
    v.page.get_by_role("button", name="Allocate").click()
    v.sees("Referrals waiting for a peer worker")
    expect(v.page.get_by_text(f"Peer support for {name} has been allocated")).to_be_visible()

    allocation = Allocation.objects.get(peer_support__person__given_name=name.split()[0], ended_on=None)
    assert allocation.peer_worker == demo_user("peerworker") and allocation.allocated_by == coordinator
    assert allocation.peer_support.status == Status.ALLOCATED


def test_a_peer_worker_logs_a_contact_on_a_phone(visit: Visit, demo: dict[str, Any]) -> None:
    peer_worker = demo_user("peerworker")
    v = visit(viewport=PHONE)
    v.login(peer_worker.email, PASSWORD)
    v.sees("Today")
    assert v.overflows() <= 0
    first = v.page.get_by_role("link", name=re.compile(r": log a contact$")).first
    name = first.inner_text().split(":")[0].strip()
    first.tap()
    v.sees(f"Log a contact with {name}")
    assert v.overflows() <= 0
    v.page.get_by_label("Home visit").check()
    v.page.get_by_label("How long (minutes)").fill("45")
    v.page.get_by_label("Short note (optional)").fill("Walked to the park together")
    v.page.get_by_role("button", name="Save contact").tap()
    v.sees("Today")
    expect(v.page.get_by_text(f"Contact with {name} saved")).to_be_visible()

    contact = Contact.objects.filter(peer_worker=peer_worker).latest("pk")
    assert contact.peer_support.person.name == name
    assert (contact.mode, contact.duration_minutes, contact.successful) == ("home", 45, True)
    assert contact.note == "Walked to the park together"


def test_a_peer_worker_takes_a_group_register_on_a_phone(visit: Visit, demo: dict[str, Any]) -> None:
    peer_worker = demo_user("peerworker")
    now = timezone.localtime().replace(second=0, microsecond=0)
    midnight = now.replace(hour=0, minute=0)
    session = GroupSession.objects.create(  # the coffee morning she ran earlier today
        service=peer_worker.memberships.get().service,
        kind="coffee_morning",
        title="Thursday coffee morning",
        starts_at=now - min(dt.timedelta(hours=1), now - midnight),
        duration_minutes=90,
        mode="community",
        led_by=peer_worker,
    )
    v = visit(viewport=PHONE)
    v.login(peer_worker.email, PASSWORD)
    v.sees("Today")
    open_from_header(v, "Groups")
    v.sees("Groups")
    assert v.overflows() <= 0
    v.page.get_by_role("link", name="Thursday coffee morning").tap()
    v.sees("Register for Thursday coffee morning")
    assert v.overflows() <= 0
    boxes = v.page.get_by_role("group", name="Who came").get_by_role("checkbox")
    came = [boxes.nth(0), boxes.nth(1)]
    names = [v.page.locator(f"label[for='{box.get_attribute('id')}']").inner_text().strip() for box in came]
    for box in came:
        box.check()
    v.page.get_by_role("button", name="Save register").tap()
    v.sees("Groups")
    expect(v.page.get_by_text("Register saved: 2 came to Thursday coffee morning")).to_be_visible()

    session.refresh_from_db()
    assert session.register_taken
    attended = session.attendances.all()
    assert sorted(c.peer_support.person.name for c in attended) == sorted(names)
    assert all(c.peer_worker == peer_worker and c.duration_minutes == 90 for c in attended)


def test_a_coordinator_reads_her_dashboard_and_opens_someone_gone_quiet(
    visit: Visit, demo: dict[str, Any]
) -> None:
    coordinator = demo_user("coordinator")
    service = coordinator.memberships.get().service
    today = timezone.localdate()
    v = visit()
    v.login(coordinator.email, PASSWORD)
    v.sees(f"Dashboard: {service.name}")
    waiting = metrics.unallocated_referrals(service).count()
    quiet = metrics.without_recent_contact(service, today).count()
    deferred = metrics.deferred_by_clinical_team(service).count()
    for figure in [
        f"Waiting for a peer worker: {waiting}",
        f"No successful contact for {service.no_contact_days} days: {quiet}",
        f"Deferred by the clinical team: {deferred}",
    ]:
        expect(v.page.get_by_role("heading", name=figure)).to_be_visible()
    caseload = {
        row.membership.user.get_full_name(): row.caseload for row in metrics.caseload_by_peer_worker(service)
    }
    hannah = v.page.get_by_role("row", name=re.compile("Hannah Brooks"))
    expect(hannah).to_contain_text(str(caseload["Hannah Brooks"]))

    someone = v.page.get_by_role("table", name=re.compile("Longest first")).get_by_role("link").first
    name = someone.inner_text()
    someone.click()
    v.sees(name)
    person = Person.objects.get(pk=int(v.page.url.rstrip("/").split("/")[-1]))
    assert person.name == name
    assert AuditLog.objects.filter(actor=coordinator, person_id=person.pk, action="view").exists()
