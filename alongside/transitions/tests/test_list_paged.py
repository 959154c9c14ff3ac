"""The Transitions page lists every transition out of the service or into it, newest first, 50 a
page with the app's pager, and runs the same queries for a short history as for a long one."""

import copy
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.transitions import views
from alongside.transitions.models import Transition
from alongside.transitions.tests.conftest import days_ago, move
from alongside.transitions.views import HISTORY_PAGE
from conftest import client_for, refer

pytestmark = pytest.mark.django_db


def older(transition: Transition, n: int) -> None:
    """n more transitions like this one, each a day older than the last (written directly: the
    page reads them, how they were recorded is tested elsewhere)."""
    rows = []
    for i in range(n):
        row = copy.copy(transition)
        row.pk = None
        row.external_id = ""
        row.occurred_on = days_ago(100 + i)
        rows.append(row)
    Transition.objects.bulk_create(rows)


def get(client: Any, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_same_queries_for_a_short_and_a_long_history_and_page_two_reaches_the_oldest(
    clinician: Any, coordinator: Any
) -> None:
    client = client_for(coordinator)
    url = reverse("transitions:list")
    ps = refer(clinician, given_name="Oldest", nhs_number="")
    first = move(clinician, ps.person, kind="discharge", destination="gp", occurred_on=days_ago(400))
    newest = move(
        clinician,
        refer(clinician, given_name="Newest", nhs_number="").person,
        kind="discharge",
        destination="gp",
        occurred_on=days_ago(1),
    )
    short, page = get(client, url)
    assert "Oldest" in page and "Newest" in page
    assert 'class="nhsuk-pagination' not in page

    older(newest, HISTORY_PAGE + 5)  # the latest 50 are all "Newest": the oldest is pushed off page 1
    long, page = get(client, url)
    assert long == short
    assert "Oldest" not in page
    assert "?page=2" in page

    on_two, page = get(client, url + "?page=2")
    assert on_two == short
    assert "Oldest" in page and first.occurred_on.strftime("%-d %b %Y") in page


def test_arrivals_to_accept_stay_on_top_bounded_with_how_many_wait(
    clinician: Any, coordinator: Any, coordinator_other: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(views, "PENDING_MOST", 2)
    for i in range(3):
        theirs = refer(coordinator_other, given_name=f"Arriving{i}", nhs_number="")
        move(coordinator_other, theirs.person, to_service=clinician.service, occurred_on=days_ago(10 - i))
    _, page = get(client_for(coordinator), reverse("transitions:list"))
    waiting = page.split("Waiting to be accepted here")[1].split("Peer support lapsed")[0]
    assert "3 people are waiting: the oldest 2 are shown" in waiting
    assert "Arriving0" in waiting and "Arriving1" in waiting and "Arriving2" not in waiting
