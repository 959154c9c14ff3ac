"""Every page each role opens runs the same queries in a small world and in a bigger one.

The small world is one community team with a few dozen people; the bigger one is the Midlands'
15 services with several times the people, contacts and groups in each (both made by the national
generator, alongside/demo/generator.py, at a fraction of their real size). A page whose query
count grows with the rows it shows, or with the number of services, is an N+1 that national scale
(66 services, 350,000 people) would turn into seconds: this test names it. Both worlds get the
national register and 8 quarters of returns as the bench adds them (alongside/bench/national.py), so
the national pages, and their drill-down to a region, an ICB and a service, are counted too.
"""

import datetime as dt
from collections.abc import Iterator
from functools import partial
from typing import Any

import pytest
from django.db import connection
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from alongside.bench.national import prepare
from alongside.demo.generator import generate
from alongside.national.models import PerinatalService
from alongside.organisations.models import Membership, Role, Service
from alongside.support.models import CASELOAD_STATUSES, Allocation
from alongside.tests.demo_once import demo_transaction
from alongside.tests.url_walk import our_urls

TODAY = dt.date(2026, 12, 3)
ROLES = (
    Role.PEER_WORKER,
    Role.COORDINATOR,
    Role.CLINICIAN,
    Role.SERVICE_MANAGER,
    Role.COMMISSIONER,
    Role.NATIONAL_REVIEWER,
)
# Pages that take a record: the record each role would open first, found in the data.
RECORD_PAGES = ("people:detail", "support:detail")
# The national pages that take an area or a service: the first service's, found in the register.
NATIONAL_PAGES = ("national:region", "national:icb", "national:service")
# A download of a whole service writes an audit row for each person it carries, in INSERTs of as
# many rows as the database takes at once (about a hundred on SQLite): a bigger service costs a
# few more of those, never a query a row (alongside/exports/tests/test_exports.py counts the rest).
AUDITS_IN_BATCHES = {"exports:download": 3}


def _pages_without_arguments() -> list[str]:
    return [name for name, p in our_urls() if not p.pattern.converters]


def _first_case(membership: Membership) -> dict[str, int]:
    """Her busiest open case (a peer worker) or the service's (anyone else)."""
    allocations = Allocation.objects.filter(
        ended_on__isnull=True,
        peer_support__status__in=CASELOAD_STATUSES,
        peer_support__service=membership.service,
    )
    if membership.role == Role.PEER_WORKER:
        allocations = allocations.filter(peer_worker=membership.user)
    # A mother on her own in the record: one with a partner on record shows (and audits) him too,
    # a bounded difference that is not growth.
    allocations = allocations.annotate(family_size=Count("peer_support__person__family__members")).filter(
        family_size=1
    )
    allocation = allocations.select_related("peer_support").order_by("peer_support_id").first()
    assert allocation is not None, f"no open case for {membership}"
    return {"people:detail": allocation.peer_support.person_id, "support:detail": allocation.peer_support_id}


def _national_records(first: Service) -> dict[str, int | str]:
    ps = PerinatalService.objects.select_related("icb__region").get(service=first)
    codes = (ps.icb.region.code, ps.icb.code, ps.code)
    return dict(zip(NATIONAL_PAGES, codes, strict=True))


def _counts() -> dict[str, int]:
    """Query count of every page that answers 200, for the first service's first member of each role."""
    first = Service.objects.order_by("pk").first()
    found: dict[str, int] = {}
    for role in ROLES:
        members = Membership.objects.filter(service=first, role=role).order_by("user_id")
        if role == Role.PEER_WORKER:  # one with someone on her caseload
            members = members.filter(user__allocations__ended_on__isnull=True)
        membership = members.first()
        if membership is None and role in (Role.COMMISSIONER, Role.NATIONAL_REVIEWER):
            membership = Membership.objects.filter(role=role).order_by("user_id").first()
        assert membership is not None, role
        client = Client()
        client.force_login(membership.user)
        records: dict[str, int | str] = {}
        if role not in (Role.COMMISSIONER, Role.NATIONAL_REVIEWER):
            records = {**_first_case(membership)}
        elif role == Role.NATIONAL_REVIEWER and first is not None:
            records = _national_records(first)
        for name, url in _urls(records):
            # Django keeps the last 9,000 queries only: past that, every page would count 0.
            connection.queries_log.clear()
            with CaptureQueriesContext(connection) as queries:
                answer = client.get(url)
            if answer.status_code == 200:
                found[f"{name} as {role}"] = len(queries)
    return found


def _urls(records: dict[str, int | str]) -> Iterator[tuple[str, str]]:
    for name in _pages_without_arguments():
        yield name, reverse(name)
    for name, pk in records.items():
        try:
            yield name, reverse(name, args=[pk])
        except NoReverseMatch:
            continue


def _generate_and_register(size: str, scale: float) -> None:
    generate(size, scale=scale, today=TODAY, say=lambda _: None)
    prepare(TODAY)


def _world(size: str, scale: float) -> dict[str, int]:
    """Generate a world, count every page's queries in it, and roll it back."""
    with demo_transaction(partial(_generate_and_register, size, scale)):
        return _counts()


@pytest.mark.django_db
def test_every_page_of_every_role_runs_as_many_queries_in_a_bigger_world(settings: Any) -> None:
    small = _world("service", 0.004)
    big = _world("region", 0.015)
    assert len(small) > 40, sorted(small)
    national = {f"{name} as {Role.NATIONAL_REVIEWER}" for name in NATIONAL_PAGES}
    assert national | {f"national:overview as {Role.NATIONAL_REVIEWER}"} <= small.keys() & big.keys()
    grew = {
        page: (small[page], big[page])
        for page in small
        if page in big
        and not (0 <= big[page] - small[page] <= AUDITS_IN_BATCHES.get(page.split(" as ")[0], 0))
    }
    assert not grew, "\n".join(
        f"{page}: {a} queries in the small world, {b} in the big" for page, (a, b) in grew.items()
    )
