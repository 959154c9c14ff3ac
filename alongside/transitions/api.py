"""The API for clinical systems, at /api/v1/ (OpenAPI 3 at /api/v1/openapi.json; ADR 0014).

A trust's clinical system sends admissions, discharges and transfers with a token made by the
service's manager (`Authorization: Bearer alng_...`). Each token belongs to one service: the
events it sends are from that service, about people that service holds or supports.

- `POST /events` records an event; the same `event_id` sent again by the same service answers
  200 with the event first recorded and writes nothing (a different body under a used id is 409).
- Every refusal is JSON `{"detail": ...}` and writes nothing: 401 for a missing, unknown or
  revoked token; 404 for a person not in the token's service, whether she exists elsewhere or
  not (so the API never says which); 422 for a body that does not fit, with `errors` by field,
  an invalid NHS number included; 400 for a body that is not JSON at all, or nests more than
  32 levels deep; 413 for a body over 64 KB; 415 for a body not sent as application/json
  (ADR 0020: alongside.lib.jsonguard reads every body).
- Every call, answered or refused, leaves an ApiCall row and an audit row pointing at it.

No browser session is involved: the views are outside login and MFA (urls.py and
RequireMFAMiddleware) and outside CSRF, which protects cookies, not bearer tokens.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import NinjaAPI, Schema, Status
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict, Field, field_validator, model_validator

from alongside.audit import services as audit
from alongside.lib import dates, jsonguard, nhs_number
from alongside.lib.names import Name
from alongside.organisations.models import Service
from alongside.people.models import Person
from alongside.transitions import access
from alongside.transitions.models import ApiToken, Destination, Kind, Transition
from alongside.transitions.services import (
    ApiCaller,
    api_call_record,
    person_reference_record,
    transition_record,
)

NO_SUCH_PERSON = "No such person in your service"
# Where a service rule's field (alongside.transitions.services) is in the request body.
BODY_FIELD = {
    "kind": "kind",
    "destination": "to.kind",
    "to_service": "to.service_id",
    "destination_name": "to.name",
    "occurred_on": "occurred_on",
}


class Refused(HttpError):
    """A refusal with errors by field (422), like a body that does not validate."""

    def __init__(self, errors: dict[str, str], status_code: int = 422) -> None:
        self.errors = errors
        super().__init__(
            status_code, "The event does not fit: " + "; ".join(f"{k}: {v}" for k, v in errors.items())
        )


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


api = NinjaAPI(
    title="Alongside API for clinical systems",
    version="1.0.0",
    description="Tell Alongside about admissions, discharges and transfers, so that a mother's peer "
    "worker and the service she goes to hear at once. One token per service, made by its service "
    "manager in Alongside; send it as `Authorization: Bearer <token>`.",
    urls_namespace="clinical_api",  # alongside.transitions.urls mounts it at /api/v1/
    docs_url=None,  # the Swagger page loads scripts from a CDN; the JSON document is what matters
    auth=TokenAuth(),
    parser=jsonguard.NinjaParser(),
)


# Schemas -----------------------------------------------------------------------------------


class Error(Schema):
    detail: str


class FieldError(Schema):
    field: str
    message: str


class Invalid(Schema):
    detail: str
    errors: list[FieldError]


class PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reference: Name | None = Field(
        None, min_length=1, max_length=64, description="Your service's own reference for her"
    )
    nhs_number: str | None = Field(None, description="Her NHS number, 10 digits (spaces allowed)")

    @field_validator("nhs_number")
    @classmethod
    def valid_nhs_number(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if not nhs_number.is_valid(value):
            raise ValueError("not a valid NHS number (10 digits, and the check digit must match)")
        return nhs_number.normalise(value)

    @model_validator(mode="after")
    def named(self) -> "PersonIn":
        if not self.reference and not self.nhs_number:
            raise ValueError("give her reference in your service, her NHS number, or both")
        return self


class DestinationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: Destination = Field(description="Where she goes")
    service_id: int | None = Field(None, description="The receiving service, when it is on Alongside")
    name: Name = Field("", max_length=200, description="Its name, such as the GP practice")


class EventIn(Schema):
    model_config = ConfigDict(extra="forbid")

    event_id: Name = Field(
        min_length=1,
        max_length=100,
        description="Your system's id for the event: sending it again changes nothing",
    )
    kind: Kind
    occurred_on: dt.date = Field(
        description=f"The day it happened: from {dates.EARLIEST.isoformat()}, and not far in the future"
    )
    person: PersonIn
    to: DestinationIn

    @field_validator("occurred_on")
    @classmethod
    def in_range(cls, value: dt.date) -> dt.date:
        if (reason := dates.problem(value)) is not None:
            raise ValueError(reason)
        return value


class DestinationOut(Schema):
    kind: str
    service_id: int | None
    name: str


class EventOut(Schema):
    id: int
    event_id: str
    kind: str
    occurred_on: dt.date
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
    """The event id sent, for the log: read through the guard, so a refused body stays unread."""
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
        method=request.method or "",
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


@api.exception_handler(HttpError)
def refused(request: HttpRequest, exc: HttpError) -> HttpResponse:
    body: dict[str, Any] = {"detail": str(exc)}
    status = exc.status_code
    if isinstance(exc, Refused):
        body["errors"] = [{"field": k, "message": v} for k, v in exc.errors.items()]
    if (unread := jsonguard.refusal(exc)) is not None and unread.code != "not_json":
        status = unread.status
        body["detail"] = unread.message
    elif status == 400:
        body["detail"] = "The body is not JSON: send the event as a JSON object"
    _log(request, status, body["detail"])
    response = api.create_response(request, body, status=status)
    if isinstance(exc, AuthenticationError):
        response["WWW-Authenticate"] = 'Bearer realm="alongside"'
    return response


@api.exception_handler(RequestDataTooBig)
def too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    """Over Django's own ceiling (DATA_UPLOAD_MAX_MEMORY_SIZE): refused before it is read."""
    error = HttpError(413, "too big")
    error.__cause__ = jsonguard.too_big()
    return refused(request, error)


@api.exception_handler(NinjaValidationError)
def invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = []
    for error in exc.errors:
        where = [str(p) for p in error.get("loc", [])[2:]]  # past "body" and the parameter's name
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        errors.append({"field": ".".join(where) or "body", "message": message})
    detail = "The event does not fit: " + "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    _log(request, 422, detail)
    return api.create_response(request, {"detail": detail, "errors": errors}, status=422)


# Endpoints ---------------------------------------------------------------------------------


def _payload_hash(event: EventIn) -> str:
    canonical = json.dumps(event.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _out(transition: Transition) -> EventOut:
    return EventOut(
        id=transition.pk,
        event_id=transition.external_id,
        kind=transition.kind,
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
        raise HttpError(
            409,
            f"Event {event.event_id} was received before with different details: "
            "send a correction with a new event_id",
        )
    return first


@api.post(
    "/events",
    response={
        200: EventOut,
        201: EventOut,
        400: Error,
        401: Error,
        404: Error,
        409: Error,
        413: Error,
        415: Error,
        422: Invalid,
    },
    summary="Record an admission, discharge or transfer",
    operation_id="record_event",
)
def record_event(request: HttpRequest, event: EventIn) -> Status[EventOut]:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    payload_hash = _payload_hash(event)
    first = _replay(token, event, payload_hash)
    if first is not None:
        _log(request, 200, "sent again: nothing changed", person=first.person, transition=first)
        return Status(200, _out(first))
    person, new_reference = _find_person(token.service, event.person)
    to_service = None
    if event.to.service_id is not None:
        to_service = Service.objects.filter(pk=event.to.service_id).first()
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
                occurred_on=event.occurred_on,
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
        _log(request, 200, "sent again: nothing changed", person=first.person, transition=first)
        return Status(200, _out(first))
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {"body": error.messages}
        raise Refused({BODY_FIELD.get(k, k): " ".join(v) for k, v in by_field.items()}) from error
    _log(request, 201, f"recorded transition {recorded.pk}", person=person, transition=recorded)
    return Status(201, _out(recorded))


@api.get("/services", response={200: list[ServiceOut], 401: Error}, summary="Services on Alongside")
def list_services(request: HttpRequest) -> list[ServiceOut]:
    """The services a mother can go to on Alongside, with the ids to send as `to.service_id`."""
    _log(request, 200, "listed services")
    return [ServiceOut(id=s.pk, name=s.name, kind=s.kind) for s in Service.objects.order_by("name")]
