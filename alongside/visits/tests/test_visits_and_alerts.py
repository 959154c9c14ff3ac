"""Safe visits: the accompaniment rule, lone working, alerts that are raised once and never lost."""

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from alongside.notifications.models import OutboundEmail
from alongside.support.models import Contact
from alongside.visits import notify, services
from alongside.visits.models import Alert, Visit
from alongside.wards.tests.test_handovers import local, snapshot
from conftest import client_for


def ran() -> dict[str, int]:
    """One `alongside alerts` run, which on one machine always has the lock."""
    result = notify.run()
    assert result is not None
    return result


def plan(client: Any, peer_support: Any, **overrides: Any) -> Any:
    start = timezone.localtime() + dt.timedelta(hours=1)
    data = {
        "venue": "home",
        "starts_at": local(start),
        "expected_end_at": local(start + dt.timedelta(hours=1)),
    }
    data.update({k: v for k, v in overrides.items() if v is not None})
    return client.post(reverse("visits:visit_new", args=[peer_support.pk]), data)


def seasoned(peer_worker: Any, peer_support: Any, visits: int = 5) -> None:
    """Give her a first meeting with this mother and `visits` completed visits."""
    now = timezone.now()
    Contact.objects.create(
        peer_support=peer_support,
        peer_worker=peer_worker.user,
        occurred_at=now - dt.timedelta(days=20),
        duration_minutes=30,
        mode="home",
        successful=True,
    )
    for i in range(visits):
        Visit.objects.create(
            peer_support=peer_support,
            peer_worker=peer_worker.user,
            venue="home",
            starts_at=now - dt.timedelta(days=10 + i),
            expected_end_at=now - dt.timedelta(days=10 + i, hours=-1),
            checked_in_at=now - dt.timedelta(days=10 + i),
            checked_out_at=now - dt.timedelta(days=10 + i, hours=-1),
        )


def test_a_first_meeting_must_have_a_clinical_companion_and_the_form_says_why(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    before = snapshot()
    response = plan(client_for(peer_worker), allocated, named_contact=coordinator.user.pk)
    body = response.content.decode()
    assert "This is your first meeting with Amira Khan" in body
    assert "name a member of the clinical staff who will go with you" in body
    assert snapshot() == before


def test_a_new_peer_workers_first_visits_need_a_companion(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    seasoned(peer_worker, allocated, visits=3)
    response = plan(client_for(peer_worker), allocated, named_contact=coordinator.user.pk)
    assert "You have made 3 of your first 5 visits" in response.content.decode()
    assert Visit.objects.filter(checked_out_at__isnull=True).count() == 0


def test_the_number_of_accompanied_visits_is_configurable(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    seasoned(peer_worker, allocated, visits=3)
    allocated.service.accompanied_visits_for_new_workers = 2
    allocated.service.save()
    response = plan(client_for(peer_worker), allocated, named_contact=coordinator.user.pk)
    assert response.status_code == 302


def test_with_a_clinical_companion_the_first_visit_is_planned(
    peer_worker: Any, allocated: Any, clinician: Any
) -> None:
    response = plan(client_for(peer_worker), allocated, companion=clinician.user.pk)
    assert response.status_code == 302
    assert Visit.objects.get().companion == clinician.user


def test_a_companion_who_is_not_clinical_staff_of_the_service_is_refused(
    peer_worker: Any, partner_peer_worker: Any, allocated: Any
) -> None:
    before = snapshot()
    # A fellow peer worker is not clinical staff: the form lists only clinicians, and the service
    # holds the same rule.
    response = plan(client_for(peer_worker), allocated, companion=partner_peer_worker.user.pk)
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(Exception, match="is not clinical staff"):
        services.visit_plan(
            actor=peer_worker.user,
            membership=peer_worker,
            peer_support=allocated,
            venue="home",
            where="",
            starts_at=timezone.now(),
            expected_end_at=timezone.now() + dt.timedelta(hours=1),
            companion=partner_peer_worker.user,
        )
    assert snapshot() == before


def test_going_alone_needs_a_named_contact(peer_worker: Any, allocated: Any) -> None:
    seasoned(peer_worker, allocated)
    response = plan(client_for(peer_worker), allocated)
    assert "name who should be told if you do not check out" in response.content.decode()


def lone_visit(peer_worker: Any, allocated: Any, coordinator: Any, ended_minutes_ago: int) -> Visit:
    seasoned(peer_worker, allocated)
    now = timezone.now()
    visit = services.visit_plan(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=allocated,
        venue="public",
        where="Café",
        starts_at=now - dt.timedelta(minutes=ended_minutes_ago + 60),
        expected_end_at=now - dt.timedelta(minutes=ended_minutes_ago),
        named_contact=coordinator.user,
    )
    services.visit_check_in(actor=peer_worker.user, membership=peer_worker, visit=visit, at=visit.starts_at)
    return visit


def test_a_lone_visit_checks_in_and_out(peer_worker: Any, allocated: Any, coordinator: Any) -> None:
    seasoned(peer_worker, allocated)
    plan(client_for(peer_worker), allocated, named_contact=coordinator.user.pk)
    visit = Visit.objects.get(checked_out_at__isnull=True)
    client = client_for(peer_worker)
    client.post(reverse("visits:visit_check_in", args=[visit.pk]), {})
    client.post(reverse("visits:visit_check_out", args=[visit.pk]), {})
    visit.refresh_from_db()
    assert visit.checked_in_at and visit.checked_out_at and visit.checked_out_at >= visit.checked_in_at


def test_a_check_out_before_the_check_in_is_refused(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    visit = lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=-30)
    before = snapshot()
    response = client_for(peer_worker).post(
        reverse("visits:visit_check_out", args=[visit.pk]),
        {"at": local(visit.starts_at - dt.timedelta(minutes=10))},
    )
    assert "You cannot check out before you checked in" in response.content.decode()
    assert snapshot() == before


def test_an_overdue_lone_visit_alerts_the_coordinator_and_named_contact_once(
    peer_worker: Any, allocated: Any, coordinator: Any, clinician: Any
) -> None:
    visit = lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=20)
    assert ran()["raised"] == 0  # within the 30-minute grace period
    Visit.objects.filter(pk=visit.pk).update(expected_end_at=timezone.now() - dt.timedelta(minutes=31))
    mail.outbox.clear()
    first, second = ran(), ran()
    assert (first["raised"], second["raised"]) == (1, 0)  # idempotent
    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    assert "1 alert for you" in client_for(coordinator).get(reverse("support:groups")).content.decode()


def test_the_lone_work_alert_goes_to_the_named_contact_too(
    peer_worker: Any, allocated: Any, coordinator: Any, clinician: Any
) -> None:
    seasoned(peer_worker, allocated)
    now = timezone.now()
    services.visit_plan(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=allocated,
        venue="home",
        where="",
        starts_at=now - dt.timedelta(hours=3),
        expected_end_at=now - dt.timedelta(hours=2),
        named_contact=clinician.user,
    )
    notify.run()
    recipients = sorted(OutboundEmail.objects.values_list("to", flat=True))
    assert recipients == sorted([coordinator.user.email, clinician.user.email])
    assert "1 alert for you" in client_for(clinician).get(reverse("people:list")).content.decode()


def test_the_alert_is_cleared_only_by_a_check_out_or_a_coordinator_recording_she_is_safe(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    visit = lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=60)
    notify.run()
    alert = Alert.objects.get()
    response = client_for(coordinator).post(reverse("visits:visit_safe", args=[visit.pk]), {"note": ""})
    assert "This field is required" in response.content.decode()
    alert.refresh_from_db()
    assert alert.cleared_at is None
    client_for(coordinator).post(
        reverse("visits:visit_safe", args=[visit.pk]), {"note": "Spoke to her at 15:10"}
    )
    alert.refresh_from_db()
    assert alert.cleared_at is not None
    assert ran()["raised"] == 0


def test_checking_out_late_clears_the_alert(peer_worker: Any, allocated: Any, coordinator: Any) -> None:
    visit = lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=60)
    notify.run()
    client_for(peer_worker).post(reverse("visits:visit_check_out", args=[visit.pk]), {})
    assert Alert.objects.get().cleared_at is not None


def test_a_failed_email_is_kept_and_sent_on_a_later_run(
    peer_worker: Any, allocated: Any, coordinator: Any
) -> None:
    lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=60)
    with mock.patch(
        "alongside.notifications.outbox.send_mail", side_effect=ConnectionRefusedError("SMTP down")
    ):
        result = ran()
    assert (result["raised"], result["sent"], result["failed"]) == (1, 0, 1)
    email = OutboundEmail.objects.get()
    assert email.sent_at is None and "SMTP down" in email.last_error
    assert Alert.objects.get().cleared_at is None  # the alert stays on her page meanwhile
    mail.outbox.clear()
    assert notify.run() == {"raised": 0, "sent": 1, "failed": 0}
    assert notify.run() == {"raised": 0, "sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_the_alerts_command_runs_from_cron(
    peer_worker: Any, allocated: Any, coordinator: Any, settings: Any
) -> None:
    from io import StringIO

    from django.core.management import call_command

    # The command also makes reminder digests, on Mondays from 7am (alongside/reminders/tests):
    # none in this run, whatever the day, so the emails counted are the alert's.
    settings.ALONGSIDE_DIGEST_HOUR = 24
    lone_visit(peer_worker, allocated, coordinator, ended_minutes_ago=60)
    out = StringIO()
    call_command("alerts", stdout=out)
    call_command("alerts", stdout=out)
    assert "Alerts raised: 1. Emails sent: 1" in out.getvalue()
    assert "Alerts raised: 0. Emails sent: 0" in out.getvalue()
