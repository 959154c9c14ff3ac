"""Principle 3 in a real browser, on a phone: a goal set with her peer worker and shown to her,
and a mother's own feedback from a one-time link with no login. Every page is checked by axe."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from alongside.organisations.models import Membership, Role
from alongside.outcomes.models import FeedbackResponse, Goal
from alongside.support import access as support_access
from alongside.support.models import CASELOAD_STATUSES
from alongside.tests.browser.browsing import PHONE, Visitor
from alongside.tests.browser.test_journeys import demo_user

pytestmark = pytest.mark.browser

Visit = Callable[..., Visitor]


def someone_she_supports() -> Any:
    worker = demo_user("peerworker")
    membership = Membership.objects.get(
        user=worker, role=Role.PEER_WORKER, service__kind="community_perinatal"
    )
    return worker, support_access.peer_supports_for_user(membership).filter(
        status__in=CASELOAD_STATUSES
    ).order_by("pk").first()


def test_a_goal_is_agreed_set_and_shown_to_her_on_the_phone(visit: Visit, demo: dict[str, Any]) -> None:
    worker, ps = someone_she_supports()
    v = visit(viewport=PHONE)
    v.login_as(worker)
    v.go(f"/peer-support/{ps.pk}/goals/")
    if not v.page.get_by_role("button", name="Set a goal").is_visible():
        if not v.page.get_by_label("We agreed goals would help").is_visible():
            v.page.get_by_text(re.compile("Change what you agreed|Record whether goals")).click()
        v.page.get_by_label("We agreed goals would help").check()
        v.page.get_by_role("button", name="Save").click()
        v.sees("Goals:")
    if v.page.get_by_role("button", name="Set a goal").is_visible():
        v.page.get_by_role("button", name="Set a goal").click()
        v.sees("Set a goal")
        v.page.get_by_role("button", name="Save goal").click()  # nothing filled in: told, nothing saved
        v.sees("Set a goal")
        expect(v.page.get_by_role("alert")).to_contain_text("Write the goal in her own words")
        v.page.get_by_label("Her goal, in her own words").fill("Take the pram to the library")
        v.page.get_by_label("3", exact=True).check()
        v.page.get_by_role("button", name="Save goal").click()
        v.sees("Goals:")
        assert Goal.objects.filter(peer_support=ps, wordings__text="Take the pram to the library").exists()
    v.page.get_by_role("button", name="Show her progress").click()
    v.sees("Your goals")
    expect(v.page.locator("svg").first).to_be_visible()


def test_a_mother_gives_feedback_from_a_one_time_link_without_logging_in(
    visit: Visit, demo: dict[str, Any]
) -> None:
    worker, ps = someone_she_supports()
    v = visit(viewport=PHONE)
    v.login_as(worker)
    v.go(f"/peer-support/{ps.pk}/feedback/")
    v.page.get_by_role("button", name="Make a one-time link").click()
    v.sees("Ask for feedback")
    link = v.page.locator(".alongside-break").inner_text().strip()
    before = FeedbackResponse.objects.count()

    mother = visit(viewport=PHONE)
    mother.go(link)
    mother.sees("How has peer support been for you?")
    assert ps.person.given_name not in mother.page.content()
    mother.page.get_by_role("group", name=re.compile("feeling heard")).get_by_label(
        "A lot", exact=True
    ).check()
    mother.page.get_by_role("group", name=re.compile("feeling less alone")).get_by_label(
        "Quite a lot"
    ).check()
    mother.page.get_by_label("Send this without my name").check()
    mother.page.get_by_role("button", name="Send").click()
    mother.sees("Thank you")
    assert FeedbackResponse.objects.count() == before + 1
    mother.go(link)
    mother.sees("This feedback link no longer works")
