"""Bad input never reaches a 500, is refused with a clear message, and changes nothing (ADR 0020).

The API: oversized bodies are a 413, bodies not sent as JSON a 415, JSON nested too deep a 400,
all JSON `{"detail": ...}`, each leaving only its own ApiCall and audit rows. The directory
import refuses a file nested too deep. Forms and the API refuse dates before the service could
exist or far ahead, phone numbers that are not UK numbers, and names with bidirectional controls.
"""

import datetime as dt
import importlib
import inspect
import io
import json
import pkgutil
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import alongside
from alongside.directory.importer import import_oruk
from alongside.directory.models import Organization
from alongside.directory.models import Service as DirectoryService
from alongside.directory.tests.feeds import record
from alongside.lib import dates, jsonguard, names, phone
from alongside.people.models import Person
from alongside.support.models import Contact, PeerSupport
from alongside.transitions.models import ApiCall, PersonReference, Transition, TransitionNotice
from alongside.transitions.tests.conftest import token_for
from conftest import client_for, refer

NHS = "9434765919"
EVENTS = "/api/v1/events"


def event(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": "EPR-1001",
        "kind": "discharge",
        "occurred_on": timezone.localdate().isoformat(),
        "person": {"nhs_number": NHS},
        "to": {"kind": "gp", "name": "Moseley Medical Centre"},
    }
    return body | overrides


def written() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (Transition, TransitionNotice, PersonReference)}


@pytest.fixture
def token(manager: Any, clinician: Any) -> str:
    refer(clinician, nhs_number=NHS)
    return token_for(manager)[1]


def post(token: str, body: bytes | str, content_type: str = "application/json") -> Any:
    return Client().post(
        EVENTS, body, content_type=content_type, headers={"Authorization": f"Bearer {token}"}
    )


def refused(response: Any, status: int, detail: str) -> None:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"  # RFC 9457 (ADR 0043)
    assert detail in json.loads(response.content)["detail"]
    assert ApiCall.objects.order_by("-pk").values_list("status", flat=True).first() == status


# The clinical-systems API --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        json.dumps(event(to={"kind": "gp", "name": "x" * 70_000})),  # over the API's 64 KB
        "x" * (5 * 1024 * 1024),  # over Django's 1 MB: refused before it is read
        "[" * 100_000,
    ],
    ids=["70 KB", "5 MB", "100,000 ["],
)
def test_an_oversized_body_is_a_413_in_json_and_records_nothing(token: str, body: str) -> None:
    before = written()
    refused(post(token, body), 413, "The body is larger than 64 KB")
    assert written() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "application/xml", "text/json"]
)
def test_a_body_not_sent_as_json_is_a_415_even_if_it_is_json(token: str, content_type: str) -> None:
    refused(post(token, json.dumps(event()), content_type), 415, "Content-Type: application/json")
    assert written() == {"Transition": 0, "TransitionNotice": 0, "PersonReference": 0}


@pytest.mark.django_db
def test_json_with_a_charset_or_a_json_suffix_type_is_accepted(token: str) -> None:
    assert post(token, json.dumps(event()), "application/json; charset=utf-8").status_code == 201
    assert post(token, json.dumps(event(event_id="2")), "application/vnd.epr+json").status_code == 201


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [33, 10_000])
def test_json_nested_too_deep_is_a_400(token: str, levels: int) -> None:
    refused(post(token, "[" * levels + "]" * levels), 400, "nested more than 32 levels deep")
    assert written() == {"Transition": 0, "TransitionNotice": 0, "PersonReference": 0}


@pytest.mark.django_db
def test_an_unauthenticated_oversized_body_is_still_a_clear_401(token: str) -> None:
    response = Client().post(EVENTS, "[" * 100_000, content_type="application/json")
    assert response.status_code == 401 and "Authorization" in json.loads(response.content)["detail"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("occurred_on", "message"),
    [
        ("0001-01-01", "Enter a date on or after 1 January 2000"),
        ("1999-12-31", "Enter a date on or after 1 January 2000"),
        ((timezone.localdate() + dt.timedelta(days=365 * 11)).isoformat(), "Enter a date no later than"),
    ],
)
def test_an_event_date_outside_the_range_is_a_422_naming_the_field(
    token: str, occurred_on: str, message: str
) -> None:
    response = post(token, json.dumps(event(occurred_on=occurred_on)))
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["field"] == "occurred_on" and error["message"].startswith(message)
    assert not Transition.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["to", "person", "event_id"])
def test_bidirectional_controls_in_a_name_or_reference_are_a_422(token: str, field: str) -> None:
    spoofed = "Moseley\u202eertneC"
    body = {
        "to": event(to={"kind": "gp", "name": spoofed}),
        "person": event(person={"reference": spoofed}),
        "event_id": event(event_id=spoofed),
    }[field]
    response = post(token, json.dumps(body))
    assert response.status_code == 422
    assert "change the direction of text" in json.loads(response.content)["detail"]
    assert written() == {"Transition": 0, "TransitionNotice": 0, "PersonReference": 0}


@pytest.mark.django_db
def test_the_open_referral_api_takes_no_bodies_and_a_big_one_is_no_server_error() -> None:
    response = Client().post("/oruk/services", "[" * 100_000, content_type="application/json")
    assert response.status_code == 405


def test_the_clinical_api_document_lists_the_refusals() -> None:
    from alongside.transitions.api import api

    responses = api.get_openapi_schema()["paths"]["/api/v1/events"]["post"]["responses"]
    assert {400, 413, 415, 422} <= set(responses)


# The directory import ------------------------------------------------------------------------


def upload(content: bytes, name: str = "feed.json") -> io.BytesIO:
    file = io.BytesIO(content)
    file.name = name
    return file


@pytest.mark.django_db
def test_a_directory_file_nested_too_deep_is_refused_and_imports_nothing(manager: Any) -> None:
    deep = "[" * 50_000 + "]" * 50_000
    response = client_for(manager).post(reverse("directory:import"), {"file": upload(deep.encode())})
    assert response.status_code == 200
    assert "The file cannot be read: The JSON is nested more than 32 levels deep" in response.content.decode()
    assert not DirectoryService.objects.exists() and not Organization.objects.exists()


@pytest.mark.django_db
def test_a_directory_record_with_a_spoofed_name_is_reported_and_the_rest_imported() -> None:
    report = import_oruk([record(1, name="Tommy\u202eS"), record(2)], source="test")
    assert [e.reason for e in report.errors] == [
        "name 'Tommy\\u202eS' contains hidden characters that change the direction of text"
    ]
    assert list(DirectoryService.objects.values_list("name", flat=True)) == [record(2)["name"]]


# Forms -------------------------------------------------------------------------------------


def every_form_class() -> list[type[forms.BaseForm]]:
    found = []
    for module in pkgutil.walk_packages(alongside.__path__, "alongside."):
        if module.name.endswith(".forms"):
            loaded = importlib.import_module(module.name)
            found += [
                cls
                for _, cls in inspect.getmembers(loaded, inspect.isclass)
                if issubclass(cls, forms.BaseForm) and cls.__module__ == loaded.__name__
            ]
    return found


def test_every_date_field_of_every_form_keeps_to_the_one_date_range() -> None:
    date_fields = {
        f"{cls.__module__}.{cls.__name__}.{name}": field
        for cls in every_form_class()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.DateField | forms.DateTimeField)
    }
    assert len(date_fields) > 40  # the walk found the forms
    assert [name for name, field in date_fields.items() if not dates.is_bounded(field)] == []


def test_a_form_date_field_refuses_the_year_1_and_the_far_future_and_takes_today() -> None:
    field = dates.DateField()
    for bad, message in [
        ("0001-01-01", "Enter a date on or after 1 January 2000"),
        ("9999-12-31", "Enter a date no later than"),
    ]:
        with pytest.raises(forms.ValidationError, match=message):
            field.clean(bad)
    assert field.clean(timezone.localdate().isoformat()) == timezone.localdate()
    assert dates.BirthDateField().clean("1950-06-01") == dt.date(1950, 6, 1)
    with pytest.raises(forms.ValidationError, match="on or after 1 January 1900"):
        dates.BirthDateField().clean("1899-12-31")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("<script>alert(1)</script>", phone.MESSAGE),
        ("07700 9OO123", phone.MESSAGE),
        ("0800 FLOWERS", phone.MESSAGE),
        ("999", phone.MESSAGE),
        ("+33 6 12 34 56 78", phone.MESSAGE),
    ],
)
def test_a_phone_number_that_is_not_a_uk_number_is_refused_and_nothing_changes(
    coordinator: Any, referral: Any, given: str, message: str
) -> None:
    person = referral.person
    response = client_for(coordinator).post(
        reverse("people:edit", args=[person.pk]), edit_data(person, phone=given)
    )
    assert response.status_code == 200 and message in response.content.decode()
    assert Person.objects.get(pk=person.pk).phone == person.phone == ""


@pytest.mark.django_db
def test_a_uk_phone_number_is_kept_in_national_format(coordinator: Any, referral: Any) -> None:
    person = referral.person
    url = reverse("people:edit", args=[person.pk])
    response = client_for(coordinator).post(url, edit_data(person, phone="+44 (0)7700-900-123"))
    assert response.status_code == 302
    assert Person.objects.get(pk=person.pk).phone == "07700 900123"


def edit_data(person: Person, **overrides: str) -> dict[str, Any]:
    return {
        "given_name": person.given_name,
        "family_name": person.family_name,
        "family_role": person.family_role,
        "baby_date_of_birth": person.baby_date_of_birth.isoformat() if person.baby_date_of_birth else "",
        "preferred_language": person.preferred_language,
    } | overrides


@pytest.mark.django_db
@pytest.mark.parametrize("control", sorted(names.BIDI_CONTROLS))
def test_a_name_with_a_bidirectional_control_is_refused_at_referral_and_no_one_is_added(
    clinician: Any, control: str
) -> None:
    data = {
        "given_name": f"Amira{control}Abc",
        "family_name": "Khan",
        "family_role": "mother",
        "preferred_language": "English",
        "baby_date_of_birth": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        "source": "clinician",
        "consent": "on",
        "consent_given_on": timezone.localdate().isoformat(),
    }
    response = client_for(clinician).post(reverse("support:refer"), data)
    assert response.status_code == 200
    assert "change the direction of text" in response.content.decode()
    assert not Person.objects.exists() and not PeerSupport.objects.exists()


@pytest.mark.django_db
def test_a_date_of_birth_in_the_year_1_is_refused_and_nothing_changes(
    coordinator: Any, referral: Any
) -> None:
    person = referral.person
    url = reverse("people:edit", args=[person.pk])
    response = client_for(coordinator).post(url, edit_data(person, date_of_birth="0001-01-01"))
    assert "Enter a date on or after 1 January 1900" in response.content.decode()
    assert Person.objects.get(pk=person.pk).date_of_birth is None


@pytest.mark.django_db
def test_a_contact_in_the_year_1_is_refused_and_not_logged(peer_worker: Any, allocated: Any) -> None:
    data = {
        "successful": "yes",
        "contact_with": "mother",
        "mode": "phone",
        "occurred_at": "0001-01-01T10:00",
        "duration_minutes": "30",
    }
    response = client_for(peer_worker).post(reverse("support:contact", args=[allocated.pk]), data)
    assert "Enter a date on or after 1 January 2000" in response.content.decode()
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_a_form_post_over_the_1_mb_ceiling_is_a_400_not_a_500_and_adds_no_one(clinician: Any) -> None:
    client = client_for(clinician)
    client.raise_request_exception = False
    response = client.post(reverse("support:refer"), {"given_name": "A", "reason": "x" * (1024 * 1024 + 1)})
    assert response.status_code == 400
    assert not Person.objects.exists()


# The guards themselves ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"just a string"', 0),
        ('{"a": [1, {"b": []}]}', 4),
        ('["[[[[ not brackets ]", "\\"[["]', 1),
        ('["\\\\", ["]"]]', 2),
        ("[" * 40, 40),
    ],
)
def test_the_depth_is_counted_outside_strings(text: str, expected: int) -> None:
    assert jsonguard.depth(text) == expected


def test_the_depth_of_a_hostile_string_is_counted_in_linear_time() -> None:
    # '"\\"\\"\\"...' never closes its string: a backtracking regex would take minutes here.
    assert jsonguard.depth(b'"' + b'\\"' * 500_000) == 0


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("07700 900123", "07700 900123"),
        ("+447700900123", "07700 900123"),
        ("0044 121 496 0000", "0121 496 0000"),
        ("(0121) 496-0000", "0121 496 0000"),
        ("07911 123456", "07911 123456"),
    ],
)
def test_uk_phone_numbers_are_stored_one_way(given: str, stored: str) -> None:
    assert phone.normalise(given) == stored


def test_names_without_controls_pass_whatever_their_script() -> None:
    for name in ["Amira Khan", "أميرة خان", "שרה כהן", "Zoë O'Brien-Smith", "王芳"]:
        names.validate(name)
    with pytest.raises(forms.ValidationError, match="change the direction of text"):
        names.validate("Amira\u2066Khan")
