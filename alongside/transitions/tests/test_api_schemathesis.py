"""Schemathesis, positive cases only, over the clinical-systems API: every body the document allows
is accepted, unless the refusal depends on data or on today's date, which no schema can state
(ADR 0043). alongside/tests/test_fuzz_api.py runs the mixed positive and negative cases, and the
FHIR route's (ADR 0044), which is left out here.

The document gives the NHS number a pattern, and `format: nhs-number` for its check digit, which
a JSON Schema can only describe; the test teaches schemathesis that format (valid numbers, in
each written form) as any client would read it from the description. Every other constraint is
in the schema itself. Bounded, derandomized, no deadline; the counts are printed.
"""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    positive_data_acceptance,
    response_schema_conformance,
    status_code_conformance,
)

from alongside.lib import nhs_number
from alongside.transitions.models import Transition
from alongside.transitions.tests.conftest import token_for
from conftest import refer

pytestmark = pytest.mark.django_db

EXAMPLES = 150
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    positive_data_acceptance,
]
# Refusals that depend on what is in the database or on today's date: the schema cannot say them.
DATA_DEPENDENT = (
    "no service on Alongside has id",  # to.service_id names no service
    " is not a ",  # to.service_id names a service of another kind
    "She cannot be",  # to.service_id is the service she is leaving
    "Enter a date on or after",  # before 2000, or more than ten years ahead
    "Enter a date no later than",
    "days ahead, for a planned discharge",  # more than 31 days from today
    "is not the day of occurred_at",  # a day and a moment that disagree, in UK time
    "Enter a moment Alongside can hold",  # a moment at the very edge of the calendar
    "was sent before with a different body",  # an Idempotency-Key an earlier case used
)


def written_forms(digits: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [digits, f"{digits[:3]} {digits[3:6]} {digits[6:]}", f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"]
    )


HERS = "9434765919"  # a mother the token's service holds, so that some events are recorded
VALID_NHS_NUMBERS = st.one_of(
    written_forms(HERS), st.from_regex(r"\A[0-9]{10}\Z").filter(nhs_number.is_valid).flatmap(written_forms)
)


def test_the_strategy_makes_only_valid_numbers_in_the_declared_pattern() -> None:
    """The format's strategy is what the description says: it can be wrong, and is checked."""
    import re

    from alongside.transitions.api import NHS_NUMBER_PATTERN

    # No health check on time: a shared machine can be slow on the first draw (the regex compiles).
    @settings(max_examples=50, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(VALID_NHS_NUMBERS)
    def check(value: str) -> None:
        assert nhs_number.is_valid(value) and re.fullmatch(NHS_NUMBER_PATTERN, value)

    check()
    assert not nhs_number.is_valid("943 476 5918")


@pytest.fixture
def app() -> Iterator[WSGIHandler]:
    """The app as a server runs it, keeping the test's connection (alongside/tests/test_fuzz_api.py)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def refusal_of(response: Any) -> str:
    try:
        return str(response.json().get("detail", ""))
    except ValueError:
        return ""


def test_every_body_the_schema_allows_is_accepted_but_for_data_and_dates(
    app: WSGIHandler, manager: Any, clinician: Any
) -> None:
    refer(clinician, nhs_number=HERS)
    _, token = token_for(manager)
    headers = {"Authorization": f"Bearer {token}"}
    schemathesis.openapi.format("nhs-number", VALID_NHS_NUMBERS)
    # The FHIR route's schema describes only what Alongside reads of an Encounter; R4's own rules
    # (and the codes taken) it cannot state, so it is fuzzed mixed, in alongside/tests/test_fuzz_api.py.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app).exclude(
        operation_id="record_encounter"
    )
    statuses: Counter[int] = Counter()
    data_dependent: Counter[str] = Counter()
    failures: list[str] = []

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=schema.as_strategy())
    def check(case: Any) -> None:
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        refusal = refusal_of(response) if response.status_code == 422 else ""
        reason = next((r for r in DATA_DEPENDENT if r in refusal), None)
        if reason is not None:
            data_dependent[reason.strip()] += 1
            return
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as failure:
            failures.append(
                f"{case.method} {case.formatted_path} {case.body!r} -> {response.status_code}: {failure}"
            )

    check()
    ran = sum(statuses.values())
    print(
        f"clinical API, positive cases: {ran} cases, by status {dict(sorted(statuses.items()))}, "
        f"refused for data or dates {dict(data_dependent)}, {len(failures)} failures"
    )
    assert ran >= EXAMPLES
    assert statuses[201] + statuses[200] > 0, "no generated event reached the code that records one"
    assert not failures, "\n".join(failures[:10])
    assert not Transition.objects.exclude(from_service=manager.service).exists()
