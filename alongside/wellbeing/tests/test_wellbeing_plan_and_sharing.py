"""Her wellbeing plan and check-ins are hers: others read them only while she shares them with
them, and a withdrawal takes effect at once (ADR 0006, ADR 0010)."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.support.tests.test_bad_input import assert_refused
from alongside.wellbeing import services as wellbeing_services
from alongside.wellbeing.models import WellbeingCheckIn, WellbeingPlan, WellbeingShare
from conftest import client_for

NOT_SHARED_WITH = ["manager", "admin_member", "clinician", "partner_peer_worker", "coordinator_other"]


@pytest.fixture
def plan(peer_worker: Any) -> WellbeingPlan:
    client_for(peer_worker).post(
        reverse("wellbeing:wellbeing_plan"),
        {"what_helps": "A walk at lunchtime", "early_signs": "Sleeping badly", "who_to_contact": "My sister"},
    )
    return WellbeingPlan.objects.get(peer_worker=peer_worker.user)


@pytest.fixture
def checkin(peer_worker: Any) -> WellbeingCheckIn:
    return wellbeing_services.wellbeing_record(
        actor=peer_worker.user, feeling="low", note="A hard visit today"
    )


def share(her: Any, *people: Any, what: tuple[str, ...] = ("plan", "checkins")) -> Any:
    return client_for(her).post(
        reverse("wellbeing:wellbeing_sharing"), {"people": [p.user.pk for p in people], "what": list(what)}
    )


def shared_page(her: Any) -> str:
    return reverse("wellbeing:wellbeing_shared_detail", args=[her.user.pk])


def test_she_writes_her_plan_and_reads_it_on_her_wellbeing_page(
    peer_worker: Any, plan: WellbeingPlan
) -> None:
    page = client_for(peer_worker).get(reverse("wellbeing:wellbeing")).content.decode()
    assert "A walk at lunchtime" in page and "Sleeping badly" in page


@pytest.mark.parametrize("who", ["coordinator", *NOT_SHARED_WITH])
def test_before_she_shares_everyone_else_gets_404(
    who: str, request: pytest.FixtureRequest, peer_worker: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(shared_page(peer_worker)).status_code == 404
    assert client.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).status_code == 404
    assert "A walk at lunchtime" not in client.get(reverse("wellbeing:wellbeing_shared")).content.decode()


@pytest.mark.parametrize("who", NOT_SHARED_WITH)
def test_once_shared_with_her_coordinator_she_reads_it_and_nobody_else_does(
    who: str,
    request: pytest.FixtureRequest,
    peer_worker: Any,
    coordinator: Any,
    plan: WellbeingPlan,
    checkin: WellbeingCheckIn,
) -> None:
    assert share(peer_worker, coordinator).status_code == 302
    reader = client_for(coordinator)
    assert shared_page(peer_worker) in reader.get(reverse("wellbeing:wellbeing_shared")).content.decode()
    page = reader.get(shared_page(peer_worker)).content.decode()
    assert "A walk at lunchtime" in page and "I&#39;m finding it hard" in page
    assert (
        "A hard visit today"
        in reader.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).content.decode()
    )
    other = client_for(request.getfixturevalue(who))
    assert other.get(shared_page(peer_worker)).status_code == 404
    assert other.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).status_code == 404


def test_each_read_by_a_colleague_is_audited_without_its_content(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    share(peer_worker, coordinator)
    reader = client_for(coordinator)
    reader.get(shared_page(peer_worker))
    reader.get(shared_page(peer_worker))
    reader.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk]))
    reads = AuditLog.objects.filter(actor=coordinator.user, action="view")
    assert list(reads.values_list("model", flat=True).order_by("pk")) == [
        "wellbeing.WellbeingShare",
        "wellbeing.WellbeingShare",
        "wellbeing.WellbeingCheckIn",
    ]
    assert not AuditLog.objects.filter(summary__icontains="walk").exists()
    assert not AuditLog.objects.filter(summary__icontains="hard visit").exists()
    # Her reading her own is not a colleague's read.
    client_for(peer_worker).get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk]))
    assert not AuditLog.objects.filter(actor=peer_worker.user, action="view").exists()


def test_a_withdrawal_takes_effect_at_once(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    share(peer_worker, coordinator)
    reader = client_for(coordinator)
    assert reader.get(shared_page(peer_worker)).status_code == 200
    opened = WellbeingShare.objects.get()
    response = client_for(peer_worker).post(reverse("wellbeing:wellbeing_withdraw", args=[opened.pk]))
    assert response.status_code == 302
    assert reader.get(shared_page(peer_worker)).status_code == 404
    assert reader.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).status_code == 404
    assert shared_page(peer_worker) not in reader.get(reverse("wellbeing:wellbeing_shared")).content.decode()
    # She still sees what she shared, and when.
    history = client_for(peer_worker).get(reverse("wellbeing:wellbeing_sharing")).content.decode()
    assert "Shared before" in history and "until" in history


def test_only_she_can_withdraw_a_share(peer_worker: Any, coordinator: Any, manager: Any) -> None:
    share(peer_worker, coordinator)
    opened = WellbeingShare.objects.get()
    for other in (coordinator, manager):
        assert (
            client_for(other).post(reverse("wellbeing:wellbeing_withdraw", args=[opened.pk])).status_code
            == 404
        )
    opened.refresh_from_db()
    assert opened.withdrawn_at is None


def test_sharing_her_plan_alone_shows_no_check_in(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    share(peer_worker, coordinator, what=("plan",))
    reader = client_for(coordinator)
    page = reader.get(shared_page(peer_worker)).content.decode()
    assert "A walk at lunchtime" in page and "Her check-ins" not in page
    assert reader.get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).status_code == 404


def test_sharing_her_check_ins_alone_shows_no_plan(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    share(peer_worker, coordinator, what=("checkins",))
    page = client_for(coordinator).get(shared_page(peer_worker)).content.decode()
    assert "A walk at lunchtime" not in page and "I&#39;m finding it hard" in page


def test_she_shares_with_several_colleagues_at_once_including_a_peer_worker(
    peer_worker: Any, coordinator: Any, partner_peer_worker: Any, plan: WellbeingPlan
) -> None:
    share(peer_worker, coordinator, partner_peer_worker, what=("plan",))
    for reader in (coordinator, partner_peer_worker):
        assert "A walk at lunchtime" in client_for(reader).get(shared_page(peer_worker)).content.decode()


def test_sharing_again_replaces_what_she_shared_before(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan, checkin: WellbeingCheckIn
) -> None:
    share(peer_worker, coordinator)
    share(peer_worker, coordinator, what=("plan",))
    assert WellbeingShare.objects.filter(withdrawn_at__isnull=True).count() == 1
    assert WellbeingShare.objects.count() == 2
    assert (
        client_for(coordinator).get(reverse("wellbeing:wellbeing_detail", args=[checkin.pk])).status_code
        == 404
    )


def test_a_share_stops_when_the_colleague_leaves_the_service(
    peer_worker: Any, coordinator: Any, plan: WellbeingPlan
) -> None:
    share(peer_worker, coordinator)
    coordinator.active = False
    coordinator.save()
    assert client_for(coordinator).get(shared_page(peer_worker)).status_code == 404


@pytest.mark.parametrize(
    ("who", "what", "message"),
    [
        ("peer_worker_other", ("plan",), "Choose colleagues from the list"),
        ("commissioner", ("plan",), "Choose colleagues from the list"),
        ("coordinator", (), "Tick what to share: your plan, your check-ins, or both"),
    ],
)
def test_bad_sharing_is_refused_with_a_clear_message_and_saves_nothing(
    who: str, what: tuple[str, ...], message: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    response = share(peer_worker, request.getfixturevalue(who), what=what)
    assert_refused(response, message)
    assert not WellbeingShare.objects.exists() and not AuditLog.objects.exists()


def test_the_service_refuses_a_colleague_from_outside_her_service_by_name(
    peer_worker: Any, peer_worker_other: Any
) -> None:
    with pytest.raises(
        ValidationError, match="Otherpeer does not work in Birmingham Community Perinatal Team"
    ):
        wellbeing_services.wellbeing_share(
            actor=peer_worker.user,
            membership=peer_worker,
            people=[peer_worker_other.user],
            plan=True,
            checkins=False,
        )
    with pytest.raises(ValidationError, match="You cannot share with yourself"):
        wellbeing_services.wellbeing_share(
            actor=peer_worker.user,
            membership=peer_worker,
            people=[peer_worker.user],
            plan=True,
            checkins=False,
        )
    assert not WellbeingShare.objects.exists()


def test_a_single_check_in_shared_with_a_supervisor_still_works_and_she_can_stop_it(
    peer_worker: Any, coordinator: Any
) -> None:
    record = wellbeing_services.wellbeing_record(
        actor=peer_worker.user, feeling="mixed", note="Stayed with me", shared_with=coordinator.user
    )
    url = reverse("wellbeing:wellbeing_detail", args=[record.pk])
    assert "Stayed with me" in client_for(coordinator).get(url).content.decode()
    assert "Stayed with me" not in client_for(coordinator).get(shared_page(peer_worker)).content.decode()
    assert (
        client_for(coordinator).post(reverse("wellbeing:wellbeing_unshare", args=[record.pk])).status_code
        == 404
    )
    client_for(peer_worker).post(reverse("wellbeing:wellbeing_unshare", args=[record.pk]))
    assert client_for(coordinator).get(url).status_code == 404


def test_an_empty_plan_is_removed(peer_worker: Any, plan: WellbeingPlan) -> None:
    client_for(peer_worker).post(reverse("wellbeing:wellbeing_plan"), {"what_helps": " "})
    assert not WellbeingPlan.objects.exists()


def test_plans_and_shares_are_not_in_the_django_admin_and_no_role_reads_a_plan_by_its_own_page(
    peer_worker: Any, plan: WellbeingPlan, admin_member: Any
) -> None:
    from django.contrib import admin

    assert WellbeingPlan not in admin.site._registry and WellbeingShare not in admin.site._registry
    # Her plan page is hers: anyone else opening it edits (an empty) plan of their own.
    page = client_for(admin_member).get(reverse("wellbeing:wellbeing_plan")).content.decode()
    assert "A walk at lunchtime" not in page


def test_the_shared_with_me_page_runs_the_same_queries_for_few_and_many(coordinator: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from alongside.organisations.models import Role
    from conftest import make_member

    def grow(n: int, start: int) -> None:
        for i in range(start, start + n):
            her = make_member(coordinator.service, Role.PEER_WORKER, f"sharer{i}")
            share(her, coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client_for(coordinator).get(reverse("wellbeing:wellbeing_shared")).status_code == 200
        return len(ctx.captured_queries)

    grow(2, 0)
    few = count()
    grow(10, 2)
    assert count() == few
