"""The national generator: the right shape, the same data from the same seed, rows the ORM reads back."""

import datetime as dt
import io
import zoneinfo
from functools import partial
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max, Min, Q, Sum
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.bulk import _adapter
from alongside.demo.generator import generate, plan
from alongside.lib import nhs_number, postcode
from alongside.organisations.models import ICB, Membership, Region, Role, Service
from alongside.outcomes.models import FeedbackResponse, Goal, GoalsDecision
from alongside.people.models import Person
from alongside.support.models import CASELOAD_STATUSES, Allocation, Contact, PeerSupport, Status
from alongside.tests.demo_once import demo_transaction


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
    return {"people": people, "contacts": contacts, "statuses": statuses}


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
