"""The report's main figures by hand-written SQL, the yardstick for alongside.reports.figures (issue 12).

One statement, the same on SQLite and PostgreSQL, counts what alongside.support.metrics defines
(ADR 0019): people referred, with a peer worker and reached; one-to-one contacts and their hours;
group sessions held, their hours and attendances; and support ended, each as the report counts it.
Each figure is a one-row derived table, cross-joined, so the database answers in one round trip.
Table and column names come from the models' metadata; every value is a parameter.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from alongside.lib import dates
from alongside.organisations.models import Service
from alongside.reports.figures import Report
from alongside.support.metrics import Figure, hours
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, Status, StatusChange

SUPPORT_ENDED = "Support ended"  # the reach table's row (alongside/reports/figures.py, _reach)

# The figures compared, in the order printed.
FIGURES = (
    Figure.REFERRED,
    Figure.WITH_A_PEER_WORKER,
    Figure.REACHED,
    SUPPORT_ENDED,
    Figure.ONE_TO_ONE_CONTACTS,
    Figure.GROUP_SESSIONS,
    Figure.GROUP_ATTENDANCES,
    Figure.HOURS_ONE_TO_ONE,
    Figure.HOURS_GROUPS,
    Figure.HOURS,
)


def _t(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _c(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field) and field.column
    return connection.ops.quote_name(field.column)


def _sql() -> str:
    ps, al, co, gs, sc = _t(PeerSupport), _t(Allocation), _t(Contact), _t(GroupSession), _t(StatusChange)
    ps_id, ps_person, ps_service = (
        _c(PeerSupport, "id"),
        _c(PeerSupport, "person"),
        _c(PeerSupport, "service"),
    )
    co_ps, co_ok, co_at = _c(Contact, "peer_support"), _c(Contact, "successful"), _c(Contact, "occurred_at")
    co_gs, co_min = _c(Contact, "group_session"), _c(Contact, "duration_minutes")
    gs_id, gs_service, gs_at = (
        _c(GroupSession, "id"),
        _c(GroupSession, "service"),
        _c(GroupSession, "starts_at"),
    )
    gs_taken, gs_min = _c(GroupSession, "register_taken"), _c(GroupSession, "duration_minutes")
    al_ps, al_from, al_to = (
        _c(Allocation, "peer_support"),
        _c(Allocation, "started_on"),
        _c(Allocation, "ended_on"),
    )
    sc_ps, sc_status, sc_on = (
        _c(StatusChange, "peer_support"),
        _c(StatusChange, "status"),
        _c(StatusChange, "changed_on"),
    )
    sc_reason = _c(StatusChange, "end_reason")
    held = f"g.{gs_service} = %s AND g.{gs_taken} = %s AND g.{gs_at} >= %s AND g.{gs_at} < %s"
    return f"""
    SELECT referred.n, allocated.n, reached.n, ended.n, one.n, one.m, held.n, held.m, came.n
    FROM (SELECT COUNT(DISTINCT p.{ps_person}) AS n FROM {ps} p
          WHERE p.{ps_service} = %s AND p.{_c(PeerSupport, "referred_on")} BETWEEN %s AND %s) referred
    CROSS JOIN (SELECT COUNT(DISTINCT p.{ps_person}) AS n FROM {ps} p WHERE p.{ps_service} = %s
          AND EXISTS (SELECT 1 FROM {al} a WHERE a.{al_ps} = p.{ps_id} AND a.{al_from} <= %s
                      AND (a.{al_to} IS NULL OR a.{al_to} >= %s))) allocated
    CROSS JOIN (SELECT COUNT(DISTINCT p.{ps_person}) AS n FROM {ps} p WHERE p.{ps_service} = %s
          AND EXISTS (SELECT 1 FROM {co} c WHERE c.{co_ps} = p.{ps_id} AND c.{co_ok} = %s
                      AND c.{co_at} >= %s AND c.{co_at} < %s)) reached
    CROSS JOIN (SELECT COALESCE(SUM(x.n), 0) AS n FROM (
          SELECT COUNT(DISTINCT s.{sc_ps}) AS n FROM {sc} s JOIN {ps} p ON p.{ps_id} = s.{sc_ps}
          WHERE p.{ps_service} = %s AND s.{sc_status} = %s AND s.{sc_on} BETWEEN %s AND %s
          GROUP BY s.{sc_reason}) x) ended
    CROSS JOIN (SELECT COUNT(*) AS n, COALESCE(SUM(c.{co_min}), 0) AS m FROM {ps} p
          CROSS JOIN {co} c
          WHERE c.{co_ps} = p.{ps_id}
          AND p.{ps_service} = %s AND c.{co_ok} = %s AND c.{co_gs} IS NULL
          AND c.{co_at} >= %s AND c.{co_at} < %s) one
    CROSS JOIN (SELECT COUNT(*) AS n, COALESCE(SUM(g.{gs_min}), 0) AS m FROM {gs} g WHERE {held}) held
    CROSS JOIN (SELECT COUNT(*) AS n FROM {co} c JOIN {gs} g ON g.{gs_id} = c.{co_gs}
          WHERE c.{co_ok} = %s AND {held}) came
    """  # noqa: S608 (names from the models' metadata, every value a parameter)
    # `p CROSS JOIN c`: the service's cases first, then each one's contacts by index. SQLite keeps
    # a CROSS JOIN's order; left to itself it read every contact in the nation without a group
    # session (5 million) through the group-session index. PostgreSQL plans it as a plain join.


def _params(service: Service, start: dt.date, end: dt.date) -> list[Any]:
    ops = connection.ops
    day_from, day_to = ops.adapt_datefield_value(start), ops.adapt_datefield_value(end)
    since, until = (ops.adapt_datetimefield_value(t) for t in dates.days(start, end))
    pk = service.pk
    held = [pk, True, since, until]
    return [
        *[pk, day_from, day_to],
        *[pk, day_to, day_from],
        *[pk, True, since, until],
        *[pk, Status.ENDED.value, day_from, day_to],
        *[pk, True, since, until],
        *held,
        *[True, *held],
    ]


@dataclass(frozen=True)
class RawFigures:
    values: dict[str, int]


def raw_figures(service: Service, start: dt.date, end: dt.date) -> RawFigures:
    """The figures for the service and period (both dates included), in one SQL statement."""
    with connection.cursor() as cursor:
        cursor.execute(_sql(), _params(service, start, end))
        row = cursor.fetchone()
    referred, allocated, reached, ended, one_n, one_m, groups_n, groups_m, came = (int(v or 0) for v in row)
    one_hours, group_hours = hours(one_m), hours(groups_m)
    return RawFigures(
        {
            Figure.REFERRED: referred,
            Figure.WITH_A_PEER_WORKER: allocated,
            Figure.REACHED: reached,
            SUPPORT_ENDED: ended,
            Figure.ONE_TO_ONE_CONTACTS: one_n,
            Figure.GROUP_SESSIONS: groups_n,
            Figure.GROUP_ATTENDANCES: came,
            Figure.HOURS_ONE_TO_ONE: one_hours,
            Figure.HOURS_GROUPS: group_hours,
            Figure.HOURS: one_hours + group_hours,
        }
    )


def report_values(report: Report) -> dict[str, int | None]:
    """The same figures as the built report holds them (its first table row, or total, so named)."""
    found: dict[str, int | None] = {}
    for table in report.tables:
        for row in [*table.rows, *([table.total] if table.total else [])]:
            value = row.values[0] if row.values else None
            if row.label in FIGURES and row.label not in found and isinstance(value, int):
                found[row.label] = value
    return {name: found.get(name) for name in FIGURES}
