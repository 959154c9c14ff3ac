"""The clinical-systems API's own problem types (RFC 9457; ADR 0043).

Every refusal under /api/ is a problem (alongside.lib.problems makes them): `about:blank` when
the HTTP status says all about it (401, 404, 405, 413, 415, a body that is not JSON), or one of
the kinds here, whose type is a relative URI under /api/v1/problems/ that answers with what the
type means (a URI a developer can open, not one that only names), and which may carry extension
members (`errors`, by field, for a body that does not fit).
"""

from alongside.lib.problems import Kind

TYPES_AT = "/api/v1/problems/"  # alongside.transitions.urls serves each type's description here

INVALID = Kind(
    "invalid-event",
    422,
    "The event does not fit",
    "The body is JSON but does not fit the event's schema or Alongside's rules for a transition. "
    "The member `errors` lists each problem as {field, message}, the field written as a dotted "
    "path into the body (such as person.nhs_number), or `header Idempotency-Key`. Nothing was "
    "recorded: correct the event and send it again.",
    TYPES_AT,
)
EVENT_ID_REUSED = Kind(
    "event-id-reused",
    409,
    "Event id used before with different details",
    "Your system sent an event with this event_id before, with different details. Alongside "
    "keeps the first: send a correction as a new event with a new event_id. Nothing was recorded.",
    TYPES_AT,
)
KEY_REUSED = Kind(
    "idempotency-key-reused",
    422,
    "Idempotency-Key used before with a different body",
    "This Idempotency-Key was sent by the same token in the last 24 hours with a different body. "
    "A key stands for one request: a retry must send the same body, and a new request a new key. "
    "Nothing was recorded.",
    TYPES_AT,
)
INVALID_ENCOUNTER = Kind(
    "invalid-encounter",
    422,
    "The Encounter does not fit",
    "The body is JSON but is not a valid HL7 FHIR R4 Encounter, or does not say what Alongside "
    "needs to record a discharge or transfer (docs/adr/0044-fhir-encounter.md). The member "
    "`errors` lists each problem as {field, message}, the field written as a FHIRPath (such as "
    "Encounter.period.end), and the member `operationOutcome` says the same as an R4 "
    "OperationOutcome, one issue per field. Nothing was recorded: correct the Encounter and "
    "send it again.",
    TYPES_AT,
)
KINDS = {kind.slug: kind for kind in (INVALID, EVENT_ID_REUSED, KEY_REUSED, INVALID_ENCOUNTER)}


def describe(slug: str) -> str | None:
    """What a problem type means, as plain text: the page its type URI opens."""
    kind = KINDS.get(slug)
    if kind is None:
        return None
    return f"{kind.title} ({kind.status})\n\n{kind.description}\n"
