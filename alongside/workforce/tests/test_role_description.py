"""Her role description: in her words, versioned, written by her or her co-ordinator and nobody
else, and revised by her at induction when it was written before she was recruited."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.support.tests.test_bad_input import assert_refused
from alongside.workforce import metrics, services
from alongside.workforce.models import Profile, RoleDescription
from conftest import client_for

TEXT = "I offer one-to-one support and run the Tuesday café group."


def write(by: Any, her: Any, text: str = TEXT, **extra: Any) -> RoleDescription:
    return services.role_description_add(actor=by.user, membership=by, subject=her, text=text, **extra)


def status(her: Any) -> metrics.DescriptionStatus:
    profile = Profile.for_membership(her)
    return metrics.description_status(
        RoleDescription.objects.filter(membership=her), her.user_id, profile.started_on
    )


def test_she_writes_her_own_and_each_version_is_kept(peer_worker: Any) -> None:
    client = client_for(peer_worker)
    client.post(reverse("workforce:role_description_mine"), {"text": "First words"})
    client.post(reverse("workforce:role_description_mine"), {"text": TEXT})
    versions = list(RoleDescription.objects.filter(membership=peer_worker))
    assert [(v.version, v.text, v.written_by) for v in versions] == [
        (1, "First words", peer_worker.user),
        (2, TEXT, peer_worker.user),
    ]
    assert AuditLog.objects.filter(model="workforce.RoleDescription").count() == 2
    assert TEXT not in "".join(AuditLog.objects.values_list("summary", flat=True))
    page = client.get(reverse("workforce:role_mine")).content.decode()
    assert TEXT in page and "Version 2" in page and "Version 1 in full" in page
    assert status(peer_worker).label == "Written by her"


def test_her_co_ordinator_writes_one_with_her(coordinator: Any, peer_worker: Any) -> None:
    client_for(coordinator).post(
        reverse("workforce:role_description", args=[peer_worker.pk]), {"text": TEXT, "co_written": "on"}
    )
    version = RoleDescription.objects.get()
    assert version.written_by == coordinator.user and version.co_written
    assert status(peer_worker).label == "Co-written with her"


@pytest.mark.parametrize("role", ["manager"])
def test_a_service_manager_is_refused_and_nothing_is_saved(
    role: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    client = client_for(request.getfixturevalue(role))
    url = reverse("workforce:role_description", args=[peer_worker.pk])
    for response in (client.get(url), client.post(url, {"text": TEXT})):
        assert response.status_code == 403
        assert "Only she or her co-ordinator can write her role description" in response.content.decode()
    assert not RoleDescription.objects.exists()


@pytest.mark.parametrize("role", ["admin_member", "clinician", "partner_peer_worker"])
def test_nobody_else_in_her_service_may_write_it(
    role: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    client = client_for(request.getfixturevalue(role))
    response = client.post(reverse("workforce:role_description", args=[peer_worker.pk]), {"text": TEXT})
    assert response.status_code == 403
    assert not RoleDescription.objects.exists()


def test_a_co_ordinator_of_another_service_cannot_find_her(coordinator_other: Any, peer_worker: Any) -> None:
    response = client_for(coordinator_other).post(
        reverse("workforce:role_description", args=[peer_worker.pk]), {"text": TEXT}
    )
    assert response.status_code == 404 and not RoleDescription.objects.exists()


@pytest.mark.parametrize("role", ["manager", "admin_member", "coordinator_other", "clinician"])
def test_the_service_refuses_anyone_but_her_or_her_co_ordinator(
    role: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    with pytest.raises(ValidationError, match="Only she or her co-ordinator"):
        write(request.getfixturevalue(role), peer_worker)
    assert not RoleDescription.objects.exists()


def test_her_history_is_seen_by_her_her_co_ordinator_and_the_service_manager(
    coordinator: Any, manager: Any, peer_worker: Any, admin_member: Any, coordinator_other: Any
) -> None:
    write(peer_worker, peer_worker)
    url = reverse("workforce:member", args=[peer_worker.pk])
    assert TEXT in client_for(peer_worker).get(reverse("workforce:role_mine")).content.decode()
    for who in (coordinator, manager):
        assert TEXT in client_for(who).get(url).content.decode()
    assert client_for(admin_member).get(url).status_code == 403
    assert client_for(coordinator_other).get(url).status_code == 404


def test_an_empty_version_is_refused(peer_worker: Any) -> None:
    response = client_for(peer_worker).post(reverse("workforce:role_description_mine"), {"text": "  "})
    assert_refused(response, "This field is required")
    assert not RoleDescription.objects.exists()


def test_only_the_first_version_can_be_one_written_before_she_was_recruited(
    coordinator: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    write(coordinator, peer_worker, before_recruitment=True)
    response = client_for(coordinator).post(
        reverse("workforce:role_description", args=[peer_worker.pk]),
        {"text": "Again", "before_recruitment": "on"},
    )
    assert response.status_code == 302  # the box is not offered after the first version
    assert RoleDescription.objects.filter(before_recruitment=True).count() == 1
    with pytest.raises(ValidationError, match="Only the first version"):
        write(coordinator, peer_worker, before_recruitment=True)
    with pytest.raises(ValidationError, match="not one written before she was recruited"):
        write(coordinator, partner_peer_worker, co_written=True, before_recruitment=True)
    assert not RoleDescription.objects.filter(membership=partner_peer_worker).exists()


# Revised at induction -----------------------------------------------------------------------


def started(her: Any, days_ago: int) -> None:
    Profile.objects.update_or_create(
        membership=her, defaults={"started_on": timezone.localdate() - dt.timedelta(days=days_ago)}
    )


def backdate(version: RoleDescription, days_ago: int) -> None:
    version.created_at = timezone.now() - dt.timedelta(days=days_ago)
    version.save()


def test_one_marked_as_written_before_she_was_recruited_waits_for_her_revision(
    coordinator: Any, peer_worker: Any
) -> None:
    write(coordinator, peer_worker, before_recruitment=True)
    assert status(peer_worker).not_revised
    page = client_for(peer_worker).get(reverse("workforce:role_mine")).content.decode()
    assert "Not yet revised" in page
    write(coordinator, peer_worker, "Still not hers")  # her co-ordinator's words alone are not a revision
    assert status(peer_worker).not_revised
    revision = write(peer_worker, peer_worker, "In my words")
    assert status(peer_worker).revision == revision and not status(peer_worker).not_revised
    assert "revised by her at induction" in status(peer_worker).label


def test_a_version_co_written_with_her_counts_as_her_revision(coordinator: Any, peer_worker: Any) -> None:
    write(coordinator, peer_worker, before_recruitment=True)
    write(coordinator, peer_worker, "Together", co_written=True)
    assert not status(peer_worker).not_revised


def test_one_written_by_someone_else_before_she_started_counts_as_written_before_recruitment(
    coordinator: Any, peer_worker: Any
) -> None:
    backdate(write(coordinator, peer_worker), 100)
    started(peer_worker, 30)
    assert status(peer_worker).before_recruitment and status(peer_worker).not_revised
    # Her own words from before she started do not count as revising it at induction.
    backdate(write(peer_worker, peer_worker, "Before I started"), 40)
    assert status(peer_worker).not_revised
    write(peer_worker, peer_worker, "Now I am here")
    assert not status(peer_worker).not_revised


def test_one_written_by_someone_else_after_she_started_is_not_before_recruitment(
    coordinator: Any, peer_worker: Any
) -> None:
    started(peer_worker, 30)
    write(coordinator, peer_worker)
    found = status(peer_worker)
    assert not found.before_recruitment and not found.not_revised


def test_her_own_first_version_needs_no_revision(peer_worker: Any) -> None:
    backdate(write(peer_worker, peer_worker), 100)
    started(peer_worker, 30)
    assert not status(peer_worker).before_recruitment


def test_no_role_description_is_not_flagged_as_unrevised(peer_worker: Any) -> None:
    assert status(peer_worker).label == "No role description yet" and not status(peer_worker).not_revised


def test_the_workforce_page_names_those_not_revised(coordinator: Any, manager: Any, peer_worker: Any) -> None:
    write(coordinator, peer_worker, before_recruitment=True)
    page = client_for(manager).get(reverse("workforce:overview")).content.decode()
    assert "Written before she was recruited and not yet revised by her: Peer." in page
