"""Returns exported from two deployments and imported into a third give the figures one deployment
computes from its own records (a "Done means" of issue 15).

The demo's three services (two ICBs in two regions, with people, peer support, contacts, groups,
grid reviews and standings) and one more, in a third ICB, with a team and no activity, so that the
counts are a mix of zeros, hidden counts and shown ones. First, as one multi-service deployment:
returns made here without a file, and the national picture read. Then, as two deployments would,
each exports its own services' returns, one as JSON and one as CSV; the third deployment has no
services of its own and no returns until it imports both files. Its picture must be the same.
"""

from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from alongside.demo.builder import build
from alongside.national import figures, returns
from alongside.national.models import PerinatalService, Return
from alongside.organisations.models import Role, Service
from alongside.tests.demo_once import shared_demo
from conftest import make_member

pytestmark = pytest.mark.django_db

QUARTERS = 4


def build_demo() -> None:
    build(people=40)


demo_module, demo = shared_demo(build_demo)


def a_quiet_service() -> PerinatalService:
    """A registered service in an ICB the demo's services are not in, using Alongside with a team
    of two peer workers and nothing else: zeros, and a hidden headcount."""
    demo_icbs = Service.objects.values_list("icb", flat=True)
    ps = PerinatalService.objects.exclude(icb__in=demo_icbs).filter(service__isnull=True).order_by("code")[0]
    trust = Service.objects.order_by("pk")[0].trust
    quiet = Service.objects.create(
        name=ps.name, kind=Service.Kind.COMMUNITY_PERINATAL, trust=trust, icb=ps.icb
    )
    make_member(quiet, Role.PEER_WORKER, "quietpeer1")
    make_member(quiet, Role.PEER_WORKER, "quietpeer2")
    ps.service = quiet
    ps.save()
    return ps


def everything(picture: figures.Picture) -> dict[str, Any]:
    """Every figure the national pages show, from the picture, in plain values."""
    areas = [picture.england, *(r for r, _ in picture.regions), *picture.icbs]
    return {
        "areas": {(a.kind, a.code): a for a in areas},
        "coverage": {(a.code, key): a.coverage(key).text() for a in areas for key, *_ in figures.COVERAGE},
        "texts": {(a.code, key): span.text() for a in areas for key, span in a.counts.items()},
        "services": {
            line.ps.code: (
                line.peer_support,
                line.counts,
                line.setup,
                line.grid,
                line.recommendations,
                line.version,
            )
            for line in picture.services
        },
        "trend": picture.trend,
        "rankings": {
            key: [
                (r.area.code, r.value, r.interval, r.best, r.worst)
                for r in figures.ranking(picture.icbs, key)[0]
            ]
            for key, *_ in figures.COVERAGE
        },
        "setup": figures.setup_table(picture.services),
        "grid": figures.grid_table(picture.services),
        "recommendations": figures.recommendations_table(picture.services),
        "received": picture.returns_received,
        "population_year": picture.population_year,
    }


def test_returns_from_two_deployments_give_the_figures_one_deployment_computes(demo: None) -> None:
    quiet = a_quiet_service()
    latest = returns.last_complete_quarter(timezone.localdate())
    quarters = returns.quarters_back(latest, QUARTERS)
    Return.objects.all().delete()  # the demo's own, made before the quiet service joined

    # (a) One deployment: returns made and kept here, without a file.
    made = returns.make_here(quarters)
    assert all(r.ok and len(r.new) == 4 for r in made)
    one = {q: everything(figures.picture(q)) for q in quarters}
    the_world_is_a_mix(one[latest], quiet)

    # (b) Two deployments export, as JSON and as CSV; a third imports both files.
    registrations = returns.registrations_here()
    first = [ps for ps in registrations if ps.icb.region.name != "North West"]
    second = [ps for ps in registrations if ps.icb.region.name == "North West"]
    assert first and second and quiet in first
    files: list[tuple[str, bytes]] = []
    for q in quarters:
        with override_settings(ALONGSIDE_DEPLOYMENT="Midlands Alongside"):
            files.append((f"midlands-{q}.json", returns.to_json(returns.make(first, q)).encode()))
        with override_settings(ALONGSIDE_DEPLOYMENT="North West Alongside"):
            files.append((f"north-west-{q}.csv", returns.to_csv(returns.make(second, q)).encode()))
    Return.objects.all().delete()
    PerinatalService.objects.update(service=None)  # the national deployment runs no service itself
    assert returns.registrations_here() == [] and figures.picture(latest).returns_received == 0

    for name, data in files:
        received = returns.receive(returns.parse(data), source=name)
        assert received.ok, received.problems
    assert set(Return.objects.values_list("deployment", flat=True)) == {
        "Midlands Alongside",
        "North West Alongside",
    }

    for q in quarters:
        three = everything(figures.picture(q))
        for part, figures_one in one[q].items():
            assert three[part] == figures_one, f"{q}: {part} differs"


def the_world_is_a_mix(seen: dict[str, Any], quiet: PerinatalService) -> None:
    """The comparison means something: zeros, hidden and shown counts, three ICBs with returns."""
    values = [v for _, counts, *_ in seen["services"].values() if counts for v in counts.values()]
    assert 0 in values and returns.HIDDEN in values and any(isinstance(v, int) and v >= 8 for v in values)
    returning = [a for (kind, _), a in seen["areas"].items() if kind == "icb" and a.returning]
    assert len(returning) == 3
    assert seen["services"][quiet.code][1]["one_to_one_contacts"] == 0
    assert any(line[3] for line in seen["services"].values())  # a grid review
    assert any(line[4] for line in seen["services"].values())  # standings
    assert any(" to " in text for text in seen["texts"].values())  # a total with hidden parts
