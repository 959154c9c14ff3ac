"""Schemathesis over both OpenAPI documents, against the app in-process (WSGI), as ADR 0020 asks:
no answer is a server error, and every answer is one the document promises (status, content
type, body schema). The clinical-systems API is called with a real token of a service holding
a mother, so generated events reach the code that records them, not only the 401.

Positive (valid by the schema) and negative (invalid by it) cases are mixed. Bounded to a fixed,
derandomized number of cases per document, with no deadline. A refused event writes nothing:
after the run there is no Transition that the mother's service did not send as a valid event.
"""

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from alongside.lib import dates, names
from alongside.transitions.models import Transition
from alongside.transitions.tests.conftest import token_for
from conftest import refer

pytestmark = pytest.mark.django_db

EXAMPLES = 60
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The app as a server runs it, but keeping the test's database connection between requests
    (as Django's own test client does), so the test's transaction sees what each request wrote."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def fuzz(schema: Any, headers: dict[str, str]) -> tuple[int, int, list[str]]:
    """Run the bounded cases: how many ran, how many were server errors, and every failure found
    (not stopping at the first, so the report can say how many). The cases are shared among the
    operations; how many each had, by status, is printed."""
    ran = server_errors = 0
    failures: list[str] = []
    by_operation: dict[str, Counter[int]] = defaultdict(Counter)
    cases = st.one_of(schema.as_strategy(), schema.as_strategy(generation_mode=GenerationMode.NEGATIVE))

    @BOUNDED
    @given(case=cases)
    def check(case: Any) -> None:
        nonlocal ran, server_errors
        ran += 1
        response = case.call(headers=headers)
        by_operation[f"{case.method} {case.path}"][response.status_code] += 1
        server_errors += response.status_code >= 500
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{case.method} {case.formatted_path} -> {response.status_code}: {failure}")

    check()
    for operation, statuses in sorted(by_operation.items()):
        print(f"  {operation}: {sum(statuses.values())} cases, by status {dict(sorted(statuses.items()))}")
    return ran, server_errors, failures


def test_the_clinical_api_gives_no_server_error_and_keeps_to_its_document(
    app: WSGIHandler, manager: Any, clinician: Any
) -> None:
    refer(clinician, nhs_number="9434765919")
    _, token = token_for(manager)
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    ran, server_errors, failures = fuzz(schema, {"Authorization": f"Bearer {token}"})
    print(f"clinical API: {ran} cases, {server_errors} server errors, {len(failures)} failures")
    assert ran >= EXAMPLES
    assert not failures, "\n".join(failures[:10])
    assert not Transition.objects.exclude(from_service=manager.service).exists()


def test_the_open_referral_api_gives_no_server_error_and_keeps_to_its_document(app: WSGIHandler) -> None:
    schema = schemathesis.openapi.from_wsgi("/oruk/openapi.json", app)
    ran, server_errors, failures = fuzz(schema, {})
    print(f"ORUK API: {ran} cases, {server_errors} server errors, {len(failures)} failures")
    assert ran >= EXAMPLES
    assert not failures, "\n".join(failures[:10])


# Bodies no schema would generate: nesting, size, content types, and hostile values in events.

BODY_STATUSES = {200, 201, 400, 401, 404, 409, 413, 415, 422}
CONTENT_TYPES = st.sampled_from(
    ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded"]
)
HOSTILE_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["Moseley\u202eertneC", "\u2066GP\u2069", "<script>", "Nul\x00", "x" * 300]),
)


def an_event() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries(
        {
            "event_id": st.one_of(st.uuids().map(str), HOSTILE_TEXT),
            "kind": st.sampled_from(["discharge", "admission", "transfer", "moved"]),
            "occurred_on": st.one_of(st.dates().map(str), st.sampled_from(["0001-01-01", "9999-12-31"])),
            "person": st.sampled_from([{"nhs_number": "9434765919"}, {"reference": "RXT-1"}, {}]),
            "to": st.fixed_dictionaries(
                {"kind": st.sampled_from(["gp", "home", "other"]), "name": HOSTILE_TEXT}
            ),
        }
    )


def nested(levels: int, opener: str) -> str:
    closer = {"[": "]", '{"a":': "}"}[opener]
    return opener * levels + "1" + closer * levels


BODIES = st.one_of(
    an_event().map(json.dumps),
    st.tuples(st.integers(1, 200_000), st.sampled_from(["[", '{"a":'])).map(lambda t: nested(*t)),
    st.integers(1, 200_000).map(lambda n: "[" * n),
    st.integers(60_000, 2_000_000).map(lambda n: json.dumps(["x" * n])),
    st.binary(max_size=200).map(lambda b: b.decode("latin-1")),
)


def test_hostile_event_bodies_give_no_server_error_and_a_refusal_records_nothing(
    manager: Any, clinician: Any
) -> None:
    refer(clinician, nhs_number="9434765919")
    _, token = token_for(manager)
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {token}"}
    ran, problems = 0, []

    @BOUNDED
    @given(body=BODIES, content_type=CONTENT_TYPES)
    def check(body: str, content_type: str) -> None:
        nonlocal ran
        ran += 1
        before = Transition.objects.count()
        response = client.post("/api/v1/events", body, content_type=content_type, headers=headers)
        shown = f"{content_type} {body[:80]!r}... ({len(body)} characters)"
        # A refusal is an RFC 9457 problem (docs/adr/0043-clinical-api-and-calendar-to-the-letter.md).
        wanted = (
            "application/json; charset=utf-8" if response.status_code < 400 else "application/problem+json"
        )
        if response.status_code not in BODY_STATUSES or response["Content-Type"] != wanted:
            problems.append(f"{response.status_code} {response['Content-Type']} for {shown}")
        elif response.status_code != 201 and Transition.objects.count() != before:
            problems.append(f"refused with {response.status_code} but recorded for {shown}")
        elif response.status_code == 201:
            saved = Transition.objects.latest("pk")
            if dates.problem(saved.occurred_on) or names.problem(saved.destination_name + saved.external_id):
                problems.append(f"recorded {saved.occurred_on} {saved.destination_name!r} for {shown}")

    check()
    server_errors = sum(p.startswith("5") for p in problems)
    print(f"hostile bodies: {ran} cases, {server_errors} server errors, {len(problems)} problems")
    assert ran >= EXAMPLES
    assert not problems, "\n".join(problems[:10])
