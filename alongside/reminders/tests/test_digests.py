"""Reminder digests (ADR 0049): each kind to the right people only, once a period, first names only,
every link absolute and open to the person it went to."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from alongside.audit.models import AuditLog
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Membership, Role
from alongside.reminders import digests, jobs
from alongside.reminders.models import Choice, Frequency, Kind, LastSent
from alongside.reminders.tests.conftest import MONDAY, MOTHERS, at
from conftest import client_for, make_member

SITE = "https://alongside.example-trust.nhs.uk"


@pytest.fixture(autouse=True)
def _site(settings: Any) -> None:
    settings.ALONGSIDE_SITE_URL = SITE
    settings.ALONGSIDE_DIGEST_HOUR = 7


def bodies() -> dict[str, str]:
    return {e.to: e.body for e in OutboundEmail.objects.all()}


def body_of(membership: Membership) -> str:
    return OutboundEmail.objects.get(to=membership.user.email).body


def test_each_kind_goes_to_the_right_people_only(
    reminded: Any,
    coordinator: Any,
    peer_worker: Any,
    manager: Any,
    clinician: Any,
    peer_worker_other: Any,
    commissioner: Any,
    national_reviewer: Any,
) -> None:
    assert digests.queue_due(at(MONDAY)) == 5
    sent = bodies()
    assert set(sent) == {
        m.user.email for m in (coordinator, peer_worker, manager, clinician, peer_worker_other)
    }  # not the commissioner nor the national reviewer: they see no one

    mine = body_of(coordinator)
    assert "Referrals waiting too long\n- Zainab, waiting 20 days" in mine
    assert "Deferral reviews past their date\n- Yasmin: review was due on" in mine
    assert "Supervision overdue\n- Peer: NHS supervision: none recorded yet; Peer supervision: none" in mine
    assert "Training renewals due or overdue\n- Peer: Reminder refresher renewal was due on" in mine
    assert "Actions from the principles grid\n- " in mine and "due by" in mine
    assert "Ground rules" not in mine  # she supports no one herself

    theirs = body_of(peer_worker)
    assert "Supervision overdue\n- NHS supervision: none recorded yet\n" in theirs
    assert "Training renewals due or overdue\n- Reminder refresher renewal was due on" in theirs
    assert "Ground rules to agree or review\n- Olwen: No ground rules agreed yet" in theirs
    for not_hers in ("Zainab", "Yasmin", "Referrals waiting", "Deferral reviews", "principles grid"):
        assert not_hers not in theirs

    summary = body_of(manager)
    assert "1 referral has waited more than 14 days for a peer worker." in summary
    assert "1 deferral is past the date set for a review." in summary
    assert "1 peer worker is overdue for supervision." in summary
    assert "1 peer worker has training to renew soon or overdue." in summary
    assert "Zainab" not in summary and "Yasmin" not in summary and "Peer:" not in summary

    clinical = body_of(clinician)
    assert "Deferral reviews past their date\n- Yasmin" in clinical
    assert "Zainab" not in clinical and "Supervision" not in clinical

    other = body_of(peer_worker_other)
    assert "Supervision overdue" in other  # her own, at her own service
    for name in ("Zainab", "Yasmin", "Olwen", "Peer:"):
        assert name not in other


def test_choosing_never_sends_nothing(reminded: Any, peer_worker: Any, coordinator: Any) -> None:
    for kind in Kind:
        Choice.objects.create(user=peer_worker.user, kind=kind, frequency=Frequency.NEVER)
    digests.queue_due(at(MONDAY))
    assert peer_worker.user.email not in bodies()
    assert coordinator.user.email in bodies()  # her choice is hers alone


def test_never_for_one_kind_leaves_it_out(reminded: Any, peer_worker: Any) -> None:
    Choice.objects.create(user=peer_worker.user, kind=Kind.SUPERVISION, frequency=Frequency.NEVER)
    digests.queue_due(at(MONDAY))
    body = body_of(peer_worker)
    assert "Supervision overdue" not in body and "Ground rules to agree or review" in body


def test_weekly_goes_once_a_week_on_monday(reminded: Any, peer_worker: Any) -> None:
    assert digests.queue_due(at(MONDAY)) >= 1
    assert OutboundEmail.objects.filter(to=peer_worker.user.email).count() == 1
    for later in range(1, 7):  # Tuesday to Sunday: nothing more
        digests.queue_due(at(MONDAY + dt.timedelta(days=later)))
    assert OutboundEmail.objects.filter(to=peer_worker.user.email).count() == 1
    digests.queue_due(at(MONDAY + dt.timedelta(days=7)))  # the next Monday
    assert OutboundEmail.objects.filter(to=peer_worker.user.email).count() == 2


def test_daily_goes_every_weekday_and_not_at_the_weekend(reminded: Any, peer_worker: Any) -> None:
    Choice.objects.create(user=peer_worker.user, kind=Kind.SUPERVISION, frequency=Frequency.DAILY)
    for day in range(7):  # Monday to Sunday
        digests.queue_due(at(MONDAY + dt.timedelta(days=day)))
    emails = list(OutboundEmail.objects.filter(to=peer_worker.user.email).order_by("pk"))
    assert len(emails) == 5
    assert "Ground rules" in emails[0].body  # weekly, on Monday only
    assert all("Ground rules" not in e.body and "Supervision overdue" in e.body for e in emails[1:])


def test_a_second_run_sends_nothing_more(reminded: Any) -> None:
    first = digests.queue_due(at(MONDAY, 9))
    assert first == 4
    assert digests.queue_due(at(MONDAY, 9)) == 0
    assert digests.queue_due(at(MONDAY, 15)) == 0
    assert OutboundEmail.objects.count() == first
    assert LastSent.objects.filter(on=MONDAY).count() == LastSent.objects.count() > 0


def test_nothing_is_made_before_the_hour_nor_at_the_weekend(reminded: Any) -> None:
    assert digests.queue_due(at(MONDAY, 6)) == 0
    assert digests.queue_due(at(MONDAY - dt.timedelta(days=1), 9)) == 0  # Sunday
    assert not OutboundEmail.objects.exists() and not LastSent.objects.exists()


def test_no_family_name_nhs_number_postcode_or_birth_date_in_any_email(
    reminded: Any, coordinator: Any, peer_worker: Any, manager: Any, clinician: Any
) -> None:
    digests.queue_due(at(MONDAY))
    sent = "\n".join(bodies().values()) + "\n".join(OutboundEmail.objects.values_list("subject", flat=True))
    assert "Zainab" in sent and "Yasmin" in sent and "Olwen" in sent  # the search below can find them
    for mother in MOTHERS.values():
        digits = mother["nhs_number"]
        born = mother["date_of_birth"]
        for secret in (
            mother["family_name"],
            digits,
            f"{digits[:3]} {digits[3:6]} {digits[6:]}",
            mother["postcode"],
            mother["postcode"].replace(" ", ""),
            born.isoformat(),
            born.strftime("%d/%m/%Y"),
            f"{born.day} {born:%B %Y}",
        ):
            assert secret.lower() not in sent.lower(), secret
    assert "Too unwell" not in sent and "Ask " not in sent  # no one's free text


def test_each_mother_named_is_on_her_trail(reminded: Any, coordinator: Any) -> None:
    digests.queue_due(at(MONDAY))
    rows = AuditLog.objects.filter(person_id=reminded["waiting"].person_id, view=digests.AUDIT_VIEW)
    assert [(r.actor_id, r.role) for r in rows] == [(coordinator.user_id, Role.COORDINATOR)]


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_every_link_is_absolute_and_opens_for_the_person_it_went_to(
    reminded: Any, coordinator: Any, peer_worker: Any, manager: Any, clinician: Any
) -> None:
    digests.queue_due(at(MONDAY))
    for membership in (coordinator, peer_worker, manager, clinician):
        links = _links(body_of(membership))
        assert links and all(link.startswith(SITE + "/") for link in links), links
        client: Client = client_for(membership)
        for link in links:
            path = link.removeprefix(SITE).split("#")[0]
            assert client.get(path).status_code == 200, (membership.role, path)


def test_the_email_goes_from_the_configured_sender(reminded: Any, settings: Any, peer_worker: Any) -> None:
    settings.DEFAULT_FROM_EMAIL = "Alongside <reminders@example-trust.nhs.uk>"
    result = jobs.run(at(MONDAY))
    assert result is not None and result["digests"] == result["sent"] == 4
    assert {m.from_email for m in mail.outbox} == {"Alongside <reminders@example-trust.nhs.uk>"}
    assert peer_worker.user.email in {m.to[0] for m in mail.outbox}


def test_a_person_with_several_roles_gets_one_digest(
    reminded: Any, peer_worker: Any, other_service: Any, peer_worker_other: Any
) -> None:
    Membership.objects.create(user=peer_worker.user, service=other_service, role=Role.COORDINATOR)
    digests.queue_due(at(MONDAY))
    (email,) = OutboundEmail.objects.filter(to=peer_worker.user.email)
    assert "As peer worker at Birmingham Community Perinatal Team" in email.body
    assert "As peer support co-ordinator at Lancashire Community Perinatal Team" in email.body
    assert "To change role: " + SITE + "/account/role/" in email.body
    # Her own supervision is said once, not once a role; her team's (otherpeer) is there too.
    assert email.body.count("- NHS supervision: none recorded yet") == 1
    assert "- Otherpeer: NHS supervision" in email.body


def test_an_inactive_role_gets_nothing(reminded: Any, peer_worker: Any) -> None:
    Membership.objects.filter(pk=peer_worker.pk).update(active=False)
    digests.queue_due(at(MONDAY))
    assert peer_worker.user.email not in bodies()


def test_a_waiting_referral_counts_only_once_past_the_days_set(
    service: Any, clinician: Any, coordinator: Any, settings: Any
) -> None:
    from alongside.support.models import PeerSupport
    from conftest import refer

    settings.ALONGSIDE = {**settings.ALONGSIDE, "REFERRAL_WAIT_DAYS": 10}
    ps = refer(clinician, given_name="Bethan")
    PeerSupport.objects.filter(pk=ps.pk).update(referred_on=MONDAY - dt.timedelta(days=10))
    Choice.objects.bulk_create(
        Choice(user=coordinator.user, kind=k, frequency=Frequency.NEVER)
        for k in Kind
        if k != Kind.WAITING_REFERRALS
    )
    digests.queue_due(at(MONDAY))
    assert not OutboundEmail.objects.filter(to=coordinator.user.email).exists()  # 10 days: not yet
    next_monday = MONDAY + dt.timedelta(days=7)
    PeerSupport.objects.filter(pk=ps.pk).update(referred_on=next_monday - dt.timedelta(days=11))
    digests.queue_due(at(next_monday))
    assert "Bethan, waiting 11 days" in body_of(coordinator)


def test_a_light_touch_volunteer_gets_nothing(reminded: Any, service: Any) -> None:
    volunteer = make_member(service, Role.LIGHT_TOUCH_VOLUNTEER, "volunteer")
    digests.queue_due(at(MONDAY))
    assert volunteer.user.email not in bodies()


def test_a_long_list_is_cut_to_ten_with_the_page_for_the_rest(
    service: Any, clinician: Any, coordinator: Any
) -> None:
    from alongside.support.models import PeerSupport
    from conftest import refer

    waiting = [refer(clinician, given_name=f"Wait{i:02}") for i in range(12)]
    PeerSupport.objects.filter(pk__in=[ps.pk for ps in waiting]).update(
        referred_on=MONDAY - dt.timedelta(days=30)
    )
    digests.queue_due(at(MONDAY))
    body = body_of(coordinator)
    assert body.count(", waiting 30 days") == digests.SHOWN == 10
    assert f"- and 2 more\nSee all 12: {SITE}/referrals/" in body
    named = AuditLog.objects.filter(view=digests.AUDIT_VIEW).values_list("person_id", flat=True)
    assert len(set(named)) == 10  # on the trail: the ten it named, not the two it did not


def test_a_run_that_finds_her_digest_already_made_today_leaves_her_alone(peer_worker: Any) -> None:
    """Two servers' runs at once: the second to claim the day gives way (the lock of ADR 0029 aside)."""
    user_id = peer_worker.user_id
    digests._claim(user_id, {Kind.SUPERVISION.value}, {}, MONDAY)
    with pytest.raises(digests._Taken):
        digests._claim(user_id, {Kind.SUPERVISION.value}, {}, MONDAY)
    digests._claim(user_id, {Kind.SUPERVISION.value}, {}, MONDAY + dt.timedelta(days=7))  # next week's
    assert LastSent.objects.get(user_id=user_id).on == MONDAY + dt.timedelta(days=7)
