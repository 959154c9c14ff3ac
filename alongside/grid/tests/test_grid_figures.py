"""Every figure on the grid is the figure of the page it comes from, counted by the same function
for the same period, and shown only to those who may open that page (on the demo's services)."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.rules import Perm, has_perm
from alongside.demo.builder import build
from alongside.grid.evidence import EVIDENCE, Sources
from alongside.organisations.models import Membership, Role
from alongside.tests.demo_once import shared_demo
from conftest import client_for

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)


demo_module, demo = shared_demo(build_demo)


def member(role: str, *, wards: bool) -> Membership:
    """The first of the demo's memberships in that role, at a mother and baby unit or not."""
    found = Membership.objects.select_related("service").filter(role=role, active=True).order_by("pk")
    return next(m for m in found if m.service.has_wards == wards)


SOURCE_WORDS = {
    # How each source page words its figure, for the figures whose page words them differently.
    "below_band": r"Paid below band 3\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
    "drift": r"Role drift above \d+%\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
    "not_revised": r"Role descriptions not revised at induction\s*</dt>\s*<dd[^>]*>\s*{n}\s*<",
}


@pytest.mark.parametrize("wards", [True, False])
def test_each_figure_is_the_figure_of_its_own_page(demo: None, wards: bool) -> None:
    """Same function, same period, same words: the grid and the page it links to agree."""
    coordinator = member(Role.COORDINATOR, wards=wards)
    sources = Sources(coordinator.service, timezone.localdate())
    grid = html.unescape(client_for(coordinator).get(reverse("grid:grid")).content.decode())
    shown = 0
    for key, evidence in EVIDENCE.items():
        if not has_perm(coordinator.role, evidence.perm):
            continue
        words = evidence.figure(sources)
        assert words in grid, key
        page = html.unescape(client_for(coordinator).get(reverse(evidence.page)).content.decode())
        if key in SOURCE_WORDS:
            n = re.search(r"(\d+)$", words).group(1)  # type: ignore[union-attr]
            assert re.search(SOURCE_WORDS[key].format(n=n), page), key
        elif words.startswith("No "):
            continue  # nothing counted yet: the page says so in its own way
        else:
            assert words.split(" (")[0].split(" had ")[0] in page, key
        shown += 1
    assert shown >= 5


def test_a_figure_from_a_page_she_may_not_open_is_withheld(demo: None) -> None:
    peer = member(Role.PEER_WORKER, wards=False)
    sources = Sources(peer.service, timezone.localdate())
    grid = html.unescape(client_for(peer).get(reverse("grid:grid")).content.decode())
    assert not has_perm(peer.role, Perm.MANAGE_TEAM)
    assert EVIDENCE["dual_supervision"].figure(sources) not in grid
    assert "more figure" in grid and "shown to those who may open" in grid


def test_a_figure_that_does_not_apply_at_a_service_says_so_and_links_nowhere(demo: None) -> None:
    coordinator = member(Role.COORDINATOR, wards=False)
    grid = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "No ward at this service" in grid
    assert f'href="{reverse("wards:handovers")}"' not in grid
