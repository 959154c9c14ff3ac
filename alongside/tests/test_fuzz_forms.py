"""Property-based tests (Hypothesis) over the main forms: refer, edit a person, log a contact.

Each example posts a mix of good and hostile values (markup, bidirectional controls, NUL,
letters in numbers, dates like 0001-01-01 and 9999-12-31, impossible days, huge text) through
the real view, and asserts what ADR 0020 promises:

- the answer is a redirect (accepted) or the form again with its error summary (refused),
  never a server error;
- an accepted post saved nothing the rules refuse (a name with bidirectional controls, a phone
  number that is not a UK number, a date outside the range);
- a refused post writes nothing: every table but the audit log (which may record that someone
  looked at her form) has as many rows as before, and the person's record is unchanged.

Bounded so the three together take a few seconds: a fixed number of examples, derandomized (the
same inputs every run), no deadline. `FUZZED` counts the examples run (the report quotes it).
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alongside.lib import dates, names, phone
from alongside.people.models import Person
from alongside.support.models import Contact
from conftest import client_for

pytestmark = pytest.mark.django_db

EXAMPLES = 30
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
FUZZED: dict[str, int] = {}
PROBLEMS: dict[str, list[str]] = {}

TODAY = timezone.localdate()
HOSTILE_TEXT = st.sampled_from(
    [
        "",
        " ",
        "<script>alert(1)</script>",
        "Amira\u202eabc",
        "\u2067Khan\u2069",
        "\u200fSara",
        "Nul\x00byte",
        "x" * 5000,
        "0",
        "-1",
        "١٢٣",
        "😀",
        "Robert'); DROP TABLE people_person;--",
        "{{ 7*7 }}",
    ]
)
ANY_TEXT = st.one_of(HOSTILE_TEXT, st.text(max_size=60))
HOSTILE_DATES = st.sampled_from(
    ["0001-01-01", "1899-12-31", "1999-12-31", "9999-12-31", "2024-02-30", "not a date", "", "20240101", "-1"]
)


def a_date(good: dt.date) -> st.SearchStrategy[str]:
    return st.one_of(st.just(good.isoformat()), HOSTILE_DATES, st.dates().map(dt.date.isoformat))


def a_moment(good: dt.datetime) -> st.SearchStrategy[str]:
    return st.one_of(
        st.just(good.strftime("%Y-%m-%dT%H:%M")),
        HOSTILE_DATES.map(lambda d: f"{d}T10:00"),
        st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        ANY_TEXT,
    )


def a_phone() -> st.SearchStrategy[str]:
    good = st.sampled_from(["", "07700 900123", "+44 121 496 0000"])
    return st.one_of(
        good, st.sampled_from(["<script>", "0770O 900123", "999", "+33 6 12 34 56 78"]), ANY_TEXT
    )


def spoiled(
    good: dict[str, str], hostile: dict[str, st.SearchStrategy[str]]
) -> st.SearchStrategy[dict[str, str]]:
    """A valid post with none, one or a few of its fields given hostile values: every example is
    either accepted or refused for a reason that can be told apart."""
    return (
        st.lists(st.sampled_from(sorted(hostile)), max_size=3, unique=True)
        .flatmap(lambda keys: st.fixed_dictionaries({k: hostile[k] for k in keys}))
        .map(lambda changes: good | changes)
    )


GOOD_PERSON = {
    "given_name": "Amira",
    "family_name": "Khan",
    "family_role": "mother",
    "preferred_language": "English",
    "baby_date_of_birth": (TODAY - dt.timedelta(days=30)).isoformat(),
}
HOSTILE_PERSON = {
    "given_name": ANY_TEXT,
    "family_name": ANY_TEXT,
    "preferred_name": ANY_TEXT,
    "family_role": st.sampled_from(["partner", "nobody", ""]),
    "date_of_birth": a_date(dt.date(1994, 5, 1)),
    "nhs_number": st.sampled_from(["943 476 5919", "9434765918", "12345", "<b>"]),
    "postcode": st.sampled_from(["B12 9QR", "NOT A CODE", "b129qr"]),
    "phone": a_phone(),
    "preferred_language": ANY_TEXT,
    "due_date": a_date(TODAY + dt.timedelta(days=90)),
    "baby_date_of_birth": a_date(TODAY - dt.timedelta(days=30)),
}


def rows() -> dict[str, int]:
    """Rows in every table but the audit log and the sessions."""
    skip = {"audit.auditlog", "sessions.session"}
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in skip and m._meta.managed
    }


def person_problems(person: Person) -> list[str]:
    """What a saved person should never hold (ADR 0020)."""
    found = [
        f"{field} {value!r}"
        for field in ("given_name", "family_name", "preferred_name")
        if names.problem(value := getattr(person, field))
    ]
    try:
        if person.phone:
            assert phone.normalise(person.phone) == person.phone
    except (ValidationError, AssertionError):
        found.append(f"phone {person.phone!r}")
    for field, earliest in [
        ("date_of_birth", dates.EARLIEST_BIRTH),
        ("due_date", dates.EARLIEST),
        ("baby_date_of_birth", dates.EARLIEST),
    ]:
        if (value := getattr(person, field)) and dates.problem(value, earliest=earliest):
            found.append(f"{field} {value}")
    return found


def latest_person() -> list[str]:
    person = Person.objects.order_by("-pk").first()
    return person_problems(person) if person else []


def latest_contact() -> list[str]:
    contact = Contact.objects.order_by("-pk").first()
    if contact and dates.problem(timezone.localtime(contact.occurred_at).date()):
        return [f"occurred_at {contact.occurred_at}"]
    return []


def fuzz(
    name: str,
    client: Client,
    url: str,
    data: dict[str, Any],
    *,
    unchanged: Callable[[], Any],
    saved: Callable[[], list[str]],
) -> None:
    """Post one example; what went wrong, if anything, goes in PROBLEMS[name] (all are counted,
    rather than stopping at the first, so the report can say how many)."""
    FUZZED[name] = FUZZED.get(name, 0) + 1
    problems = PROBLEMS.setdefault(name, [])
    before, record = rows(), unchanged()
    try:
        with transaction.atomic():  # a view that raises leaves the test's transaction usable
            response = client.post(url, data)
    except Exception as error:
        problems.append(f"server error ({type(error).__name__}: {error}) for {data!r}")
        return
    if response.status_code not in (200, 302):
        problems.append(f"answered {response.status_code} to {data!r}")
    elif response.status_code == 302 and (bad := saved()):
        problems.append(f"accepted and saved {', '.join(bad)} from {data!r}")
    elif response.status_code == 200:
        if "nhsuk-error-summary" not in response.content.decode():
            problems.append(f"refused without saying why: {data!r}")
        if rows() != before or unchanged() != record:
            problems.append(f"a refused post wrote something: {data!r}")


def assert_all_well(name: str) -> None:
    problems = PROBLEMS.get(name, [])
    print(f"{name}: {FUZZED[name]} examples, {len(problems)} problems")
    assert FUZZED[name] >= EXAMPLES
    assert not problems, "\n".join(problems[:10])


def test_the_referral_form_never_fails_and_a_refusal_writes_nothing(clinician: Any) -> None:
    client = client_for(clinician)
    good = GOOD_PERSON | {"source": "clinician", "consent": "on", "consent_given_on": TODAY.isoformat()}
    hostile = HOSTILE_PERSON | {
        "source": st.sampled_from(["self", "", "other-thing"]),
        "consent": st.just(""),
        "consent_given_on": a_date(TODAY),
        "reason": ANY_TEXT,
    }

    @BOUNDED
    @given(data=spoiled(good, hostile))
    def check(data: dict[str, Any]) -> None:
        fuzz(
            "refer",
            client,
            reverse("support:refer"),
            data,
            unchanged=lambda: None,
            saved=latest_person,
        )

    check()
    assert_all_well("refer")


def test_the_person_edit_form_never_fails_and_a_refusal_changes_nothing(
    coordinator: Any, allocated: Any
) -> None:
    client = client_for(coordinator)
    person = allocated.person

    def record() -> dict[str, Any]:
        return model_to_dict(Person.objects.get(pk=person.pk))

    @BOUNDED
    @given(data=spoiled(GOOD_PERSON, HOSTILE_PERSON))
    def check(data: dict[str, Any]) -> None:
        url = reverse("people:edit", args=[person.pk])
        fuzz(
            "person edit",
            client,
            url,
            data,
            unchanged=record,
            saved=lambda: person_problems(Person.objects.get(pk=person.pk)),
        )

    check()
    assert_all_well("person edit")


def test_the_contact_form_never_fails_and_a_refusal_writes_nothing(peer_worker: Any, allocated: Any) -> None:
    client = client_for(peer_worker)
    now = timezone.localtime().replace(second=0, microsecond=0)
    good = {
        "successful": "yes",
        "contact_with": "mother",
        "mode": "phone",
        "occurred_at": (now - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": "30",
        "note": "",
    }
    hostile = {
        "successful": st.sampled_from(["no", "maybe", ""]),
        "contact_with": st.sampled_from(["both", "nobody", ""]),
        "mode": st.sampled_from(["home", "carrier-pigeon", ""]),
        "occurred_at": a_moment(now - dt.timedelta(hours=1)),
        "duration_minutes": st.one_of(
            st.sampled_from(["0", "-5", "100000", "1e9", "", "half an hour"]), st.integers().map(str)
        ),
        "note": ANY_TEXT,
    }

    @BOUNDED
    @given(data=spoiled(good, hostile))
    def check(data: dict[str, Any]) -> None:
        url = reverse("support:contact", args=[allocated.pk])
        fuzz("contact", client, url, data, unchanged=lambda: None, saved=latest_contact)

    check()
    assert_all_well("contact")
