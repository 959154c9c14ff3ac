"""Gaps for a peer worker and for her service; renewals due soon and overdue; staff awareness."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Role
from alongside.training import metrics
from alongside.training.models import Module
from alongside.training.tests.conftest import (
    SAFEGUARDING,
    STAFF_SESSION,
    days_ago,
    train,
    train_everything,
)
from conftest import client_for, make_member

CURRICULUM = 17


def gaps(who: Any) -> metrics.Gaps:
    return metrics.gaps_for([who.user_id], timezone.localdate())[who.user_id]


def test_someone_with_no_training_is_missing_the_whole_curriculum_but_not_the_staff_session(
    peer_worker: Any,
) -> None:
    found = gaps(peer_worker)
    assert len(found.missing) == CURRICULUM and found.renewals == []
    assert STAFF_SESSION not in {m.name for m in found.missing}


def test_a_module_she_completed_is_no_longer_missing(peer_worker: Any) -> None:
    train(peer_worker, peer_worker, "Listening skills")
    found = gaps(peer_worker)
    assert "Listening skills" not in {m.name for m in found.missing}
    assert len(found.missing) == CURRICULUM - 1 and found.completed == 1


def test_a_module_taken_out_of_the_curriculum_is_not_a_gap(peer_worker: Any) -> None:
    Module.objects.filter(name="Feeding and sleep").update(active=False)
    assert "Feeding and sleep" not in {m.name for m in gaps(peer_worker).missing}


@pytest.mark.parametrize(
    ("done_days_ago", "shown", "overdue"),
    [(100, False, False), (340, True, False), (400, True, True)],
)
def test_safeguarding_is_due_for_renewal_a_year_on_shown_a_month_ahead_and_overdue_after(
    peer_worker: Any, done_days_ago: int, shown: bool, overdue: bool
) -> None:
    train_everything(peer_worker, peer_worker, days_ago(done_days_ago))
    found = gaps(peer_worker)
    assert found.missing == []
    assert [r.module.name for r in found.renewals] == ([SAFEGUARDING] if shown else [])
    if shown:
        renewal = found.renewals[0]
        assert renewal.overdue == overdue
        assert renewal.due_on == metrics.add_months(days_ago(done_days_ago), 12)
        assert found.overdue == ([renewal] if overdue else [])


def test_only_her_latest_safeguarding_counts(peer_worker: Any) -> None:
    train(peer_worker, peer_worker, SAFEGUARDING, days_ago(400))
    train(peer_worker, peer_worker, SAFEGUARDING, days_ago(20))
    assert gaps(peer_worker).renewals == []


def test_a_month_on_from_the_31st_is_the_months_last_day() -> None:
    assert metrics.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert metrics.add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert metrics.add_months(dt.date(2026, 11, 15), 14) == dt.date(2028, 1, 15)


def test_the_team_gap_table_lists_each_peer_worker_overdue_first(
    service: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any, peer_worker_other: Any
) -> None:
    train_everything(coordinator, partner_peer_worker, days_ago(400))
    train(coordinator, peer_worker, "Listening skills")
    rows = metrics.team_gaps(service, timezone.localdate())
    assert [r.membership for r in rows] == [partner_peer_worker, peer_worker]
    assert rows[0].gaps.overdue and len(rows[1].gaps.missing) == CURRICULUM - 1
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert "Partner" in page and "Peer" in page and "Otherpeer" not in page
    assert "was due" in page and "Overdue" in page


def test_her_page_shows_her_gaps_and_her_records(peer_worker: Any) -> None:
    train(peer_worker, peer_worker, SAFEGUARDING, days_ago(380), evidence="Certificate SG-42")
    page = client_for(peer_worker).get(reverse("training:mine")).content.decode()
    assert "Certificate SG-42" in page and "Overdue" in page and "Listening skills" in page


def test_the_staff_awareness_share_counts_clinicians_and_managers_who_attended(
    service: Any, coordinator: Any, clinician: Any, manager: Any, peer_worker: Any
) -> None:
    more = [make_member(service, Role.CLINICIAN, f"clin{i}") for i in range(2)]
    train(coordinator, clinician, STAFF_SESSION)
    train(coordinator, more[0], STAFF_SESSION)
    train(coordinator, peer_worker, STAFF_SESSION)  # she is not clinical staff: not counted
    rows, share = metrics.staff_awareness(service)
    assert (share.attended, share.of, share.percent) == (2, 4, 50)
    assert {r.membership.user_id for r in rows if r.attended_on} == {clinician.user_id, more[0].user_id}
    page = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert "2 of 4 clinical staff (50%) have attended the session on the peer worker role" in page


def test_the_share_is_none_without_clinical_staff(other_service: Any) -> None:
    _, share = metrics.staff_awareness(other_service)
    assert share.of == 0 and share.percent is None


def test_a_coordinator_records_a_clinicians_attendance_through_the_team_page(
    coordinator: Any, clinician: Any
) -> None:
    response = client_for(coordinator).post(
        reverse("training:team"),
        {"form": "staff", "staff-user": clinician.user.pk, "staff-completed_on": days_ago(2).isoformat()},
    )
    assert response.status_code == 302
    _, share = metrics.staff_awareness(coordinator.service)
    assert share.attended == 1
