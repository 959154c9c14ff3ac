"""Principle 1 on the ward, in a real browser: arrival briefing, departure with a concern, and
the clinician's acknowledgement. Every page is checked by axe (browsing.Visitor)."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.demo.staff import PASSWORD
from alongside.organisations.models import Membership, Role, Service
from alongside.tests.browser.browsing import PHONE, Visitor
from alongside.tests.browser.test_journeys import demo_user, open_from_header
from alongside.wards.models import ArrivalBriefing, Escalation, Shift
from alongside.wellbeing.models import WellbeingCheckIn

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]


def ward_peer_worker() -> Any:
    """An MBU peer worker with no other role and no shift open."""
    mbu = Service.objects.get(kind=Service.Kind.MBU)
    single = [
        m.user
        for m in Membership.objects.filter(service=mbu, role=Role.PEER_WORKER).select_related("user")
        if m.user.memberships.count() == 1
    ]
    return next(u for u in single if not Shift.objects.filter(peer_worker=u, ended_at__isnull=True).exists())


def test_a_peer_worker_arrives_on_the_ward_and_the_nurse_briefs_her(
    visit: Visit, demo: dict[str, Any]
) -> None:
    worker = ward_peer_worker()
    v = visit(viewport=PHONE)
    v.login_as(worker)
    v.go("/safety/shifts/")
    v.sees("Ward shifts")
    v.page.get_by_role("button", name="Sign in for a shift").tap()
    v.sees("Ward shifts")
    expect(v.page.get_by_text("No arrival briefing yet")).to_be_visible()

    nurse = demo_user("wardnurse")
    n = visit()
    n.login(nurse.email, PASSWORD)
    n.sees("People")
    open_from_header(n, "Ward")
    n.sees("Peer workers on the ward")
    n.page.get_by_role("link", name=f"Give arrival briefing to {worker}").click()
    n.sees(f"Arrival briefing for {worker}")
    n.page.get_by_label("Any immediate risks or concerns (optional)").fill(
        "The nursery door alarm is being fixed"
    )
    first = n.page.locator("main fieldset").first
    mother = first.locator("legend").inner_text().strip()
    first.get_by_label("How she is").fill("Settling in, a bit tearful")
    first.get_by_label("Please do not approach her today").check()
    n.page.get_by_role("button", name="Save briefing").click()
    n.sees(f"Arrival briefing for {worker}")  # no reason given: told so, nothing saved
    expect(n.page.get_by_role("alert")).to_contain_text("Say why she should not approach this mother today")
    assert not ArrivalBriefing.objects.filter(
        shift__peer_worker=worker, shift__ended_at__isnull=True
    ).exists()
    n.page.locator("main fieldset").first.get_by_label("Why not today").fill(
        "Resting after a difficult night"
    )
    n.page.get_by_role("button", name="Save briefing").click()
    n.sees("Peer workers on the ward")

    briefing = ArrivalBriefing.objects.get(shift__peer_worker=worker, shift__ended_at__isnull=True)
    entry = briefing.entries.get(do_not_approach=True)
    assert (entry.person.name, entry.reason) == (mother, "Resting after a difficult night")
    assert briefing.given_by == nurse

    v.go("/safety/shifts/")
    expect(v.page.get_by_text("Resting after a difficult night")).to_be_visible()


def test_a_peer_worker_signs_out_with_a_concern_and_a_clinician_acknowledges_it(
    visit: Visit, demo: dict[str, Any]
) -> None:
    worker = ward_peer_worker()
    Shift.objects.create(
        peer_worker=worker, service=Service.objects.get(kind=Service.Kind.MBU), started_at=demo_now()
    )
    v = visit(viewport=PHONE)
    v.login_as(worker)
    v.go("/safety/shifts/")
    v.page.get_by_role("button", name="Sign out").tap()
    v.sees("Sign out: departure debrief")
    v.page.get_by_label("Any concern for a mother's or baby's safety").fill(
        "She said she feels unsafe at night"
    )
    about = v.page.get_by_label("Who is it about? (optional)")
    mother = about.locator("option").nth(1).inner_text()
    about.select_option(label=mother)
    v.page.get_by_label("Some of today stayed with me").check()
    v.page.get_by_label("I'd like someone to follow this up with me").check()
    v.page.get_by_role("button", name="Sign out").tap()
    v.sees("Ward shifts")

    escalation = Escalation.objects.get(raised_by=worker, concern="She said she feels unsafe at night")
    assert escalation.person is not None and escalation.person.name == mother
    assert escalation.acknowledged_at is None
    assert WellbeingCheckIn.objects.get(peer_worker=worker, shift=escalation.shift).would_like_follow_up

    nurse = demo_user("wardnurse")
    n = visit()
    n.login(nurse.email, PASSWORD)
    n.sees("People")
    n.page.get_by_role("link", name=re.compile(r"safety concerns? waiting for the clinical team")).click()
    n.sees("Safety concerns")
    row = n.page.get_by_role("row").filter(has_text="She said she feels unsafe at night")
    row.get_by_role("link", name=re.compile("^Acknowledge")).click()
    n.sees("Acknowledge a safety concern")
    n.page.get_by_label("What was done").fill("Her named nurse sat with her; night staff told")
    n.page.get_by_role("button", name="Acknowledge").click()
    n.sees("Safety concerns")
    expect(n.page.get_by_text("Concern acknowledged")).to_be_visible()

    escalation.refresh_from_db()
    assert escalation.acknowledged_by == nurse
    assert escalation.action_taken == "Her named nurse sat with her; night staff told"


def demo_now() -> Any:
    import datetime as dt

    from django.utils import timezone

    return timezone.now() - dt.timedelta(hours=3)
