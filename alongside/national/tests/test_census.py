"""The set-up census (ADR 0040): derived from the workforce and training pages' own functions where
a service uses Alongside, entered otherwise, the same shape either way."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.national.census import OWN_RECORDS, census_for, derived, entered
from alongside.national.models import CensusEntry, PerinatalService
from alongside.organisations.models import ICB, Employment, Membership, Region, Role, Service
from alongside.training import metrics as training
from alongside.training.models import Module, TrainingRecord
from alongside.workforce import metrics as workforce
from alongside.workforce.models import (
    ContractType,
    DutyKind,
    Involvement,
    NonPeerDuty,
    Profile,
    SupervisionGuidance,
)
from conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(
    service: Service, peer_worker: Membership, partner_peer_worker: Membership, coordinator: Membership
) -> Any:
    """Two paid peer workers (one NHS, one hosted by the charity) and a volunteer; the service's own
    co-ordinator; 3 hours of role drift; co-produced guidance; an involvement this year; one peer
    worker with all her training done."""
    today, now, by = timezone.localdate(), timezone.now(), coordinator.user
    partner_peer_worker.employment = Employment.HOSTED
    partner_peer_worker.save()
    volunteer = make_member(service, Role.PEER_WORKER, "volunteer", employment=Employment.VOLUNTEER)
    for member, contract, hours, band in [
        (peer_worker, ContractType.PERMANENT, "30", "3"),
        (partner_peer_worker, ContractType.FIXED_TERM, "22.5", "4"),
        (volunteer, ContractType.VOLUNTEER, "4", ""),
    ]:
        Profile.objects.create(
            membership=member, contract_type=contract, hours_per_week=Decimal(hours), band=band
        )
    NonPeerDuty.objects.create(
        membership=peer_worker,
        done_on=today - dt.timedelta(days=2),
        hours=Decimal(3),
        kind=DutyKind.INVOLVEMENT_LEAD,
        chosen=False,
        logged_by=by,
        logged_at=now,
    )
    guidance = SupervisionGuidance.objects.create(
        service=service,
        nhs_supervision_days=42,
        nhs_with="The team's psychologist",
        peer_supervision_days=28,
        peer_with="The charity's peer lead",
        covers="Her wellbeing first",
        agreed_on=today,
        recorded_by=by,
        recorded_at=now,
    )
    guidance.co_produced_by.add(peer_worker.user)
    Involvement.objects.create(
        service=service,
        held_on=today - dt.timedelta(days=30),
        shaped="The timetable",
        recorded_by=by,
        recorded_at=now,
    )
    for module in Module.objects.filter(active=True, for_staff=False):
        TrainingRecord.objects.create(
            user=peer_worker.user, module=module, completed_on=today, recorded_by=by, recorded_at=now
        )
    return service


def registered(service: Service | None, code: str = "RXX01") -> PerinatalService:
    """A nationally registered service: linked to `service` if given, else in an ICB of its own."""
    if service is not None and service.icb is not None:
        icb = service.icb
    else:
        icb = ICB.objects.create(name=f"NHS {code} ICB", region=Region.objects.create(name=f"Region {code}"))
    return PerinatalService.objects.create(
        code=code,
        name=f"Team {code}",
        kind=PerinatalService.Kind.COMMUNITY,
        icb=icb,
        trust_name="A Trust",
        service=service,
    )


def test_the_derived_census_is_the_workforce_pages_own_figures(world: Service) -> None:
    today = timezone.localdate()
    census = derived(world, today)
    team = workforce.team_workforce(world, today)

    assert census.source == OWN_RECORDS and census.derived and census.as_of == today
    nhs, hosted, volunteer = (row.total for row in team.headcount)
    assert (
        (census.paid, census.volunteers) == (nhs + hosted, volunteer) == (3, 1)
    )  # the co-ordinator is paid too
    assert census.employed_by == "Both"
    assert census.contract_types == {
        "Permanent": 1,
        "Fixed term": 1,
        "Volunteer agreement": 1,
        "Not recorded": 1,
    }
    assert census.works == "In a team"
    assert census.non_peer_duties_hours == sum(r.drift.hours for r in team.rows) == Decimal(3)
    assert census.pay_bands == {band.code: n for band, n in team.bands} == {"3": 1, "4": 1}
    assert census.hours_per_week == Decimal("56.5")
    assert census.trained == training.up_to_date(training.team_gaps(world, today)) == 1
    assert census.supervision == "NHS every 42 days, peer every 28 days (co-produced guidance)"
    assert census.coordinator == workforce.coordinator_cover(world, today).kind == "own"
    assert census.lived_experience_design is True
    assert census.training is None and census.non_peer_duties is None


def test_a_service_with_nothing_recorded_is_not_known_where_it_cannot_be(service: Service) -> None:
    census = derived(service, timezone.localdate())
    assert (census.paid, census.volunteers) == (0, 0)
    assert census.employed_by is None and census.works is None
    assert census.contract_types is None and census.pay_bands is None and census.hours_per_week is None
    assert census.supervision is None
    assert census.coordinator == "none"
    assert census.lived_experience_design is False


def test_one_peer_worker_works_alone(service: Service, peer_worker: Membership) -> None:
    census = derived(service, timezone.localdate())
    assert census.works == "Alone"
    assert census.employed_by == "NHS"
    assert census.contract_types == {"Not recorded": 1}


def entry(ps: PerinatalService, **fields: Any) -> CensusEntry:
    values: dict[str, Any] = {"as_of": dt.date(2026, 4, 1), "source": "Survey of teams, 2026"}
    values.update(fields)
    row = CensusEntry(perinatal_service=ps, **values)
    row.full_clean()
    row.save()
    return row


def test_an_entered_census_reads_back_in_the_same_shape(db: Any) -> None:
    ps = registered(None)
    row = entry(
        ps,
        paid=2,
        volunteers=0,
        employed_by=CensusEntry.EmployedBy.THIRD_SECTOR,
        contract_lengths="12 months fixed term, permanent",
        works=CensusEntry.Works.TEAM,
        non_peer_duties="patient involvement",
        pay_bands="3, 4",
        hours_per_week=Decimal("45"),
        training="PERIGON, in house",
        supervision="Monthly with the team psychologist",
        coordinator=CensusEntry.Coordinator.SHARED,
        lived_experience_design=CensusEntry.YesNo.YES,
    )
    census = entered(row)
    assert census.source == "Survey of teams, 2026" and not census.derived
    assert (census.paid, census.volunteers) == (2, 0)
    assert census.employed_by == "Third sector"
    assert census.contract_types == {"12 months fixed term": None, "permanent": None}
    assert census.works == "In a team"
    assert census.non_peer_duties == "patient involvement" and census.non_peer_duties_hours is None
    assert census.pay_bands == {"3": None, "4": None}
    assert census.hours_per_week == Decimal(45)
    assert census.training == "PERIGON, in house" and census.trained is None
    assert census.supervision == "Monthly with the team psychologist"
    assert census.coordinator == "shared"
    assert census.lived_experience_design is True


def test_not_known_and_blank_are_none(db: Any) -> None:
    census = entered(entry(registered(None)))
    assert census.paid is None and census.employed_by is None and census.works is None
    assert census.contract_types is None and census.pay_bands is None and census.supervision is None
    assert census.coordinator is None and census.lived_experience_design is None


def test_census_for_derives_for_a_linked_service_and_takes_the_latest_entry_otherwise(world: Service) -> None:
    today = timezone.localdate()
    linked = registered(world, "RLINK")
    entry(linked, as_of=today, paid=9)  # what data cannot show is kept, but her records answer
    found = census_for(linked, today)
    assert found is not None and found.derived and found.paid == 3

    other = registered(None, "ROTHER")
    assert census_for(other, today) is None
    entry(other, as_of=dt.date(2025, 4, 1), paid=1)
    entry(other, as_of=dt.date(2026, 4, 1), paid=3)
    entry(other, as_of=dt.date(2026, 9, 1), paid=5)
    assert census_for(other, dt.date(2024, 1, 1)) is None
    assert [
        census_for(other, dt.date(y, m, d)).paid for y, m, d in [(2025, 12, 31), (2026, 4, 1), (2026, 9, 2)]
    ] == [
        1,
        3,
        5,
    ]


@pytest.mark.parametrize(
    "field, value",
    [
        ("paid", -1),
        ("volunteers", -2),
        ("hours_per_week", Decimal("-0.5")),
        ("hours_per_week", Decimal("1000.5")),
        ("employed_by", "council"),
        ("works", "sometimes"),
        ("coordinator", "maybe"),
        ("lived_experience_design", "true"),
        ("source", ""),
    ],
)
def test_bad_values_are_refused(db: Any, field: str, value: Any) -> None:
    ps = registered(None)
    with pytest.raises(ValidationError) as refused:
        entry(ps, **{field: value})
    assert field in refused.value.message_dict
    assert not CensusEntry.objects.exists()


def test_one_entry_per_service_and_day(db: Any) -> None:
    ps = registered(None)
    entry(ps)
    with pytest.raises(ValidationError):
        entry(ps)
    assert CensusEntry.objects.count() == 1


def test_the_admin_lists_entries_and_refuses_a_bad_one(db: Any) -> None:
    ps = registered(None)
    entry(ps, paid=2)
    root = User.objects.create_superuser(username="root", email="root@test.example", password="x" * 16)
    client = Client()
    client.force_login(root)
    page = client.get(reverse("admin:national_censusentry_changelist")).content.decode()
    assert "Survey of teams, 2026" in page
    answer = client.post(
        reverse("admin:national_censusentry_add"),
        {
            "perinatal_service": ps.pk,
            "as_of": "2026-05-01",
            "source": "A call",
            "paid": "-1",
            "employed_by": "nhs",
            "works": "alone",
            "coordinator": "own",
            "lived_experience_design": "no",
        },
    )
    assert answer.status_code == 200 and "greater than or equal to 0" in answer.content.decode()
    assert CensusEntry.objects.count() == 1
