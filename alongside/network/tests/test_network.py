"""The peer network (recommendation 6): a directory she chooses to be in, and groups across services."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.network.models import DirectoryEntry, GroupMember, PeerGroup
from alongside.support.tests.test_bad_input import assert_refused
from conftest import client_for


def join(member: Any, **overrides: Any) -> Any:
    data = {
        "display_name": f"{member.user.first_name} B",
        "service": member.service_id,
        "languages": "English, Urdu",
        "interests": "Coffee mornings",
        "about": f"About {member.user.first_name}",
    }
    data.update(overrides)
    return client_for(member).post(
        reverse("network:profile"), {k: v for k, v in data.items() if v is not None}
    )


def directory(member: Any) -> str:
    return client_for(member).get(reverse("network:directory")).content.decode()


def test_she_sees_the_directory_only_once_she_is_in_it_and_it_crosses_services(
    peer_worker: Any, peer_worker_other: Any
) -> None:
    join(peer_worker_other)
    before = directory(peer_worker)
    assert "Otherpeer B" not in before and "Join the directory" in before
    assert join(peer_worker).status_code == 302
    after = directory(peer_worker)
    assert "Otherpeer B" in after and "Lancashire Community Perinatal Team" in after


def test_co_ordinators_join_too(coordinator_other: Any, peer_worker: Any) -> None:
    join(peer_worker)
    join(coordinator_other)
    assert "Peer B" in directory(coordinator_other) and "Othercoordinator B" in directory(peer_worker)


@pytest.mark.parametrize("who", ["commissioner", "national_reviewer", "clinician", "manager", "admin_member"])
def test_no_one_else_sees_the_network(who: str, request: pytest.FixtureRequest, peer_worker: Any) -> None:
    join(peer_worker)
    client = client_for(request.getfixturevalue(who))
    for name in ("network:directory", "network:groups", "network:profile"):
        assert client.get(reverse(name)).status_code == 403


def test_leaving_the_directory_removes_her_at_once(peer_worker: Any, peer_worker_other: Any) -> None:
    join(peer_worker)
    join(peer_worker_other)
    assert "Otherpeer B" in directory(peer_worker)
    response = client_for(peer_worker_other).post(reverse("network:opt_out"))
    assert response.status_code == 302
    assert "Otherpeer B" not in directory(peer_worker)
    assert not DirectoryEntry.objects.filter(peer_worker=peer_worker_other.user).exists()
    # And, out of it, she no longer sees others.
    assert "Peer B" not in directory(peer_worker_other)


def test_her_email_shows_only_if_she_ticks_it(peer_worker: Any, peer_worker_other: Any) -> None:
    join(peer_worker)
    join(peer_worker_other)
    assert peer_worker_other.user.email not in directory(peer_worker)
    join(peer_worker_other, show_email="on")
    assert peer_worker_other.user.email in directory(peer_worker)


def test_what_she_leaves_out_is_not_shown(peer_worker: Any, peer_worker_other: Any) -> None:
    join(peer_worker)
    join(peer_worker_other, service=None, languages="", about="")
    page = directory(peer_worker)
    assert "Otherpeer B" in page and "Lancashire Community Perinatal Team" not in page
    assert "About Otherpeer" not in page


def test_someone_who_leaves_the_role_drops_out_of_the_directory(
    peer_worker: Any, peer_worker_other: Any
) -> None:
    join(peer_worker)
    join(peer_worker_other)
    peer_worker_other.active = False
    peer_worker_other.save()
    assert "Otherpeer B" not in directory(peer_worker)


def test_the_directory_can_be_searched(
    peer_worker: Any, peer_worker_other: Any, coordinator_other: Any
) -> None:
    join(peer_worker)
    join(peer_worker_other, languages="Polish")
    join(coordinator_other)
    page = client_for(peer_worker).get(reverse("network:directory"), {"q": "polish"}).content.decode()
    assert "Otherpeer B" in page and "Othercoordinator B" not in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"display_name": ""}, "This field is required"),
        ({"about": "x" * 601}, "Keep “about me” to 600 characters or fewer"),
        ({"service": "other"}, "Select a valid choice"),
    ],
)
def test_a_bad_entry_is_refused_and_saves_nothing(
    peer_worker: Any, other_service: Any, overrides: dict[str, Any], message: str
) -> None:
    if overrides.get("service") == "other":
        overrides = {"service": other_service.pk}
    assert_refused(join(peer_worker, **overrides), message)
    assert not DirectoryEntry.objects.exists()


def test_the_service_refuses_a_service_she_does_not_work_in(peer_worker: Any, other_service: Any) -> None:
    from django.core.exceptions import ValidationError

    from alongside.network import services

    with pytest.raises(ValidationError, match="You do not work in Lancashire Community Perinatal Team"):
        services.entry_save(
            actor=peer_worker.user, membership=peer_worker, display_name="Peer", service=other_service
        )
    assert not DirectoryEntry.objects.exists()


# Groups ---------------------------------------------------------------------------------------


def named(member: Any, first: str, last: str) -> str:
    """Give her a name no page shows otherwise, so finding it on a page means she is listed."""
    member.user.first_name, member.user.last_name = first, last
    member.user.save()
    return f"{first} {last}"


def start_group(member: Any, name: str = "Northern circle") -> PeerGroup:
    client_for(member).post(
        reverse("network:group_new"),
        {"name": name, "description": "Peer supervision", "meeting_pattern": "Monthly, online"},
    )
    return PeerGroup.objects.get(name=name)


def test_peer_workers_from_any_service_join_and_leave_a_group_and_members_see_who_is_in_it(
    peer_worker: Any, peer_worker_other: Any, coordinator: Any
) -> None:
    hannah, emma = named(peer_worker, "Hannah", "Brooks"), named(peer_worker_other, "Emma", "Whitfield")
    group = start_group(peer_worker)
    page = reverse("network:group", args=[group.pk])
    assert hannah in client_for(peer_worker).get(page).content.decode()
    outsider = client_for(peer_worker_other)
    body = outsider.get(page).content.decode()
    assert "Monthly, online" in body and hannah not in body  # members are for members
    outsider.post(reverse("network:group_join", args=[group.pk]))
    body = outsider.get(page).content.decode()
    assert hannah in body and emma in body
    assert emma not in client_for(coordinator).get(page).content.decode()
    outsider.post(reverse("network:group_leave", args=[group.pk]))
    assert hannah not in outsider.get(page).content.decode()
    assert list(GroupMember.objects.values_list("user", flat=True)) == [peer_worker.user.pk]


def test_the_groups_list_shows_sizes_not_names(peer_worker: Any, peer_worker_other: Any) -> None:
    hannah = named(peer_worker, "Hannah", "Brooks")
    start_group(peer_worker)
    body = client_for(peer_worker_other).get(reverse("network:groups")).content.decode()
    assert "Northern circle" in body and hannah not in body


def test_a_group_name_is_not_used_twice_and_it_needs_a_meeting_pattern(peer_worker: Any) -> None:
    start_group(peer_worker)
    client = client_for(peer_worker)
    assert_refused(
        client.post(reverse("network:group_new"), {"name": "northern circle", "meeting_pattern": "Weekly"}),
        "There is already a group called northern circle",
    )
    assert_refused(client.post(reverse("network:group_new"), {"name": "Another"}), "This field is required")
    assert PeerGroup.objects.count() == 1


def test_nothing_in_the_network_is_about_the_people_supported() -> None:
    from django.apps import apps

    related = {
        f.related_model._meta.app_label
        for model in apps.get_app_config("network").get_models()
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model is not None
    }
    assert related.isdisjoint({"people", "support", "directory"})
