"""The national picture in a real browser, on the demo with its returns: a national reviewer on
her phone opens the overview, reads the map's data table, and drills down region, ICB, service;
a commissioner on hers sees her ICB against its region and England. axe finds nothing on any
page, and nothing is wider than the phone."""

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.staff import DOMAIN
from alongside.national import figures
from alongside.national.models import Return
from alongside.national.returns import make_here, quarters_back
from alongside.organisations.models import Membership
from alongside.tests.browser.browsing import PHONE, Visitor

pytestmark = pytest.mark.browser


def signed_in(visit: Callable[..., Visitor], who: str) -> Visitor:
    window = visit(viewport=PHONE, name=who)
    window.login_as(User.objects.get(email=f"{who}@{DOMAIN}"))
    return window


@pytest.fixture
def returned(demo: dict[str, Any]) -> None:
    """The demo's services' returns (made here if the demo has not made them already)."""
    if not Return.objects.exists():
        make_here(quarters_back(figures.latest_quarter(timezone.localdate()), 4))


def test_a_national_reviewer_drills_down_from_england_to_one_service_on_her_phone(
    visit: Callable[..., Visitor], returned: None
) -> None:
    window = signed_in(visit, "national")
    mine = Membership.objects.select_related("service__icb__region").get(user__email=f"national@{DOMAIN}")
    region, icb = mine.service.icb.region, mine.service.icb

    window.go(reverse("national:overview"))
    # Her header links here (on a phone, behind its "More" menu).
    assert window.page.locator(f'header a[href="{reverse("national:overview")}"]').count() == 1
    window.sees("The national picture: England")
    assert window.overflows() == 0
    window.screenshot("national-overview")
    # The map is an image with a name, and its figures are a table she can read.
    assert window.page.get_by_role("img", name="Map of ICBs").count() == 1
    map_table = window.page.get_by_role("table", name="The map's figures")
    assert map_table.get_by_role("row").count() == 43  # a header and 42 ICBs
    assert map_table.get_by_role("rowheader", name=icb.name).count() == 1

    window.page.get_by_role("table", name="Each region's services and counts").get_by_role(
        "link", name=region.name
    ).click()
    window.sees(region.name)
    assert window.overflows() == 0
    window.screenshot("national-region")

    window.page.get_by_role("table", name="The map's figures").get_by_role("link", name=icb.name).click()
    window.sees(icb.name)
    assert window.overflows() == 0
    window.screenshot("national-icb")

    window.page.get_by_role("table", name="Each registered service").get_by_role(
        "link", name=mine.service.name
    ).click()
    window.sees(mine.service.name)
    assert window.overflows() == 0
    assert "Its returns, by quarter" in window.page.content()
    window.screenshot("national-service")


def test_a_commissioner_sees_her_icb_against_england_on_her_phone(
    visit: Callable[..., Visitor], returned: None
) -> None:
    window = signed_in(visit, "commissioner")
    window.go(reverse("national:overview"))
    window.sees("Your ICB in England")
    assert window.overflows() == 0
    window.screenshot("national-commissioner")
