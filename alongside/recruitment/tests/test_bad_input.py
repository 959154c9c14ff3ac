"""Bad input gets a clear message in the NHS.UK error summary and saves nothing at all."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.recruitment.models import Candidate, CandidateStep, PanelMember, Vacancy
from alongside.recruitment.tests.conftest import vacancy_post
from alongside.recruitment.tests.test_recruitment import days
from alongside.support.tests.test_bad_input import assert_refused
from conftest import client_for

MODELS = (Vacancy, PanelMember, Candidate, CandidateStep, AuditLog)


def snapshot() -> dict[str, Any]:
    return {m.__name__: sorted(m.objects.values_list()) for m in MODELS}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours_per_week": "0"}, "Hours a week must be more than 0 and no more than 48"),
        ({"hours_per_week": "many"}, "Enter hours as a number, like 22.5"),
        ({"closes_on": days(-1).isoformat()}, "The closing date cannot be in the past"),
        ({"post": "volunteer", "employment": "volunteer"}, "A volunteer role has no pay band"),
        ({"post": "volunteer", "band": ""}, "A volunteer peer supporter is a volunteer"),
        ({"employment": "volunteer"}, "A paid role is NHS-employed or hosted"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_a_bad_vacancy_is_refused_and_saves_nothing(
    coordinator: Any, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(reverse("recruitment:vacancy_new"), vacancy_post(**overrides))
    assert_refused(response, message)
    assert snapshot() == before


def test_a_candidate_without_a_way_to_reach_her_is_refused(coordinator: Any, vacancy: Vacancy) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("recruitment:candidate_new", args=[vacancy.pk]), {"name": "Jo Bright"}
    )
    assert_refused(response, "Give an email address or a phone number")
    assert snapshot() == before


def test_a_filled_vacancy_takes_no_new_candidates(coordinator: Any, vacancy: Vacancy) -> None:
    Vacancy.objects.filter(pk=vacancy.pk).update(status=Vacancy.Status.FILLED)
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("recruitment:candidate_new", args=[vacancy.pk]), {"name": "Jo", "email": "jo@x.example"}
    )
    assert_refused(response, "This vacancy is filled: it takes no new candidates")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("post", "message"),
    [
        ({"kind": "interview", "outcome": "visited"}, "Interview can be: planned, successful"),
        ({"kind": "interview", "outcome": "successful", "on": days(2).isoformat()}, "Only a planned step"),
        ({"kind": "offer", "outcome": "made"}, "Record a successful interview before an offer"),
        ({"kind": "interview", "outcome": "successful", "on": "tomorrow"}, "Enter a valid date"),
    ],
)
def test_a_bad_step_is_refused_and_saves_nothing(
    coordinator: Any, vacancy: Vacancy, post: dict[str, str], message: str
) -> None:
    from alongside.recruitment.tests.test_recruitment import candidate

    c = candidate(coordinator, vacancy)
    before = snapshot()
    data = {"on": days(0).isoformat(), **post}
    response = client_for(coordinator).post(reverse("recruitment:candidate", args=[c.pk]), data)
    assert_refused(response, message)
    after = snapshot()
    # Reading the page again is audited; nothing else changes.
    assert {k: v for k, v in after.items() if k != "AuditLog"} == {
        k: v for k, v in before.items() if k != "AuditLog"
    }
    assert {a[5] for a in after["AuditLog"]} - {a[5] for a in before["AuditLog"]} <= {"view"}


def test_a_bad_vacancy_change_saves_nothing(coordinator: Any, vacancy: Vacancy) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("recruitment:vacancy_edit", args=[vacancy.pk]),
        vacancy_post(hours_per_week="60", status="open"),
    )
    assert_refused(response, "Hours a week must be more than 0 and no more than 48")
    assert snapshot() == before


@pytest.mark.parametrize("who", ["peer_worker_other", "commissioner"])
def test_a_panel_member_from_outside_the_service_saves_nothing(
    who: str, request: pytest.FixtureRequest, coordinator: Any, vacancy: Vacancy
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("recruitment:panel_add", args=[vacancy.pk]), {"user": request.getfixturevalue(who).user.pk}
    )
    assert_refused(response, "Choose someone from the list: the panel is drawn from")
    assert snapshot() == before
