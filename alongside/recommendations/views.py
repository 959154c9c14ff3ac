"""The fourteen recommendations, measured (ADR 0039): a service's own page, its attestations,
and the roll-up per ICB, region and nationally, in aggregate form only."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.lib.suppression import suppress
from alongside.organisations.models import Service
from alongside.recommendations import access, services
from alongside.recommendations.forms import AttestForm
from alongside.recommendations.measures import (
    BY_NUMBER,
    COLOURS,
    RECOMMENDATIONS,
    Count,
    Recommendation,
    Result,
    Status,
    measures_for,
)
from alongside.recommendations.standings import NOT_MEASURED, Standings, standings_for

SUPPRESSION_NOTE = (
    "To protect privacy, counts from 1 to 7 are shown as *, and other counts below national level "
    "are rounded to the nearest 5. No person is named."
)


@dataclass(frozen=True)
class Line:
    """One recommendation on a service's own page, as she may see it."""

    result: Result
    shown: bool  # she may open the page its figure comes from
    linked: bool  # and it applies here, so the link goes somewhere worth going
    trend: list[Status] | None  # a status for each past quarter end, when it can be counted

    @property
    def r(self) -> Recommendation:
        return self.result.recommendation


def _groups(lines: list[Line]) -> list[tuple[str, list[Line]]]:
    return [
        ("Key recommendations", [x for x in lines if x.r.key]),
        ("Further recommendations", [x for x in lines if not x.r.key]),
    ]


@requires(Perm.REFLECT_ON_GRID)
def service(request: AuthedRequest) -> HttpResponse:
    """The acting service's fourteen: each with its status, its figure (from the page it comes
    from, to those who may open that page), its attestation, and its trend by quarter."""
    membership = request.membership
    found = measures_for(membership.service, timezone.localdate())
    lines = []
    for result in found.now:
        r = result.recommendation
        shown = r.perm is None or has_perm(membership.role, r.perm)
        linked = shown and r.page is not None and r.applies(membership.service)
        lines.append(Line(result, shown, linked, found.past.get(r.number) if shown else None))
    context = {
        "title": "The fourteen recommendations",
        "service": membership.service,
        "groups": _groups(lines),
        "quarters": found.quarters,
        "trend": [x for x in lines if x.trend is not None],
        "not_counted": [x for x in lines if x.shown and x.r.past],
        "withheld": sum(1 for x in lines if not x.shown),
        "may_attest": has_perm(membership.role, Perm.MANAGE_TEAM),
        "may_roll_up": has_perm(membership.role, Perm.VIEW_AGGREGATES),
        "colours": COLOURS,
    }
    return render(request, "recommendations/service.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def attest(request: AuthedRequest) -> HttpResponse:
    """What the service says about one recommendation (?number=N; the first attested one if none
    is named), with its evidence: a new attestation each time, the earlier ones kept."""
    number = request.GET.get("number") or str(next(r.number for r in RECOMMENDATIONS if r.attested))
    try:
        recommendation = BY_NUMBER[int(number)]
    except (KeyError, ValueError):
        raise Http404("No such recommendation") from None
    form = AttestForm(posted(request), initial={"attested_on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.attest(**acting(request), number=recommendation.number, **data),
        message=f"Attested: recommendation {recommendation.number}",
        then=reverse("recommendations:service"),
    ):
        return done
    history = list(access.attestations_for_user(request.membership).filter(number=recommendation.number)[:10])
    context = {
        "title": f"Attest recommendation {recommendation.number}",
        "recommendation": recommendation,
        "form": form,
        "history": history,
        "today": timezone.localdate(),
    }
    return render(request, "recommendations/attest.jinja", context)


# The roll-up and a service's figures in aggregate form: counts only, suppressed, no one named.


def _counts(counts: list[Count], national: bool) -> list[str]:
    """Counts added up by what they count, each as it may leave a service."""
    totals: dict[tuple[str, str, bool], list[int]] = {}
    for c in counts:
        total = totals.setdefault((c.what, c.of_what, c.of is not None), [0, 0])
        total[0] += c.n
        total[1] += c.of or 0
    said = []
    for (what, of_what, share), (n, of) in totals.items():
        if share:
            said.append(
                f"{suppress(n, national=national)} of {suppress(of, national=national)} {of_what} {what}"
            )
        else:
            said.append(f"{suppress(n, national=national)} {what}")
    return said


@dataclass(frozen=True)
class Tally:
    """How many services are at each status: services are not people, so not suppressed."""

    by_status: dict[Status, int]

    @property
    def of(self) -> int:
        return sum(n for status, n in self.by_status.items() if status != Status.DOES_NOT_APPLY)

    @property
    def met(self) -> int:
        return self.by_status.get(Status.MET, 0)

    @property
    def said(self) -> str:
        if not self.of:
            return "Applies to none of them"
        return f"{self.met} of {self.of} service{'' if self.of == 1 else 's'}"

    @property
    def others(self) -> str:
        order = (Status.PARTLY, Status.NOT_MET, Status.NOT_KNOWN)
        return ", ".join(
            f"{status.value.lower()}: {self.by_status[status]}"
            for status in order
            if self.by_status.get(status)
        )


def _tally(statuses: list[Status]) -> Tally:
    by_status: dict[Status, int] = {}
    for status in statuses:
        by_status[status] = by_status.get(status, 0) + 1
    return Tally(by_status)


@dataclass(frozen=True)
class RollupLine:
    recommendation: Recommendation
    now: Tally
    counts: list[str]
    trend: list[Tally] | None


def rollup_lines(standings: Standings, national: bool) -> list[RollupLine]:
    """Each recommendation across the services, from their latest standings: a service with none
    yet counts as not known. A trend where any standing on a quarter end counted it."""
    lines = []
    for r in RECOMMENDATIONS:
        latest = [standings.latest(s, r.number) for s in standings.services]
        counts = [c for stored in latest for c in stored.counts]
        trend = None
        if standings.counted_in_past(r.number):
            trend = [
                _tally([(standings.at(s, q, r.number) or NOT_MEASURED).status for s in standings.services])
                for q in standings.quarters
            ]
        lines.append(RollupLine(r, _tally([x.status for x in latest]), _counts(counts, national), trend))
    return lines


def _met_by_all(standings: Standings, services: list[Service]) -> int:
    """How many recommendations every one of these services meets (where it applies)."""
    met = 0
    for r in RECOMMENDATIONS:
        statuses = [standings.latest(s, r.number).status for s in services]
        statuses = [s for s in statuses if s != Status.DOES_NOT_APPLY]
        met += bool(statuses) and all(s == Status.MET for s in statuses)
    return met


@requires(Perm.VIEW_AGGREGATES)
def rollup(request: AuthedRequest) -> HttpResponse:
    """For each recommendation: services meeting it, of services, and counts across them,
    suppressed; by region and ICB; with a trend by quarter. No person, no name. Read from the
    services' standings (standings.py), so it costs the same however many services there are."""
    area = access.area_for_user(request.membership, request.GET.get("icb"), request.GET.get("region"))
    standings = standings_for(area.services, timezone.localdate())
    regions = [
        (region, [(icb, services_here, _met_by_all(standings, services_here)) for icb, services_here in icbs])
        for region, icbs in area.regions
    ]
    context = {
        "title": f"The fourteen recommendations: {area.name}",
        "area": area,
        "lines": rollup_lines(standings, area.national),
        "quarters": standings.quarters,
        "as_at": standings.oldest,
        "unmeasured": len(area.services) - len(standings.now),
        "regions": regions,
        "filtered": bool(request.GET.get("icb") or request.GET.get("region")),
        "note": SUPPRESSION_NOTE,
    }
    return render(request, "recommendations/rollup.jinja", context)


def _past(standings: Standings, service: Service, number: int) -> list[str]:
    return [(standings.at(service, q, number) or NOT_MEASURED).status.value for q in standings.quarters]


@requires(Perm.VIEW_AGGREGATES)
def service_aggregate(request: AuthedRequest, pk: int) -> HttpResponse:
    """One service's fourteen in aggregate form: statuses and suppressed counts, no one named."""
    found: Service = access.get_service_for_aggregates(request.membership, pk)
    audit.record_for_request(request, "view", found, summary="the recommendations, in aggregate")
    standings = standings_for([found], timezone.localdate())
    context = {
        "title": f"The fourteen recommendations: {found.name}",
        "service": found,
        "lines": rollup_lines(standings, national=False),
        "quarters": standings.quarters,
        "results": [standings.latest(found, r.number) for r in RECOMMENDATIONS],
        "as_at": standings.as_at.get(found.pk),
        "past": {
            r.number: [
                (standings.at(found, q, r.number) or NOT_MEASURED).status.value for q in standings.quarters
            ]
            for r in RECOMMENDATIONS
        },
        "note": SUPPRESSION_NOTE,
        "colours": COLOURS,
    }
    return render(request, "recommendations/service_aggregate.jinja", context)
