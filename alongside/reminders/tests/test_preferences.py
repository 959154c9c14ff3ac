"""Her choice of email reminders (/reminders/): hers alone, the kinds her roles have, weekly unless
she says otherwise; bad input changes nothing."""

from typing import Any

from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.organisations.models import Membership, Role
from alongside.reminders.models import Choice, Frequency, Kind
from conftest import client_for

URL = "/reminders/"


def test_the_page_is_at_reminders() -> None:
    assert reverse("reminders:preferences") == URL


def test_a_peer_worker_sees_her_own_kinds_each_weekly_by_default(peer_worker: Any) -> None:
    page = client_for(peer_worker).get(URL).content.decode()
    for kind in (Kind.SUPERVISION, Kind.TRAINING, Kind.GROUND_RULES, Kind.GRID_ACTIONS):
        assert str(kind.label) in page
        assert f'name="{kind.value}" type="radio" value="weekly" checked' in page
    assert str(Kind.WAITING_REFERRALS.label) not in page and str(Kind.DEFERRAL_REVIEWS.label) not in page
    assert "peer@test.example" in page


def test_a_coordinator_sees_her_services_kinds(coordinator: Any) -> None:
    page = client_for(coordinator).get(URL).content.decode()
    assert all(str(kind.label) in page for kind in Kind)
    assert "more than 14 days for a peer worker." in page


def test_she_saves_her_choices_and_it_is_audited(peer_worker: Any) -> None:
    data = {"supervision": "daily", "training": "never", "ground_rules": "weekly", "grid_actions": "never"}
    response = client_for(peer_worker).post(URL, data)
    assert response.status_code == 302 and response["Location"] == URL
    chosen = dict(Choice.objects.filter(user=peer_worker.user).values_list("kind", "frequency"))
    assert chosen == data
    row = AuditLog.objects.get(model="accounts.User", object_id=str(peer_worker.user_id))
    assert row.action == "update" and "Supervision overdue: Every weekday" in row.summary
    page = client_for(peer_worker).get(URL).content.decode()
    assert 'name="supervision" type="radio" value="daily" checked' in page
    assert 'name="training" type="radio" value="never" checked' in page


def test_a_bad_choice_is_refused_clearly_and_changes_nothing(peer_worker: Any) -> None:
    Choice.objects.create(user=peer_worker.user, kind=Kind.SUPERVISION, frequency=Frequency.DAILY)
    data = {
        "supervision": "fortnightly",
        "training": "never",
        "ground_rules": "weekly",
        "grid_actions": "weekly",
    }
    response = client_for(peer_worker).post(URL, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and "Choose how often you want: supervision overdue" in page
    chosen = dict(Choice.objects.filter(user=peer_worker.user).values_list("kind", "frequency"))
    assert chosen == {"supervision": "daily"}  # nothing saved, nothing lost
    assert 'name="training" type="radio" value="never" checked' in page  # what she typed is kept


def test_a_missing_answer_is_refused(peer_worker: Any) -> None:
    page = client_for(peer_worker).post(URL, {"supervision": "daily"}).content.decode()
    assert "Choose how often you want: training renewals due or overdue" in page
    assert not Choice.objects.exists()


def test_she_cannot_choose_a_kind_her_roles_do_not_have(peer_worker: Any) -> None:
    data = {
        "supervision": "weekly",
        "training": "weekly",
        "ground_rules": "weekly",
        "grid_actions": "weekly",
        "waiting_referrals": "daily",
    }
    client_for(peer_worker).post(URL, data)
    assert not Choice.objects.filter(kind=Kind.WAITING_REFERRALS).exists()


def test_her_choices_are_hers_alone(peer_worker: Any, coordinator: Any) -> None:
    data = {"supervision": "never", "training": "never", "ground_rules": "never", "grid_actions": "never"}
    client_for(peer_worker).post(URL, data)
    assert not Choice.objects.filter(user=coordinator.user).exists()
    page = client_for(coordinator).get(URL).content.decode()
    assert 'name="supervision" type="radio" value="weekly" checked' in page


def test_commissioners_and_national_reviewers_are_refused(commissioner: Any, national_reviewer: Any) -> None:
    assert client_for(commissioner).get(URL).status_code == 403
    assert client_for(national_reviewer).get(URL).status_code == 403


def test_a_volunteer_is_told_there_are_none_for_her_role(service: Any) -> None:
    from conftest import make_member

    volunteer = make_member(service, Role.LIGHT_TOUCH_VOLUNTEER, "volunteer")
    page = client_for(volunteer).get(URL).content.decode()
    assert "There are no email reminders for your role." in page and "<form" not in page.split("<main")[1]


def test_a_person_with_several_roles_chooses_for_all_of_them(peer_worker: Any, other_service: Any) -> None:
    Membership.objects.create(user=peer_worker.user, service=other_service, role=Role.COORDINATOR)
    page = client_for(peer_worker).get(URL).content.decode()
    assert str(Kind.WAITING_REFERRALS.label) in page and str(Kind.GROUND_RULES.label) in page


def test_the_account_page_links_here(peer_worker: Any, commissioner: Any) -> None:
    assert f'href="{URL}"' in client_for(peer_worker).get(reverse("accounts:role")).content.decode()
    assert f'href="{URL}"' not in client_for(commissioner).get(reverse("accounts:role")).content.decode()
