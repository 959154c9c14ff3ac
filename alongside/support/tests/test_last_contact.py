"""Each case's stored last successful contact (PeerSupport.last_contact_at) stays what its contacts say."""

import datetime as dt
import importlib
from typing import Any

from django.apps import apps
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from alongside.support import metrics, services
from alongside.support.models import Contact, PeerSupport
from conftest import client_for, refer


def ago(days: float) -> dt.datetime:
    return (timezone.now() - dt.timedelta(days=days)).replace(microsecond=0)


def log(peer_worker: Any, ps: PeerSupport, at: dt.datetime, *, successful: bool = True) -> Contact:
    return services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=ps,
        contact_with="mother",
        occurred_at=at,
        duration_minutes=30,
        mode="phone",
        successful=successful,
        note="",
    )


def stored(ps: PeerSupport) -> dt.datetime | None:
    return PeerSupport.objects.get(pk=ps.pk).last_contact_at


def from_contacts(ps: PeerSupport) -> dt.datetime | None:
    """The same figure the slow way, from every contact: what the stored one must equal."""
    found = ps.contacts.filter(successful=True).aggregate(m=Max("occurred_at"))["m"]
    return found  # type: ignore[no-any-return]


def test_logging_a_successful_contact_sets_it(peer_worker: Any, allocated: PeerSupport) -> None:
    assert stored(allocated) is None
    at = ago(3)
    log(peer_worker, allocated, at)
    assert stored(allocated) == at == from_contacts(allocated)
    assert allocated.last_contact_at == at  # the caller's copy too


def test_it_is_set_through_the_contact_form(peer_worker: Any, allocated: PeerSupport) -> None:
    now = timezone.localtime().replace(second=0, microsecond=0)
    client_for(peer_worker).post(
        reverse("support:contact", args=[allocated.pk]),
        {
            "successful": "yes",
            "contact_with": "mother",
            "mode": "phone",
            "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "20",
            "note": "",
        },
    )
    assert stored(allocated) == now


def test_an_unsuccessful_attempt_does_not_move_it(peer_worker: Any, allocated: PeerSupport) -> None:
    reached = ago(10)
    log(peer_worker, allocated, reached)
    log(peer_worker, allocated, ago(1), successful=False)
    assert stored(allocated) == reached == from_contacts(allocated)


def test_an_earlier_contact_logged_late_leaves_it(peer_worker: Any, allocated: PeerSupport) -> None:
    latest = ago(2)
    log(peer_worker, allocated, latest)
    log(peer_worker, allocated, ago(9))  # written up after the fact
    assert stored(allocated) == latest == from_contacts(allocated)


def test_a_group_register_moves_it_and_taking_someone_off_moves_it_back(
    peer_worker: Any, allocated: PeerSupport, clinician: Any
) -> None:
    before = ago(20)
    log(peer_worker, allocated, before)
    other = refer(clinician, given_name="Other")
    session = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title="Café",
        starts_at=ago(1),
        duration_minutes=60,
        mode="community",
    )
    client = client_for(peer_worker)
    client.post(reverse("support:register", args=[session.pk]), {"attendees": [allocated.pk, other.pk]})
    assert stored(allocated) == session.starts_at == stored(other)
    client.post(reverse("support:register", args=[session.pk]), {"attendees": [other.pk]})
    assert stored(allocated) == before == from_contacts(allocated)  # she did not come after all
    assert stored(other) == session.starts_at


def test_a_contact_deleted_or_corrected_is_put_right_by_the_refresh(
    peer_worker: Any, allocated: PeerSupport
) -> None:
    first, second = ago(8), ago(4)
    log(peer_worker, allocated, first)
    latest = log(peer_worker, allocated, second)
    latest.delete()
    services.last_contact_refresh([allocated.pk])
    assert stored(allocated) == first
    corrected = ago(30)
    Contact.objects.filter(peer_support=allocated).update(occurred_at=corrected)
    services.last_contact_refresh([allocated.pk])
    assert stored(allocated) == corrected == from_contacts(allocated)
    Contact.objects.filter(peer_support=allocated).delete()
    services.last_contact_refresh()
    assert stored(allocated) is None


def test_a_status_change_from_an_older_copy_keeps_a_contact_logged_meanwhile(
    peer_worker: Any, coordinator: Any, allocated: PeerSupport
) -> None:
    stale = PeerSupport.objects.get(pk=allocated.pk)  # loaded before the contact, as by another request
    at = ago(1)
    log(peer_worker, allocated, at)
    services.status_change(
        actor=coordinator.user, membership=coordinator, peer_support=stale, status="paused", note="Holiday"
    )
    assert stored(allocated) == at


def test_the_migration_fills_it_from_the_contacts_already_logged(
    peer_worker: Any, allocated: PeerSupport, clinician: Any
) -> None:
    at = ago(5)
    log(peer_worker, allocated, at)
    log(peer_worker, allocated, ago(2), successful=False)
    never = refer(clinician, given_name="Never")
    PeerSupport.objects.update(last_contact_at=ago(100))  # as if the column were new and wrong
    migration = importlib.import_module("alongside.support.migrations.0003_peersupport_last_contact_at")
    migration.fill_last_contact_at(apps, None)
    assert stored(allocated) == at and stored(never) is None


def test_gone_quiet_counts_from_the_stored_contact_or_from_allocation(
    peer_worker: Any, coordinator: Any, clinician: Any
) -> None:
    """Quiet: reached 20 days ago; allocated 20 days ago and never reached. Not quiet: reached 2 days
    ago; allocated today and never reached; reached 20 days ago but paused."""
    service = peer_worker.service
    cases = {name: refer(clinician, given_name=name) for name in ("Old", "Recent", "Silent", "New", "Paused")}
    for ps in cases.values():
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
    log(peer_worker, cases["Old"], ago(20))
    log(peer_worker, cases["Recent"], ago(2))
    log(peer_worker, cases["Paused"], ago(20))
    services.status_change(
        actor=coordinator.user, membership=coordinator, peer_support=cases["Paused"], status="paused"
    )
    PeerSupport.objects.filter(pk=cases["Silent"].pk).update(
        status_changed_on=timezone.localdate() - dt.timedelta(days=20)
    )
    quiet = metrics.without_recent_contact(service, timezone.localdate())
    assert [ps.person.given_name for ps in quiet] == ["Silent", "Old"]  # never reached first
    today = client_for(peer_worker).get(reverse("home:today")).content.decode()
    assert today.count("Not heard from for 14+ days") == 2


def test_every_stored_value_equals_the_contacts_after_a_busy_day(
    peer_worker: Any, coordinator: Any, clinician: Any
) -> None:
    cases = [refer(clinician, given_name=f"Busy{i}") for i in range(4)]
    for i, ps in enumerate(cases):
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
        for days in range(i):
            log(peer_worker, ps, ago(days + 1), successful=bool(days % 2))
    for ps in PeerSupport.objects.all():
        assert ps.last_contact_at == from_contacts(ps), ps
    assert PeerSupport.objects.filter(Q(last_contact_at__isnull=False)).count() == 2
