"""The demo loads its fictional map of England through the importer, and it fits the demo's own
places: the same regions and ICBs (now with codes), and its three services linked. Twenty services
that do not use Alongside have an entered census that fits their peer support, and the demo's own
services have made their national returns for the last 8 quarters."""

import pytest
from django.db.models import Count
from django.utils import timezone

from alongside.demo.builder import build
from alongside.demo.national import CENSUS_SOURCE, RETURN_QUARTERS, SERVICES, census_day
from alongside.national import figures
from alongside.national.importer import import_services
from alongside.national.models import CensusEntry, ICBPopulation, PerinatalService, Return
from alongside.national.returns import MADE_HERE, last_complete_quarter, make_here, quarters_back
from alongside.organisations.models import ICB, Region, Service
from alongside.tests.demo_once import shared_demo

pytestmark = pytest.mark.django_db


def build_demo() -> None:
    build(people=40)


demo_module, demo = shared_demo(build_demo)


def test_the_demo_has_every_region_icb_and_service(demo: None) -> None:
    assert Region.objects.count() == 7
    assert ICB.objects.count() == 42
    assert not Region.objects.filter(code="").exists()
    assert not ICB.objects.filter(code="").exists()
    assert PerinatalService.objects.count() == 66
    assert PerinatalService.objects.filter(kind=PerinatalService.Kind.MBU).count() == 24
    # A perinatal service or two in every ICB.
    per_icb = ICB.objects.annotate(n=Count("perinatal_services")).values_list("n", flat=True)
    assert set(per_icb) == {1, 2}


def test_the_demos_own_services_are_linked_to_theirs(demo: None) -> None:
    for service in Service.objects.all():
        registered = PerinatalService.objects.get(service=service)
        assert registered.name == service.name
        assert registered.icb == service.icb
        assert registered.kind == (
            PerinatalService.Kind.MBU if service.kind == Service.Kind.MBU else PerinatalService.Kind.COMMUNITY
        )
    assert PerinatalService.objects.filter(service__isnull=False).count() == Service.objects.count() == 3


def test_peer_support_is_a_mix_including_none(demo: None) -> None:
    kinds = set(PerinatalService.objects.values_list("peer_support", flat=True))
    assert kinds == set(PerinatalService.PeerSupport.values)


def test_births_and_referrals_are_fictional_for_every_icb(demo: None) -> None:
    assert ICBPopulation.objects.count() == 84
    assert set(ICBPopulation.objects.values_list("source", flat=True)) == {"Fictional demo figures"}
    assert set(ICBPopulation.objects.values_list("year", flat=True)) == {2024, 2025}
    assert not ICBPopulation.objects.filter(births__isnull=True).exists()


def test_the_sample_says_it_is_fictional(demo: None) -> None:
    assert SERVICES.read_text().startswith("# FICTIONAL SAMPLE")


def test_importing_the_demo_file_again_changes_nothing(demo: None) -> None:
    report = import_services(SERVICES.read_bytes(), source=SERVICES.name)

    assert report.ok and not report.notes
    assert not report.created and not report.updated


def test_twenty_services_without_alongside_have_a_fictional_census(demo: None) -> None:
    entries = list(CensusEntry.objects.select_related("perinatal_service"))

    assert len(entries) == 20
    assert {e.source for e in entries} == {CENSUS_SOURCE} == {"Fictional demo survey, 2026"}
    assert {e.as_of for e in entries} == {census_day(timezone.localdate())}
    assert not [e for e in entries if e.perinatal_service.uses_alongside]
    assert not [
        e for e in entries if e.perinatal_service.peer_support == PerinatalService.PeerSupport.NOT_KNOWN
    ]


def test_each_census_fits_the_registers_peer_support(demo: None) -> None:
    for e in CensusEntry.objects.select_related("perinatal_service"):
        paid, volunteers = e.paid or 0, e.volunteers or 0
        support = e.perinatal_service.peer_support
        if support == PerinatalService.PeerSupport.ESTABLISHED:
            assert paid > 0, e
        elif support == PerinatalService.PeerSupport.INFORMAL:
            assert (paid, volunteers > 0) == (0, True), e
        else:
            assert support == PerinatalService.PeerSupport.NONE, e
            assert (paid, volunteers) == (0, 0), e


def test_the_census_answers_are_a_mix_small_numbers_included(demo: None) -> None:
    entries = list(CensusEntry.objects.all())

    def answers(field: str) -> set[object]:
        return {getattr(e, field) for e in entries}

    assert {"nhs", "third_sector", "both", "not_known"} <= answers("employed_by")
    assert {"alone", "team"} <= answers("works")
    assert {"own", "shared", "none"} <= answers("coordinator")
    assert {"yes", "no", "not_known"} <= answers("lived_experience_design")
    # Counts from 1 to 7, which the national pages must hide, and counts above.
    assert {1, 2, 3} & (answers("paid") | answers("volunteers"))
    assert max(e.paid or 0 for e in entries) > 7
    assert None in answers("hours_per_week") and len(answers("hours_per_week")) > 5
    assert len(answers("pay_bands") - {""}) >= 3
    assert len(answers("contract_lengths") - {""}) >= 3
    assert len(answers("supervision") - {""}) >= 2 and len(answers("training") - {""}) >= 2


def test_the_demos_services_made_returns_for_the_last_8_quarters(demo: None) -> None:
    quarters = quarters_back(last_complete_quarter(timezone.localdate()), RETURN_QUARTERS)
    returns = list(Return.objects.filter(current=True).select_related("perinatal_service"))

    assert {(r.perinatal_service.service_id is not None, r.source, r.version) for r in returns} == {
        (True, MADE_HERE, 1)
    }
    assert sorted({r.quarter for r in returns}, reverse=True) == quarters
    assert len(returns) == RETURN_QUARTERS * 3
    # Taken after the standings: the latest carry the fourteen recommendations.
    latest = [r for r in returns if r.quarter == quarters[0]]
    assert all(r.body["recommendations"] and len(r.body["recommendations"]["statuses"]) == 14 for r in latest)


def test_making_the_returns_again_changes_nothing(demo: None) -> None:
    quarters = quarters_back(last_complete_quarter(timezone.localdate()), RETURN_QUARTERS)

    received = make_here(quarters)

    assert [(r.ok, r.new) for r in received] == [(True, [])] * RETURN_QUARTERS
    assert Return.objects.count() == RETURN_QUARTERS * 3


def test_the_national_picture_shows_the_returns_and_the_entered_census(demo: None) -> None:
    picture = figures.picture(figures.latest_quarter(timezone.localdate()))

    assert picture.returns_received == 3
    assert picture.england.returning == 3
    entered = {line.ps.code: line for line in picture.services if line.setup and line.counts is None}
    assert len(entered) == 20
    assert {(line.setup or {}).get("source") for line in entered.values()} == {CENSUS_SOURCE}
    # The entered headcounts count towards England's; the small ones (1 to 7) only as a range.
    supporters = picture.england.count("peer_supporters")
    assert supporters.of == 3 + 20
    assert supporters.hidden >= 1 and " to " in supporters.text()
