"""Dual supervision: when each half is next due, who is overdue, the service's share, and wellbeing."""

from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.workforce import metrics, services
from alongside.workforce.models import Kind
from alongside.workforce.tests.conftest import days_ago, supervise
from conftest import client_for


def due_for(service: Any, member: Any) -> metrics.WorkerSupervision:
    return metrics.supervision_for(service, [member.user_id], timezone.localdate())[member.user_id]


def test_never_supervised_is_due_now_and_overdue(service: Any, peer_worker: Any) -> None:
    status = due_for(service, peer_worker)
    assert status.nhs.last_on is None and status.nhs.overdue
    assert status.peer.overdue and not status.both_up_to_date


def test_each_half_is_next_due_a_month_after_the_last_of_its_kind(
    service: Any, coordinator: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    supervise(coordinator, peer_worker, kind=Kind.REFLECTIVE_PRACTICE, held_on=days_ago(10))
    supervise(
        peer_worker,
        peer_worker,
        kind=Kind.PEER_TO_PEER,
        held_on=days_ago(31),
        supervisors=[peer_worker_other.user],
    )
    status = due_for(service, peer_worker)
    assert (status.nhs.last_on, status.nhs.due_on, status.nhs.overdue) == (days_ago(10), days_ago(-20), False)
    assert (status.peer.last_on, status.peer.due_on, status.peer.overdue) == (days_ago(31), days_ago(1), True)


def test_due_on_the_day_is_not_yet_overdue(service: Any, coordinator: Any, peer_worker: Any) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(30))
    assert not due_for(service, peer_worker).nhs.overdue


def test_the_services_own_frequency_sets_when_each_is_due(
    service: Any, coordinator: Any, peer_worker: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(20))
    assert not due_for(service, peer_worker).nhs.overdue
    services.settings_update(
        actor=coordinator.user, membership=coordinator, nhs_supervision_days=14, peer_supervision_days=30
    )
    assert due_for(service, peer_worker).nhs.overdue
    assert due_for(service, peer_worker).nhs.due_on == days_ago(6)


def test_the_share_counts_peer_workers_with_both_halves_up_to_date(
    service: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any, charity_lead: Any
) -> None:
    supervise(coordinator, peer_worker)  # NHS only: not both
    supervise(coordinator, partner_peer_worker)
    supervise(partner_peer_worker, partner_peer_worker, kind=Kind.HOST, supervisors=[charity_lead.user])
    rows, share = metrics.team_supervision(service, timezone.localdate())
    assert (share.up_to_date, share.of, share.percent) == (1, 2, 50)
    assert [r.membership for r in rows] == [peer_worker, partner_peer_worker]  # needing attention first
    page = client_for(coordinator).get(reverse("workforce:team")).content.decode()
    assert "1 of 2 peer workers (50%) have both NHS and peer supervision up to date" in page


def test_a_service_with_no_peer_workers_has_no_share(service: Any, coordinator: Any) -> None:
    assert metrics.team_supervision(service, timezone.localdate())[1].percent is None
    assert (
        "No peer workers in this service yet"
        in client_for(coordinator).get(reverse("workforce:team")).content.decode()
    )


def test_her_supervision_counts_wherever_it_was_recorded(
    service: Any, other_service: Any, coordinator: Any, peer_worker: Any
) -> None:
    from alongside.organisations.models import Membership, Role

    there = Membership.objects.create(user=peer_worker.user, service=other_service, role=Role.PEER_WORKER)
    supervise(coordinator, peer_worker, held_on=days_ago(4))
    assert due_for(other_service, there).nhs.last_on == days_ago(4)


def test_the_co_ordinators_page_shows_next_due_dates_and_overdue_tags(
    coordinator: Any, peer_worker: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(40))
    page = client_for(coordinator).get(reverse("workforce:team")).content.decode()
    assert days_ago(10).strftime("%-d %b %Y") in page
    assert "Overdue" in page and "None recorded" in page


def test_her_own_page_shows_when_each_half_is_next_due(
    coordinator: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(5))
    supervise(
        peer_worker,
        peer_worker,
        kind=Kind.PEER_TO_PEER,
        held_on=days_ago(45),
        supervisors=[peer_worker_other.user],
    )
    page = client_for(peer_worker).get(reverse("workforce:mine")).content.decode()
    assert "NHS supervision next due" in page and days_ago(-25).strftime("%-d %b %Y") in page
    assert days_ago(15).strftime("%-d %b %Y") in page and "Overdue" in page


def test_a_supervision_that_did_not_discuss_her_wellbeing_is_shown_as_such(
    coordinator: Any, peer_worker: Any
) -> None:
    missed = supervise(coordinator, peer_worker, wellbeing_discussed=False)
    assert metrics.wellbeing_not_discussed(missed)
    assert not metrics.wellbeing_not_discussed(supervise(coordinator, peer_worker, held_on=days_ago(9)))
    for member, url in (
        (peer_worker, reverse("workforce:mine")),
        (coordinator, reverse("workforce:mine")),
        (peer_worker, reverse("workforce:detail", args=[missed.pk])),
    ):
        assert client_for(member).get(url).content.decode().count("Wellbeing not discussed") == 1, url


def test_three_supervisions_in_a_row_without_wellbeing_raise_a_flag_to_the_co_ordinator(
    service: Any, coordinator: Any, clinician: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    supervise(coordinator, peer_worker, held_on=days_ago(40), wellbeing_discussed=False)
    supervise(clinician, peer_worker, held_on=days_ago(20), kind=Kind.CLINICAL, wellbeing_discussed=False)
    assert not due_for(service, peer_worker).wellbeing_flag  # two is not yet three
    supervise(
        peer_worker,
        peer_worker,
        held_on=days_ago(2),
        kind=Kind.PEER_TO_PEER,
        wellbeing_discussed=False,
        supervisors=[peer_worker_other.user],
    )
    assert due_for(service, peer_worker).wellbeing_flag
    page = client_for(coordinator).get(reverse("workforce:team")).content.decode()
    assert "Wellbeing was not discussed at the last 3 supervisions of: Peer" in page
    assert (
        "Your wellbeing was not discussed at your last 3"
        in client_for(peer_worker).get(reverse("workforce:mine")).content.decode()
    )


def test_the_flag_clears_once_her_wellbeing_is_discussed(
    service: Any, coordinator: Any, peer_worker: Any
) -> None:
    for n in (30, 20, 10):
        supervise(coordinator, peer_worker, held_on=days_ago(n), wellbeing_discussed=False)
    assert due_for(service, peer_worker).wellbeing_flag
    supervise(coordinator, peer_worker, held_on=days_ago(1))
    assert not due_for(service, peer_worker).wellbeing_flag


def test_three_not_in_a_row_raise_no_flag(service: Any, coordinator: Any, peer_worker: Any) -> None:
    for n, discussed in ((40, False), (30, False), (20, True), (10, False)):
        supervise(coordinator, peer_worker, held_on=days_ago(n), wellbeing_discussed=discussed)
    assert not due_for(service, peer_worker).wellbeing_flag
