"""Bad input gets a clear message in the NHS.UK error summary, saves nothing and changes nothing."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.people.models import Consent, Person
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, StatusChange
from alongside.support.tests.test_core_loop import referral_post
from conftest import client_for

MODELS = (Person, Consent, PeerSupport, StatusChange, Allocation, Contact, GroupSession, AuditLog)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {m.__name__: sorted(m.objects.values_list()) for m in MODELS}


def assert_refused(response: Any, message: str) -> None:
    body = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in body
    assert message in body, f"expected {message!r} on the page"


def days(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"nhs_number": "943 476 5918"}, "Enter a valid NHS number"),
        ({"nhs_number": "12345"}, "NHS number must be 10 digits"),
        ({"postcode": "NOT A POSTCODE"}, "Enter a full UK postcode"),
        ({"due_date": days(400)}, "Expected due date must be within the next 42 weeks"),
        ({"due_date": "", "baby_date_of_birth": days(3)}, "date of birth must be in the past 24 months"),
        ({"due_date": ""}, "Enter the expected due date, or the baby"),
        ({"consent_given_on": days(2)}, "The date she agreed cannot be in the future"),
        ({"consent": ""}, "Peer support needs her agreement"),
        ({"given_name": ""}, "This field is required"),
    ],
)
def test_a_bad_referral_is_refused_and_saves_nothing(
    clinician: Any, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    response = client_for(clinician).post(reverse("support:refer"), referral_post(**overrides))
    assert_refused(response, message)
    assert snapshot() == before


def contact_post(**overrides: Any) -> dict[str, str]:
    data = {
        "successful": "yes",
        "contact_with": "mother",
        "mode": "home",
        "occurred_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        (
            {"occurred_at": (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")},
            "A contact cannot be in the future",
        ),
        ({"duration_minutes": "-5"}, "must be more than 0 minutes"),
        ({"duration_minutes": "0"}, "must be more than 0 minutes"),
        ({"duration_minutes": "721"}, "must be 12 hours (720 minutes) or less"),
        ({"duration_minutes": "an hour"}, "Enter minutes as a number"),
        ({"occurred_at": "yesterday"}, "Enter a valid date/time"),
        ({"mode": "carrier pigeon"}, "Select a valid choice"),
    ],
)
def test_a_bad_contact_is_refused_and_saves_nothing(
    peer_worker: Any, allocated: Any, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    response = client_for(peer_worker).post(
        reverse("support:contact", args=[allocated.pk]), contact_post(**overrides)
    )
    assert_refused(response, message)
    assert snapshot() == before


def test_a_group_of_over_12_hours_is_refused(peer_worker: Any) -> None:
    before = snapshot()
    response = client_for(peer_worker).post(
        reverse("support:group_new"),
        {
            "kind": "cafe",
            "title": "Café",
            "starts_at": "2026-01-05T10:00",
            "duration_minutes": "800",
            "mode": "community",
        },
    )
    assert_refused(response, "or less")
    assert snapshot() == before


def test_allocating_the_same_peer_worker_twice_is_refused(
    coordinator: Any, allocated: Any, peer_worker: Any
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("support:allocate", args=[allocated.pk]), {"peer_workers": [peer_worker.pk]}
    )
    assert_refused(response, "is already allocated to Amira Khan")
    assert snapshot() == before


def test_allocating_a_peer_worker_from_another_service_is_refused(
    coordinator: Any, referral: Any, peer_worker_other: Any
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("support:allocate", args=[referral.pk]), {"peer_workers": [peer_worker_other.pk]}
    )
    assert_refused(response, "Select a valid choice")
    assert snapshot() == before


def test_a_deferral_review_date_in_the_past_is_refused(clinician: Any, referral: Any) -> None:
    before = snapshot()
    response = client_for(clinician).post(
        reverse("support:status", args=[referral.pk]),
        {"status": "deferred", "note": "Unwell", "review_on": days(-1)},
    )
    assert_refused(response, "The review date must be in the future")
    assert snapshot() == before


def test_editing_with_an_invalid_nhs_number_changes_nothing(clinician: Any, referral: Any) -> None:
    before = snapshot()
    data = referral_post(nhs_number="1234567890", given_name="Changed")
    response = client_for(clinician).post(reverse("people:edit", args=[referral.person_id]), data)
    assert_refused(response, "Enter a valid NHS number")
    assert snapshot() == before


@pytest.mark.parametrize("name", ["support:contact", "support:allocate", "support:status"])
def test_a_form_posted_for_someone_in_another_service_is_404_and_saves_nothing(
    name: str, coordinator_other: Any, allocated: Any
) -> None:
    before = snapshot()
    response = client_for(coordinator_other).post(
        reverse(name, args=[allocated.pk]), contact_post(status="ended")
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_a_peer_worker_posting_for_someone_she_does_not_support_gets_404(
    partner_peer_worker: Any, allocated: Any
) -> None:
    before = snapshot()
    response = client_for(partner_peer_worker).post(
        reverse("support:contact", args=[allocated.pk]), contact_post()
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_an_end_dated_before_the_referral_is_refused(coordinator: Any, allocated: Any) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("support:status", args=[allocated.pk]),
        {"status": "ended", "end_reason": "other", "effective_on": days(-30)},
    )
    assert_refused(response, "The date of the change cannot be before")
    assert snapshot() == before


def test_a_status_change_dated_in_the_future_is_refused(coordinator: Any, allocated: Any) -> None:
    before = snapshot()
    response = client_for(coordinator).post(
        reverse("support:status", args=[allocated.pk]), {"status": "paused", "effective_on": days(3)}
    )
    assert_refused(response, "The date of the change cannot be in the future")
    assert snapshot() == before


@pytest.mark.parametrize(
    ("withdrawn_on", "message"),
    [
        (days(2), "cannot be in the future"),
        (days(-40), "cannot be before she agreed"),
        ("", "This field is required"),
    ],
)
def test_a_consent_withdrawal_with_an_impossible_date_is_refused(
    clinician: Any, referral: Any, withdrawn_on: str, message: str
) -> None:
    before = snapshot()
    response = client_for(clinician).post(
        reverse("support:withdraw_consent", args=[referral.person_id]), {"withdrawn_on": withdrawn_on}
    )
    assert_refused(response, message)
    assert snapshot() == before
