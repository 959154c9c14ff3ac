"""The figures in the commissioner's report, as plain counts, gathered once for every format.

Each figure comes from the function that defines it (ADR 0004); this module only arranges them
into tables. Nothing here is suppressed yet: alongside.reports.shown does that, once, for all four
formats, so the HTML page, the PDF, the CSV and the XLSX cannot disagree.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE
from alongside.equity.metrics import Report as EquityReport
from alongside.equity.metrics import equity_report
from alongside.organisations.models import Role, Service
from alongside.outcomes import metrics as outcomes
from alongside.outcomes.models import Scope, Story
from alongside.support import metrics
from alongside.support.metrics import Figure
from alongside.support.models import EndReason, GroupKind, Mode, Status, StatusChange
from alongside.training import metrics as training
from alongside.transitions import metrics as transitions
from alongside.workforce import metrics as workforce


@dataclass(frozen=True)
class Derived:
    """A figure worked out from counts (a mean, a share): hidden whenever one of its counts is."""

    value: Decimal | None
    unit: str  # "%" or " points"
    bases: tuple[int, ...]


@dataclass(frozen=True)
class Suppressed:
    """A figure its defining function has already made fit to leave the service (a share that
    alongside.transitions.metrics.for_aggregates hides or rounds), shown as it is."""

    text: str


Value = int | Derived | Suppressed


@dataclass
class Row:
    label: str
    values: list[Value]


@dataclass
class Table:
    key: str
    title: str
    label: str  # heading of the first column
    columns: list[str]
    rows: list[Row]
    total: Row | None = None  # the rows add up to it: secondary suppression applies
    chart: bool = False
    note: str = ""


@dataclass
class Report:
    service: Service
    start: dt.date
    end: dt.date
    made_at: dt.datetime
    tables: list[Table] = field(default_factory=list)
    quotes: list[Story] = field(default_factory=list)
    equity: EquityReport | None = None  # suppressed already, by the equity view's own definitions


def share(part: int, whole: int) -> Derived:
    value = (Decimal(100) * part / whole).quantize(Decimal("1")) if whole else None
    return Derived(value, "%", (part, whole))


def _by(choices: list[tuple[str, str]], counts: dict[str, int]) -> tuple[list[Row], Row]:
    """One row per choice, and one for anything not among them, so the rows add up to the total."""
    rows = [Row(str(label), [counts.get(value, 0)]) for value, label in choices]
    other = sum(n for value, n in counts.items() if value not in dict(choices))
    if other:
        rows.append(Row("Not recorded", [other]))
    return rows, Row("Total", [sum(counts.values())])


def _reach(service: Service, start: dt.date, end: dt.date, a: metrics.Activity) -> list[Table]:
    endings = dict(
        StatusChange.objects.filter(
            peer_support__service=service, status=Status.ENDED, changed_on__range=(start, end)
        )
        .values("end_reason")
        .annotate(n=Count("peer_support", distinct=True))
        .values_list("end_reason", "n")
    )
    reach = Table(
        "reach",
        "Reach",
        "",
        ["People"],
        [
            Row(Figure.REFERRED, [a.referred]),
            Row(Figure.WITH_A_PEER_WORKER, [a.with_a_peer_worker]),
            Row(Figure.REACHED, [a.reached]),
            Row("Support ended", [sum(endings.values())]),
        ],
        chart=True,
        note=_meaning(Figure.REFERRED, Figure.WITH_A_PEER_WORKER, Figure.REACHED),
    )
    rows, total = _by(list(EndReason.choices), endings)
    ended = Table("ended", "Why support ended", "Reason", ["People"], rows, total)
    return [reach, ended]


def _meaning(*names: str) -> str:
    """What each figure counts, in the words every page uses (support.metrics.FIGURE_DEFINITIONS)."""
    return " ".join(f"{name}: {metrics.FIGURE_DEFINITIONS[name]}." for name in names)


def _contacts(service: Service, start: dt.date, end: dt.date, a: metrics.Activity) -> list[Table]:
    activity = Table(
        "activity",
        "Contacts and groups",
        "",
        ["Number"],
        [
            Row(Figure.ONE_TO_ONE_CONTACTS, [a.one_to_one_contacts]),
            Row(Figure.GROUP_SESSIONS, [a.group_sessions]),
            Row(Figure.GROUP_ATTENDANCES, [a.group_attendances]),
        ],
        note=_meaning(Figure.ONE_TO_ONE_CONTACTS, Figure.GROUP_SESSIONS, Figure.GROUP_ATTENDANCES),
    )
    hours = Table(
        "hours",
        "Hours of peer support",
        "",
        ["Hours"],
        [Row(Figure.HOURS_ONE_TO_ONE, [a.hours_one_to_one]), Row(Figure.HOURS_GROUPS, [a.hours_groups])],
        Row(Figure.HOURS, [a.hours]),
        note=_meaning(Figure.HOURS),
    )
    one_to_one = metrics.one_to_one_contacts(service, start, end)
    by_mode = dict(one_to_one.values("mode").annotate(n=Count("pk")).values_list("mode", "n"))
    rows, _ = _by(list(Mode.choices), by_mode)
    modes = Table(
        "modes",
        "One-to-one contacts by where or how they happened",
        "Where or how",
        ["Contacts"],
        rows,
        Row(Figure.ONE_TO_ONE_CONTACTS, [sum(by_mode.values())]),
        chart=True,
    )
    sessions = metrics.group_sessions_held(service, start, end)
    by_kind = dict(sessions.values("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    attended = dict(
        metrics.group_attendances(service, start, end)
        .values("group_session__kind")
        .annotate(n=Count("pk"))
        .values_list("group_session__kind", "n")
    )
    group_rows = [Row(str(label), [by_kind.get(k, 0), attended.get(k, 0)]) for k, label in GroupKind.choices]
    groups = Table(
        "groups",
        "Groups by kind",
        "Kind of group",
        [Figure.GROUP_SESSIONS, Figure.GROUP_ATTENDANCES],
        group_rows,
        Row("Total", [sum(by_kind.values()), sum(attended.values())]),
    )
    return [activity, hours, modes, groups]


def _workforce(service: Service, end: dt.date) -> list[Table]:
    team = workforce.team_workforce(service, end)
    roles = [(role, str(Role(role).label)) for role in PEER_SUPPORT_WORKFORCE]
    headcount = Table(
        "workforce",
        "The peer support workforce, by employment",
        "Employment",
        [label for _, label in roles],
        [Row(row.employment, [row.by_role.get(role, 0) for role, _ in roles]) for row in team.headcount],
        Row("Total", [sum(row.by_role.get(role, 0) for row in team.headcount) for role, _ in roles]),
    )
    bands = Table(
        "bands",
        "Pay (Agenda for Change bands in force at the end of the period)",
        "Band",
        ["Paid staff"],
        [
            Row(f"Band {band.code} (£{band.annual_from:,} to £{band.annual_to:,})", [n])
            for band, n in team.bands
        ],
    )
    role = Table(
        "role",
        "Role, pay and role drift",
        "",
        ["People"],
        [
            Row("Paid peer support roles below band 3", [len(team.below_band)]),
            Row("Paid, with no band recorded", [len(team.paid_without_band)]),
            Row(f"Time on other duties above {team.threshold}% of their hours", [len(team.drifting)]),
            Row("Role description not yet revised by her at induction", [len(team.not_revised)]),
        ],
    )
    gaps = training.team_gaps(service, end)
    trained = training.up_to_date(gaps)
    _, awareness = training.staff_awareness(service)
    supervised = team.supervision
    upkeep = Table(
        "upkeep",
        "Training and supervision",
        "",
        ["People", "Of", "Share"],
        [
            Row(
                "Peer workers with NHS and peer supervision up to date",
                [supervised.up_to_date, supervised.of, share(supervised.up_to_date, supervised.of)],
            ),
            Row(
                "Peer workers with all their training up to date",
                [trained, len(gaps), share(trained, len(gaps))],
            ),
            Row(
                "Clinical staff who attended the session on the peer worker role",
                [awareness.attended, awareness.of, share(awareness.attended, awareness.of)],
            ),
        ],
    )
    return [headcount, bands, role, upkeep]


def _continuity(service: Service, start: dt.date, end: dt.date) -> list[Table]:
    # The counts only: no row of anyone's transition is read for the report.
    result = transitions.continuity_by_service([service], start=start, end=end)[service.pk]
    return [
        Table(
            "continuity",
            f"Continuity at discharge and transfer (a contact within {result.days} days)",
            "",
            ["People"],
            [
                Row("Peer support continued", [result.continued]),
                Row("Peer support lapsed", [result.lapsed]),
                Row(Figure.TRANSITIONS, [result.decided]),
                Row(f"Still within the {result.days} days", [result.waiting]),
                # The share as the service summary shows it: one rule for hiding and rounding it.
                Row(Figure.KEPT_SUPPORT, [Suppressed(transitions.for_aggregates(result)[1])]),
            ],
        )
    ]


def _outcomes(service: Service, start: dt.date, end: dt.date) -> list[Table]:
    g = outcomes.service_goal_summary(service, start, end)
    mean = Derived(g.mean_change, " points", (g.goals_rated_twice,))
    goals = Table(
        "goals",
        "Goals (set only where she and her peer worker agreed they would help)",
        "",
        ["Number"],
        [
            Row("People asked whether goals would help", [g.people_asked]),
            Row("People who chose not to set goals", [g.people_declined]),
            Row("People with goals rated in the period", [g.people_with_goals]),
            Row("Goals rated at least twice", [g.goals_rated_twice]),
            Row("Mean change, 0 to 10 scale", [mean]),
            Row("Goals with a reliable improvement", [g.reliably_improved]),
            Row("Share with a reliable improvement", [share(g.reliably_improved, g.goals_rated_twice)]),
        ],
    )
    returned, items = outcomes.feedback_summary(service, start, end)
    forms = Table(
        "feedback_forms", "Feedback forms", "", ["Forms"], [Row("Feedback forms returned", [returned])]
    )
    feedback = Table(
        "feedback",
        "Feedback: has peer support helped with...",
        "",
        ["Answered", "Quite a lot or a lot", "Share"],
        [Row(i.label, [i.answered, i.helped, share(i.helped, i.answered)]) for i in items],
    )
    themes = Table(
        "themes",
        "Themes in stories",
        "Theme",
        ["Stories"],
        [Row(theme.label, [n]) for theme, n in outcomes.theme_counts(service, start, end)],
    )
    return [goals, forms, feedback, themes]


def quotes(service: Service, on: dt.date) -> list[Story]:
    """The quotes the co-ordinator chose, less any whose consent for reports is not in force today."""
    chosen = Story.objects.filter(report_choice__service=service)
    return list(outcomes.consented(chosen, Scope.COMMISSIONERS, on).order_by("report_choice__chosen_at"))


def build(service: Service, start: dt.date, end: dt.date, *, extra: list[Table] | None = None) -> Report:
    made_at = timezone.now()
    report = Report(service, start, end, made_at)
    shared = metrics.activity(service, start, end)
    report.tables = [
        *_reach(service, start, end, shared),
        *_contacts(service, start, end, shared),
        *_continuity(service, start, end),
        *_workforce(service, end),
        *_outcomes(service, start, end),
        *(extra or []),
    ]
    report.equity = equity_report(service, start, end)
    report.quotes = quotes(service, timezone.localdate(made_at))
    return report
