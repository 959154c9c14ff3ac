"""Support and training needs identified in supervision become actions with an owner and a due date."""

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.workforce import access, services
from alongside.workforce.models import Action, Supervision
from alongside.workforce.tests.conftest import days_ago, supervise
from conftest import client_for

DUE = (timezone.localdate() + dt.timedelta(days=14)).isoformat()


@pytest.fixture
def session(coordinator: Any, peer_worker: Any) -> Supervision:
    return supervise(coordinator, peer_worker, notes="Private notes")


def add(member: Any, session: Supervision, owner: Any, **overrides: Any) -> Any:
    data = {
        "need": "training",
        "description": "Book safeguarding level 3",
        "owner": owner.user.pk,
        "due_on": DUE,
    }
    data.update(overrides)
    return client_for(member).post(reverse("workforce:action_new", args=[session.pk]), data)


def test_a_need_identified_becomes_an_action_with_an_owner_and_a_due_date(
    coordinator: Any, session: Supervision
) -> None:
    response = add(coordinator, session, coordinator)
    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.supervision, action.owner, action.due_on) == (
        session,
        coordinator.user,
        dt.date.fromisoformat(DUE),
    )
    assert (action.need, action.description, action.done_on) == (
        "training",
        "Book safeguarding level 3",
        None,
    )


def test_she_adds_a_support_need_from_her_own_supervision(peer_worker: Any, session: Supervision) -> None:
    add(peer_worker, session, peer_worker, need="support", description="Try a shorter week in December")
    assert Action.objects.get().owner == peer_worker.user


def test_open_actions_are_listed_on_her_page_and_the_co_ordinators(
    coordinator: Any, manager: Any, peer_worker: Any, clinician: Any, session: Supervision
) -> None:
    add(coordinator, session, clinician)
    for member, url in (
        (peer_worker, "workforce:mine"),
        (coordinator, "workforce:team"),
        (manager, "workforce:team"),
        (clinician, "workforce:mine"),  # she owns it
    ):
        page = client_for(member).get(reverse(url)).content.decode()
        assert "Book safeguarding level 3" in page, (member.role, url)
        assert "Private notes" not in page


def test_each_mark_done_form_carries_the_csrf_token(
    coordinator: Any, peer_worker: Any, session: Supervision
) -> None:
    """The actions table is a macro imported from workforce/_bits.jinja: without the page's context
    it had no csrf_input, and a real browser's "Mark done" was refused (the test client skips CSRF)."""
    add(coordinator, session, peer_worker)
    for member, url in ((peer_worker, "workforce:mine"), (coordinator, "workforce:team")):
        page = client_for(member).get(reverse(url)).content.decode()
        forms = re.findall(r'<form method="post" action="/workforce/actions/\d+/done/">.*?</form>', page)
        assert len(forms) == 1, (member.role, url)
        assert 'name="csrfmiddlewaretoken"' in forms[0], (member.role, url)


def test_an_overdue_action_is_tagged(coordinator: Any, session: Supervision) -> None:
    services.action_add(
        actor=coordinator.user,
        membership=coordinator,
        supervision=session,
        need="support",
        description="Arrange a buddy",
        owner=coordinator.user,
        due_on=days_ago(1),
    )
    page = client_for(coordinator).get(reverse("workforce:team")).content.decode()
    assert "Arrange a buddy" in page and "Overdue" in page


@pytest.mark.parametrize("who", ["peer_worker", "coordinator", "manager"])
def test_she_her_supervisor_or_a_co_ordinator_marks_an_action_done(
    who: str, request: pytest.FixtureRequest, coordinator: Any, session: Supervision
) -> None:
    add(coordinator, session, coordinator)
    action = Action.objects.get()
    member = request.getfixturevalue(who)
    response = client_for(member).post(
        reverse("workforce:action_done", args=[action.pk]), {"next": reverse("workforce:mine")}
    )
    assert response.status_code == 302 and response.url == reverse("workforce:mine")
    action.refresh_from_db()
    assert (action.done_on, action.done_by) == (timezone.localdate(), member.user)
    assert (
        "Book safeguarding level 3"
        not in client_for(coordinator).get(reverse("workforce:team")).content.decode()
    )


@pytest.mark.parametrize("who", ["partner_peer_worker", "clinician", "admin_member", "coordinator_other"])
def test_nobody_else_can_mark_an_action_done(
    who: str, request: pytest.FixtureRequest, coordinator: Any, session: Supervision
) -> None:
    add(coordinator, session, coordinator)
    action = Action.objects.get()
    response = client_for(request.getfixturevalue(who)).post(
        reverse("workforce:action_done", args=[action.pk])
    )
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.done_on is None


def test_an_action_is_done_once(coordinator: Any, session: Supervision) -> None:
    add(coordinator, session, coordinator)
    action = Action.objects.get()
    url = reverse("workforce:action_done", args=[action.pk])
    client_for(coordinator).post(url)
    response = client_for(coordinator).post(url, follow=True)
    assert "This action is already done" in response.content.decode()


def test_a_done_page_never_redirects_off_the_site(coordinator: Any, session: Supervision) -> None:
    add(coordinator, session, coordinator)
    url = reverse("workforce:action_done", args=[Action.objects.get().pk])
    response = client_for(coordinator).post(url, {"next": "https://evil.example/"})
    assert response.url == reverse("workforce:mine")


def test_the_owner_sees_the_action_but_not_the_supervision(
    clinician: Any, coordinator: Any, session: Supervision
) -> None:
    add(coordinator, session, clinician)
    assert access.actions_for_user(clinician.user, clinician).count() == 1
    assert client_for(clinician).get(reverse("workforce:detail", args=[session.pk])).status_code == 404


def test_marking_done_takes_a_post_and_someone_elses_action_is_404_either_way(
    coordinator: Any, partner_peer_worker: Any, session: Supervision
) -> None:
    add(coordinator, session, coordinator)
    url = reverse("workforce:action_done", args=[Action.objects.get().pk])
    assert client_for(coordinator).get(url).status_code == 405
    assert client_for(partner_peer_worker).get(url).status_code == 404
    assert Action.objects.get().done_on is None
