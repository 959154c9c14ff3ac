"""`alongside bench` end to end on a small database: a line for every page, both comparisons, the
figures agreeing with raw SQL; a clear refusal on an empty database; and its admin site kept apart
from the real one."""

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from alongside.bench.admin_site import CLOSED, bench_site
from alongside.bench.pages import pages_for
from alongside.bench.subjects import pick
from alongside.bench.timing import measure, percentile
from alongside.organisations.models import Membership
from alongside.people.models import Person
from alongside.support import services
from alongside.support.models import Contact, GroupKind, Mode


@pytest.fixture
def small(
    allocated: Any,
    peer_worker: Membership,
    coordinator: Membership,
    clinician: Membership,
    manager: Membership,
    commissioner: Membership,
    national_reviewer: Membership,
) -> Any:
    """One service with every role, a mother in a peer worker's caseload with contacts (one that
    failed), and a group session with its register taken."""
    now = timezone.now()
    for days, successful in ((3, True), (10, False), (40, True)):
        services.contact_log(
            actor=peer_worker.user,
            membership=peer_worker,
            peer_support=allocated,
            occurred_at=now - dt.timedelta(days=days),
            duration_minutes=45,
            mode=Mode.PHONE,
            successful=successful,
        )
    session = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        title="Coffee morning",
        kind=GroupKind.COFFEE_MORNING,
        starts_at=now - dt.timedelta(days=5),
        duration_minutes=90,
    )
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=[allocated]
    )
    return allocated


def run(*args: str) -> str:
    out = StringIO()
    call_command("bench", "--repeat", "1", "--repeat-files", "1", *args, stdout=out)
    return out.getvalue()


@override_settings(MFA_REQUIRED=True)
def test_it_prints_a_line_for_every_page_and_both_comparisons(small: Any) -> None:
    """Signed in as real users are, with TOTP; the authenticators it added are gone afterwards."""
    output = run("--size", "tiny")
    assert "MFA required" in output and not Authenticator.objects.exists()
    subjects = pick(timezone.localdate())
    assert subjects is not None and subjects.person == small.person
    lines = output.splitlines()
    for page in pages_for(subjects):
        found = [line for line in lines if page.role_label in line and f" {page.label} " in line]
        assert found, f"no line for {page.role_label}, {page.label}"
        figures = found[0].split()[-4:]  # p50, p95, queries, KB
        assert found[0].startswith("tiny "), found[0]
        assert all(float(value) >= 0 for value in figures), found[0]
    assert {p.label for p in pages_for(subjects)} >= {"Today", "Her record", "Report, PDF", "Summary"}
    assert output.count("app/admin ") == 2 and output.count("above the floor (") == 2
    people = (
        Person.objects.filter(peer_supports__service=subjects.service)
        .exclude(peer_supports__status__in=CLOSED)
        .distinct()
        .count()
    )
    assert people > 0 and f"50 a page of {people:,} with open support" in output  # the list's rows, not 0
    assert "all agree: yes" in output
    assert "One-to-one contacts" in output and "Group attendances" in output


def test_the_raw_sql_counts_what_the_report_counts(small: Any) -> None:
    output = run("--only", "figures")
    rows = {line.split("  ")[1].strip(): line.split() for line in output.splitlines() if line.endswith("yes")}
    assert rows["One-to-one contacts"][-3:] == ["2", "2", "yes"]  # the failed attempt and the group not
    assert rows["Group attendances"][-3:] == ["1", "1", "yes"]


def test_a_redirect_is_reported_by_its_status_never_timed(small: Any) -> None:
    measured = measure(Client(), reverse("home:today"), repeat=3)
    assert measured.status == 302 and not measured.ok and measured.seconds == []
    assert "status 302 to /accounts/login/" in measured.problem()


def test_it_refuses_an_empty_database_and_says_how_to_fill_it(db: Any) -> None:
    with pytest.raises(CommandError, match=r"no services.*alongside generate --size service"):
        run()


def test_the_bench_admin_site_is_not_the_real_admin() -> None:
    assert bench_site is not admin.site
    assert Person in bench_site._registry and Contact in bench_site._registry
    assert Person not in admin.site._registry and Contact not in admin.site._registry
    with pytest.raises(Resolver404):
        resolve("/bench-admin/people/person/")  # the app's own URLs never mount it


def test_percentiles_interpolate_between_ranks() -> None:
    assert percentile([0.1], 0.95) == 0.1
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.5) == 3.0
    assert percentile([1.0, 2.0, 3.0, 4.0, 5.0], 0.95) == pytest.approx(4.8)
