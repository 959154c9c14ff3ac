"""The demo data set: its logins work, it is built only once, and what it shows is consistent."""

import datetime as dt
import itertools
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit.models import AuditLog
from alongside.demo.builder import PASSWORD, build
from alongside.lib import dates, nhs_number
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Employment, Membership, Role, Service
from alongside.people.models import Person
from alongside.safety import metrics as safety_metrics
from alongside.safety.models import GroundRules
from alongside.support.models import (
    CASELOAD_STATUSES,
    OPEN_STATUSES,
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
    Status,
)
from alongside.tests.demo_once import shared_demo
from alongside.visits import notify as visits_notify
from alongside.visits.models import Alert, Visit
from alongside.wards import metrics as wards_metrics
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Escalation, Shift
from alongside.wellbeing.models import Readiness, WellbeingCheckIn

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
    "wardnurse@alongside.example": Role.CLINICIAN,
}


# Built once for this module, in a transaction rolled back after it; each test runs in a savepoint
# rolled back after it, so it sees the demo and nothing another test wrote (alongside/tests/demo_once.py).
demo_module, demo = shared_demo(lambda: build(people=40))


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
    since, until = dates.days(timezone.localdate(), timezone.localdate())
    today = GroupSession.objects.filter(led_by=her(), starts_at__gte=since, starts_at__lt=until)
    assert today.filter(register_taken=False).exists()
    assert (
        not GroupSession.objects.filter(starts_at__lt=timezone.now(), register_taken=False)
        .exclude(pk__in=today)
        .exists()
    )


# Principle 1, safe and nurturing: what the safety pages show -------------------------------


def mbu() -> Service:
    return Service.objects.get(kind=Service.Kind.MBU)


def coordinator() -> tuple[User, Membership]:
    user = User.objects.get(email="coordinator@alongside.example")
    return user, Membership.objects.get(user=user, role=Role.COORDINATOR)


def test_handover_compliance_at_the_mbu_over_the_last_eight_weeks_is_neither_none_nor_all(
    demo: dict[str, Any],
) -> None:
    today = timezone.localdate()
    total, per_worker = wards_metrics.handover_compliance(mbu(), today - dt.timedelta(weeks=8), today)
    assert total.share is not None
    assert 0 < total.share < 1
    assert total.with_briefing < total.shifts and total.with_debrief < total.shifts
    assert "twoservices@alongside.example" in {s.peer_worker.email for s in Shift.objects.all()}
    assert len(per_worker) == 4


def test_no_peer_worker_has_overlapping_shifts(demo: dict[str, Any]) -> None:
    now = timezone.now()
    by_worker: dict[int, list[Shift]] = {}
    for shift in Shift.objects.order_by("started_at"):
        by_worker.setdefault(shift.peer_worker_id, []).append(shift)
    for shifts in by_worker.values():
        for before, after in itertools.pairwise(shifts):
            assert before.ended_at is not None, "only the latest shift may still be open"
            assert before.ended_at <= after.started_at
        assert all(s.started_at < (s.ended_at or now) for s in shifts)


def test_today_twoservices_is_on_the_ward_briefed_and_not_yet_signed_out(demo: dict[str, Any]) -> None:
    (shift,) = Shift.objects.filter(ended_at__isnull=True)
    assert shift.peer_worker.email == "twoservices@alongside.example"
    assert timezone.localtime(shift.started_at).date() == timezone.localdate()
    briefing = shift.briefing
    assert shift.started_at <= briefing.given_at <= timezone.now()
    assert Membership.objects.filter(user=briefing.given_by, service=mbu(), role=Role.CLINICIAN).exists()
    entries = list(briefing.entries.select_related("person"))
    assert len(entries) >= 2
    (away,) = [e for e in entries if e.do_not_approach]
    assert away.reason
    on_the_ward = PeerSupport.objects.filter(service=mbu(), status__in=CASELOAD_STATUSES)
    assert {e.person_id for e in entries} <= set(on_the_ward.values_list("person_id", flat=True))


def test_handovers_concerns_and_check_ins_fit_their_shifts(demo: dict[str, Any]) -> None:
    clinicians = set(
        Membership.objects.filter(service=mbu(), role=Role.CLINICIAN).values_list("user_id", flat=True)
    )
    for shift in Shift.objects.select_related("briefing", "debrief"):
        end = shift.ended_at or timezone.now()
        if hasattr(shift, "briefing"):
            assert shift.started_at <= shift.briefing.given_at <= end
            assert shift.briefing.given_by_id in clinicians
            for entry in shift.briefing.entries.all():
                entry.full_clean()  # a mother not to approach has a reason
        if hasattr(shift, "debrief"):
            assert shift.debrief.given_at == shift.ended_at
            assert shift.debrief.no_concerns == (not shift.escalations.exists())
    for escalation in Escalation.objects.select_related("shift"):
        assert escalation.shift is not None and escalation.raised_at == escalation.shift.ended_at
        if escalation.acknowledged_at:
            assert escalation.raised_at < escalation.acknowledged_at <= timezone.now()
            assert escalation.acknowledged_by_id in clinicians and escalation.action_taken
    checkins = WellbeingCheckIn.objects.filter(shift__isnull=False).select_related("shift")
    assert all(c.shift is not None and c.recorded_at == c.shift.ended_at for c in checkins)
    mbu_coordinator = Membership.objects.get(service=mbu(), role=Role.COORDINATOR).user_id
    assert {c.shared_with_id for c in checkins} == {None, mbu_coordinator}


def test_one_open_concern_is_overdue_with_its_alert_and_one_is_recent_without(demo: dict[str, Any]) -> None:
    now = timezone.now()
    open_ = list(wards_metrics.open_escalations(mbu()))
    overdue = [e for e in open_ if wards_metrics.is_overdue(e)]
    recent = [e for e in open_ if not wards_metrics.is_overdue(e)]
    assert len(overdue) == len(recent) == 1
    (alert,) = overdue[0].alerts.all()
    assert alert.kind == Alert.Kind.ESCALATION_UNACKNOWLEDGED and alert.cleared_at is None
    assert now - dt.timedelta(minutes=35) <= recent[0].raised_at <= now - dt.timedelta(minutes=25)
    assert not recent[0].alerts.exists()
    acknowledged = Escalation.objects.filter(acknowledged_at__isnull=False)
    assert acknowledged.count() >= 3
    # A concern acknowledged late had its alert, cleared when it was acknowledged.
    cleared = Alert.objects.filter(escalation__in=acknowledged)
    assert all(a.cleared_at == a.escalation.acknowledged_at for a in cleared.select_related("escalation"))


def test_the_co_ordinator_sees_the_alert_for_her_peer_workers_overdue_lone_visit(
    demo: dict[str, Any],
) -> None:
    now = timezone.now()
    user, membership = coordinator()
    (alert,) = [a for a in visits_notify.open_alerts_for(user, membership) if a.visit is not None]
    visit = alert.visit
    assert visit is not None
    assert alert.kind == Alert.Kind.LONE_WORKER_OVERDUE
    assert visit.peer_worker == her() and visit.is_lone and visit.named_contact == user
    assert visit.checked_in_at is not None and not visit.is_closed
    assert (
        now - dt.timedelta(hours=3, minutes=10)
        <= visit.checked_in_at
        <= now - dt.timedelta(hours=2, minutes=50)
    )
    assert now - dt.timedelta(minutes=100) <= visit.expected_end_at <= now - dt.timedelta(minutes=85)
    assert visits_notify.raise_due_alerts() == [], "the build raised everything due"


def test_every_email_the_demo_queued_has_been_sent(demo: dict[str, Any]) -> None:
    emails = OutboundEmail.objects.all()
    assert emails.filter(escalation__isnull=False).exists() and emails.filter(alert__isnull=False).exists()
    assert not emails.filter(Q(sent_at__isnull=True) | Q(sent_at__gt=timezone.now())).exists()


def test_the_peer_worker_has_visits_planned_for_today_and_tomorrow(demo: dict[str, Any]) -> None:
    now = timezone.now()
    planned = Visit.objects.filter(peer_worker=her(), starts_at__gt=now, checked_in_at__isnull=True)
    days = {timezone.localtime(v.starts_at).date() - timezone.localdate() for v in planned}
    assert dt.timedelta(days=1) in days
    assert len(planned) >= 2


def test_visits_kept_the_accompaniment_rule_when_they_were_planned(demo: dict[str, Any]) -> None:
    service = Service.objects.get(name="Birmingham Community Perinatal Mental Health Team")
    successes = Contact.objects.filter(peer_support__service=service, successful=True)
    first_met = {
        (r["peer_worker"], r["peer_support"]): r["first"]
        for r in successes.values("peer_worker", "peer_support").annotate(first=Min("occurred_at"))
    }
    made: dict[int, int] = {}
    visited: set[tuple[int, int]] = set()
    visits = Visit.objects.filter(peer_support__service=service).order_by("starts_at", "pk")
    assert visits.count() > 20
    for visit in visits:
        key = (visit.peer_worker_id, visit.peer_support_id)
        met = key in visited or (key in first_met and first_met[key] < visit.starts_at)
        new = made.get(visit.peer_worker_id, 0) < service.accompanied_visits_for_new_workers
        if not met or new:
            assert visit.companion is not None, f"{visit} needed a companion"
        assert (visit.companion is None) == (visit.named_contact is not None)
        if visit.checked_out_at:
            made[visit.peer_worker_id] = made.get(visit.peer_worker_id, 0) + 1
            visited.add(key)


def test_nothing_in_the_safety_records_is_later_than_now_but_planned_visits(demo: dict[str, Any]) -> None:
    now = timezone.now()
    future = {
        Shift: ["started_at", "ended_at"],
        ArrivalBriefing: ["given_at"],
        DepartureDebrief: ["given_at"],
        Escalation: ["raised_at", "acknowledged_at"],
        WellbeingCheckIn: ["recorded_at"],
        Visit: ["checked_in_at", "checked_out_at", "cancelled_at", "safe_confirmed_at"],
        Alert: ["raised_at", "cleared_at"],
        Readiness: ["recorded_at"],
    }
    for model, fields in future.items():
        later = Q()
        for name in fields:
            later |= Q(**{f"{name}__gt": now})
        assert not model.objects.filter(later).exists(), model.__name__
    assert not GroundRules.objects.filter(agreed_on__gt=timezone.localdate()).exists()
    assert not AuditLog.objects.exists(), "demo data was done by no one"


def test_most_group_sessions_belong_to_their_group(demo: dict[str, Any]) -> None:
    sessions = GroupSession.objects.select_related("group")
    grouped = [s for s in sessions if s.group is not None]
    assert len(grouped) >= 0.9 * len(sessions)
    assert all(s.group.service_id == s.service_id and s.group.name == s.title for s in grouped)
    assert Group.objects.filter(name="Tuesday coffee morning").count() == 1
    with_rules = Group.objects.filter(ground_rules__isnull=False).distinct().count()
    assert Group.objects.count() / 2 < with_rules < Group.objects.count()


def test_a_light_touch_volunteer_says_she_is_ready_for_the_full_role_and_another_is_happy_as_she_is(
    demo: dict[str, Any],
) -> None:
    volunteers = Membership.objects.filter(
        role=Role.LIGHT_TOUCH_VOLUNTEER,
        employment=Employment.VOLUNTEER,
        service__name__startswith="Birmingham",
    )
    stages = {Readiness.objects.filter(peer_worker=m.user).first().stage for m in volunteers}
    assert stages == {Readiness.Stage.READY, Readiness.Stage.LIGHT_TOUCH}


def test_some_of_the_peer_workers_relationships_have_ground_rules_due(demo: dict[str, Any]) -> None:
    hers = PeerSupport.objects.filter(
        status__in=OPEN_STATUSES, allocations__peer_worker=her(), allocations__ended_on__isnull=True
    )
    due = safety_metrics.ground_rules_due(hers, Group.objects.none(), timezone.localdate())
    assert 0 < len(due) < hers.count()
    assert {d.why for d in due} >= {"No ground rules agreed yet"}
    assert GroundRules.objects.filter(peer_support__in=hers).exists()


def test_building_twice_adds_no_safety_records(demo: dict[str, Any]) -> None:
    models = (Shift, ArrivalBriefing, DepartureDebrief, Escalation, Visit, Alert, OutboundEmail, GroundRules)
    before = [m.objects.count() for m in models]
    assert all(before)
    assert not build(people=40)["built"]
    assert [m.objects.count() for m in models] == before
