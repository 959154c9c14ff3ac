"""Before timing, the bench adds what the generator does not make: the national register, linked to
the generated services, the standings and 8 quarters of returns (alongside/bench/national.py);
once, so a second run finds them there. The Midlands at a tiny scale stands in for England."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from alongside.bench.national import RETURN_QUARTERS, link_services, prepare
from alongside.demo.generator import generate
from alongside.national.models import PerinatalService, Return
from alongside.national.returns import last_complete_quarter, quarters_back
from alongside.organisations.models import Service
from alongside.recommendations.models import Standing

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def midlands(db: Any) -> None:
    generate("region", scale=0.004, today=TODAY, say=lambda _: None)


def test_it_registers_links_and_makes_returns_for_every_generated_service(midlands: None) -> None:
    steps = prepare(TODAY)

    assert [s.label for s in steps] == [
        "Register: import the services and births CSVs",
        "Register: link registered services to ours",
        "alongside standings (take_all)",
        f"Returns: make_here, {RETURN_QUARTERS} quarters",
    ]
    assert all(s.queries > 0 and s.seconds >= 0 for s in steps)
    assert PerinatalService.objects.count() == 66
    # Every one of the Midlands' 15, the one the demo names differently among them (by ICB and kind).
    assert not Service.objects.filter(registration__isnull=True).exists()
    birmingham = Service.objects.get(name="Birmingham and Solihull Community Perinatal Mental Health Team")
    assert birmingham.registration.code == "ZS001"
    assert all(
        ps.name == ps.service.name
        for ps in PerinatalService.objects.exclude(code="ZS001").filter(service__isnull=False)
    )
    assert Standing.objects.count() == 15
    quarters = quarters_back(last_complete_quarter(TODAY), RETURN_QUARTERS)
    assert Return.objects.filter(current=True).count() == 15 * RETURN_QUARTERS
    assert sorted(set(Return.objects.values_list("quarter", flat=True)), reverse=True) == quarters


def test_a_second_run_finds_it_all_there_and_does_nothing(midlands: None) -> None:
    prepare(TODAY)
    returns = Return.objects.count()

    assert prepare(TODAY) == []
    assert link_services() == 0
    assert Return.objects.count() == returns


def test_the_bench_prints_each_step_with_its_time_and_queries(midlands: None) -> None:
    out = StringIO()
    call_command("bench", "--repeat", "1", "--repeat-files", "1", "--only", "National", stdout=out)
    output = out.getvalue()

    assert "National data made before timing" in output
    assert "alongside standings (take_all): " in output and " queries (15 services)" in output
    assert f"{15 * RETURN_QUARTERS} returns kept for {RETURN_QUARTERS} quarters" in output
