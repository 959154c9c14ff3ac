"""Forgot your password, in a real browser: from the link on the log in page to the code from her
authenticator app. Every page on the way is checked by axe-core (browsing.Visitor)."""

import re
from collections.abc import Callable
from typing import Any

import pytest

from alongside.accounts.models import User
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from alongside.tests.browser.browsing import PHONE, Visitor, give_totp

pytestmark = pytest.mark.browser

NEW_PASSWORD = "a-brand-new-password-42"


def a_coordinator() -> Any:
    icb = ICB.objects.create(name="NHS Test ICB", region=Region.objects.create(name="Test region"))
    trust = Organisation.objects.create(name="Test Trust", kind=Organisation.Kind.NHS_TRUST)
    service = Service.objects.create(
        name="Test Perinatal Team", kind=Service.Kind.COMMUNITY_PERINATAL, trust=trust, icb=icb
    )
    user = User.objects.create_user(
        username="claire", email="claire@test.example", password="an-old-forgotten-password"
    )
    Membership.objects.create(user=user, service=service, role=Role.COORDINATOR)
    return user


def test_she_resets_a_forgotten_password_on_her_phone_and_is_still_asked_for_her_code(
    visit: Callable[..., Visitor], site: str, settings: Any
) -> None:
    settings.MFA_REQUIRED = True
    user = a_coordinator()
    give_totp(user)
    v = visit(viewport=PHONE)
    v.go("/accounts/login/")
    v.page.get_by_role("link", name="Forgot your password?").click()
    v.sees("Reset your password")
    v.screenshot("password-reset")
    v.page.get_by_label("Email address").fill(user.email)
    v.page.get_by_role("button", name="Email me a link").click()
    v.sees("Check your email")

    body = OutboundEmail.objects.get(to=user.email).body
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+", body)
    assert link, body
    v.page.goto(link.group(0))
    v.sees("Set a new password")
    v.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    v.page.get_by_label("New password again").fill(NEW_PASSWORD + "typo")
    v.page.get_by_role("button", name="Set my new password").click()
    v.sees("Set a new password")  # the error summary says what is wrong; nothing changed
    v.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    v.page.get_by_label("New password again").fill(NEW_PASSWORD)
    v.page.get_by_role("button", name="Set my new password").click()
    v.sees("Your password is changed")

    v.page.get_by_role("link", name="Log in", exact=True).click()
    v.sees("Log in to Alongside")
    v.page.get_by_label("Email address").fill(user.email)
    v.page.get_by_label("Password").fill(NEW_PASSWORD)
    v.page.get_by_role("button", name="Log in").click()
    v.sees("Enter your security code")
    v.page.goto(link.group(0))
    v.sees("This link no longer works")
