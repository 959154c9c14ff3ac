"""Reminder digests (ADR 0049): what each person is told, made at most once a day, queued in the outbox.

`queue_due(now)` runs inside `alongside alerts` (alongside/reminders/jobs.py), before the waiting
emails are sent. For each person with an active role it takes the kinds of reminder she chose to
have today (every weekday, or on Monday), reads each from the figure that defines it (ADR 0004),
and queues one email for all her roles, or none when there is nothing to tell her.

An email says no more about a mother than her first name (her given name): never her family name,
NHS number, date of birth, postcode or anything clinical, and no free text anyone typed. Every
line links to the page behind the sign-in, by the absolute address of ALONGSIDE_SITE_URL. Each
mother it names is on her audit trail, as named to the person it went to.
"""

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from alongside.audit import services as audit
from alongside.grid import access as grid_access
from alongside.grid import metrics as grid_metrics
from alongside.lib import dates
from alongside.notifications.outbox import queue
from alongside.organisations.models import Membership, Role
from alongside.reminders.models import DEFAULT_FREQUENCY, KINDS_FOR_ROLE, Choice, Frequency, Kind, LastSent
from alongside.safety import metrics as safety_metrics
from alongside.support import access as support_access
from alongside.support import metrics as support_metrics
from alongside.training import metrics as training_metrics
from alongside.workforce import metrics as workforce_metrics

SHOWN = 10  # lines of one kind in an email; the rest are "and N more", on the page it links to
AUDIT_VIEW = "alongside alerts"  # what the audit rows came through: the job, not a page


@dataclass(frozen=True)
class Line:
    text: str
    href: str = ""  # an absolute address, or none when the section's own link is the page


@dataclass
class Section:
    """One kind of reminder, for one of her roles."""

    kind: Kind
    membership: Membership
    lines: list[Line]
    href: str  # the page with all of them
    more: int = 0  # how many were left out of the email
    people: list[Any] = field(default_factory=list)  # the mothers it names, for their trails

    @property
    def heading(self) -> str:
        return str(self.kind.label)


def site(name: str, *args: Any, anchor: str = "", query: str = "") -> str:
    """A page's absolute address: the deployment's own, never a request's (an email has none)."""
    path = reverse(name, args=args or None)
    return (
        f"{settings.ALONGSIDE_SITE_URL}{path}{'?' + query if query else ''}{'#' + anchor if anchor else ''}"
    )


def frequencies_due(today: dt.date) -> set[str]:
    """Daily digests go on weekdays, weekly ones on Monday; none at the weekend (ADR 0049)."""
    due = set()
    if today.weekday() < 5:
        due.add(Frequency.DAILY.value)
    if today.weekday() == 0:
        due.add(Frequency.WEEKLY.value)
    return due


def _day(day: dt.date | None) -> str:
    return dates.shown(day) if day else ""


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _cut(rows: list[Any], total: int) -> int:
    return max(total - len(rows), 0)


class _Figures:
    """The service-wide figures a run reads once a service, whoever of its staff they go to."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._team_supervision: dict[int, list[workforce_metrics.TeamRow]] = {}
        self._team_gaps: dict[int, list[training_metrics.GapRow]] = {}

    def team_supervision(self, m: Membership) -> list[workforce_metrics.TeamRow]:
        if m.service_id not in self._team_supervision:
            rows, _ = workforce_metrics.team_supervision(m.service, self.today)
            self._team_supervision[m.service_id] = [r for r in rows if not r.supervision.both_up_to_date]
        return self._team_supervision[m.service_id]

    def team_gaps(self, m: Membership) -> list[training_metrics.GapRow]:
        if m.service_id not in self._team_gaps:
            rows = training_metrics.team_gaps(m.service, self.today)
            self._team_gaps[m.service_id] = [r for r in rows if r.gaps.renewals]
        return self._team_gaps[m.service_id]


# --- Each kind, for each role that gets it. A manager gets a summary: how many, never who. -----


def _waiting(m: Membership, figures: _Figures) -> Section | None:
    today = figures.today
    waiting = support_metrics.waiting_too_long(m.service, today)
    days = support_metrics.referral_wait_days()
    if m.role == Role.SERVICE_MANAGER:
        n = waiting.count()
        text = (
            f"{_plural(n, 'referral has', 'referrals have')} waited more than {days} days for a peer worker."
        )
        return Section(Kind.WAITING_REFERRALS, m, [Line(text)], site("dashboard:coordinator")) if n else None
    rows = list(waiting[:SHOWN])
    if not rows:
        return None
    lines = [
        Line(
            f"{ps.person.given_name}, waiting {support_metrics.days_waiting(ps, today)} days",
            site("support:allocate", ps.pk),
        )
        for ps in rows
    ]
    more = _cut(rows, waiting.count())
    return Section(
        Kind.WAITING_REFERRALS, m, lines, site("support:unallocated"), more, [ps.person for ps in rows]
    )


def _deferrals(m: Membership, figures: _Figures) -> Section | None:
    passed = support_metrics.deferral_reviews_passed(m.service, figures.today)
    anchor = "deferred-by-the-clinical-team"
    if m.role == Role.SERVICE_MANAGER:
        n = passed.count()
        text = f"{_plural(n, 'deferral is', 'deferrals are')} past the date set for a review."
        href = site("dashboard:coordinator", anchor=anchor)
        return Section(Kind.DEFERRAL_REVIEWS, m, [Line(text)], href) if n else None
    rows = list(passed[:SHOWN])
    if not rows:
        return None
    lines = [
        Line(
            f"{ps.person.given_name}: review was due on {_day(ps.review_on)}",
            site("people:detail", ps.person_id),
        )
        for ps in rows
    ]
    href = (
        site("dashboard:coordinator", anchor=anchor)
        if m.role == Role.COORDINATOR
        else site("people:list", query="status=deferred")
    )
    return Section(
        Kind.DEFERRAL_REVIEWS, m, lines, href, _cut(rows, passed.count()), [ps.person for ps in rows]
    )


def _half(due: workforce_metrics.Due) -> str:
    label = str(due.label)
    if due.last_on is None:
        return f"{label}: none recorded yet"
    return f"{label} was due on {_day(due.due_on)}"


def _supervision(m: Membership, figures: _Figures) -> Section | None:
    if m.role == Role.PEER_WORKER:
        mine = workforce_metrics.supervision_for(m.service, [m.user_id], figures.today)[m.user_id]
        lines = [Line(_half(due)) for due in mine.halves if due.overdue]
        return Section(Kind.SUPERVISION, m, lines, site("workforce:mine")) if lines else None
    rows = figures.team_supervision(m)
    if not rows:
        return None
    if m.role == Role.SERVICE_MANAGER:
        text = f"{_plural(len(rows), 'peer worker is', 'peer workers are')} overdue for supervision."
        return Section(Kind.SUPERVISION, m, [Line(text)], site("workforce:team"))
    lines = [
        Line(f"{r.membership.user}: " + "; ".join(_half(d) for d in r.supervision.halves if d.overdue))
        for r in rows[:SHOWN]
    ]
    return Section(Kind.SUPERVISION, m, lines, site("workforce:team"), _cut(rows[:SHOWN], len(rows)))


def _renewal(r: training_metrics.Renewal) -> str:
    return (
        f"{r.module} renewal was due on {_day(r.due_on)}"
        if r.overdue
        else f"{r.module} renewal due by {_day(r.due_on)}"
    )


def _training(m: Membership, figures: _Figures) -> Section | None:
    if m.role == Role.PEER_WORKER:
        gaps = training_metrics.gaps_for([m.user_id], figures.today)[m.user_id]
        lines = [Line(_renewal(r)) for r in gaps.renewals]
        return Section(Kind.TRAINING, m, lines, site("training:mine")) if lines else None
    rows = figures.team_gaps(m)
    if not rows:
        return None
    if m.role == Role.SERVICE_MANAGER:
        text = (
            f"{_plural(len(rows), 'peer worker has', 'peer workers have')} training to renew soon or overdue."
        )
        return Section(Kind.TRAINING, m, [Line(text)], site("training:team"))
    lines = [
        Line(f"{r.membership.user}: " + "; ".join(_renewal(x) for x in r.gaps.renewals)) for r in rows[:SHOWN]
    ]
    return Section(Kind.TRAINING, m, lines, site("training:team"), _cut(rows[:SHOWN], len(rows)))


def _ground_rules(m: Membership, figures: _Figures) -> Section | None:
    """Hers, as her Today page lists them: her caseload and the groups she leads (support.access)."""
    mine = support_access.her_caseload(m)
    her_groups = support_access.groups_she_leads(m, figures.today)
    due = safety_metrics.ground_rules_due(mine, her_groups, figures.today)
    if not due:
        return None
    lines, people = [], []
    for d in due[:SHOWN]:
        target = d.href_target
        if target._meta.model_name == "peersupport":
            # Not d.label: that is her full name, as Today shows it behind the sign-in.
            lines.append(Line(f"{target.person.given_name}: {d.why}", site("safety:ground_rules", target.pk)))
            people.append(target.person)
        else:
            lines.append(
                Line(f"The group {target.name}: {d.why}", site("safety:group_ground_rules", target.pk))
            )
    return Section(Kind.GROUND_RULES, m, lines, site("home:today"), _cut(due[:SHOWN], len(due)), people)


def _grid_actions(m: Membership, figures: _Figures) -> Section | None:
    today = figures.today
    actions = grid_metrics.actions_due(grid_access.my_open_actions(m.user, m), today).select_related(
        "practice"
    )
    rows = list(actions[:SHOWN])
    if not rows:
        return None
    # The practice and the date, not the action's own words: no free text leaves in an email.
    lines = [
        Line(
            f"{a.practice.title}: "
            + (
                f"overdue, was due on {_day(a.due_on)}"
                if grid_metrics.action_overdue(a, today)
                else f"due by {_day(a.due_on)}"
            )
        )
        for a in rows
    ]
    return Section(Kind.GRID_ACTIONS, m, lines, site("grid:grid"), _cut(rows, actions.count()))


BUILDERS: dict[Kind, Callable[[Membership, _Figures], Section | None]] = {
    Kind.WAITING_REFERRALS: _waiting,
    Kind.DEFERRAL_REVIEWS: _deferrals,
    Kind.SUPERVISION: _supervision,
    Kind.TRAINING: _training,
    Kind.GROUND_RULES: _ground_rules,
    Kind.GRID_ACTIONS: _grid_actions,
}


def sections_for(memberships: Iterable[Membership], kinds: set[str], figures: _Figures) -> list[Section]:
    """Her sections, role by role, in the order of Kind. What two of her roles would both say (her
    own training, read wherever it was recorded) is said once."""
    sections: list[Section] = []
    said: set[tuple[str, tuple[Line, ...]]] = set()
    for m in memberships:
        for kind in KINDS_FOR_ROLE.get(m.role, ()):
            if kind not in kinds:
                continue
            section = BUILDERS[kind](m, figures)
            if section is None or (kind, tuple(section.lines)) in said:
                continue
            said.add((kind, tuple(section.lines)))
            sections.append(section)
    return sections


def subject(today: dt.date) -> str:
    return f"Alongside: your reminders for {today:%A} {dates.shown(today)}"


def body(user: Any, memberships: list[Membership], sections: list[Section], today: dt.date) -> str:
    """The email, in plain text: first names only, every page by its absolute address."""
    several = len({s.membership.pk for s in sections}) > 1
    out = [
        f"Hello {user.first_name or 'there'},",
        "",
        f"Your reminders from Alongside for {today:%A} {dates.shown(today)}.",
    ]
    for m, of_role in groupby(sections, key=lambda s: s.membership):
        if several:
            role = f"As {m.get_role_display().lower()} at {m.service.name}"
            out += ["", role, "=" * len(role)]
        for s in of_role:
            out += ["", s.heading]
            for line in s.lines:
                out.append(f"- {line.text}")
                if line.href:
                    out.append(f"  {line.href}")
            if s.more:
                out += [f"- and {s.more} more", f"See all {len(s.lines) + s.more}: {s.href}"]
            else:
                out.append(f"Open: {s.href}")
    out += ["", "Each page opens after you sign in."]
    if len(memberships) > 1:
        out.append(f"Pages open in the role you are working in. To change role: {site('accounts:role')}")
    out += [
        "",
        "This email gives first names only; everything else is behind your sign-in.",
        "Please do not forward it.",
        f"To choose which reminders you get, and how often: {site('reminders:preferences')}",
    ]
    return "\n".join(out) + "\n"


class _Taken(Exception):
    """Another run made one of her digests first: this run leaves her alone."""


def _claim(user_id: int, kinds: set[str], counts: dict[str, int], today: dt.date) -> None:
    """Move each kind's last-sent day on to today, unless a run already has (then _Taken)."""
    for kind in kinds:
        moved = LastSent.objects.filter(user_id=user_id, kind=kind, on__lt=today).update(
            on=today, items=counts.get(kind, 0)
        )
        if moved:
            continue
        try:
            with transaction.atomic():
                LastSent.objects.create(user_id=user_id, kind=kind, on=today, items=counts.get(kind, 0))
        except IntegrityError:
            raise _Taken from None


def _send(user: Any, memberships: list[Membership], kinds: set[str], figures: _Figures) -> bool:
    """Her digest: the kinds due, made and claimed in one transaction. True if an email was queued."""
    today = figures.today
    sections = sections_for(memberships, kinds, figures)
    counts: dict[str, int] = {}
    for s in sections:
        counts[s.kind] = counts.get(s.kind, 0) + len(s.lines) + s.more
    try:
        with transaction.atomic():
            _claim(user.pk, kinds, counts, today)
            if not sections:
                return False
            queue([user.email], subject(today), body(user, memberships, sections, today))
            for s in sections:
                for person in dict.fromkeys(s.people):
                    audit.record(
                        user,
                        "view",
                        person,
                        membership=s.membership,
                        summary=f"Named by first name in her email reminders: {s.heading}",
                        view=AUDIT_VIEW,
                    )
    except _Taken:
        return False
    return True


def queue_due(now: dt.datetime | None = None) -> int:
    """Queue today's digests not yet made; returns how many emails were queued. Before
    ALONGSIDE_DIGEST_HOUR (local time) and at the weekend, nothing."""
    local = timezone.localtime(now)
    today = local.date()
    due = frequencies_due(today)
    if local.hour < settings.ALONGSIDE_DIGEST_HOUR or not due:
        return 0
    members = list(
        Membership.objects.filter(active=True, role__in=list(KINDS_FOR_ROLE), user__is_active=True)
        .exclude(user__email="")
        .select_related("user", "service")
        .order_by("user_id", "pk")
    )
    user_ids = {m.user_id for m in members}
    chosen = {(c.user_id, c.kind): c.frequency for c in Choice.objects.filter(user_id__in=user_ids)}
    done = set(LastSent.objects.filter(user_id__in=user_ids, on__gte=today).values_list("user_id", "kind"))
    figures = _Figures(today)
    queued = 0
    for user_id, group in groupby(members, key=lambda m: m.user_id):
        mine = list(group)
        kinds = {
            kind.value
            for m in mine
            for kind in KINDS_FOR_ROLE[m.role]
            if chosen.get((user_id, kind.value), DEFAULT_FREQUENCY.value) in due
            and (user_id, kind.value) not in done
        }
        if kinds and _send(mine[0].user, mine, kinds, figures):
            queued += 1
    return queued
