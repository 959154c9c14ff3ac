"""Ward shifts: arrival briefings, departure debriefs, escalations that cannot be lost, compliance."""

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.notifications import outbox
from alongside.support.tests.test_bad_input import snapshot as support_snapshot
from alongside.visits import notify as visits_notify
from alongside.visits.models import Alert
from alongside.wards import metrics, services
from alongside.wards.models import ArrivalBriefing, DepartureDebrief, Escalation, Shift
from alongside.wellbeing.models import WellbeingCheckIn
from conftest import client_for

SAFETY_MODELS = (Shift, ArrivalBriefing, DepartureDebrief, Escalation, WellbeingCheckIn, Alert)


def snapshot() -> dict[str, Any]:
    return {**support_snapshot(), **{m.__name__: sorted(m.objects.values_list()) for m in SAFETY_MODELS}}


def start_shift(member: Any, hours_ago: float = 2) -> Shift:
    return services.shift_start(
        actor=member.user, membership=member, started_at=timezone.now() - dt.timedelta(hours=hours_ago)
    )


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_a_peer_worker_signs_in_and_the_nurse_briefs_her_with_the_mothers_on_the_ward(
    ward_peer: Any, nurse: Any, on_ward: Any
) -> None:
    client_for(ward_peer).post(reverse("wards:shift_start"), {})
    shift = Shift.objects.get()
    page = client_for(nurse).get(reverse("wards:briefing", args=[shift.pk])).content.decode()
    assert "Ward Khan" in page  # pre-filled from the mothers on the ward
    prefix = f"p{on_ward.person_id}"
    client_for(nurse).post(
        reverse("wards:briefing", args=[shift.pk]),
        {
            "risks": "Fire door on the left is alarmed",
            f"{prefix}-how_she_is": "Tired today",
            f"{prefix}-do_not_approach": "on",
            f"{prefix}-reason": "Resting after a difficult night",
        },
    )
    briefing = ArrivalBriefing.objects.get(shift=shift)
    entry = briefing.entries.get()
    assert (entry.do_not_approach, entry.reason) == (True, "Resting after a difficult night")
    shifts_page = client_for(ward_peer).get(reverse("wards:shifts")).content.decode()
    assert "Do not approach today" in shifts_page and "Resting after a difficult night" in shifts_page


def test_do_not_approach_needs_a_reason(ward_peer: Any, nurse: Any, on_ward: Any) -> None:
    shift = start_shift(ward_peer)
    before = snapshot()
    response = client_for(nurse).post(
        reverse("wards:briefing", args=[shift.pk]), {f"p{on_ward.person_id}-do_not_approach": "on"}
    )
    assert "Say why she should not approach this mother today" in response.content.decode()
    assert snapshot() == before


def test_only_clinical_staff_give_a_briefing(ward_peer: Any, ward_peer_2: Any) -> None:
    shift = start_shift(ward_peer)
    assert client_for(ward_peer_2).get(reverse("wards:briefing", args=[shift.pk])).status_code == 403


def test_overlapping_shifts_are_refused(ward_peer: Any) -> None:
    start_shift(ward_peer, hours_ago=3)
    before = snapshot()
    response = client_for(ward_peer).post(
        reverse("wards:shift_start"), {"started_at": local(timezone.now() - dt.timedelta(hours=1))}
    )
    assert "This would overlap your shift" in response.content.decode()
    assert snapshot() == before


def test_a_shift_that_would_overlap_a_later_finished_one_is_refused(ward_peer: Any) -> None:
    shift = start_shift(ward_peer, hours_ago=5)
    services.shift_end(
        actor=ward_peer.user,
        membership=ward_peer,
        shift=shift,
        concerns=[],
        no_concerns=True,
        wellbeing=None,
        ended_at=timezone.now() - dt.timedelta(hours=1),
    )
    with pytest.raises(Exception, match="overlap"):
        services.shift_start(
            actor=ward_peer.user, membership=ward_peer, started_at=timezone.now() - dt.timedelta(hours=6)
        )


def test_shifts_are_for_ward_settings(peer_worker: Any) -> None:
    response = client_for(peer_worker).post(reverse("wards:shift_start"), {})
    assert response.status_code in (200, 403)
    assert not Shift.objects.exists()


def test_the_departure_debrief_escalates_a_concern_to_the_clinical_team(
    ward_peer: Any, nurse: Any, ward_coordinator: Any, on_ward: Any
) -> None:
    shift = start_shift(ward_peer)
    client_for(ward_peer).post(
        reverse("wards:debrief", args=[shift.pk]),
        {
            "concern": "She said she hasn't slept for three nights and feels unsafe",
            "concern_about": on_ward.person_id,
            "feeling": "mixed",
            "wellbeing_note": "A hard conversation",
            "would_like_follow_up": "on",
            "shared_with": ward_coordinator.user.pk,
        },
    )
    escalation = Escalation.objects.get()
    assert escalation.person_id == on_ward.person_id and escalation.acknowledged_at is None
    shift.refresh_from_db()
    assert shift.ended_at is not None and DepartureDebrief.objects.filter(shift=shift).exists()
    # The clinical team is told at once, and sees it on every page until it is acknowledged.
    outbox.send_waiting()
    assert [m.to for m in mail.outbox] == [[nurse.user.email]]
    assert "hasn't slept" not in mail.outbox[0].body  # no clinical detail in email
    page = client_for(nurse).get(reverse("people:list")).content.decode()
    assert "1 safety concern waiting for the clinical team" in page


def test_a_debrief_must_state_a_concern_or_that_there_is_none(ward_peer: Any) -> None:
    shift = start_shift(ward_peer)
    before = snapshot()
    response = client_for(ward_peer).post(reverse("wards:debrief", args=[shift.pk]), {})
    assert "or tick that you have none" in response.content.decode()
    assert snapshot() == before


def test_signing_out_before_signing_in_is_refused(ward_peer: Any) -> None:
    shift = start_shift(ward_peer, hours_ago=1)
    before = snapshot()
    response = client_for(ward_peer).post(
        reverse("wards:debrief", args=[shift.pk]),
        {"no_concerns": "on", "ended_at": local(timezone.now() - dt.timedelta(hours=3))},
    )
    assert "You cannot sign out before you signed in" in response.content.decode()
    assert snapshot() == before


def test_a_debrief_for_a_shift_that_is_not_hers_is_404_and_changes_nothing(
    ward_peer: Any, ward_peer_2: Any
) -> None:
    shift = start_shift(ward_peer)
    before = snapshot()
    response = client_for(ward_peer_2).post(reverse("wards:debrief", args=[shift.pk]), {"no_concerns": "on"})
    assert response.status_code == 404
    assert snapshot() == before


def test_a_clinician_acknowledges_a_concern_saying_what_was_done(ward_peer: Any, nurse: Any) -> None:
    escalation = services.escalation_raise(actor=ward_peer.user, membership=ward_peer, text="Worried")
    client = client_for(nurse)
    response = client.post(reverse("wards:acknowledge", args=[escalation.pk]), {"action_taken": ""})
    assert "This field is required" in response.content.decode()
    client.post(
        reverse("wards:acknowledge", args=[escalation.pk]), {"action_taken": "Reviewed by the doctor at 5pm"}
    )
    escalation.refresh_from_db()
    assert (
        escalation.acknowledged_by == nurse.user
        and escalation.action_taken == "Reviewed by the doctor at 5pm"
    )
    assert "safety concern waiting" not in client.get(reverse("people:list")).content.decode()


def test_a_peer_worker_cannot_acknowledge_a_concern(ward_peer: Any) -> None:
    escalation = services.escalation_raise(actor=ward_peer.user, membership=ward_peer, text="Worried")
    assert (
        client_for(ward_peer)
        .post(reverse("wards:acknowledge", args=[escalation.pk]), {"action_taken": "x"})
        .status_code
        == 403
    )
    escalation.refresh_from_db()
    assert escalation.acknowledged_at is None


def test_an_unacknowledged_concern_never_disappears_and_reaches_the_manager_after_4_hours(
    ward_peer: Any, nurse: Any, ward_manager: Any
) -> None:
    escalation = services.escalation_raise(actor=ward_peer.user, membership=ward_peer, text="Worried")
    Escalation.objects.filter(pk=escalation.pk).update(raised_at=timezone.now() - dt.timedelta(hours=3))
    assert visits_notify.raise_due_alerts() == []  # not yet
    # Weeks later it is still open and still on the clinicians' pages.
    Escalation.objects.filter(pk=escalation.pk).update(raised_at=timezone.now() - dt.timedelta(days=30))
    assert escalation in metrics.open_escalations(escalation.service)
    assert (
        "waiting for the clinical team"
        in client_for(nurse).get(reverse("wards:escalations")).content.decode()
    )
    raised = visits_notify.raise_due_alerts()
    assert [a.kind for a in raised] == [Alert.Kind.ESCALATION_UNACKNOWLEDGED]
    assert "1 alert for you" in client_for(ward_manager).get(reverse("people:list")).content.decode()
    mail.outbox.clear()
    outbox.send_waiting()
    assert ward_manager.user.email in [m.to[0] for m in mail.outbox]


def test_the_escalation_delay_is_configurable_per_service(ward_peer: Any, ward_manager: Any) -> None:
    ward_peer.service.escalation_hours = 1
    ward_peer.service.save()
    escalation = services.escalation_raise(actor=ward_peer.user, membership=ward_peer, text="Worried")
    Escalation.objects.filter(pk=escalation.pk).update(raised_at=timezone.now() - dt.timedelta(minutes=90))
    assert len(visits_notify.raise_due_alerts()) == 1


def test_handover_compliance_is_the_share_of_shifts_with_both_handovers(
    ward_peer: Any, ward_peer_2: Any, nurse: Any, ward_coordinator: Any
) -> None:
    def shift(member: Any, days_ago: int, briefed: bool, debriefed: bool) -> None:
        ended = timezone.now() - dt.timedelta(days=days_ago)
        s = Shift.objects.create(
            peer_worker=member.user,
            service=member.service,
            started_at=ended - dt.timedelta(hours=6),
            ended_at=ended,
        )
        if briefed:
            ArrivalBriefing.objects.create(shift=s, given_by=nurse.user, given_at=s.started_at)
        if debriefed:
            DepartureDebrief.objects.create(shift=s, given_at=ended, no_concerns=True)

    shift(ward_peer, 1, True, True)
    shift(ward_peer, 2, True, False)
    shift(ward_peer_2, 3, False, True)
    shift(ward_peer_2, 4, True, True)
    shift(ward_peer_2, 60, False, False)  # outside the period
    today = timezone.localdate()
    total, rows = metrics.handover_compliance(ward_peer.service, today - dt.timedelta(days=28), today)
    assert (total.shifts, total.with_both, total.share) == (4, 2, 0.5)
    assert [(r.label, r.shifts, r.with_both) for r in rows] == [("Wardpeer", 2, 1), ("Wardpeer2", 2, 1)]
    page = client_for(ward_coordinator).get(reverse("wards:handovers")).content.decode()
    assert "50% of 4 shifts had both" in page


def test_a_handover_period_ending_before_it_starts_gets_a_clear_message(ward_coordinator: Any) -> None:
    page = client_for(ward_coordinator).get(reverse("wards:handovers") + "?from=2026-11-20&to=2026-11-01")
    assert "The end of the period must be on or after its start" in page.content.decode()


def test_a_coordinator_closes_a_forgotten_shift_and_it_counts_as_without_a_debrief(
    ward_peer: Any, ward_coordinator: Any
) -> None:
    shift = start_shift(ward_peer, hours_ago=20)
    client_for(ward_coordinator).post(reverse("wards:shift_close", args=[shift.pk]))
    shift.refresh_from_db()
    assert shift.ended_at is not None and not DepartureDebrief.objects.filter(shift=shift).exists()
    today = timezone.localdate()
    total, _ = metrics.handover_compliance(ward_peer.service, today - dt.timedelta(days=2), today)
    assert (total.shifts, total.with_debrief) == (1, 0)
    # And she can sign in again.
    services.shift_start(actor=ward_peer.user, membership=ward_peer)


def test_a_peer_worker_cannot_close_a_colleagues_shift(ward_peer: Any, ward_peer_2: Any) -> None:
    shift = start_shift(ward_peer)
    assert client_for(ward_peer_2).post(reverse("wards:shift_close", args=[shift.pk])).status_code == 403
