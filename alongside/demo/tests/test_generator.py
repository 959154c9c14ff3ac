"""The national generator: the right shape, the same data from the same seed, rows the ORM reads back."""

import datetime as dt
import io
import zoneinfo
from functools import partial
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Max, Min, Model, Q, Sum
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.bulk import _adapter
from alongside.demo.generator import YEARS, generate, plan
from alongside.lib import nhs_number, postcode
from alongside.organisations.models import ICB, Membership, Region, Role, Service
from alongside.outcomes.models import FeedbackResponse, Goal, GoalsDecision, Scope, Story, StoryConsent
from alongside.people.models import Person
from alongside.safety.models import GroundRuleItem, GroundRules
from alongside.support.models import CASELOAD_STATUSES, Allocation, Contact, PeerSupport, Status
from alongside.tests.demo_once import demo_transaction
from alongside.training.models import TrainingRecord
from alongside.transitions.models import Transition, TransitionNotice
from alongside.visits.models import Visit
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Shift
from alongside.wellbeing.models import WellbeingCheckIn, WellbeingShare
from alongside.workforce.models import PEER_KINDS, Action, Reflection, Supervision


def _quiet(_: str) -> None:
    """The generator's progress lines, unwanted in a test."""


SMALL = 0.01  # about 74 people in a community team: quick, and every path still taken
TODAY = dt.date(2026, 12, 3)


def test_the_national_plan_is_england_66_services_in_42_icbs_and_7_regions() -> None:
    national = plan("national")
    assert len(national) == 66
    assert len({p.area for p in national}) == 42
    assert len({p.region for p in national}) == 7
    assert sum(p.kind == Service.Kind.MBU for p in national) == 24
    assert len({p.name for p in national}) == len({p.slug for p in national}) == 66  # staff emails unique
    region = plan("region")
    assert {p.region for p in region} == {"Midlands"} and len(region) == 15
    assert plan("service") == national[:1] and region == national[: len(region)]


EXTRAS: list[type[Model]] = [
    Story,
    StoryConsent,
    Transition,
    TransitionNotice,
    Supervision,
    Reflection,
    Action,
    TrainingRecord,
    Visit,
    Shift,
    ArrivalBriefing,
    DepartureDebrief,
    GroundRuleItem,
    GroundRules,
]


def _digest() -> dict[str, Any]:
    """What the data says, without the keys a database sequence hands out."""
    people = list(Person.objects.order_by("pk").values_list("pk", "given_name", "family_name", "nhs_number"))
    contacts = Contact.objects.aggregate(
        n=Count("pk"),
        minutes=Sum("duration_minutes"),
        ok=Count("pk", filter=Q(successful=True)),
        first=Min("occurred_at"),
        last=Max("occurred_at"),
    )
    statuses = dict(PeerSupport.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))
    extras = {m.__name__: m.objects.count() for m in EXTRAS}
    return {"people": people, "contacts": contacts, "statuses": statuses, "extras": extras}


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_data_and_another_seed_does_not() -> None:
    digests = []
    for seed in (1, 1, 2):
        with demo_transaction(partial(generate, "service", seed=seed, scale=SMALL, today=TODAY, say=_quiet)):
            digests.append(_digest())
    assert digests[0]["contacts"]["n"] > 100
    assert digests[0] == digests[1]
    assert digests[0] != digests[2]


@pytest.mark.django_db
def test_a_service_has_every_role_valid_people_and_support_that_fits_its_dates() -> None:
    generate("service", scale=SMALL, today=TODAY, say=_quiet)
    service = Service.objects.get()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert {Role.PEER_WORKER, Role.COORDINATOR, Role.CLINICIAN, Role.SERVICE_MANAGER} <= roles
    assert {Role.COMMISSIONER, Role.NATIONAL_REVIEWER} <= roles
    assert ICB.objects.count() == Region.objects.count() == 1
    people = Person.objects.filter(service=service)
    assert 60 <= people.count() <= 90
    numbers = [n for n in people.values_list("nhs_number", flat=True) if n]
    assert numbers and all(nhs_number.is_valid(n) for n in numbers) and len(set(numbers)) == len(numbers)
    for code in people.exclude(postcode="").values_list("postcode", flat=True):
        postcode.validate(code)
    # Dates fit: nothing in the future, no contact before the allocation, no allocation before the referral.
    now = timezone.now()
    assert not Contact.objects.filter(occurred_at__gt=now).exists()
    for allocation in Allocation.objects.select_related("peer_support")[:50]:
        assert allocation.started_on >= allocation.peer_support.referred_on
    # Principle 3: goals only where agreed, rated 0 to 10; feedback only once support has ended.
    assert Goal.objects.exists() and FeedbackResponse.objects.exists()
    assert not Goal.objects.filter(
        peer_support__goals_decisions__choice=GoalsDecision.Choice.DECLINED
    ).exists()
    assert not FeedbackResponse.objects.exclude(peer_support__status=Status.ENDED).exists()
    statuses = set(PeerSupport.objects.values_list("status", flat=True))
    assert {Status.ENDED, *CASELOAD_STATUSES} & statuses and Status.ENDED in statuses


@pytest.mark.django_db
def test_rows_written_in_bulk_read_back_through_the_orm_as_saved_ones_would() -> None:
    generate("service", scale=SMALL, today=TODAY, say=_quiet)
    contact = Contact.objects.order_by("pk").first()
    assert contact is not None and timezone.is_aware(contact.occurred_at)
    assert 9 <= timezone.localtime(contact.occurred_at).hour <= 17
    if hasattr(PeerSupport, "last_contact_at"):
        for ps in PeerSupport.objects.annotate(
            latest=Max("contacts__occurred_at", filter=Q(contacts__successful=True))
        )[:100]:
            assert ps.last_contact_at == ps.latest
    # New rows after the generator's own keys: the sequences were moved past them.
    user = User.objects.create_user(username="after", email="after@test.example", password="x" * 12)
    assert user.pk > User.objects.exclude(pk=user.pk).aggregate(m=Max("pk"))["m"]


@pytest.mark.django_db
def test_it_refuses_a_database_that_already_has_services(service: Service) -> None:
    with pytest.raises(CommandError, match="already has services"):
        call_command("generate", size="service", scale=SMALL, stdout=io.StringIO())
    with pytest.raises(CommandError, match="--scale"):
        call_command("generate", size="service", scale=0, stdout=io.StringIO())
    assert Person.objects.count() == 0


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="PostgreSQL's COPY takes Python's values as they are"
)
def test_on_sqlite_dates_and_times_are_written_as_djangos_own_backend_writes_them() -> None:
    london = zoneinfo.ZoneInfo("Europe/London")
    moments = [
        dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC),  # the night the clocks go forward
        dt.datetime(2026, 10, 25, 1, 30, 15, 250, tzinfo=london),  # the hour that happens twice
        dt.datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=london),
    ]
    at = _adapter(Contact._meta.get_field("occurred_at"))
    on = _adapter(Allocation._meta.get_field("started_on"))
    assert at is not None and on is not None
    for moment in moments:
        assert at(moment) == connection.ops.adapt_datetimefield_value(moment)
        assert on(moment.date()) == connection.ops.adapt_datefield_value(moment.date())


def _spread(model: type[Model], n: int = 25) -> list[Model]:
    """Up to n rows from across the table, not only its first."""
    pks = list(model._default_manager.order_by("pk").values_list("pk", flat=True))
    step = max(1, len(pks) // n)
    return list(model._default_manager.filter(pk__in=pks[::step]))


@pytest.mark.django_db
def test_services_also_have_stories_transitions_supervision_training_and_safety_records() -> None:
    generate("region", scale=SMALL, today=TODAY, say=_quiet)  # the Midlands: teams and units
    for model in EXTRAS:
        rows = _spread(model)
        assert rows, f"no {model.__name__} rows"
        for row in rows:
            row.full_clean()
    # Stories are told by the people supported in the service, each used inside it at least.
    assert not Story.objects.exclude(person__service=F("service")).exists()
    assert not Story.objects.exclude(consents__scope=Scope.SERVICE).exists()
    # Transitions: the receiving team decides only when it is on Alongside; accepted ones lead to
    # her peer support there; unit discharges go to the area's community team.
    assert not Transition.objects.filter(to_service=None).exclude(decision="").exists()
    assert not Transition.objects.exclude(to_service=None).filter(decision="").exists()
    accepted = Transition.objects.filter(decision=Transition.Decision.ACCEPTED)
    assert accepted.exists()
    assert not accepted.exclude(peer_support__service=F("to_service")).exists()
    assert (
        not Transition.objects.exclude(decision=Transition.Decision.ACCEPTED)
        .exclude(peer_support=None)
        .exists()
    )
    assert Transition.objects.filter(
        from_service__kind=Service.Kind.MBU, to_service__kind=Service.Kind.COMMUNITY_PERINATAL
    ).exists()
    # Dual supervision, about monthly on each track, for every peer worker; most talk of wellbeing.
    workers = Membership.objects.filter(role=Role.PEER_WORKER)
    for m in workers:
        mine = Supervision.objects.filter(peer_worker=m.user_id, service=m.service_id)
        assert mine.filter(kind__in=PEER_KINDS).count() >= 10 * YEARS
        assert mine.exclude(kind__in=PEER_KINDS).count() >= 10 * YEARS
    assert not Supervision.objects.filter(supervisors=None).exists()
    total = Supervision.objects.count()
    assert Supervision.objects.filter(wellbeing_discussed=True).count() > 0.7 * total
    # Her wellbeing is hers: nothing is shared that she did not choose to share.
    assert not WellbeingShare.objects.exists()
    assert not WellbeingCheckIn.objects.exclude(shared_with=None).exists()
    # Lone working: every past visit closed, but for a few of yesterday's; the coming week's planned
    # (at least one for each peer worker with someone to see); only to her own mothers.
    tz = timezone.get_default_timezone()
    yesterday = dt.datetime.combine(TODAY - dt.timedelta(days=1), dt.time(), tzinfo=tz)
    tomorrow = dt.datetime.combine(TODAY + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    still_open = Visit.objects.filter(checked_out_at=None, cancelled_at=None, safe_confirmed_at=None)
    assert not still_open.filter(starts_at__lt=yesterday).exists()
    assert still_open.filter(starts_at__gte=tomorrow).exists()
    assert not still_open.exclude(starts_at__gte=tomorrow).exclude(checked_in_at__isnull=False).exists()
    assert not Visit.objects.filter(starts_at__gte=tomorrow, checked_in_at__isnull=False).exists()
    past = Visit.objects.filter(starts_at__lt=yesterday)
    assert past.filter(checked_out_at__isnull=False).count() > 0.8 * past.count()
    assert not Visit.objects.exclude(peer_support__allocations__peer_worker=F("peer_worker")).exists()
    seeing = Allocation.objects.filter(
        ended_on=None, peer_support__status__in=(Status.ALLOCATED, Status.ACTIVE)
    ).values("peer_worker")
    planned = still_open.filter(starts_at__gte=tomorrow).values("peer_worker")
    assert set(seeing.values_list("peer_worker", flat=True)) <= set(
        planned.values_list("peer_worker", flat=True)
    )
    # Ward shifts only in the units, each with its briefing and debrief.
    assert not Shift.objects.exclude(service__kind=Service.Kind.MBU).exists()
    assert not Shift.objects.filter(Q(briefing=None) | Q(debrief=None)).exists()
    assert not Shift.objects.filter(started_at__gt=timezone.now()).exists()
    # Ground rules for one thing each (the model's constraint), from the service's own checklist.
    assert GroundRules.objects.filter(group__isnull=False).exists()
    assert (
        not GroundRules.objects.exclude(items__service=F("peer_support__service"))
        .exclude(peer_support=None)
        .exists()
    )
