"""The API for clinical systems, at /api/v1/ (OpenAPI 3 at /api/v1/openapi.json; ADR 0014, 0043).

A trust's clinical system sends admissions, discharges and transfers with a token made by the
service's manager (`Authorization: Bearer alng_...`). Each token belongs to one service: the
events it sends are from that service, about people that service holds or supports.

- `POST /events` records an event; the same `event_id` sent again by the same service answers
  200 with the event first recorded and writes nothing (a different body under a used id is 409).
  An `Idempotency-Key` header makes a retry answer exactly as the first did (alongside.
  transitions.idempotency). `GET /events/{id}` reads back an event the service's systems sent.
- Every refusal is an RFC 9457 problem (`application/problem+json`, alongside.lib.problems; the
  API's own types are in alongside.transitions.problems) and writes nothing: 401 for a missing,
  unknown or revoked token; 404 for a person not in the token's service, whether she exists
  elsewhere or not (so the API never says which), for an event that is not the service's, and
  for a path the API does not have; 405 for a method a path does not take; 422 for a body that
  does not fit, with `errors` by field, an invalid NHS number included; 400 for a body that is
  not JSON at all, or nests more than 32 levels deep; 413 for a body over 64 KB; 415 for a body
  not sent as JSON (ADR 0020: alongside.lib.jsonguard reads every body); 500, should anything
  break, without the traceback.
- `POST /fhir/Encounter` takes the same events as an HL7 FHIR R4 Encounter (alongside.
  transitions.fhir; ADR 0044).
- Every call, answered or refused, leaves an ApiCall row and an audit row pointing at it.

No browser session is involved: the views are outside login and MFA (urls.py and
RequireMFAMiddleware) and outside CSRF, which protects cookies, not bearer tokens.
"""

import datetime as dt
import hashlib
import json
import logging
import re
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone
from ninja import Header, NinjaAPI, Path, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer
from pydantic import AwareDatetime, ConfigDict, Field, JsonValue, field_validator, model_validator
from pydantic.config import JsonDict

from alongside.audit import services as audit
from alongside.lib import dates, jsonguard, names, nhs_number, problems
from alongside.lib.names import Name
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.transitions import access, idempotency, outcome
from alongside.transitions import problems as kinds  # the API's own problem types
from alongside.transitions.models import (
    SERVICE_KIND_FOR,
    ApiToken,
    Destination,
    IdempotencyKey,
    Kind,
    Transition,
)
from alongside.transitions.services import (
    ApiCaller,
    api_call_record,
    person_reference_record,
    transition_record,
)

logger = logging.getLogger(__name__)

NO_SUCH_PERSON = "No such person in your service"
NO_SUCH_EVENT = "No such event sent by your service"
LARGEST_ID = 2**63 - 1  # the largest id a database row can have
# Where a service rule's field (alongside.transitions.services) is in the request body.
BODY_FIELD = {
    "kind": "kind",
    "destination": "to.kind",
    "to_service": "to.service_id",
    "destination_name": "to.name",
    "occurred_on": "occurred_on",
}
# The written forms of an NHS number that the API reads: ten digits, grouped 3-3-4 by a space or
# a hyphen or not at all (943 476 5919, 943-476-5919, 9434765919). The schema says so; the check
# digit it can only describe, and alongside.lib.nhs_number checks it.
NHS_NUMBER_PATTERN = r"^[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}$"
NHS_NUMBER_SCHEMA: JsonDict = {
    "pattern": NHS_NUMBER_PATTERN,
    "format": "nhs-number",
    "minLength": 10,
    "maxLength": 12,
}
# A name or an id as the API takes it: no NUL, no bidirectional controls (alongside.lib.names).
NAME_PATTERN = "^[^" + "".join(f"\\u{ord(c):04x}" for c in sorted({"\x00", *names.BIDI_CONTROLS})) + "]*$"
NAMED: JsonDict = {"pattern": NAME_PATTERN}


class Refused(HttpError):
    """A refusal with errors by field (422), like a body that does not validate."""

    def __init__(self, errors: dict[str, str], status_code: int = 422) -> None:
        self.errors = errors
        super().__init__(
            status_code, "The event does not fit: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
        )


class Conflict(HttpError):
    """A refusal with a problem type of its own (409 for a reused event id, 422 for a reused key)."""

    def __init__(self, kind: problems.Kind, detail: str) -> None:
        self.kind = kind
        super().__init__(kind.status, detail)


class TokenAuth(HttpBearer):
    """A service's token, checked against the stored hashes. Failures say what was wrong."""

    def __call__(self, request: HttpRequest) -> ApiToken | None:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        if not header:
            raise AuthenticationError(message="Send your token in the Authorization header: Bearer <token>")
        if scheme.lower() != "bearer" or not value.strip():
            raise AuthenticationError(message="The Authorization header must be: Bearer <token>")
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = (
            ApiToken.objects.select_related("service", "created_by")
            .filter(token_hash=ApiToken.digest(token))
            .first()
        )
        if found is None:
            raise AuthenticationError(message="This token is not recognised")
        request.api_token = found  # type: ignore[attr-defined]
        if found.revoked_at is not None:
            revoked = timezone.localtime(found.revoked_at)
            message = f"This token was revoked on {revoked:%-d %B %Y}: ask your service manager for a new one"
            raise AuthenticationError(message=message)
        return found


class ClinicalApi(NinjaAPI):
    """django-ninja's API, whose document declares its errors as problem+json (RFC 9457)."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return problems.document(schema)


api = ClinicalApi(
    title="Alongside API for clinical systems",
    version="1.1.0",
    description="Tell Alongside about admissions, discharges and transfers, so that a mother's peer "
    "worker and the service she goes to hear at once. One token per service, made by its service "
    "manager in Alongside; send it as `Authorization: Bearer <token>`. Every error is an RFC 9457 "
    "problem (`application/problem+json`): `type` is `about:blank` when the status says it all, or "
    "a URI under /api/v1/problems/ that explains it.",
    urls_namespace="clinical_api",  # alongside.transitions.urls mounts it at /api/v1/
    docs_url=None,  # the Swagger page loads scripts from a CDN; the JSON document is what matters
    auth=TokenAuth(),
    parser=jsonguard.NinjaParser(),
)


# Schemas -----------------------------------------------------------------------------------


class Problem(Schema):
    """An RFC 9457 problem."""

    type: str = Field(description="`about:blank`, or a URI under /api/v1/problems/ that explains it")
    title: str
    status: int
    detail: str = Field(description="What was wrong, for the person connecting the system")
    instance: str = Field(description="The path the problem happened on")


class FieldError(Schema):
    field: str
    message: str


class Invalid(Problem):
    errors: list[FieldError]


class PersonIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["reference"], "properties": {"reference": {"type": "string"}}},
                {"required": ["nhs_number"], "properties": {"nhs_number": {"type": "string"}}},
            ]
        },
    )

    reference: Name | None = Field(
        None,
        min_length=1,
        max_length=64,
        description="Your service's own reference for her",
        json_schema_extra=NAMED,
    )
    nhs_number: str | None = Field(
        None,
        description="Her NHS number: 10 digits, grouped 3-3-4 by spaces or hyphens or not at "
        "all (943 476 5919, 9434765919). The tenth digit is a check digit (modulus 11, NHS Data "
        "Dictionary): a number whose check digit does not match is refused with 422, as mistyped.",
        json_schema_extra=NHS_NUMBER_SCHEMA,
    )

    @field_validator("nhs_number")
    @classmethod
    def valid_nhs_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not re.fullmatch(NHS_NUMBER_PATTERN, value) or not nhs_number.is_valid(value):
            raise ValueError("not a valid NHS number (10 digits, and the check digit must match)")
        return nhs_number.normalise(value)

    @model_validator(mode="after")
    def named(self) -> "PersonIn":
        if not self.reference and not self.nhs_number:
            raise ValueError("give her reference in your service, her NHS number, or both")
        return self


NOT_A_SERVICE: list[JsonValue] = [d.value for d in Destination if d not in SERVICE_KIND_FOR]


class DestinationIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            # A GP or a unit out of area is never a service on Alongside: no service_id for them.
            "if": {"properties": {"kind": {"enum": NOT_A_SERVICE}}, "required": ["kind"]},
            "then": {"properties": {"service_id": {"type": "null"}}},
        },
    )

    kind: Destination = Field(description="Where she goes")
    service_id: int | None = Field(
        None, ge=1, le=LARGEST_ID, description="The receiving service, when it is on Alongside"
    )
    name: Name = Field(
        "", max_length=200, description="Its name, such as the GP practice", json_schema_extra=NAMED
    )


ADMITTED_TO: list[JsonValue] = [Destination.MBU.value, Destination.OUT_OF_AREA.value]


class EventIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["occurred_at"], "properties": {"occurred_at": {"type": "string"}}},
                {"required": ["occurred_on"], "properties": {"occurred_on": {"type": "string"}}},
            ],
            # An admission is to a mother and baby unit or a unit out of area.
            "if": {"properties": {"kind": {"const": Kind.ADMISSION.value}}, "required": ["kind"]},
            "then": {"properties": {"to": {"properties": {"kind": {"enum": ADMITTED_TO}}}}},
        },
    )

    event_id: Name = Field(
        min_length=1,
        max_length=100,
        description="Your system's id for the event: sending it again changes nothing",
        json_schema_extra=NAMED,
    )
    kind: Kind
    occurred_at: AwareDatetime | None = Field(
        None,
        description="When it happened, ISO 8601 with its offset (2026-12-04T14:30:00+00:00): from "
        f"{dates.EARLIEST.isoformat()}, and at most 31 days ahead (a planned discharge)",
    )
    occurred_on: dt.date | None = Field(
        None,
        description="Deprecated: send occurred_at. The day it happened, for systems that send no "
        "time; when both are sent they must agree (the day of occurred_at in the UK).",
        json_schema_extra={"deprecated": True},
    )
    person: PersonIn
    to: DestinationIn

    @field_validator("occurred_on")
    @classmethod
    def in_range(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and (reason := dates.problem(value)) is not None:
            raise ValueError(reason)
        return value

    @field_validator("occurred_at")
    @classmethod
    def moment_in_range(cls, value: dt.datetime | None) -> dt.datetime | None:
        if value is None:
            return None
        try:
            day = timezone.localdate(value)
        except OverflowError:
            raise ValueError("Enter a moment Alongside can hold") from None
        if (reason := dates.problem(day)) is not None:
            raise ValueError(reason)
        return value

    @model_validator(mode="after")
    def dated(self) -> "EventIn":
        if self.occurred_at is None and self.occurred_on is None:
            raise ValueError("give occurred_at (or, deprecated, occurred_on)")
        if self.occurred_at is not None and self.occurred_on is not None and self.occurred_on != self.day:
            raise ValueError("occurred_on is not the day of occurred_at in the UK: send occurred_at alone")
        return self

    @property
    def day(self) -> dt.date:
        if self.occurred_at is not None:
            return timezone.localdate(self.occurred_at)
        assert self.occurred_on is not None
        return self.occurred_on


class DestinationOut(Schema):
    kind: str
    service_id: int | None
    name: str


class EventOut(Schema):
    id: int = Field(description="Alongside's id for the event: read it back at /api/v1/events/{id}")
    event_id: str
    kind: str
    occurred_at: dt.datetime | None = Field(
        description="When it happened, in UK time with its offset; null when only the day was sent"
    )
    occurred_on: dt.date = Field(description="The day it happened, in the UK")
    from_service_id: int
    to: DestinationOut
    recorded_at: dt.datetime
    acceptance: str | None = Field(description="pending, accepted or declined; null when not on Alongside")
    people_told: int


class ServiceOut(Schema):
    id: int
    name: str
    kind: str


# Every call is logged and audited -------------------------------------------------------------


def _event_id_of(request: HttpRequest) -> str:
    """The event id sent, for the log: read through the guard, so a refused body stays unread
    (alongside.transitions.fhir says which id an Encounter stands for)."""
    if (known := getattr(request, "alongside_event_id", None)) is not None:
        return str(known)[:100].replace("\x00", "")
    try:
        body = jsonguard.read_request(request)
    except jsonguard.Refused:
        return ""
    value = body.get("event_id") if isinstance(body, dict) else None
    return str(value)[:100].replace("\x00", "") if value is not None else ""


def _log(
    request: HttpRequest,
    status: int,
    detail: str = "",
    *,
    person: Person | None = None,
    transition: Transition | None = None,
) -> None:
    """The ApiCall row and its audit row: who called (the token, when known), and the answer."""
    token: ApiToken | None = getattr(request, "api_token", None)
    now = timezone.now()
    call = api_call_record(
        at=now,
        token=token,
        method=(request.method or "")[:10],
        path=request.path[:200],
        status=status,
        event_id=_event_id_of(request) if request.method == "POST" else "",
        person=person,
        transition=transition,
        detail=detail[:300],
    )
    who = f"API token {token.shown}" if token else "API call without a valid token"
    audit.record(
        token.created_by if token else None,
        "create",
        call,
        membership=ApiCaller(service_id=token.service_id) if token else None,
        summary=f"{who}: {call.method} {call.path} answered {status}" + (f", {detail}" if detail else ""),
    )
    if token is not None and token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)


def problem(
    request: HttpRequest, status: int, detail: str, *, kind: problems.Kind | None = None, **extensions: Any
) -> HttpResponse:
    """Log the call and answer it with a problem; under /api/v1/fhir/, with an OperationOutcome."""
    _log(request, status, detail)
    if outcome.applies(request):
        extensions["operationOutcome"] = outcome.of(status, detail, extensions.get("errors"))
    return problems.response(request, status, detail, kind=kind, **extensions)


def _invalid(request: HttpRequest) -> problems.Kind:
    """The problem type of a body that does not fit: an event's, or an Encounter's."""
    return kinds.INVALID_ENCOUNTER if outcome.applies(request) else kinds.INVALID


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    status, detail = exc.status_code, str(exc)
    if (unread := jsonguard.refusal(exc)) is not None and unread.code != "not_json":
        status, detail = unread.status, unread.message
    elif status == 400:
        detail = "The body is not JSON: send the event as a JSON object"
    if isinstance(exc, Refused):
        errors = [{"field": k, "message": v} for k, v in exc.errors.items()]
        return problem(request, status, detail, kind=_invalid(request), errors=errors)
    if isinstance(exc, Conflict) and exc.kind.status == 422:
        errors = [{"field": f"header {idempotency.HEADER}", "message": detail}]
        return problem(request, status, detail, kind=exc.kind, errors=errors)
    answer = problem(request, status, detail, kind=exc.kind if isinstance(exc, Conflict) else None)
    if isinstance(exc, AuthenticationError):
        answer["WWW-Authenticate"] = 'Bearer realm="alongside"'
    return answer


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Over Django's own ceiling (DATA_UPLOAD_MAX_MEMORY_SIZE): refused before it is read."""
    error = HttpError(413, "too big")
    error.__cause__ = jsonguard.too_big()
    return refused(request, error)


def _field(location: list[Any]) -> str:
    """Where a validation error is: a dotted path into the body, or the header's name."""
    where = [str(p) for p in location]
    if where and where[0] == "header":
        return f"header {idempotency.HEADER}"
    if where and where[0] == "path":
        return ".".join(where[1:])
    return ".".join(where[2:]) or "body"  # past "body" and the parameter's name


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append({"field": _field(list(error.get("loc", []))), "message": message})
    detail = "The event does not fit: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return problem(request, 422, detail, kind=_invalid(request), errors=errors)


@api.exception_handler(Http404)
def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, str(exc) or "There is nothing here")


@api.exception_handler(Exception)
def broken(request: HttpRequest, exc: Exception) -> HttpResponse:
    """Anything unforeseen: logged in full for us, a problem without the traceback for them."""
    logger.exception("The clinical-systems API failed on %s %s", request.method, request.path)
    return problem(request, 500, "Something went wrong in Alongside: nothing was recorded. Try again later.")


# Answers for what no operation matched (alongside.transitions.urls) ------------------------------


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    """Any path under /api/ that the API does not have: a problem, not Django's HTML page."""
    return problem(request, 404, f"The API has no {request.path}: see /api/v1/openapi.json")


def not_allowed(request: HttpRequest, allowed: list[str]) -> HttpResponse:
    shown = ", ".join(sorted(allowed))
    answer = problem(request, 405, f"{request.path} does not take {request.method}: it takes {shown}")
    answer["Allow"] = shown
    return answer


def as_problems(view: Any, *, methods: tuple[str, ...] = ()) -> Any:
    """An API view whose 405 (django-ninja answers it with plain text) is a problem too; with
    `methods`, a view that takes only those (ninja's OpenAPI document answers any method)."""

    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if methods and request.method not in methods:
            return not_allowed(request, list(methods))
        answer = view(request, *args, **kwargs)
        if answer.status_code == 405 and not problems.is_problem(answer):
            allowed = [m.strip() for m in answer.get("Allow", "").split(",") if m.strip()]
            return not_allowed(request, allowed)
        return answer

    guarded.__dict__.update(view.__dict__)  # csrf_exempt, and anything else ninja set on it
    guarded.__name__ = getattr(view, "__name__", "api_view")
    return guarded


def problem_type(request: HttpRequest, slug: str) -> HttpResponse:
    """What a problem type means: the page its `type` URI opens."""
    if request.method not in ("GET", "HEAD"):
        return not_allowed(request, ["GET", "HEAD"])
    text = kinds.describe(slug)
    if text is None:
        return not_found(request)
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


# Endpoints ---------------------------------------------------------------------------------


def _payload_hash(event: EventIn) -> str:
    canonical = json.dumps(event.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _out(transition: Transition) -> EventOut:
    return EventOut(
        id=transition.pk,
        event_id=transition.external_id,
        kind=transition.kind,
        occurred_at=timezone.localtime(transition.occurred_at) if transition.occurred_at else None,
        occurred_on=transition.occurred_on,
        from_service_id=transition.from_service_id,
        to=DestinationOut(
            kind=transition.destination,
            service_id=transition.to_service_id,
            name=transition.destination_name,
        ),
        recorded_at=transition.recorded_at,
        acceptance=transition.decision or None,
        people_told=transition.notices.count(),
    )


def _find_person(service: Service, named: PersonIn) -> tuple[Person, str]:
    """Her, and a reference to remember for her (when she was found by NHS number and has none)."""
    people = access.people_in_service(service)
    by_reference = None
    if named.reference:
        link = access.reference_in_service(service, named.reference)
        by_reference = people.filter(pk=link.person_id).first() if link else None
    if by_reference is not None:
        if named.nhs_number and by_reference.nhs_number and by_reference.nhs_number != named.nhs_number:
            raise Refused(
                {"person.nhs_number": "does not match the NHS number of the person with this reference"}
            )
        return by_reference, ""
    by_number = people.filter(nhs_number=named.nhs_number).first() if named.nhs_number else None
    if by_number is None:
        raise HttpError(404, NO_SUCH_PERSON)
    if named.reference:
        if access.references_of(service, by_number).exists():
            raise Refused({"person.reference": "she has a different reference in your service"})
        return by_number, named.reference
    return by_number, ""


def _replay(token: ApiToken, event: EventIn, payload_hash: str) -> Transition | None:
    first = access.event_sent_before(token.service_id, event.event_id)
    if first is not None and first.payload_hash != payload_hash:
        raise Conflict(
            kinds.EVENT_ID_REUSED,
            f"Event {event.event_id} was received before with different details: "
            "send a correction with a new event_id",
        )
    return first


def _rendered(out: EventOut) -> str:
    """An event as JSON, written as django-ninja writes its answers (times to the millisecond)."""
    return json.dumps(out.model_dump(), cls=NinjaJSONEncoder)


def _answer(status: int, body: str, event_pk: int) -> HttpResponse:
    """An event as JSON, with where to read it back."""
    answer = HttpResponse(body, status=status, content_type="application/json; charset=utf-8")
    answer["Location"] = f"/api/v1/events/{event_pk}"
    return answer


def _replayed(kept: IdempotencyKey) -> HttpResponse:
    """The first answer to a key, byte for byte, marked as a replay."""
    answer = _answer(kept.status, kept.response, json.loads(kept.response)["id"])
    answer["Idempotent-Replayed"] = "true"
    return answer


def _record(token: ApiToken, event: EventIn) -> tuple[int, Transition]:
    """Record the event, or find it recorded before under its event_id: (200 or 201, it)."""
    payload_hash = _payload_hash(event)
    first = _replay(token, event, payload_hash)
    if first is not None:
        return 200, first
    person, new_reference = _find_person(token.service, event.person)
    to_service = None
    if event.to.service_id is not None:
        to_service = access.receiving_service(event.to.service_id)
        if to_service is None:
            raise Refused({"to.service_id": f"no service on Alongside has id {event.to.service_id}"})
    try:
        with transaction.atomic():
            recorded = transition_record(
                person=person,
                from_service=token.service,
                kind=event.kind,
                destination=event.to.kind,
                to_service=to_service,
                destination_name=event.to.name,
                occurred_on=event.day,
                occurred_at=event.occurred_at,
                actor=token.created_by,
                membership=ApiCaller(service_id=token.service_id),
                api_token=token,
                external_id=event.event_id,
                payload_hash=payload_hash,
            )
            if new_reference:
                person_reference_record(service=token.service, person=person, reference=new_reference)
    except IntegrityError:
        # The same event sent twice at once: the other request recorded it first.
        first = _replay(token, event, payload_hash)
        if first is None:
            raise
        return 200, first
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"body": error.messages}
        raise Refused({BODY_FIELD.get(k, k): " ".join(v) for k, v in by_field.items()}) from error
    return 201, recorded


ANSWER_HEADERS = {
    "Location": {
        "description": "Where to read the event back: /api/v1/events/{id}",
        "schema": {"type": "string"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when this is the first answer to the same Idempotency-Key, sent again",
        "schema": {"type": "string", "enum": ["true"]},
    },
}
RECORD_ANSWERS: dict[int, Any] = {
    200: EventOut,
    201: EventOut,
    400: Problem,
    401: Problem,
    404: Problem,
    405: Problem,
    409: Problem,
    413: Problem,
    415: Problem,
    422: Invalid,
    500: Problem,
}


def idempotency_header() -> Any:
    """The optional Idempotency-Key header, as an operation declares it."""
    return Header(
        None,
        alias=idempotency.HEADER,
        pattern=idempotency.PATTERN,
        min_length=1,
        max_length=idempotency.MOST_CHARACTERS,
        description="A key of your choosing for this request (a UUID, say): sent again with the "
        "same body within 24 hours, it gets the first answer again, status and body, and nothing "
        "is recorded twice; with a different body, a 422 problem. Keys are your token's own. "
        "Visible ASCII without spaces, at most 255 characters; quotes around it are allowed.",
    )


@api.post(
    "/events",
    response=RECORD_ANSWERS,
    summary="Record an admission, discharge or transfer",
    operation_id="record_event",
    openapi_extra={"responses": {status: {"headers": ANSWER_HEADERS} for status in (200, 201)}},
)
def record_event(
    request: HttpRequest,
    event: EventIn,
    idempotency_key: str = idempotency_header(),  # optional: None when it is not sent
) -> HttpResponse:
    return respond(request, event, idempotency_key)


def respond(request: HttpRequest, event: EventIn, idempotency_key: str | None) -> HttpResponse:
    """Record the event and answer: the first answer again for a key used before, 201 and the
    event when it is new, 200 when its event_id was sent before. alongside.transitions.fhir
    answers an Encounter through here too, once it has made an event of it."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    key = idempotency.key_of(idempotency_key)
    hashed = idempotency.request_hash(jsonguard.read_request(request)) if key else ""
    if key and (kept := idempotency.kept(token, key)) is not None:
        if kept.request_hash != hashed:
            raise Conflict(
                kinds.KEY_REUSED,
                f"The {idempotency.HEADER} {key} was sent before with a different body: "
                "use a new key for a new request",
            )
        _log(request, kept.status, f"sent again with the same {idempotency.HEADER}: nothing changed")
        return _replayed(kept)
    status, transition = _record(token, event)
    body = _rendered(_out(transition))
    if key:
        kept = idempotency.keep(token, key, hashed, status, body)
        if kept.request_hash != hashed:  # another request with this key, and another body, won
            raise Conflict(kinds.KEY_REUSED, f"The {idempotency.HEADER} {key} is in use for another body")
        if (kept.status, kept.response) != (status, body):  # the same request, at once: it answered first
            _log(request, kept.status, f"sent again with the same {idempotency.HEADER}: nothing changed")
            return _replayed(kept)
    if status == 200:
        _log(request, 200, "sent again: nothing changed", person=transition.person, transition=transition)
    else:
        _log(
            request,
            201,
            f"recorded transition {transition.pk}",
            person=transition.person,
            transition=transition,
        )
    return _answer(status, body, transition.pk)


@api.get(
    "/events/{id}",
    response={200: EventOut, 401: Problem, 404: Problem, 405: Problem, 422: Invalid, 500: Problem},
    summary="Read back an event your service sent",
    operation_id="read_event",
)
def read_event(
    request: HttpRequest,
    id: int = Path(..., ge=1, le=LARGEST_ID, description="The id the answer to POST /events gave"),
) -> EventOut:
    """An event any of your service's systems sent through the API. Events recorded by staff, or
    sent by another service, are not here (404, the same as for an id that does not exist)."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    found = access.sent_event(token.service_id, id)
    if found is None:
        raise HttpError(404, NO_SUCH_EVENT)
    _log(request, 200, f"read transition {found.pk}", person=found.person, transition=found)
    return _out(found)


@api.get(
    "/services",
    response={200: list[ServiceOut], 401: Problem, 405: Problem, 500: Problem},
    summary="Services on Alongside",
)
def list_services(request: HttpRequest) -> list[ServiceOut]:
    """The services a mother can go to on Alongside, with the ids to send as `to.service_id`."""
    _log(request, 200, "listed services")
    return [ServiceOut(id=s.pk, name=s.name, kind=s.kind) for s in access.receiving_services()]
