"""Her training is hers, and her service's co-ordinator's and manager's: nobody else's."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.training import access
from alongside.training.tests.conftest import STAFF_SESSION, train
from conftest import client_for


@pytest.fixture
def records(peer_worker: Any, peer_worker_other: Any, coordinator: Any, clinician: Any) -> dict[str, Any]:
    """Names nobody else has, so a page that shows them is easy to catch."""
    for m, name in ((peer_worker, "Zanele"), (clinician, "Ottoline")):
        m.user.first_name = name
        m.user.save(update_fields=["first_name"])
    return {
        "hers": train(peer_worker, peer_worker, "Listening skills", evidence="Hers: certificate 111"),
        "other": train(
            peer_worker_other, peer_worker_other, "Listening skills", evidence="Other: certificate 222"
        ),
        "clinician": train(coordinator, clinician, STAFF_SESSION, evidence="Clinician: register 333"),
    }


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("peer_worker", {"hers"}),
        ("partner_peer_worker", set()),
        ("peer_worker_other", {"other"}),
        ("coordinator", {"hers", "clinician"}),
        ("manager", {"hers", "clinician"}),
        ("clinician", {"clinician"}),
        ("coordinator_other", {"other"}),
        ("commissioner", set()),
        ("admin_member", set()),
    ],
)
def test_each_role_sees_only_the_training_records_it_should(
    role: str, sees: set[str], request: pytest.FixtureRequest, records: dict[str, Any]
) -> None:
    membership = request.getfixturevalue(role)
    visible = set(access.training_records_for_user(membership.user, membership).values_list("pk", flat=True))
    assert visible == {records[k].pk for k in sees}


def test_another_services_coordinator_gets_nothing_of_this_service(
    coordinator: Any, coordinator_other: Any, records: dict[str, Any]
) -> None:
    client = client_for(coordinator_other)
    here = client_for(coordinator).get(reverse("training:team")).content.decode()
    assert "Zanele" in here and "Ottoline" in here
    page = client.get(reverse("training:team")).content.decode()
    assert "Zanele" not in page and "Ottoline" not in page
    mine = client.get(reverse("training:mine")).content.decode()
    assert "Hers: certificate" not in mine


def test_a_peer_worker_sees_only_her_own_training_and_cannot_open_the_team_page(
    peer_worker: Any, records: dict[str, Any]
) -> None:
    client = client_for(peer_worker)
    page = client.get(reverse("training:mine")).content.decode()
    assert "Hers: certificate 111" in page
    assert "Other: certificate" not in page and "Clinician: register" not in page
    assert client.get(reverse("training:team")).status_code == 403


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "commissioner", "admin_member"])
def test_only_those_who_manage_the_team_open_the_team_page(role: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(role)).get(reverse("training:team")).status_code == 403


def test_the_coordinators_own_page_shows_her_own_records_not_her_teams(
    coordinator: Any, records: dict[str, Any]
) -> None:
    page = client_for(coordinator).get(reverse("training:mine")).content.decode()
    assert "Hers: certificate" not in page and "Clinician: register" not in page


def test_the_team_select_lists_only_this_services_team(
    coordinator: Any, peer_worker: Any, peer_worker_other: Any
) -> None:
    people = set(access.team_for_user(coordinator))
    assert peer_worker.user in people and peer_worker_other.user not in people


def test_a_commissioner_is_offered_no_form_to_record_training(commissioner: Any) -> None:
    page = client_for(commissioner).get(reverse("training:mine")).content.decode()
    assert "Record training you completed" not in page
