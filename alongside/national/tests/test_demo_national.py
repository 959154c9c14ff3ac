"""The demo loads its fictional map of England through the importer, and it fits the demo's own
places: the same regions and ICBs (now with codes), and its three services linked."""

import pytest
from django.db.models import Count

from alongside.demo.builder import build
from alongside.demo.national import SERVICES
from alongside.national.importer import import_services
from alongside.national.models import ICBPopulation, PerinatalService
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
