"""Signposting someone to a service, and asking later whether she connected."""

import ast
import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.directory import access as directory_access
from alongside.directory import metrics, services
from alongside.directory.importer import import_oruk
from alongside.directory.models import FollowUp, Outcome, Service, Signposting
from alongside.directory.tests.feeds import record
from alongside.lib.person_level import person_level_models
from conftest import client_for, refer

pytestmark = pytest.mark.django_db
SERVICE = uuid.UUID(int=1)


@pytest.fixture
def directory() -> Service:
    import_oruk(
        [record(1, name="Brightside peer support"), record(2, name="Closed group", status="inactive")],
        source="t",
    )
    return Service.objects.get(pk=SERVICE)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def signpost(membership: Any, peer_support: Any, service: Service, on: dt.date) -> Signposting:
    return services.signposting_create(
        actor=membership.user,
        membership=membership,
        peer_support=peer_support,
        service=service,
        signposted_on=on,
    )


def test_a_peer_worker_signposts_someone_she_supports_and_it_is_audited(
    peer_worker: Any, allocated: Any, directory: Service
) -> None:
    client = client_for(peer_worker)
    url = reverse("directory:signpost", args=[allocated.pk])
    page = client.get(url, {"service": str(SERVICE)}).content.decode()
    assert f'value="{SERVICE}" selected' in page
    assert "Closed group" not in page  # only active services can be chosen
    response = client.post(
        url,
        {"service": str(SERVICE), "signposted_on": timezone.localdate().isoformat(), "note": "She liked it"},
    )
    assert response.status_code == 302 and response.url == reverse(
        "people:detail", args=[allocated.person_id]
    )
    signposting = Signposting.objects.get()
    assert (signposting.peer_support, signposting.service, signposting.signposted_by) == (
        allocated,
        directory,
        peer_worker.user,
    )
    assert signposting.follow_up_on == timezone.localdate() + dt.timedelta(days=14)
    assert signposting.outcome == ""
    log = AuditLog.objects.get(model="directory.Signposting")
    assert (log.action, log.person_id, log.summary) == (
        "create",
        allocated.person_id,
        "Signposted to Brightside peer support",
    )


def test_a_follow_up_is_due_fourteen_days_after_signposting_and_not_before(
    peer_worker: Any, allocated: Any, directory: Service
) -> None:
    allocated.referred_on = days_ago(60)
    allocated.save()
    due = signpost(peer_worker, allocated, directory, days_ago(14))
    not_yet_due = signpost(peer_worker, allocated, directory, days_ago(13))
    scoped = directory_access.signpostings_for_user(peer_worker)
    assert list(metrics.follow_ups_due(scoped, timezone.localdate())) == [due]
    page = client_for(peer_worker).get(reverse("directory:follow_ups")).content.decode()
    assert reverse("directory:follow_up", args=[due.pk]) in page
    assert reverse("directory:follow_up", args=[not_yet_due.pk]) not in page


@pytest.mark.parametrize(
    ("outcome", "due_again_in", "went_nowhere"),
    [(Outcome.YES, None, False), (Outcome.NO, None, True), (Outcome.NOT_YET, 14, False)],
)
def test_recording_whether_she_connected_closes_it_or_asks_again_later(
    peer_worker: Any,
    allocated: Any,
    directory: Service,
    outcome: str,
    due_again_in: int | None,
    went_nowhere: bool,
) -> None:
    allocated.referred_on = days_ago(60)
    allocated.save()
    signposting = signpost(peer_worker, allocated, directory, days_ago(20))
    response = client_for(peer_worker).post(
        reverse("directory:follow_up", args=[signposting.pk]),
        {"outcome": outcome, "recorded_on": timezone.localdate().isoformat(), "note": "Asked at the café"},
    )
    assert response.status_code == 302
    signposting.refresh_from_db()
    assert signposting.outcome == outcome
    expected = timezone.localdate() + dt.timedelta(days=due_again_in) if due_again_in else None
    assert signposting.follow_up_on == expected
    assert FollowUp.objects.get().outcome == outcome
    scoped = directory_access.signpostings_for_user(peer_worker)
    assert metrics.follow_ups_due(scoped, timezone.localdate()).exists() is False
    if due_again_in:
        later = timezone.localdate() + dt.timedelta(days=due_again_in)
        assert list(metrics.follow_ups_due(scoped, later)) == [signposting]
    assert list(metrics.went_nowhere(scoped)) == ([signposting] if went_nowhere else [])
    page = client_for(peer_worker).get(reverse("directory:follow_ups")).content.decode()
    assert ("she did not connect" in page) is went_nowhere
    assert AuditLog.objects.filter(
        model="directory.Signposting", action="update", person_id=allocated.person_id
    ).exists()


def test_not_yet_then_yes_keeps_the_history(peer_worker: Any, allocated: Any, directory: Service) -> None:
    allocated.referred_on = days_ago(60)
    allocated.save()
    signposting = signpost(peer_worker, allocated, directory, days_ago(40))
    for answer, on in ((Outcome.NOT_YET, days_ago(25)), (Outcome.YES, days_ago(5))):
        services.follow_up_record(
            actor=peer_worker.user,
            membership=peer_worker,
            signposting=signposting,
            outcome=answer,
            recorded_on=on,
        )
    assert list(signposting.follow_ups.values_list("outcome", flat=True)) == ["yes", "not_yet"]
    assert (signposting.outcome, signposting.follow_up_on) == ("yes", None)
    page = client_for(peer_worker).get(reverse("directory:follow_up", args=[signposting.pk])).content.decode()
    assert "Asked before" in page and "Not yet" in page


def test_a_peer_worker_from_another_service_gets_404_signposting_someone_not_hers(
    peer_worker_other: Any, peer_worker: Any, allocated: Any, directory: Service
) -> None:
    client = client_for(peer_worker_other)
    url = reverse("directory:signpost", args=[allocated.pk])
    assert client.get(url).status_code == 404
    post = {"service": str(SERVICE), "signposted_on": timezone.localdate().isoformat()}
    assert client.post(url, post).status_code == 404
    assert not Signposting.objects.exists()
    theirs = signpost(peer_worker, allocated, directory, timezone.localdate())
    follow_up = reverse("directory:follow_up", args=[theirs.pk])
    assert client.get(follow_up).status_code == 404
    assert (
        client.post(
            follow_up, {"outcome": "yes", "recorded_on": timezone.localdate().isoformat()}
        ).status_code
        == 404
    )
    assert not FollowUp.objects.exists()


def test_a_peer_worker_in_the_same_service_not_allocated_to_her_gets_404(
    partner_peer_worker: Any, allocated: Any, directory: Service
) -> None:
    assert (
        client_for(partner_peer_worker).get(reverse("directory:signpost", args=[allocated.pk])).status_code
        == 404
    )


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer"])
def test_commissioners_reach_no_signposting_page(
    role: str, request: pytest.FixtureRequest, peer_worker: Any, allocated: Any, directory: Service
) -> None:
    signposting = signpost(peer_worker, allocated, directory, timezone.localdate())
    client = client_for(request.getfixturevalue(role))
    for url in (
        reverse("directory:signpost", args=[allocated.pk]),
        reverse("directory:follow_ups"),
        reverse("directory:follow_up", args=[signposting.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert directory_access.signpostings_for_user(request.getfixturevalue(role)).count() == 0


def test_a_clinician_sees_follow_ups_but_cannot_signpost(clinician: Any, allocated: Any) -> None:
    client = client_for(clinician)
    assert client.get(reverse("directory:follow_ups")).status_code == 200
    assert client.get(reverse("directory:signpost", args=[allocated.pk])).status_code == 403


def test_the_helper_scopes_signpostings_like_peer_support(
    peer_worker: Any,
    peer_worker_other: Any,
    coordinator: Any,
    coordinator_other: Any,
    allocated: Any,
    directory: Service,
) -> None:
    here = signpost(peer_worker, allocated, directory, timezone.localdate())
    there_ps = refer(coordinator_other, given_name="There")
    there = signpost(coordinator_other, there_ps, directory, timezone.localdate())
    seen = {
        m: set(directory_access.signpostings_for_user(m))
        for m in (peer_worker, peer_worker_other, coordinator, coordinator_other)
    }
    assert seen == {
        peer_worker: {here},
        peer_worker_other: set(),
        coordinator: {here},
        coordinator_other: {there},
    }
    with pytest.raises(Exception, match="No such signposting"):
        directory_access.get_signposting_for_user(peer_worker, there.pk)


def test_no_view_here_queries_signpostings_directly() -> None:
    """Views use alongside.directory.access (ADR 0002), as alongside/tests checks for the core models."""
    views = Path(__file__).resolve().parents[1] / "views.py"
    names = {m.__name__ for m in person_level_models() if m._meta.app_label == "directory"}
    direct = [
        node.lineno
        for node in ast.walk(ast.parse(views.read_text()))
        if isinstance(node, ast.Attribute)
        and node.attr in {"objects", "_default_manager"}
        and isinstance(node.value, ast.Name)
        and node.value.id in names
    ]
    assert names == {"Signposting", "FollowUp"}
    assert direct == []
