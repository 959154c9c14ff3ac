"""The recommendations pages in a real browser, on the demo, at desktop and phone widths: axe
finds nothing, nothing is wider than the phone, and the attestation form works by keyboard-free
clicks as a co-ordinator would use it. (The sweep opens them too; this checks them on their own.)"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from alongside.accounts.models import User
from alongside.demo.staff import DOMAIN
from alongside.organisations.models import Membership
from alongside.recommendations.models import Attestation
from alongside.tests.browser.browsing import DESKTOP, PHONE, Visitor

pytestmark = pytest.mark.browser


def signed_in(visit: Callable[..., Visitor], who: str, viewport: Any) -> Visitor:
    window = visit(viewport=viewport, name=who)
    window.login_as(User.objects.get(email=f"{who}@{DOMAIN}"))
    return window


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_page_passes_axe_and_fits_the_phone(
    visit: Callable[..., Visitor], demo: dict[str, Any], viewport: Any
) -> None:
    coordinator = signed_in(visit, "coordinator", viewport)
    for url in (reverse("recommendations:service"), f"{reverse('recommendations:attest')}?number=14"):
        coordinator.go(url)  # and axe checks it
        assert coordinator.overflows() == 0, url
        coordinator.screenshot(f"recommendations-{url.strip('/').replace('/', '-').replace('?', '-')}")
    commissioner = signed_in(visit, "commissioner", viewport)
    mine = Membership.objects.get(user__email=f"commissioner@{DOMAIN}")
    for url in (
        reverse("recommendations:rollup"),
        reverse("recommendations:service_aggregate", args=[mine.service_id]),
    ):
        commissioner.go(url)
        assert commissioner.overflows() == 0, url
        commissioner.screenshot(f"recommendations-{url.strip('/').replace('/', '-')}")


def test_a_coordinator_attests_on_her_phone(visit: Callable[..., Visitor], demo: dict[str, Any]) -> None:
    window = signed_in(visit, "coordinator", PHONE)
    window.go(f"{reverse('recommendations:attest')}?number=14")
    window.page.get_by_label("Met", exact=True).check()
    window.page.get_by_label("Your evidence").fill(
        "The trust now funds peer workers' professional development."
    )
    window.page.get_by_role("button", name="Save").click()
    window.page.wait_for_url(re.compile(r".*/recommendations/$"))
    window.check()
    assert "Attested: recommendation 14" in window.page.content()
    assert Attestation.objects.filter(number=14, status="met").exists()
