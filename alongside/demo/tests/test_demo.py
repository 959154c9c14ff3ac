"""The demo data set: its logins work, it is built only once, and what it shows is consistent."""

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, Max, Q
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.builder import LOGINS, PASSWORD, build
from alongside.lib import nhs_number
from alongside.organisations.models import Employment, Membership, Role, Service
from alongside.people.models import Person
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, Status

pytestmark = pytest.mark.django_db

LOGIN_ROLES = {
    "peerworker@alongside.example": Role.PEER_WORKER,
    "partnerpeer@alongside.example": Role.PEER_WORKER,
    "coordinator@alongside.example": Role.COORDINATOR,
    "clinician@alongside.example": Role.CLINICIAN,
    "manager@alongside.example": Role.SERVICE_MANAGER,
    "commissioner@alongside.example": Role.COMMISSIONER,
    "national@alongside.example": Role.NATIONAL_REVIEWER,
    "admin@alongside.example": Role.ADMIN,
    "twoservices@alongside.example": Role.PEER_WORKER,
}


@pytest.fixture
def demo(db: Any) -> dict[str, Any]:
    return build(people=40)


def her() -> User:
    return User.objects.get(email="peerworker@alongside.example")


def test_every_demo_login_signs_in_by_email_with_the_published_password(demo: dict[str, Any]) -> None:
    assert demo["password"] == PASSWORD == "alongside-demo"
    assert [email for _, email in demo["logins"]] == list(LOGIN_ROLES)
    for email in LOGIN_ROLES:
        assert authenticate(None, email=email, password=PASSWORD) == User.objects.get(email=email)


def test_each_login_holds_the_role_it_is_listed_as(demo: dict[str, Any]) -> None:
    for email, role in LOGIN_ROLES.items():
        assert Membership.objects.filter(user__email=email, role=role, active=True).exists(), email
    admin = User.objects.get(email="admin@alongside.example")
    assert admin.is_staff and admin.is_superuser


def test_the_partner_peer_worker_is_hosted_by_her_charity(demo: dict[str, Any]) -> None:
    membership = Membership.objects.get(user__email="partnerpeer@alongside.example")
    assert membership.host_organisation is not None
    assert membership.host_organisation.name == "Approachable Parenting"


def test_peer_workers_are_nhs_employed_hosted_and_volunteers(demo: dict[str, Any]) -> None:
    employment = set(Membership.objects.filter(role=Role.PEER_WORKER).values_list("employment", flat=True))
    assert employment == {Employment.NHS, Employment.HOSTED, Employment.VOLUNTEER}
    hosted = Membership.objects.filter(employment=Employment.HOSTED)
    assert not hosted.filter(host_organisation__isnull=True).exists()
    assert 10 <= Membership.objects.filter(role=Role.PEER_WORKER).values("user").distinct().count() <= 14


def test_one_peer_worker_works_in_two_services(demo: dict[str, Any]) -> None:
    kinds = Membership.objects.filter(user__email="twoservices@alongside.example").values_list(
        "service__kind", flat=True
    )
    assert sorted(kinds) == [Service.Kind.COMMUNITY_PERINATAL, Service.Kind.MBU]


def test_it_builds_the_same_data_only_once(demo: dict[str, Any]) -> None:
    def counts() -> list[int]:
        return [m.objects.count() for m in (Person, Contact, PeerSupport, User, Membership, GroupSession)]

    before = counts()
    User.objects.filter(email="peerworker@alongside.example").update(password="changed")
    again = build(people=40)
    assert not again["built"]
    assert counts() == before
    assert again["logins"] == demo["logins"]
    assert her().check_password(PASSWORD)


def test_it_makes_about_as_many_people_as_asked(demo: dict[str, Any]) -> None:
    assert Person.objects.count() == 40
    assert Person.objects.filter(family_role=Person.FamilyRole.MOTHER).count() > 20


def test_no_contact_is_in_the_future(demo: dict[str, Any]) -> None:
    assert Contact.objects.count() > 0
    assert not Contact.objects.filter(occurred_at__gt=timezone.now()).exists()


def test_dates_follow_one_another_from_referral_to_today(demo: dict[str, Any]) -> None:
    today = timezone.localdate()
    for allocation in Allocation.objects.select_related("peer_support"):
        assert allocation.peer_support.referred_on <= allocation.started_on <= today
    for contact in Contact.objects.select_related("peer_support").prefetch_related(
        "peer_support__allocations"
    ):
        first_allocated = min(a.started_on for a in contact.peer_support.allocations.all())
        assert first_allocated <= timezone.localtime(contact.occurred_at).date() <= today


def test_every_nhs_number_stored_is_valid_and_used_once(demo: dict[str, Any]) -> None:
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True))
    assert numbers
    assert all(nhs_number.is_valid(n) for n in numbers)
    assert len(set(numbers)) == len(numbers)


def test_people_have_the_details_a_referral_records(demo: dict[str, Any]) -> None:
    for person in Person.objects.all():
        person.full_clean()  # dates within the perinatal period, postcode and NHS number formats


def test_the_peer_worker_has_someone_with_no_successful_contact_for_14_days(demo: dict[str, Any]) -> None:
    cutoff = timezone.now() - dt.timedelta(days=14)
    quiet = (
        PeerSupport.objects.filter(
            status=Status.ACTIVE, allocations__peer_worker=her(), allocations__ended_on__isnull=True
        )
        .annotate(last=Max("contacts__occurred_at", filter=Q(contacts__successful=True)))
        .filter(last__lt=cutoff)
    )
    assert quiet.exists()


def test_at_least_one_person_is_supported_by_two_peer_workers_jointly(demo: dict[str, Any]) -> None:
    joint = PeerSupport.objects.annotate(
        open=Count("allocations", filter=Q(allocations__ended_on__isnull=True))
    ).filter(open__gte=2, allocations__peer_worker=her())
    assert joint.filter(allocations__peer_worker__email="partnerpeer@alongside.example").exists()


def test_the_peer_worker_has_a_group_today_with_its_register_still_to_take(demo: dict[str, Any]) -> None:
    today = GroupSession.objects.filter(led_by=her(), starts_at__date=timezone.localdate())
    assert today.filter(register_taken=False).exists()
    assert (
        not GroupSession.objects.filter(starts_at__lt=timezone.now(), register_taken=False)
        .exclude(pk__in=today)
        .exists()
    )


def test_the_demo_command_builds_and_prints_the_logins_without_serving(db: Any) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--people", "20", stdout=out)
    printed = out.getvalue()
    assert "Demo data built in" in printed
    assert PASSWORD in printed
    assert all(email in printed for _, email in LOGINS)
    assert "http://127.0.0.1:8000/" in printed
    assert Person.objects.count() == 20
