"""The live evidence beside each row of the grid: figures the service's own pages already show.

Each figure is computed by the very function its page uses, for the same period, and worded as
that page words it, so the grid and the page never disagree (tests/test_grid_figures.py says so).
Each one is shown only to someone who may open the page it comes from (its permission), and links
there. A row's figures are listed by key in its Practice.evidence.

A figure has two forms (Figure): its words as the service's own team sees them, and the same
figure fit to leave the service (counts small-number suppressed, a share hidden whenever a count
it comes from is, nobody named), for those outside it. A rating keeps both, as they stood that
day (Rating.figures; stored_figures reads them back).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.urls import reverse

from alongside.accounts.rules import Perm
from alongside.equity import metrics as equity_metrics
from alongside.lib.suppression import hidden, suppress
from alongside.organisations.models import Membership, Service
from alongside.outcomes import metrics as outcomes_metrics
from alongside.support import metrics as support_metrics
from alongside.timetable import metrics as timetable_metrics
from alongside.training import metrics as training_metrics
from alongside.transitions import metrics as transitions_metrics
from alongside.wards import metrics as wards_metrics
from alongside.workforce import metrics as workforce_metrics
from alongside.workforce.models import SupervisionGuidance

HANDOVER_DAYS = 28  # as the handovers page and the dashboard count them
NOT_SHOWN = "share not shown"  # a share whose count or whole is hidden, outside the service


@dataclass(frozen=True)
class Figure:
    """One figure in its two forms.

    `text` is for the service's own team, as its page words it. `aggregate` is for those outside
    the service: counts through alongside.lib.suppression.suppress ("*" for 1 to SUPPRESS_MAX,
    rounded), a share hidden whenever its count or its whole is, naming no one. An empty
    `aggregate` means "not shown outside the service" (a figure kept before it had one)."""

    key: str  # the Evidence key ("" for a figure kept as words only)
    text: str
    aggregate: str

    def as_json(self) -> dict[str, str]:
        return {"key": self.key, "text": self.text, "aggregate": self.aggregate}

    def __str__(self) -> str:
        return self.text


def stored_figures(raw: Any) -> list[Figure]:
    """Rating.figures as Figures: dicts as saved now, and plain strings as saved before (words
    only, not shown outside the service)."""
    found = []
    for item in raw or []:
        if isinstance(item, dict):
            found.append(
                Figure(str(item.get("key", "")), str(item.get("text", "")), str(item.get("aggregate", "")))
            )
        elif isinstance(item, str):
            found.append(Figure("", item, ""))
    return found


class Sources:
    """The service's figures, each computed once however many rows show it."""

    def __init__(self, service: Service, today: dt.date) -> None:
        self.service = service
        self.today = today

    @cached_property
    def last_12_months(self) -> tuple[dt.date, dt.date]:
        return support_metrics.last_12_months(self.today)  # the same 12 months as every page

    @cached_property
    def handovers(self) -> wards_metrics.Compliance:
        start = self.today - dt.timedelta(days=HANDOVER_DAYS)
        return wards_metrics.handover_compliance(self.service, start, self.today)[0]

    @cached_property
    def supervision(self) -> workforce_metrics.Share:
        return workforce_metrics.team_supervision(self.service, self.today)[1]

    @cached_property
    def staff_awareness(self) -> training_metrics.Share:
        return training_metrics.staff_awareness(self.service)[1]

    @cached_property
    def workforce(self) -> workforce_metrics.Workforce:
        return workforce_metrics.team_workforce(self.service, self.today)

    @cached_property
    def fathers_waiting(self) -> int:
        return support_metrics.fathers_and_partners_waiting(self.service).count()

    @cached_property
    def continuity(self) -> transitions_metrics.Continuity:
        """As the Transitions page and the dashboard count it, for the last 12 months: the counts
        only (continuity_by_service reads nobody's row; its test holds it to continuity())."""
        start, end = self.last_12_months
        found = transitions_metrics.continuity_by_service(
            [self.service], start=start, end=end, today=self.today
        )
        return found[self.service.pk]

    @cached_property
    def training(self) -> list[training_metrics.GapRow]:
        return training_metrics.team_gaps(self.service, self.today)

    @cached_property
    def equity(self) -> equity_metrics.Report:
        start, end = self.last_12_months  # the equity page's default period
        return equity_metrics.equity_report(self.service, start, end)

    @cached_property
    def goals(self) -> outcomes_metrics.GoalSummary:
        start, end = self.last_12_months  # the report's default period
        return outcomes_metrics.service_goal_summary(self.service, start, end)

    @cached_property
    def accredited(self) -> training_metrics.AccreditedShare:
        return training_metrics.accredited_share(self.service, self.today)

    @cached_property
    def development(self) -> training_metrics.DevelopmentShare:
        return training_metrics.development_share(self.service, self.today)

    @cached_property
    def cover(self) -> workforce_metrics.Cover:
        return workforce_metrics.coordinator_cover(self.service, self.today)

    @cached_property
    def guidance(self) -> SupervisionGuidance | None:
        return workforce_metrics.supervision_guidance(self.service, self.today)

    @cached_property
    def involvement(self) -> int:
        start, end = self.last_12_months
        return workforce_metrics.involvement_count(self.service, start, end)

    @cached_property
    def offers(self) -> list[Membership]:
        """Those who keep a timetable, with what each offers: the rows of the Timetables page."""
        return list(timetable_metrics.team(self.service))


# Shares and counts, in both forms ------------------------------------------------------------


def _percent(n: int, of: int) -> int:
    return round(100 * n / of)


def _share(key: str, n: int, of: int, who: str, what: str, none: str) -> Figure:
    """ "5 of 7 peer workers (71%) have …", as the workforce and training pages say it; outside
    the service, "* of 10 peer workers (share not shown) have …"."""
    if not of:
        return Figure(key, none, none)
    shown = NOT_SHOWN if hidden(n) or hidden(of) else f"{_percent(n, of)}%"
    return Figure(
        key,
        f"{n} of {of} {who} ({_percent(n, of)}%) {what}",
        f"{suppress(n)} of {suppress(of)} {who} ({shown}) {what}",
    )


def _count(key: str, label: str, n: int) -> Figure:
    """ "Paid below band 3: 2", as the workforce overview says it; outside the service "…: *"."""
    return Figure(key, f"{label}: {n}", f"{label}: {suppress(n)}")


def _same(key: str, words: str) -> Figure:
    """Words with no count of people in them: the same inside the service and out."""
    return Figure(key, words, words)


# The figures ----------------------------------------------------------------------------------


def _handovers(s: Sources) -> Figure:
    if not s.service.has_wards:
        return _same("handovers", "No ward at this service: handovers are for ward shifts")
    c = s.handovers
    if c.percent is None:
        return _same("handovers", f"No shifts in the last {HANDOVER_DAYS} days")
    what = "shifts had both an arrival briefing and a departure debrief"
    shown = NOT_SHOWN if hidden(c.with_both) or hidden(c.shifts) else f"{c.percent}%"
    return Figure(
        "handovers", f"{c.percent}% of {c.shifts} {what}", f"{shown} of {suppress(c.shifts)} {what}"
    )


def _supervision(s: Sources) -> Figure:
    share = s.supervision
    what = "have both NHS and peer supervision up to date"
    return _share("dual_supervision", share.up_to_date, share.of, "peer workers", what, "No peer workers yet")


def _staff_awareness(s: Sources) -> Figure:
    share = s.staff_awareness
    what = "have attended the session on the peer worker role"
    return _share(
        "staff_awareness", share.attended, share.of, "clinical staff", what, "No clinical staff recorded"
    )


def _below_band(s: Sources) -> Figure:
    return _count("below_band", "Paid below band 3", len(s.workforce.below_band))


def _drift(s: Sources) -> Figure:
    return _count("drift", f"Role drift above {s.workforce.threshold}%", len(s.workforce.drifting))


def _not_revised(s: Sources) -> Figure:
    return _count("not_revised", "Role descriptions not revised at induction", len(s.workforce.not_revised))


def _fathers(s: Sources) -> Figure:
    n = s.fathers_waiting
    one = n == 1
    words = f"father{'' if one else 's'} or partner{'' if one else 's'} waiting for a peer worker"
    return Figure(
        "fathers_waiting", f"{n} {words}", f"{suppress(n)} fathers or partners waiting for a peer worker"
    )


def _continuity(s: Sources) -> Figure:
    """In the words of transitions/_continuity.jinja (the Transitions page and the dashboard);
    outside the service, as transitions.metrics.for_aggregates hides and rounds it."""
    c = s.continuity
    if c.percent is None:
        return _same(
            "continuity",
            f"Nobody discharged or transferred in the last 12 months has reached {c.days} days yet.",
        )
    kept = "kept their peer support after a discharge or transfer in the last 12 months"
    count, share = transitions_metrics.for_aggregates(c)
    outside = f"{share} {kept}" if share not in ("", "*") else f"{kept.capitalize()}: {NOT_SHOWN}"
    return Figure(
        "continuity",
        f"{c.percent}% {kept}: {c.continued} of {c.decided} had a successful contact within {c.days} days.",
        f"{outside} (of {count} whose outcome is known).",
    )


def _training(s: Sources) -> Figure:
    """As the commissioner's report words it, from the rows of the training page (team_gaps):
    a peer worker with nothing still to do and no renewal due is up to date."""
    rows = s.training
    done = training_metrics.up_to_date(rows)
    what = "have all their training up to date"
    return _share("training", done, len(rows), "peer workers", what, "No peer workers yet")


def _equity(s: Sources) -> Figure:
    """The groups the equity page marks under-represented among people reached (its
    counts suppressed already, for everyone), against the local population."""
    report = s.equity
    if not any(t.sources for t in report.tables):
        return _same(
            "equity", "No local population figures given yet: nothing to compare who is reached with"
        )
    n = sum(1 for t in report.tables for row in t.rows if row.cells["reached"].under)
    return _same(
        "equity",
        f"{n} group{'' if n == 1 else 's'} under-represented among people reached in the last 12 months,"
        " against the local population",
    )


def _goals_asked(s: Sources) -> Figure:
    """As the report's goals table words it: goals are set only by agreement, so who was asked
    and who chose not to set any."""
    g = s.goals
    asked, declined = "People asked whether goals would help", "people who chose not to set goals"
    return Figure(
        "goals_asked",
        f"{asked}: {g.people_asked}; {declined}: {g.people_declined}",
        f"{asked}: {suppress(g.people_asked)}; {declined}: {suppress(g.people_declined)}",
    )


def _goals_improved(s: Sources) -> Figure:
    g = s.goals
    what = "showed a reliable improvement"
    return _share(
        "goals_improved",
        g.reliably_improved,
        g.goals_rated_twice,
        "goals rated at least twice",
        what,
        "No goals rated twice in the last 12 months",
    )


def _forms_of_support(s: Sources) -> Figure:
    """Of those who keep a timetable, how many have chosen what they offer (the Timetables page:
    "Not chosen yet" for the rest)."""
    rows = s.offers
    chosen = timetable_metrics.chosen_count(rows)
    return _share(
        "forms_of_support",
        chosen,
        len(rows),
        "peer workers, co-ordinators and volunteers",
        "have chosen the forms of support they offer",
        "Nobody in this service keeps a timetable yet",
    )


def _accredited(s: Sources) -> Figure:
    a = s.accredited
    return _share(
        "accredited", a.accredited, a.of, "peer workers", "have accredited training.", "No peer workers yet"
    )


def _development(s: Sources) -> Figure:
    """As the training page says it: counts only, for each record is hers alone."""
    d = s.development
    if not d.of:
        return _same("development", "No peer workers yet")
    if d.too_few:
        return _same("development", d.too_few_words)
    what = "added to their own development record in the last 12 months"
    text = _share("development", d.with_development, d.of, "peer workers", what, "")
    met = "met peer workers of other teams face to face."
    return Figure(
        "development",
        f"{text.text}; {d.face_to_face} {met}",
        f"{text.aggregate}; {suppress(d.face_to_face)} {met}",
    )


def _cover(s: Sources) -> Figure:
    """As the co-ordinator cover page says it (names a service, never a person)."""
    return _same("coordinator_cover", f"Co-ordinator: {s.cover.label}.")


def _guidance(s: Sources) -> Figure:
    """The supervision guidance in force, as its page sets it out (without who co-produced it:
    no figure names anyone)."""
    g = s.guidance
    if g is None:
        return _same(
            "supervision_guidance",
            "No guidance is in force yet: supervision is judged against the service's settings.",
        )
    return _same(
        "supervision_guidance",
        f"Supervision guidance agreed on {g.agreed_on:%-d %B %Y}: NHS supervision every"
        f" {g.nhs_supervision_days} days, peer supervision every {g.peer_supervision_days} days",
    )


def _involvement(s: Sources) -> Figure:
    """The occasions in the involvement log (its page, "Involvement in service design") in the
    last 12 months: how mothers with lived experience and peer workers shaped the service."""
    return _count(
        "involvement", "Involvement in service design recorded in the last 12 months", s.involvement
    )


def _everywhere(service: Service) -> bool:
    return True


def _on_wards(service: Service) -> bool:
    return service.has_wards


def _no_args(service: Service) -> tuple[int, ...]:
    return ()


def _of_service(service: Service) -> tuple[int, ...]:
    return (service.pk,)


@dataclass(frozen=True)
class Evidence:
    key: str
    perm: Perm  # the permission of the page it comes from: who may see it here too
    page: str  # that page's URL name
    figure: Callable[[Sources], Figure]
    applies: Callable[[Service], bool] = _everywhere  # where it does not, its words say so, unlinked
    args: Callable[[Service], tuple[int, ...]] = _no_args  # the page's address, for a service

    def href(self, service: Service) -> str:
        """The page it comes from, for this service."""
        return reverse(self.page, args=self.args(service))


EVIDENCE: dict[str, Evidence] = {
    e.key: e
    for e in (
        Evidence("handovers", Perm.VIEW_HANDOVERS, "wards:handovers", _handovers, _on_wards),
        Evidence("dual_supervision", Perm.MANAGE_TEAM, "workforce:team", _supervision),
        Evidence("staff_awareness", Perm.MANAGE_TEAM, "training:team", _staff_awareness),
        Evidence("below_band", Perm.MANAGE_TEAM, "workforce:overview", _below_band),
        Evidence("drift", Perm.MANAGE_TEAM, "workforce:overview", _drift),
        Evidence("not_revised", Perm.MANAGE_TEAM, "workforce:overview", _not_revised),
        Evidence("fathers_waiting", Perm.MANAGE_PARTNERS, "partners:fathers", _fathers),
        Evidence("continuity", Perm.VIEW_TRANSITIONS, "transitions:list", _continuity),
        Evidence("training", Perm.MANAGE_TEAM, "training:team", _training),
        Evidence("equity", Perm.VIEW_EQUITY, "equity:report", _equity),
        Evidence("goals_asked", Perm.VIEW_REPORTS, "reports:report", _goals_asked, args=_of_service),
        Evidence("goals_improved", Perm.VIEW_REPORTS, "reports:report", _goals_improved, args=_of_service),
        Evidence("forms_of_support", Perm.MANAGE_TEAM, "timetable:team", _forms_of_support),
        Evidence("accredited", Perm.MANAGE_TEAM, "training:team", _accredited),
        Evidence("development", Perm.MANAGE_TEAM, "training:team", _development),
        Evidence("coordinator_cover", Perm.MANAGE_TEAM, "workforce:coordinator", _cover),
        Evidence("supervision_guidance", Perm.VIEW_PEOPLE, "workforce:guidance", _guidance),
        Evidence("involvement", Perm.VIEW_PEOPLE, "workforce:involvement", _involvement),
    )
}
