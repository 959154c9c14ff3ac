"""The live evidence beside each row of the grid: figures the service's own pages already show.

Each figure is computed by the very function its page uses, for the same period, and worded as
that page words it, so the grid and the page never disagree (tests/test_grid.py says so). Each
one is shown only to someone who may open the page it comes from (its permission), and links
there. A row's figures are listed by key in its Practice.evidence.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from alongside.accounts.rules import Perm
from alongside.organisations.models import Service
from alongside.support import metrics as support_metrics
from alongside.training import metrics as training_metrics
from alongside.wards import metrics as wards_metrics
from alongside.workforce import metrics as workforce_metrics

HANDOVER_DAYS = 28  # as the handovers page and the dashboard count them


class Sources:
    """The service's figures, each computed once however many rows show it."""

    def __init__(self, service: Service, today: dt.date) -> None:
        self.service = service
        self.today = today

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


def _handovers(s: Sources) -> str:
    if not s.service.has_wards:
        return "No ward at this service: handovers are for ward shifts"
    c = s.handovers
    if c.percent is None:
        return f"No shifts in the last {HANDOVER_DAYS} days"
    return f"{c.percent}% of {c.shifts} shifts had both an arrival briefing and a departure debrief"


def _share(n: int, of: int, percent: int | None, who: str, what: str, none: str) -> str:
    """ "5 of 7 peer workers (71%) have …", as the workforce and training pages say it."""
    return f"{n} of {of} {who} ({percent}%) {what}" if of else none


def _supervision(s: Sources) -> str:
    share = s.supervision
    what = "have both NHS and peer supervision up to date"
    return _share(share.up_to_date, share.of, share.percent, "peer workers", what, "No peer workers yet")


def _staff_awareness(s: Sources) -> str:
    share = s.staff_awareness
    what = "have attended the session on the peer worker role"
    return _share(
        share.attended, share.of, share.percent, "clinical staff", what, "No clinical staff recorded"
    )


def _below_band(s: Sources) -> str:
    return f"Paid below band 3: {len(s.workforce.below_band)}"


def _drift(s: Sources) -> str:
    return f"Role drift above {s.workforce.threshold}%: {len(s.workforce.drifting)}"


def _not_revised(s: Sources) -> str:
    return f"Role descriptions not revised at induction: {len(s.workforce.not_revised)}"


def _fathers(s: Sources) -> str:
    n = s.fathers_waiting
    return f"{n} father{'' if n == 1 else 's'} or partner{'' if n == 1 else 's'} waiting for a peer worker"


def _everywhere(service: Service) -> bool:
    return True


def _on_wards(service: Service) -> bool:
    return service.has_wards


@dataclass(frozen=True)
class Evidence:
    key: str
    perm: Perm  # the permission of the page it comes from: who may see it here too
    page: str  # that page's URL name
    figure: Callable[[Sources], str]
    applies: Callable[[Service], bool] = _everywhere  # where it does not, its words say so, unlinked


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
    )
}
