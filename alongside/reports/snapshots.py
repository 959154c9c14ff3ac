"""Report snapshots (ADR 0030): the report's figures, built once and shared by every format.

A commissioner who opens the report and then downloads its PDF, spreadsheet and CSV files asks for
the same figures four times. The first request builds them (alongside.reports.figures, then
suppressed by alongside.reports.shown); the others read the snapshot, for as long as the data
behind it has not changed. A snapshot is keyed by service, period, the day it was made and the
service's data version, a fingerprint of the rows the report reads, taken in one query; a contact,
referral, allocation, group register, transition, goal rating, feedback form, story, change of
team or anything else written through Alongside by the service's staff changes it, and the next
request builds the report again.

What is kept is only what leaves the service anyway: every figure already suppressed, as text. The
chosen quotes are never kept: they are read at each request, so a withdrawn consent takes effect
at once (ADR 0017). Who may see a service's report is checked before a snapshot is looked up
(alongside.reports.views), and a snapshot holds nothing that depends on who asks.
"""

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.db.models import (
    Case,
    CharField,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.equity.models import PopulationShare
from alongside.organisations.models import Membership, Service
from alongside.outcomes.models import FeedbackResponse, GoalRating, GoalsDecision, Story, StoryConsent
from alongside.reports import figures
from alongside.reports.shown import ShownReport, ShownTable, shown
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, StatusChange
from alongside.transitions.models import Transition

# Part of every key: raise it whenever a figure's definition or ShownReport's shape changes, so a
# deploy never serves a snapshot made by the code before it.
FORMAT = 2  # 2: the equity area table counts small districts together
# The longest a snapshot is used. An edit that adds or removes no row (her ethnic category
# corrected) and is made by another service's staff (a contact after she moved there, which counts
# for continuity here) does not change the data version; it shows after this long at most.
MAX_AGE = dt.timedelta(minutes=10)
PREFIX = "report-snapshot"


def _count(expression: Any) -> Func:
    return Func(expression, function="COUNT", output_field=IntegerField())


def _fingerprint(qs: QuerySet[Any], *more: Func) -> Subquery:
    """One column of the data version's query: how many rows and the newest (an added row raises
    the newest, a removed one lowers the count), and any more aggregates given, as one text.
    Plain SQL functions (Func), not Django's aggregates, so that no GROUP BY is added."""
    parts: list[Any] = [_count(F("pk")), Func(F("pk"), function="MAX", output_field=IntegerField()), *more]
    joined = [x for part in parts for x in (part, Value(":"))][:-1]
    return Subquery(qs.order_by().values(v=Concat(*joined, output_field=CharField()))[:1])


def _count_where(**condition: Any) -> Func:
    return _count(Case(When(Q(**condition), then=Value(1)), output_field=IntegerField()))


def version_columns(service: Service) -> dict[str, Subquery]:
    """The rows the report reads for the service: each table as a count and its newest row."""
    pk = service.pk
    stories = Story.objects.filter(service_id=pk)
    writes = AuditLog.objects.filter(service_id=pk).exclude(action=AuditLog.Action.VIEW)
    return {
        "referrals": _fingerprint(PeerSupport.objects.filter(service_id=pk)),
        "status_changes": _fingerprint(StatusChange.objects.filter(peer_support__service_id=pk)),
        "allocations": _fingerprint(
            Allocation.objects.filter(peer_support__service_id=pk), _count(F("ended_on"))
        ),
        "contacts": _fingerprint(Contact.objects.filter(peer_support__service_id=pk)),
        "sessions": _fingerprint(
            GroupSession.objects.filter(service_id=pk), _count_where(register_taken=True)
        ),
        "transitions": _fingerprint(Transition.objects.filter(Q(from_service_id=pk) | Q(to_service_id=pk))),
        "ratings": _fingerprint(GoalRating.objects.filter(goal__peer_support__service_id=pk)),
        "decisions": _fingerprint(GoalsDecision.objects.filter(peer_support__service_id=pk)),
        "feedback": _fingerprint(FeedbackResponse.objects.filter(service_id=pk)),
        "stories": _fingerprint(stories),
        "consents": _fingerprint(StoryConsent.objects.filter(story__in=stories), _count(F("withdrawn_on"))),
        "team": _fingerprint(Membership.objects.filter(service_id=pk), _count_where(active=True)),
        "population": _fingerprint(
            PopulationShare.objects.filter(service_id=pk),
            Func(F("updated_at"), function="MAX", output_field=DateTimeField()),
        ),
        # Any other write by the service's staff (an edit to her record, a supervision, a setting).
        "latest_write": Subquery(writes.order_by("-pk").values("pk")[:1]),
    }


def data_version(service: Service) -> str:
    """A short fingerprint of the service's data, in one query: equal only while nothing the
    report reads has been added, removed or (through Alongside, by the service's staff) changed."""
    columns = {f"version_{name}": column for name, column in version_columns(service).items()}
    values: dict[str, Any] = dict(Service.objects.filter(pk=service.pk).values(**columns).get())
    text = ";".join(f"{name}={values[name]}" for name in sorted(values))
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def key(service: Service, start: dt.date, end: dt.date, today: dt.date, version: str) -> str:
    return (
        f"{PREFIX}:{FORMAT}:{service.pk}:{start.isoformat()}:{end.isoformat()}:{today.isoformat()}:{version}"
    )


def _stored(report: ShownReport) -> dict[str, Any]:
    """What is kept: the shown (suppressed) report as plain values, without its quotes."""
    return dataclasses.asdict(dataclasses.replace(report, quotes=[]))


def _restored(stored: dict[str, Any]) -> ShownReport:
    tables = [
        ShownTable(
            **{
                **t,
                "rows": [(label, list(values)) for label, values in t["rows"]],
                "total": None if t["total"] is None else (t["total"][0], list(t["total"][1])),
            }
        )
        for t in stored["tables"]
    ]
    return ShownReport(**{**stored, "tables": tables, "quotes": []})


def _quotes(service: Service, today: dt.date) -> list[tuple[str, str]]:
    """The chosen quotes whose consent is in force today, read afresh at every request."""
    return [(s.quote, s.get_teller_display()) for s in figures.quotes(service, today)]


def shown_report(service: Service, start: dt.date, end: dt.date) -> ShownReport:
    """The report as it may leave the service: from the snapshot when the data has not changed
    since it was made, otherwise built (and kept for the next request, in any format)."""
    today = timezone.localdate()
    snapshot_key = key(service, start, end, today, data_version(service))
    stored = cache.get(snapshot_key)
    if stored is not None:
        return dataclasses.replace(_restored(stored), quotes=_quotes(service, today))
    report = shown(figures.build(service, start, end))
    cache.set(snapshot_key, _stored(report), int(MAX_AGE.total_seconds()))
    return report
