"""Every figure on the recommendations page is the figure of the page it comes from, counted by
the same function for the same day and worded as that page words it, and shown only to those who
may open that page (on the demo's services). The demo's attestations: one out of date."""

import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.rules import has_perm
from alongside.demo.builder import build
from alongside.organisations.models import Membership, Role, Service
from alongside.recommendations.measures import RECOMMENDATIONS, Sources, Status, measure, measures_for
from alongside.recommendations.models import Attestation
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


def page_of(membership: Membership, name: str) -> str:
    return html.unescape(client_for(membership).get(reverse(name)).content.decode())


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def on_its_page(number: int, words: str, page: str, s: Sources) -> bool:
    """Whether the source page shows the figure, in its own words."""
    if number in (7, 13):  # the workforce page's summary list: the label, then the count
        label, n = words.rsplit(": ", 1)
        return bool(re.search(rf"{re.escape(label)}\s*</dt>\s*<dd[^>]*>\s*{n}\s*<", page))
    if number == 9:
        value = words.split(": ", 1)[1]
        return bool(re.search(rf"Co-ordinator\s*</dt>\s*<dd[^>]*>\s*{re.escape(value)}\s*<", page))
    if number == 4:  # each partner by name, as the partners page lists them
        return all(name in page for name in s.partners)
    if number == 12:  # a "Co-produced" tag for each co-produced vacancy
        tags = re.findall(r"nhsuk-tag--green\">\s*Co-produced\s*<", page)
        return len(tags) == int(words.split(" ", 1)[0])
    if number == 10:
        waiting, supporting = words.split("; ")
        return waiting in flat(page) and supporting in flat(page)
    if number == 3:
        return words.split(". ")[0].split(" (")[0] in flat(page)
    return words in flat(page)


@pytest.mark.parametrize("wards", [True, False])
def test_each_figure_is_the_figure_of_its_own_page(demo: None, wards: bool) -> None:
    coordinator = member(Role.COORDINATOR, wards=wards)
    sources = Sources(coordinator.service, timezone.localdate())
    mine = flat(page_of(coordinator, "recommendations:service"))
    checked = 0
    for r in RECOMMENDATIONS:
        if r.compute is None or r.perm is None or not has_perm(coordinator.role, r.perm):
            continue
        result = measure(r, sources)
        assert result.measured is not None
        assert flat(result.words) in mine, r.number
        if result.status in (Status.DOES_NOT_APPLY, Status.NOT_KNOWN):
            continue  # nothing counted: the page says so in its own way
        assert r.page is not None
        assert on_its_page(r.number, result.words, page_of(coordinator, r.page), sources), r.number
        checked += 1
    assert checked >= 7


def test_a_figure_from_a_page_she_may_not_open_is_withheld(demo: None) -> None:
    peer = member(Role.PEER_WORKER, wards=False)
    sources = Sources(peer.service, timezone.localdate())
    mine = flat(page_of(peer, "recommendations:service"))
    for number in (1, 2, 3, 7, 13):
        assert flat(measure(RECOMMENDATIONS[number - 1], sources).words) not in mine
    assert "shown to those who may open the page it comes from" in mine


def test_the_demo_attests_five_eight_and_fourteen_with_one_out_of_date(demo: None) -> None:
    mbu = member(Role.COORDINATOR, wards=True)
    mine = flat(page_of(mbu, "recommendations:service"))
    assert "Out of date" in mine and "attest again" in mine
    results = {r.number: measure(r, Sources(mbu.service, timezone.localdate())) for r in RECOMMENDATIONS}
    assert results[8].stale and results[8].status == Status.NOT_KNOWN
    assert not results[5].stale and results[5].status == Status.PARTLY


def test_the_rollup_and_a_services_aggregate_page_open_for_a_commissioner(demo: None) -> None:
    commissioner = Membership.objects.filter(role=Role.COMMISSIONER).select_related("service").first()
    assert commissioner is not None
    rollup = page_of(commissioner, "recommendations:rollup")
    assert "Services meeting it" in rollup and "By region and ICB" in rollup
    url = reverse("recommendations:service_aggregate", args=[commissioner.service_id])
    page = html.unescape(client_for(commissioner).get(url).content.decode())
    assert "Each recommendation at" in page


def test_the_national_rollup_counts_each_service_by_its_own_measure(demo: None) -> None:
    """Services meeting each recommendation, as the roll-up says, are the services whose own
    measure says met: the same function, not a second count."""
    reviewer = Membership.objects.filter(role=Role.NATIONAL_REVIEWER).select_related("service").first()
    assert reviewer is not None
    rollup = flat(page_of(reviewer, "recommendations:rollup"))
    services = list(Service.objects.all())
    today = timezone.localdate()
    found = [measures_for(s, today) for s in services]
    for i, r in enumerate(RECOMMENDATIONS):
        statuses = [m.now[i].status for m in found]
        applies = sum(1 for s in statuses if s != Status.DOES_NOT_APPLY)
        met = sum(1 for s in statuses if s == Status.MET)
        said = (
            f"{met} of {applies} service{'' if applies == 1 else 's'}"
            if applies
            else "Applies to none of them"
        )
        row = re.search(rf"{r.number}\. {re.escape(r.title)}\s*</th>\s*<td[^>]*>([^<]*)<", rollup)
        assert row is not None and row.group(1).strip().startswith(said), r.number


def test_a_services_aggregate_page_names_no_one_and_shows_no_attestation_text(demo: None) -> None:
    commissioner = Membership.objects.filter(role=Role.COMMISSIONER).select_related("service").first()
    assert commissioner is not None
    url = reverse("recommendations:service_aggregate", args=[commissioner.service_id])
    page = html.unescape(client_for(commissioner).get(url).content.decode())
    staff = Membership.objects.filter(service=commissioner.service).select_related("user")
    named = [str(m.user) for m in staff if m.user.get_full_name() and str(m.user) in page]
    assert named == [str(commissioner.user)]  # only herself, in the header
    attested = Attestation.objects.filter(service=commissioner.service)
    assert attested.exists() and not any(a.evidence in page for a in attested)
