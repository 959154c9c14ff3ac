"""The clinical-systems API to the letter (issue 16, ADR 0043): an Idempotency-Key answers a retry
as the first request was answered, an event is read back by its id, its moment is kept with its
offset, and every error under /api/, a path or a method the API does not have included, is an
RFC 9457 problem."""

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from alongside.transitions import access
from alongside.transitions.models import ApiCall, IdempotencyKey, Transition
from alongside.transitions.tests.conftest import move, token_for
from alongside.transitions.tests.test_api import NHS, URL, event, refused, written
from conftest import make_member, refer

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(manager: Any) -> str:
    return token_for(manager)[1]


@pytest.fixture
def amira(clinician: Any) -> Any:
    return refer(clinician, nhs_number=NHS).person


def post(body: Any, token: str, key: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    return Client().post(URL, json.dumps(body), content_type="application/json", headers=headers)


def get(path: str, token: str | None) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(path, headers=headers)


# Idempotency-Key ----------------------------------------------------------------------------------


def test_the_same_key_and_body_get_the_first_answer_again_and_record_nothing(token: str, amira: Any) -> None:
    first = post(event(), token, key="7f1c2b8e-0d4e-4c6b-9a51-3d0c2f9e8a11")
    assert first.status_code == 201 and "Idempotent-Replayed" not in first
    before = written()
    again = post(event(), token, key="7f1c2b8e-0d4e-4c6b-9a51-3d0c2f9e8a11")
    assert again.status_code == 201  # the first answer's status, not the 200 of a repeated event_id
    assert again.content == first.content and again["Location"] == first["Location"]
    assert again["Idempotent-Replayed"] == "true"
    assert written() == before and Transition.objects.count() == 1


def test_a_quoted_key_is_the_same_key(token: str, amira: Any) -> None:
    """The IETF draft sends the key as a structured-field String, in quotes; most clients do not."""
    first = post(event(), token, key='"key-1"')
    again = post(event(), token, key="key-1")
    assert again.content == first.content and again["Idempotent-Replayed"] == "true"


def test_the_same_key_with_another_body_is_a_422_problem_and_records_nothing(token: str, amira: Any) -> None:
    post(event(), token, key="key-1")
    before = written()
    other = event(event_id="EPR-2002", kind="transfer", to={"kind": "community_perinatal"})
    body = refused(post(other, token, key="key-1"), 422)
    assert body["type"] == "/api/v1/problems/idempotency-key-reused"
    assert "key-1 was sent before with a different body" in body["detail"]
    assert written() == before
    assert not Transition.objects.filter(external_id="EPR-2002").exists()


def test_keys_are_each_tokens_own(token: str, amira: Any, manager: Any) -> None:
    second = token_for(manager, name="Trust PAS")[1]
    post(event(), token, key="key-1")
    other = event(event_id="EPR-2002")
    response = post(other, second, key="key-1")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert IdempotencyKey.objects.filter(key="key-1").count() == 2


def test_a_key_is_kept_for_24_hours_and_then_forgotten(token: str, amira: Any) -> None:
    post(event(), token, key="key-1")
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=23, minutes=59))
    assert post(event(event_id="EPR-2002"), token, key="key-1").status_code == 422
    IdempotencyKey.objects.update(created_at=timezone.now() - dt.timedelta(hours=24, minutes=1))
    response = post(event(event_id="EPR-2002"), token, key="key-1")
    assert response.status_code == 201
    assert json.loads(IdempotencyKey.objects.get().response)["event_id"] == "EPR-2002"  # the old one let go


def test_a_refusal_keeps_no_key_so_the_corrected_request_may_use_it(token: str, amira: Any) -> None:
    refused(post(event(person={"nhs_number": "4010232137"}), token, key="key-1"), 404)
    assert not IdempotencyKey.objects.exists()
    assert post(event(), token, key="key-1").status_code == 201


@pytest.mark.parametrize("key", ["", "with space", "x" * 256, "naïve"])
def test_a_key_that_is_not_visible_ascii_up_to_255_characters_is_a_422(
    token: str, amira: Any, key: str
) -> None:
    body = refused(post(event(), token, key=key), 422)
    assert [e["field"] for e in body["errors"]] == ["header Idempotency-Key"]
    assert not Transition.objects.exists()


# Reading an event back ---------------------------------------------------------------------------


def test_an_event_is_read_back_by_the_id_its_answer_gave(token: str, amira: Any) -> None:
    sent = post(event(), token)
    assert sent["Location"] == f"/api/v1/events/{sent.json()['id']}"
    read = get(sent["Location"], token)
    assert read.status_code == 200 and read.json() == sent.json()
    assert ApiCall.objects.latest("pk").status == 200 and ApiCall.objects.latest("pk").transition_id


def test_another_token_of_the_same_service_reads_it_too(token: str, amira: Any, manager: Any) -> None:
    location = post(event(), token)["Location"]
    assert get(location, token_for(manager, name="New EPR")[1]).status_code == 200


def test_an_event_of_another_service_one_recorded_by_staff_and_none_at_all_are_the_same_404(
    token: str, amira: Any, clinician: Any, coordinator_other: Any
) -> None:
    manager_there = make_member(coordinator_other.service, "service_manager", "othermanager")
    theirs = refer(coordinator_other, given_name="Bea", nhs_number="9876543210").person
    their_event = post(event(person={"nhs_number": theirs.nhs_number}), token_for(manager_there)[1]).json()
    by_staff = move(clinician, amira)
    answers = [
        refused(get(f"/api/v1/events/{pk}", token), 404)
        for pk in (their_event["id"], by_staff.pk, by_staff.pk + 1000)
    ]
    assert {a["detail"] for a in answers} == {"No such event sent by your service"}
    assert access.sent_event(coordinator_other.service_id, their_event["id"]) is not None  # it exists


def test_reading_an_event_needs_a_token(token: str, amira: Any) -> None:
    location = post(event(), token)["Location"]
    refused(get(location, None), 401)


# The moment of the event -------------------------------------------------------------------------


def test_the_moment_is_kept_with_its_offset_and_its_day_in_the_uk(token: str, amira: Any) -> None:
    body = event(occurred_on=None, occurred_at="2026-07-01T23:30:00+00:00")
    del body["occurred_on"]
    answer = post(body, token).json()
    assert answer["occurred_at"] == "2026-07-02T00:30:00+01:00"  # the same moment, in UK summer time
    assert answer["occurred_on"] == "2026-07-02"  # the day it was in the UK
    saved = Transition.objects.get()
    assert saved.occurred_at == dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
    assert saved.occurred_on == dt.date(2026, 7, 2)


def test_the_day_alone_is_still_taken_for_systems_that_send_no_time(token: str, amira: Any) -> None:
    answer = post(event(), token).json()
    assert answer["occurred_at"] is None and answer["occurred_on"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("dating", "message"),
    [
        ({"occurred_at": "2026-07-01T12:00:00"}, "timezone"),  # no offset: which 12:00?
        ({"occurred_at": "2026-07-01T12:00:00+00:00", "occurred_on": "2026-07-03"}, "not the day of"),
        ({}, "give occurred_at"),
        ({"occurred_at": None, "occurred_on": None}, "give occurred_at"),
        ({"occurred_at": "1999-12-31T12:00:00Z"}, "on or after"),
    ],
)
def test_a_moment_that_does_not_fit_is_a_422(
    token: str, amira: Any, dating: dict[str, Any], message: str
) -> None:
    body = {k: v for k, v in event().items() if k != "occurred_on"} | dating
    problem = refused(post(body, token), 422)
    assert message in problem["detail"]
    assert not Transition.objects.exists()


# The NHS number ---------------------------------------------------------------------------------


@pytest.mark.parametrize("written_as", ["9434765919", "943 476 5919", "943-476-5919"])
def test_the_nhs_number_is_read_in_its_written_forms(token: str, amira: Any, written_as: str) -> None:
    assert post(event(person={"nhs_number": written_as}), token).status_code == 201


@pytest.mark.parametrize("written_as", ["9434765918", "943  476 5919", "٩٤٣٤٧٦٥٩١٩", "9434765919\n"])
def test_an_nhs_number_outside_the_declared_pattern_or_with_a_wrong_check_digit_is_a_422(
    token: str, amira: Any, written_as: str
) -> None:
    problem = refused(post(event(person={"nhs_number": written_as}), token), 422)
    assert problem["errors"] == [
        {
            "field": "person.nhs_number",
            "message": "not a valid NHS number (10 digits, and the check digit must match)",
        }
    ]


# Every error under /api/ is a problem ------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/nothing", "/api/v2/events", "/api/", "/api/v1/events/", "/api/v1/events/1/more"]
)
def test_a_path_the_api_does_not_have_is_a_404_problem_not_a_page(path: str) -> None:
    response = Client(enforce_csrf_checks=True).post(path, "{}", content_type="application/json")
    body = refused(response, 404)
    assert (body["type"], body["title"]) == ("about:blank", "Not Found")
    assert ApiCall.objects.get().status == 404


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("get", URL, "POST"),
        ("put", URL, "POST"),
        ("post", "/api/v1/services", "GET"),
        ("delete", "/api/v1/events/1", "GET"),
        ("post", "/api/v1/openapi.json", "GET, HEAD"),
    ],
)
def test_a_method_a_path_does_not_take_is_a_405_problem(method: str, path: str, allowed: str) -> None:
    response = getattr(Client(), method)(path)
    body = refused(response, 405)
    assert response["Allow"] == allowed and method.upper() in body["detail"]


def test_each_problem_type_explains_itself_at_its_uri(token: str, amira: Any) -> None:
    post(event(), token, key="key-1")
    types = {
        refused(post(event(kind="moved"), token), 422)["type"],
        refused(post(event(occurred_on="2026-01-01"), token), 409)["type"],
        refused(post(event(event_id="EPR-2"), token, key="key-1"), 422)["type"],
    }
    assert len(types) == 3
    for uri in types:
        page = Client().get(uri)
        assert page.status_code == 200 and page["Content-Type"] == "text/plain; charset=utf-8"
        assert "Nothing was recorded" in page.content.decode()


def test_something_broken_is_a_500_problem_without_the_traceback(
    token: str, amira: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any) -> None:
        raise RuntimeError("secret internals")

    # Stands in for a failure we cannot cause honestly: the database going away mid-request.
    monkeypatch.setattr(access, "sent_event", broken)
    body = refused(get("/api/v1/events/1", token), 500)
    assert "secret internals" not in json.dumps(body)
