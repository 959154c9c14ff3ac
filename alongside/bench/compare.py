"""The two side-by-side measures of issue 12: the app's lists against Django admin's changelist over
the same rows, and the report's figures against hand-written SQL giving the same numbers."""

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import connection
from django.http import HttpRequest
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from alongside.bench.admin_site import Scope, bench_site
from alongside.bench.raw_figures import FIGURES, raw_figures, report_values
from alongside.bench.subjects import Subjects
from alongside.bench.timing import Measured, measure, timed
from alongside.organisations.models import Membership
from alongside.people.models import Person
from alongside.reports import figures
from alongside.support import metrics

T = TypeVar("T")


@dataclass(frozen=True)
class ListPair:
    label: str
    app: Measured
    admin: Measured
    floor: Measured  # the cheapest page the same user can ask for: what every page costs before its own work

    @property
    def ratio(self) -> float | None:
        if not (self.app.ok and self.admin.ok):
            return None
        return self.app.p50_ms / self.admin.p50_ms

    def own_ms(self, side: Measured) -> float | None:
        """A side's time above the floor: its own queries and rendering."""
        if not (side.ok and self.floor.ok):
            return None
        return max(side.p50_ms - self.floor.p50_ms, 0.0)


def lists_against_admin(
    client: Client, membership: Membership, subjects: Subjects, repeat: int
) -> list[ListPair]:
    """The people list, and her contacts on her record, against the bench admin's changelists of the
    same rows, both asked for by the same user (`membership`, signed in as `client`) in the same run,
    beside the floor: the about page, which does nothing but what every page does (session, MFA,
    the signed-in header, the audit of nothing)."""
    bench_site.scope = Scope(
        service_id=subjects.service.pk, person_id=subjects.person.pk if subjects.person else 0
    )
    pairs = []
    with override_settings(ROOT_URLCONF="alongside.bench.urls"):
        floor = measure(client, reverse("about"), repeat)
        people = reverse("people:list"), reverse("bench_admin:people_person_changelist")
        asking = HttpRequest()
        asking.membership = membership  # type: ignore[attr-defined]
        rows = bench_site.get_model_admin(Person).get_queryset(asking).count()
        pairs.append(
            ListPair(
                f"people list, 50 a page of {rows:,} with open support",
                measure(client, people[0], repeat),
                measure(client, people[1], repeat),
                floor,
            )
        )
        if subjects.person is not None:
            theirs = reverse("people:contacts", args=[subjects.person.pk])
            contacts = reverse("bench_admin:support_contact_changelist")
            pairs.append(
                ListPair(
                    "her contacts, newest first (the app's page of all her contacts)",
                    measure(client, theirs, repeat),
                    measure(client, contacts, repeat),
                    floor,
                )
            )
    return pairs


@dataclass(frozen=True)
class Step:
    label: str
    seconds: list[float]
    queries: int

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.seconds) * 1000


@dataclass(frozen=True)
class FiguresAgainstSQL:
    build: Step  # alongside.reports.figures.build: the whole report
    activity: Step  # alongside.support.metrics.activity: the same figures as the SQL, through the ORM
    raw: Step
    report: dict[str, int | None]
    sql: dict[str, int]

    @property
    def agree(self) -> bool:
        return all(self.report[name] == self.sql[name] for name in FIGURES)


def _step(label: str, run: Callable[[], T], repeat: int) -> tuple[Step, T]:
    """Its queries counted on a first call, which also warms up (as for pages), then timed."""
    with CaptureQueriesContext(connection) as captured:
        result = run()
    return Step(label, timed(run, repeat), len(captured)), result


def figures_against_sql(subjects: Subjects, repeat: int) -> FiguresAgainstSQL:
    service, start, end = subjects.service, subjects.start, subjects.end
    build, report = _step(
        "figures.build(), the whole report", lambda: figures.build(service, start, end), repeat
    )
    activity, _ = _step(
        "metrics.activity(), the same figures but support ended, by the ORM",
        lambda: metrics.activity(service, start, end),
        repeat,
    )
    raw, sql = _step(
        "raw SQL, the figures below, one statement", lambda: raw_figures(service, start, end), repeat
    )
    return FiguresAgainstSQL(build, activity, raw, report_values(report), sql.values)
