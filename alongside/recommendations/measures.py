"""The fourteen recommendations (docs/domain.md), each with the measure that shows whether a
service meets it: code, since measures are code (ADR 0039).

Each figure is computed by the very function its own page uses, for the same period, and worded
as that page words it (grid.evidence.Sources computes each once for a service). Each is shown
only to someone who may open that page, and links there. Where the data cannot show a
recommendation (5, 8, 14), the service's attestation is the measure; it counts for a year.

Every measure gives a status, the figure in words for the team, and its counts of people (or of
shifts, vacancies) for the roll-up, which sums them across services and suppresses them there.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property

from alongside.accounts import scope
from alongside.accounts.rules import Perm
from alongside.grid import evidence
from alongside.lib import dates
from alongside.organisations.models import Service
from alongside.partners import metrics as partners_metrics
from alongside.recommendations import access
from alongside.recommendations.models import Attestation
from alongside.recruitment import metrics as recruitment_metrics
from alongside.recruitment.models import Vacancy


class Status(StrEnum):
    MET = "Met"
    PARTLY = "Partly met"
    NOT_MET = "Not met"
    DOES_NOT_APPLY = "Does not apply"
    NOT_KNOWN = "Not known"


ATTESTED = {
    Attestation.Status.MET: Status.MET,
    Attestation.Status.PARTLY: Status.PARTLY,
    Attestation.Status.NOT_MET: Status.NOT_MET,
}
COLOURS = {
    Status.MET: "green",
    Status.PARTLY: "yellow",
    Status.NOT_MET: "red",
    Status.DOES_NOT_APPLY: "grey",
    Status.NOT_KNOWN: "white",
}


@dataclass(frozen=True)
class Count:
    """A count the roll-up adds up across services, and suppresses when it leaves them."""

    what: str  # "peer workers with accredited training", read after the number
    n: int
    of: int | None = None  # out of how many, when it is a share
    of_what: str = ""


@dataclass(frozen=True)
class Measured:
    status: Status
    words: str  # the figure, as its page words it
    counts: tuple[Count, ...] = ()


class Sources(evidence.Sources):
    """A service's figures on a day, each computed once however many recommendations use it."""

    @cached_property
    def guidance_co_produced(self) -> bool:
        return self.guidance is not None and self.guidance.co_produced_by.exists()

    @cached_property
    def partners(self) -> list[str]:
        return [o.name for o in scope.partners_of(self.service, self.today)]

    @cached_property
    def fathers_support(self) -> partners_metrics.FathersSupport:
        return partners_metrics.fathers_support(self.service, scope.partners_of(self.service, self.today))

    @cached_property
    def vacancies(self) -> list[Vacancy]:
        return list(recruitment_metrics.service_vacancies(self.service.pk))

    @cached_property
    def attestations(self) -> dict[int, Attestation]:
        """The latest attestation of each recommendation made on or before the day."""
        latest: dict[int, Attestation] = {}
        for a in access.attestations_of(self.service, self.today):
            latest[a.number] = a
        return latest


def _figure(key: str, s: Sources) -> str:
    """The grid's figure (alongside/grid/evidence.py), in the words of its page, for the team."""
    return evidence.EVIDENCE[key].figure(s).text


def _share(n: int, of: int) -> Status:
    if not of:
        return Status.NOT_KNOWN
    if n == of:
        return Status.MET
    return Status.PARTLY if n else Status.NOT_MET


def _words(n: int, of: int, percent: int | None, who: str, what: str, none: str) -> str:
    """ "5 of 7 peer workers (71%) have …", as the training and workforce pages say it."""
    return f"{n} of {of} {who} ({percent}%) {what}" if of else none


def accredited(s: Sources) -> Measured:
    share = s.accredited
    words = _words(
        share.accredited,
        share.of,
        share.percent,
        "peer workers",
        "have accredited training",
        "No peer workers yet",
    )
    counts = (Count("with accredited training", share.accredited, share.of, "peer workers"),)
    return Measured(_share(share.accredited, share.of), words, counts)


def staff_awareness(s: Sources) -> Measured:
    share = s.staff_awareness
    words = _figure("staff_awareness", s)
    counts = (Count("who attended the session", share.attended, share.of, "clinical staff"),)
    return Measured(_share(share.attended, share.of), words, counts)


def dual_supervision(s: Sources) -> Measured:
    share = s.supervision
    guidance = s.guidance
    if guidance is None:
        said = "No supervision guidance agreed yet"
    elif s.guidance_co_produced:
        said = (
            f"Supervision guidance co-produced with peer workers, agreed on {dates.shown(guidance.agreed_on)}"
        )
    else:
        said = f"Supervision guidance agreed on {dates.shown(guidance.agreed_on)}, not co-produced"
    words = f"{_figure('dual_supervision', s)}. {said}"
    if not share.of and guidance is None:
        status = Status.NOT_KNOWN
    elif share.of and share.up_to_date == share.of and s.guidance_co_produced:
        status = Status.MET
    elif share.up_to_date or guidance is not None:
        status = Status.PARTLY
    else:
        status = Status.NOT_MET
    counts = (Count("with both supervisions up to date", share.up_to_date, share.of, "peer workers"),)
    return Measured(status, words, counts)


def third_sector(s: Sources) -> Measured:
    names = s.partners
    if not names:
        return Measured(Status.NOT_MET, "No third-sector partner organisations at the moment")
    n = len(names)
    words = f"Working with {n} third-sector organisation{'' if n == 1 else 's'}: {', '.join(names)}"
    return Measured(Status.MET, words, (Count("third-sector partnerships", n),))


def development(s: Sources) -> Measured:
    share = s.development
    if share.too_few:
        return Measured(Status.NOT_KNOWN, share.too_few_words)
    words = _words(
        share.with_development,
        share.of,
        share.percent,
        "peer workers",
        "added to their own development record in the last 12 months; "
        f"{share.face_to_face} met peer workers of other teams face to face",
        "No peer workers yet",
    )
    counts = (
        Count("with development in the last 12 months", share.with_development, share.of, "peer workers"),
        Count("met peer workers of other teams face to face", share.face_to_face, share.of, "peer workers"),
    )
    return Measured(_share(share.with_development, share.of), words, counts)


def pay(s: Sources) -> Measured:
    w = s.workforce
    below, of = len(w.below_band), len(w.rows)
    status = Status.NOT_KNOWN if not of else Status.MET if not below else Status.NOT_MET
    counts = (Count("paid below band 3", below, of, "peer workers and co-ordinators"),)
    return Measured(status, _figure("below_band", s), counts)


def coordinator(s: Sources) -> Measured:
    cover = s.cover
    said = f"Shared with {cover.shared_from}" if cover.kind == "shared" else cover.label.capitalize()
    words = f"Co-ordinator: {said}"  # as the workforce page words it
    status = Status.NOT_MET if cover.kind == "none" else Status.MET
    return Measured(status, words)


def fathers(s: Sources) -> Measured:
    waiting, support = s.fathers_waiting, s.fathers_support
    n = support.peer_workers
    words = (
        f"{_figure('fathers_waiting', s)}; {n} peer worker{'' if n == 1 else 's'} here "
        f"support{'s' if n == 1 else ''} fathers and partners"
    )
    supported = bool(n or support.partners)
    status = Status.NOT_MET if not supported else Status.MET if not waiting else Status.PARTLY
    counts = (
        Count("fathers or partners waiting for a peer worker", waiting),
        Count("peer workers who support fathers and partners", n),
    )
    return Measured(status, words, counts)


def handovers(s: Sources) -> Measured:
    words = _figure("handovers", s)
    if not s.service.has_wards:
        return Measured(Status.DOES_NOT_APPLY, words)
    c = s.handovers
    counts = (Count("had both handovers", c.with_both, c.shifts, "ward shifts"),)
    return Measured(_share(c.with_both, c.shifts), words, counts)


def recruitment(s: Sources) -> Measured:
    found = s.vacancies
    n, of = sum(1 for v in found if getattr(v, "co_produced", False)), len(found)
    if not of:
        return Measured(Status.NOT_KNOWN, "No vacancies yet")
    panel = "a co-ordinator or a peer worker on the panel"
    words = f"{n} of {of} vacanc{'y' if of == 1 else 'ies'} co-produced: {panel}"
    counts = (Count("co-produced", n, of, "vacancies"),)
    return Measured(_share(n, of), words, counts)


def role_descriptions(s: Sources) -> Measured:
    w = s.workforce
    not_revised, of = len(w.not_revised), len(w.rows)
    if not of:
        status = Status.NOT_KNOWN
    else:
        status = Status.MET if not not_revised else Status.NOT_MET if not_revised == of else Status.PARTLY
    counts = (
        Count(
            "with a role description not revised at induction",
            not_revised,
            of,
            "peer workers and co-ordinators",
        ),
    )
    return Measured(status, _figure("not_revised", s), counts)


def _everywhere(service: Service) -> bool:
    return True


def _on_wards(service: Service) -> bool:
    return service.has_wards


@dataclass(frozen=True)
class Recommendation:
    number: int
    title: str
    key: bool  # one of the six key recommendations; else one of the eight further
    measure: str  # what is counted, in words
    met: str  # what "met" means
    compute: Callable[[Sources], Measured] | None  # None: attested, the data cannot show it
    page: str | None = None  # the URL name of the page the figure comes from
    perm: Perm | None = None  # that page's permission: who may see the figure here too
    past: str = ""  # why it cannot be counted for a past quarter; "" when it can
    applies: Callable[[Service], bool] = _everywhere

    @property
    def attested(self) -> bool:
        return self.compute is None


# Why a measure is not counted for a past quarter (the page says so rather than fake it).
TODAY_ONLY = "Alongside keeps only how it stands today"
TODAY_TEAM = "Alongside does not keep who was on the team then"

RECOMMENDATIONS: list[Recommendation] = [
    Recommendation(
        1,
        "Accredited training for every peer worker",
        True,
        "Peer workers with a record of accredited training",
        "Every peer worker has accredited training",
        accredited,
        "training:team",
        Perm.MANAGE_TEAM,
        TODAY_TEAM,
    ),
    Recommendation(
        2,
        "A session on the peer worker role for all staff",
        True,
        "Clinical staff who have attended the session on the peer worker role",
        "Every member of the clinical staff has attended it",
        staff_awareness,
        "training:team",
        Perm.MANAGE_TEAM,
        TODAY_ONLY,
    ),
    Recommendation(
        3,
        "Dual supervision, with co-produced guidance",
        True,
        "Peer workers with both NHS and peer supervision up to date, and the service's supervision guidance",
        "Every peer worker is up to date with both, and guidance co-produced with peer workers is in force",
        dual_supervision,
        "workforce:team",
        Perm.MANAGE_TEAM,
        TODAY_ONLY,
    ),
    Recommendation(
        4,
        "Collaboration with third-sector organisations",
        True,
        "Third-sector organisations in a current partnership with the service",
        "At least one current partnership",
        third_sector,
        "partners:list",
        Perm.VIEW_PARTNERS,
    ),
    Recommendation(
        5,
        "Peer support in the quality network standards",
        True,
        "The service's attestation, with its evidence",
        "The service attests, within the last year, that it meets the standards for peer support",
        None,
    ),
    Recommendation(
        6,
        "Development and networking, including face to face",
        True,
        "Peer workers with a development entry in the last 12 months, and those who met peer workers"
        " of other teams face to face",
        "Every peer worker has development in the last 12 months",
        development,
        "training:team",
        Perm.MANAGE_TEAM,
        TODAY_TEAM,
    ),
    Recommendation(
        7,
        "Nobody responsible for peer support paid below band 3",
        False,
        "Peer workers and co-ordinators paid below Agenda for Change band 3",
        "Nobody is paid below band 3",
        pay,
        "workforce:overview",
        Perm.MANAGE_TEAM,
        TODAY_TEAM,
    ),
    Recommendation(
        8,
        "Research showing the value of peer support",
        False,
        "The service's attestation, with its evidence",
        "The service attests, within the last year, that it takes part in or shares such research",
        None,
    ),
    Recommendation(
        9,
        "A co-ordinator the service can draw on",
        False,
        "A co-ordinator of the service's own, or one shared with another service",
        "Its own co-ordinator, or a shared one",
        coordinator,
        "workforce:overview",
        Perm.MANAGE_TEAM,
        TODAY_TEAM,
    ),
    Recommendation(
        10,
        "Peer support for fathers and partners",
        False,
        "Fathers and partners waiting for a peer worker, and peer workers who support them",
        "Someone here supports fathers and partners, and none is waiting",
        fathers,
        "partners:fathers",
        Perm.MANAGE_PARTNERS,
        TODAY_ONLY,
    ),
    Recommendation(
        11,
        "Handovers on arrival and departure on the ward",
        False,
        f"Ward shifts in the last {evidence.HANDOVER_DAYS} days with both an arrival briefing"
        " and a departure debrief",
        "Every shift had both",
        handovers,
        "wards:handovers",
        Perm.VIEW_HANDOVERS,
        applies=_on_wards,
    ),
    Recommendation(
        12,
        "Recruitment led by a co-ordinator or co-produced",
        False,
        "Vacancies with a co-ordinator or a peer worker on the selection panel",
        "Every vacancy's panel has one",
        recruitment,
        "recruitment:list",
        Perm.MANAGE_RECRUITMENT,
        TODAY_ONLY,
    ),
    Recommendation(
        13,
        "Role descriptions written or revised by the peer worker",
        False,
        "Role descriptions written before she was recruited and not yet revised by her",
        "Every role description is her own, or revised by her",
        role_descriptions,
        "workforce:overview",
        Perm.MANAGE_TEAM,
        TODAY_TEAM,
    ),
    Recommendation(
        14,
        "Peer work recognised as a profession",
        False,
        "The service's attestation, with its evidence",
        "The service attests, within the last year, that peer workers have the same rights and"
        " support as other professions",
        None,
    ),
]
BY_NUMBER = {r.number: r for r in RECOMMENDATIONS}


@dataclass(frozen=True)
class Result:
    """A recommendation measured at a service on a day."""

    recommendation: Recommendation
    measured: Measured | None  # None when it is attested
    attestation: Attestation | None  # the latest on or before the day, stale or not
    stale: bool  # that attestation is more than a year old: it counts as not known

    @property
    def status(self) -> Status:
        if self.measured is not None:
            return self.measured.status
        if self.attestation is None or self.stale:
            return Status.NOT_KNOWN
        return ATTESTED[Attestation.Status(self.attestation.status)]

    @property
    def words(self) -> str:
        if self.measured is not None:
            return self.measured.words
        if self.attestation is None:
            return "Not attested yet"
        return (
            f"{self.attestation.get_status_display()}, attested on {self.attestation.attested_on:%-d %B %Y}"
        )

    @property
    def counts(self) -> tuple[Count, ...]:
        return self.measured.counts if self.measured is not None else ()


def measure(r: Recommendation, sources: Sources) -> Result:
    attestation = sources.attestations.get(r.number)
    stale = attestation is not None and attestation.stale_on(sources.today)
    if r.compute is None:
        measured = None
    elif r.applies(sources.service):
        measured = r.compute(sources)
    else:
        measured = Measured(Status.DOES_NOT_APPLY, r.compute(sources).words)
    return Result(r, measured, attestation, stale)


def measure_all(sources: Sources) -> list[Result]:
    return [measure(r, sources) for r in RECOMMENDATIONS]


def quarter_ends(today: dt.date, n: int = 4) -> list[dt.date]:
    """The last n quarter ends before today, the latest first."""
    ends = []
    year, quarter = today.year, (today.month - 1) // 3  # the quarter before this one: 0 means last year's Q4
    for _ in range(n):
        if quarter == 0:
            year, quarter = year - 1, 4
        month = 3 * quarter
        ends.append(dt.date(year, month, 31 if month in (3, 12) else 30))
        quarter -= 1
    return ends


@dataclass(frozen=True)
class Measures:
    """A service's fourteen today, and each one that can be counted for a past quarter then."""

    service: Service
    today: dt.date
    now: list[Result]
    quarters: list[dt.date]  # the last four quarter ends, the latest first
    past: dict[int, list[Status]]  # by number, a status for each quarter end, for those counted


def measures_for(service: Service, today: dt.date) -> Measures:
    now = measure_all(Sources(service, today))
    quarters = quarter_ends(today)
    then = [Sources(service, q) for q in quarters]
    past = {r.number: [measure(r, sources).status for sources in then] for r in RECOMMENDATIONS if not r.past}
    return Measures(service, today, now, quarters, past)
