"""The set-up census (ADR 0040): how a perinatal service's peer support is set up, in one shape
whether derived from Alongside's own records or entered for a service that does not use it.

Every figure derived here comes from the function its own page uses (workforce and training
metrics); none is counted a second way. None means not known.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from alongside.national.models import CensusEntry, PerinatalService
from alongside.organisations.models import Employment, Role, Service
from alongside.training import metrics as training
from alongside.workforce import metrics as workforce
from alongside.workforce.models import ContractType

OWN_RECORDS = "Alongside's own records"
INVOLVEMENT_WINDOW_DAYS = 365  # lived experience design: any involvement in the last twelve months
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Census:
    """A service's peer support set-up on a day. Counts in `contract_types` and `pay_bands` are
    None where an entry names the contract or band but not how many hold it."""

    source: str
    as_of: dt.date
    paid: int | None
    volunteers: int | None
    employed_by: str | None  # "NHS", "Third sector", "Both"
    contract_types: dict[str, int | None] | None
    works: str | None  # "Alone" (one peer worker) / "In a team"
    non_peer_duties_hours: Decimal | None  # role drift hours over its period (derived only)
    non_peer_duties: str | None  # what they are, as entered
    pay_bands: dict[str, int | None] | None
    hours_per_week: Decimal | None
    trained: int | None  # peer workers with all their training up to date (derived only)
    training: str | None  # the training, as entered
    supervision: str | None
    coordinator: str | None  # "own" | "shared" | "none"
    lived_experience_design: bool | None
    derived: bool


def employed_by(nhs: int, hosted: int) -> str | None:
    if nhs and hosted:
        return "Both"
    if nhs:
        return "NHS"
    if hosted:
        return "Third sector"
    return None


def works(peer_supporters: int) -> str | None:
    if not peer_supporters:
        return None
    return "Alone" if peer_supporters == 1 else "In a team"


def guidance_text(service: Service, on: dt.date) -> str | None:
    guidance = workforce.supervision_guidance(service, on)
    if guidance is None:
        return None
    text = f"NHS every {guidance.nhs_supervision_days} days, peer every {guidance.peer_supervision_days} days"
    return text + " (co-produced guidance)" if guidance.co_produced_by.exists() else text


def derived(service: Service, on: dt.date) -> Census:
    """From Alongside's records, through the workforce and training pages' own functions. Paid and
    volunteers are the workforce page's headcount (peer workers, co-ordinators and light-touch
    volunteers, by employment model); contracts, bands and hours are its peer supporters' rows
    (peer workers and co-ordinators); working alone means the service has one peer worker."""
    team = workforce.team_workforce(service, on)
    by_employment = {code: row.total for code, row in zip(Employment.values, team.headcount, strict=True)}
    nhs, hosted = by_employment[Employment.NHS], by_employment[Employment.HOSTED]
    labels = dict(ContractType.choices)
    peer_workers = sum(row.by_role[Role.PEER_WORKER] for row in team.headcount)
    contracts = Counter(labels.get(r.profile.contract_type, NOT_RECORDED) for r in team.rows)
    hours = [r.profile.hours_per_week for r in team.rows if r.profile.hours_per_week is not None]
    start = on - dt.timedelta(days=INVOLVEMENT_WINDOW_DAYS - 1)
    return Census(
        source=OWN_RECORDS,
        as_of=on,
        paid=nhs + hosted,
        volunteers=by_employment[Employment.VOLUNTEER],
        employed_by=employed_by(nhs, hosted),
        contract_types=dict(contracts) if contracts else None,
        works=works(peer_workers),
        non_peer_duties_hours=sum((r.drift.hours for r in team.rows), Decimal(0)),
        non_peer_duties=None,
        pay_bands={band.code: n for band, n in team.bands} or None,
        hours_per_week=sum(hours, Decimal(0)) if hours else None,
        trained=training.up_to_date(training.team_gaps(service, on)),
        training=None,
        supervision=guidance_text(service, on),
        coordinator=workforce.coordinator_cover(service, on).kind,
        lived_experience_design=workforce.involvement_count(service, start, on) > 0,
        derived=True,
    )


def _listed(text: str) -> dict[str, int | None] | None:
    parts = [part.strip() for part in text.split(",") if part.strip()]
    return dict.fromkeys(parts) or None


def _known(value: str, choices: type[CensusEntry.EmployedBy | CensusEntry.Works]) -> str | None:
    return None if value == "not_known" else str(choices(value).label)


def entered(entry: CensusEntry) -> Census:
    """What a national administrator entered, in the same shape; "not known" and blank are None."""
    design = {CensusEntry.YesNo.YES: True, CensusEntry.YesNo.NO: False}.get(
        CensusEntry.YesNo(entry.lived_experience_design)
    )
    return Census(
        source=entry.source,
        as_of=entry.as_of,
        paid=entry.paid,
        volunteers=entry.volunteers,
        employed_by=_known(entry.employed_by, CensusEntry.EmployedBy),
        contract_types=_listed(entry.contract_lengths),
        works=_known(entry.works, CensusEntry.Works),
        non_peer_duties_hours=None,
        non_peer_duties=entry.non_peer_duties or None,
        pay_bands=_listed(entry.pay_bands),
        hours_per_week=entry.hours_per_week,
        trained=None,
        training=entry.training or None,
        supervision=entry.supervision or None,
        coordinator=None if entry.coordinator == CensusEntry.Coordinator.NOT_KNOWN else entry.coordinator,
        lived_experience_design=design,
        derived=False,
    )


def census_for(ps: PerinatalService, on: dt.date) -> Census | None:
    """Derived when the service uses Alongside; else its latest entry on or before `on`; else None."""
    if ps.service is not None:
        return derived(ps.service, on)
    entry = CensusEntry.objects.filter(perinatal_service=ps, as_of__lte=on).order_by("-as_of").first()
    return entered(entry) if entry is not None else None
