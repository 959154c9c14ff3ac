"""`POST /api/v1/fhir/Encounter`: a discharge or transfer sent as an HL7 FHIR R4 Encounter (ADR 0044).

A trust's integration engine already produces Encounters; this takes one as it is and records
the event `POST /api/v1/events` would, through the same path (alongside.transitions.api
`respond` and `_record`): the same token, ApiCall row and audit row, `Idempotency-Key`, replay
by event id, rules and answers. The body is read by alongside.lib.jsonguard, which takes
`application/fhir+json` as it takes `application/json` (any `application/*+json`).

It is validated with fhir.resources' R4B models. fhir.resources 8 has R5 as its default
package and R4B for R4; the Encounter is the same in R4 and R4B, so an R4 Encounter is an R4B
one. Then it is mapped to the JSON API's EventIn, field by field:

| EventIn           | Encounter (R4)                                                              |
|-------------------|-----------------------------------------------------------------------------|
| event_id          | the first `identifier` with a value, as `system|value` (or the value alone); |
|                   | with none, `Encounter/` + `id`                                              |
| kind              | `status` must be `finished`: a transfer when she goes out of area or to a   |
|                   | service of the kind she leaves (another MBU, another community team), else  |
|                   | a discharge. Admissions are not taken here: send them to POST /events.     |
| occurred_at       | `period.end` with its time and offset (a date alone: `occurred_on`)         |
| person.nhs_number | `subject.identifier`, or an identifier of the contained Patient that        |
|                   | `subject.reference` names as `#id`, with system https://fhir.nhs.uk/Id/nhs-number |
| person.reference  | the same Patient's medical record number: an identifier of type MR          |
|                   | (http://terminology.hl7.org/CodeSystem/v2-0203), your service's reference   |
| to.service_id     | `hospitalization.destination`: its identifier, or one of the contained      |
|                   | Location it names as `#id`, with system `urn:alongside:service` and the id  |
|                   | of GET /api/v1/services as its value                                        |
| to.name           | `hospitalization.destination.display`, or that Location's `name`            |
| to.kind           | `hospitalization.dischargeDisposition` (DESTINATIONS below); without an      |
|                   | Alongside code, a named service's own kind decides                          |

Discharge destination codes (`hospitalization.dischargeDisposition.coding`, the first coding in
a system below decides; any other code is a 422 that names the codes taken):

| System                                         | Code       | to.kind                              |
|------------------------------------------------|------------|--------------------------------------|
| UK Core / NHS Data Dictionary discharge        | 19, 29     | home: her service's usual next step  |
| destination (UKCore-DischargeDestinationEngland|            | (MBU: community perinatal team; a    |
| and the STU1 NHSDataModelAndDictionary one)    |            | community team: GP)                  |
|                                                | 53         | out_of_area (an NHS mental health    |
|                                                |            | ward elsewhere), unless a service is |
|                                                |            | named                                |
| HL7 discharge-disposition                      | home, alt-home | home, as 19                      |
|                                                | psy        | out_of_area, as 53                   |
| SNOMED CT                                      | 306689006 (discharge to home) | home, as 19       |
| urn:alongside:destination (Alongside's own)    | mbu, community_perinatal, general_adult, gp,      |
|                                                | out_of_area: that destination itself              |

Every refusal is a problem (RFC 9457) with an `operationOutcome` member (alongside.transitions.
outcome); a body that is not an Encounter, or does not map, is `invalid-encounter` (422) with
`errors` by FHIRPath (Encounter.period.end), whether fhir.resources or a rule refused it.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pydantic
from django.http import HttpRequest, HttpResponse
from fhir.resources.R4B.encounter import Encounter
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.reference import Reference
from ninja.errors import HttpError

from alongside.lib import jsonguard
from alongside.organisations.models import Service
from alongside.transitions import access
from alongside.transitions.api import (
    ANSWER_HEADERS,
    EventIn,
    EventOut,
    FieldError,
    Problem,
    Refused,
    api,
    idempotency_header,
    respond,
)
from alongside.transitions.models import NEXT_STEP, SERVICE_KIND_FOR, ApiToken, Destination, Kind

SPECIFICATION = "https://hl7.org/fhir/R4/encounter.html"
MEDIA_TYPE = "application/fhir+json"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
MEDICAL_RECORD_NUMBER = "MR"
SERVICE = "urn:alongside:service"
ALONGSIDE_DESTINATION = "urn:alongside:destination"
UK_CORE_DESTINATION = "https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland"
DATA_DICTIONARY_DESTINATION = (
    "https://fhir.hl7.org.uk/CodeSystem/NHSDataModelAndDictionary-DischargeDestination"
)
HL7_DISPOSITION = "http://terminology.hl7.org/CodeSystem/discharge-disposition"
SNOMED = "http://snomed.info/sct"
HOME = "home"  # she goes home: her service's usual next step (NEXT_STEP) is who takes her on
DESTINATIONS: dict[str, dict[str, str]] = {
    UK_CORE_DESTINATION: {"19": HOME, "29": HOME, "53": Destination.OUT_OF_AREA.value},
    DATA_DICTIONARY_DESTINATION: {"19": HOME, "29": HOME, "53": Destination.OUT_OF_AREA.value},
    HL7_DISPOSITION: {"home": HOME, "alt-home": HOME, "psy": Destination.OUT_OF_AREA.value},
    SNOMED: {"306689006": HOME},
    ALONGSIDE_DESTINATION: {d.value: d.value for d in Destination},
}
# Encounter.status in R4 (https://hl7.org/fhir/R4/valueset-encounter-status.html).
STATUSES = (
    "planned",
    "arrived",
    "triaged",
    "in-progress",
    "onleave",
    "finished",
    "cancelled",
    "entered-in-error",
    "unknown",
)
KIND_OF_SERVICE = {service_kind: destination for destination, service_kind in SERVICE_KIND_FOR.items()}

DISPOSITION = "Encounter.hospitalization.dischargeDisposition"
DESTINATION = "Encounter.hospitalization.destination"


def accepted_codes() -> str:
    return "; ".join(f"{system}: {', '.join(codes)}" for system, codes in DESTINATIONS.items())


@dataclass
class Mapped:
    """The event made of an Encounter, and where in the Encounter each of its fields came from."""

    event: dict[str, Any] = field(default_factory=dict)
    at: dict[str, str] = field(default_factory=dict)

    def where(self, body_field: str) -> str:
        """The FHIRPath of an EventIn field (to.kind), or of the nearest field it is part of."""
        parts = body_field.split(".")
        while parts:
            if (found := self.at.get(".".join(parts))) is not None:
                return found
            parts.pop()
        return "Encounter"


def fhir_path(location: tuple[Any, ...]) -> str:
    """A pydantic error's location as a FHIRPath: ("period", "end") is Encounter.period.end."""
    path = "Encounter"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def validated(sent: Any) -> Encounter:
    """The body as an R4 Encounter, or Refused with errors by FHIRPath."""
    if not isinstance(sent, dict):
        raise Refused({"Encounter": "the body must be a JSON object: an Encounter"})
    if sent.get("resourceType") != "Encounter":
        raise Refused({"Encounter.resourceType": f"is {sent.get('resourceType')!r}: send an Encounter"})
    try:
        return Encounter.model_validate(sent)
    except pydantic.ValidationError as error:
        errors: dict[str, str] = {}
        for each in error.errors():
            where = fhir_path(tuple(each.get("loc", ())))
            message = str(each.get("msg", "invalid")).removeprefix("Value error, ")
            errors[where] = f"{errors[where]}; {message}" if where in errors else message
        raise Refused(errors) from None
    except Exception as error:  # fhir.resources raises KeyError for an unknown contained resourceType
        raise Refused({"Encounter": f"not a valid FHIR R4 Encounter ({type(error).__name__})"}) from None


def _contained(encounter: Encounter, reference: Reference, resource_type: str, at: str) -> tuple[Any, str]:
    """The contained resource a `#id` reference names, and its FHIRPath."""
    wanted = (reference.reference or "").removeprefix("#")
    for i, resource in enumerate(encounter.contained or []):
        if resource.get_resource_type() == resource_type and resource.id == wanted:
            return resource, f"Encounter.contained[{i}]"
    raise Refused({f"{at}.reference": f"no contained {resource_type} has the id {wanted!r}"})


def _identifiers(
    encounter: Encounter, reference: Reference, resource_type: str, at: str
) -> list[tuple[Identifier, str]]:
    """The identifiers a reference gives, with their FHIRPaths: the contained resource's, or its own."""
    if (reference.reference or "").startswith("#"):
        resource, there = _contained(encounter, reference, resource_type, at)
        return [(each, f"{there}.identifier[{i}]") for i, each in enumerate(resource.identifier or [])]
    if reference.identifier is not None:
        return [(reference.identifier, f"{at}.identifier")]
    return []


def _is_medical_record_number(identifier: Identifier) -> bool:
    codings = identifier.type.coding if identifier.type and identifier.type.coding else []
    return any(c.system == IDENTIFIER_TYPE and c.code == MEDICAL_RECORD_NUMBER for c in codings)


def _event_id(encounter: Encounter, mapped: Mapped) -> None:
    for i, identifier in enumerate(encounter.identifier or []):
        if identifier.value:
            value = f"{identifier.system}|{identifier.value}" if identifier.system else identifier.value
            mapped.event["event_id"] = value
            mapped.at["event_id"] = f"Encounter.identifier[{i}]"
            return
    if encounter.id:
        mapped.event["event_id"] = f"Encounter/{encounter.id}"
        mapped.at["event_id"] = "Encounter.id"
        return
    raise Refused(
        {
            "Encounter.identifier": "give the Encounter an identifier (or an id): a message sent "
            "again is known by it"
        }
    )


def _person(encounter: Encounter, mapped: Mapped) -> None:
    subject = encounter.subject
    if subject is None:
        raise Refused(
            {"Encounter.subject": f"name her: subject.identifier with her NHS number ({NHS_NUMBER})"}
        )
    identifiers = _identifiers(encounter, subject, "Patient", "Encounter.subject")
    person: dict[str, str] = {}
    for identifier, at in identifiers:
        if identifier.system == NHS_NUMBER and identifier.value and "nhs_number" not in person:
            person["nhs_number"] = identifier.value
            mapped.at["person.nhs_number"] = f"{at}.value"
        elif _is_medical_record_number(identifier) and identifier.value and "reference" not in person:
            person["reference"] = identifier.value
            mapped.at["person.reference"] = f"{at}.value"
    if not person:
        raise Refused(
            {
                "Encounter.subject": "Alongside finds her by her NHS number: give subject.identifier, or a "
                f"contained Patient named as #id, with system {NHS_NUMBER} (or her medical record number, "
                "an identifier of type MR)"
            }
        )
    mapped.event["person"] = person
    mapped.at["person"] = "Encounter.subject"


def _when(encounter: Encounter, mapped: Mapped) -> None:
    end = encounter.period.end if encounter.period else None
    mapped.at.update({"occurred_at": "Encounter.period.end", "occurred_on": "Encounter.period.end"})
    if isinstance(end, dt.datetime):
        mapped.event["occurred_at"] = end.isoformat()
    elif isinstance(end, dt.date):
        mapped.event["occurred_on"] = end.isoformat()
    elif end is None:
        raise Refused({"Encounter.period.end": "a finished Encounter needs period.end: when she left"})
    else:
        raise Refused({"Encounter.period.end": f"{end} is not a day: give the day she left, and the time"})


def _destination(encounter: Encounter, service: Service, mapped: Mapped) -> None:
    hospitalization = encounter.hospitalization
    to: dict[str, Any] = {}
    named: Service | None = None
    if hospitalization and hospitalization.destination:
        destination = hospitalization.destination
        location = None
        if (destination.reference or "").startswith("#"):
            location, _ = _contained(encounter, destination, "Location", DESTINATION)
        for identifier, at in _identifiers(encounter, destination, "Location", DESTINATION):
            if identifier.system == SERVICE:
                value = identifier.value or ""
                if not value.isascii() or not value.isdigit() or len(value) > 18:
                    raise Refused(
                        {f"{at}.value": "an Alongside service id is a number: see GET /api/v1/services"}
                    )
                named = access.receiving_service(int(value))
                if named is None:
                    raise Refused({f"{at}.value": f"no service on Alongside has id {value}"})
                to["service_id"] = named.pk
                mapped.at["to.service_id"] = f"{at}.value"
                break
        name = destination.display or (location.name if location is not None else None)
        if name:
            to["name"] = name
            mapped.at["to.name"] = f"{DESTINATION}.display" if destination.display else DESTINATION
    code = _disposition(encounter)
    if code is not None and (code[0] == ALONGSIDE_DESTINATION or named is None):
        kind = code[1]
        mapped.at["to.kind"] = mapped.at["to"] = DISPOSITION
    elif named is not None:
        kind = KIND_OF_SERVICE[Service.Kind(named.kind)]
        mapped.at["to.kind"] = mapped.at["to"] = DESTINATION
    else:
        raise Refused({DISPOSITION: f"say where she goes, with one of these codes: {accepted_codes()}"})
    to["kind"] = NEXT_STEP[service.kind] if kind == HOME else kind
    mapped.event["to"] = to
    going_on = (
        to["kind"] == Destination.OUT_OF_AREA or SERVICE_KIND_FOR.get(Destination(to["kind"])) == service.kind
    )
    mapped.event["kind"] = Kind.TRANSFER.value if going_on else Kind.DISCHARGE.value


def _disposition(encounter: Encounter) -> tuple[str, str] | None:
    """(system, where she goes) from the first coding in a system we read; None when none is sent."""
    concept = encounter.hospitalization.dischargeDisposition if encounter.hospitalization else None
    codings = concept.coding or [] if concept else []
    for coding in codings:
        if coding.system in DESTINATIONS:
            found = DESTINATIONS[coding.system].get(coding.code or "")
            if found is None:
                raise Refused(
                    {DISPOSITION: f"{coding.code!r} is not a code Alongside takes: {accepted_codes()}"}
                )
            return coding.system, found
    if codings:
        raise Refused({DISPOSITION: f"no coding in a system Alongside reads: {accepted_codes()}"})
    return None


def event_of(sent: Any, service: Service, mapped: Mapped) -> EventIn:
    """The event an Encounter stands for, or Refused with errors by FHIRPath; `mapped` keeps
    what was read, and from where."""
    encounter = validated(sent)
    if encounter.status not in STATUSES:
        raise Refused(
            {"Encounter.status": f"{encounter.status!r} is not an Encounter status: {', '.join(STATUSES)}"}
        )
    _event_id(encounter, mapped)
    if encounter.status != "finished":
        raise Refused(
            {
                "Encounter.status": f"is {encounter.status}: Alongside takes a finished Encounter (a "
                "discharge or transfer); send an admission to POST /api/v1/events"
            }
        )
    _person(encounter, mapped)
    _when(encounter, mapped)
    _destination(encounter, service, mapped)
    try:
        return EventIn.model_validate(mapped.event)
    except pydantic.ValidationError as error:
        errors: dict[str, str] = {}
        for each in error.errors():
            where = mapped.where(".".join(str(p) for p in each.get("loc", ())) or "body")
            message = str(each.get("msg", "invalid")).removeprefix("Value error, ")
            errors[where] = f"{errors[where]}; {message}" if where in errors else message
        raise Refused(errors) from None


# The document ----------------------------------------------------------------------------


class FhirProblem(Problem):
    operationOutcome: dict[str, Any] = pydantic.Field(  # noqa: N815 (its name in FHIR)
        description="The same problem as an HL7 FHIR R4 OperationOutcome, one issue per field"
    )


class FhirInvalid(FhirProblem):
    errors: list[FieldError] = pydantic.Field(description="Each problem, its field a FHIRPath")


IDENTIFIED = {"type": "object", "properties": {"system": {"type": "string"}, "value": {"type": "string"}}}
REFERENCE = {"type": "object", "properties": {"reference": {"type": "string"}, "identifier": IDENTIFIED}}
ENCOUNTER_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": f"An HL7 FHIR R4 Encounter ({SPECIFICATION}), finished. Only what Alongside reads is "
    "described here; the whole resource is validated against R4.",
    "required": ["resourceType", "status", "class", "subject", "period"],
    "properties": {
        "resourceType": {"type": "string", "const": "Encounter"},
        "id": {"type": "string"},
        "identifier": {"type": "array", "items": IDENTIFIED},
        "status": {"type": "string", "enum": ["finished"]},
        "class": {"type": "object", "properties": {"system": {"type": "string"}, "code": {"type": "string"}}},
        "subject": REFERENCE,
        "period": {
            "type": "object",
            "required": ["end"],
            "properties": {"start": {"type": "string"}, "end": {"type": "string"}},
        },
        "hospitalization": {
            "type": "object",
            "properties": {
                "dischargeDisposition": {
                    "type": "object",
                    "properties": {"coding": {"type": "array", "items": {"type": "object"}}},
                },
                "destination": REFERENCE,
            },
        },
        "contained": {"type": "array", "items": {"type": "object"}},
    },
}
ANSWERS: dict[int, Any] = {
    200: EventOut,
    201: EventOut,
    400: FhirProblem,
    401: FhirProblem,
    404: FhirProblem,
    405: FhirProblem,
    409: FhirProblem,
    413: FhirProblem,
    415: FhirProblem,
    422: FhirInvalid,
    500: FhirProblem,
}


@api.post(
    "/fhir/Encounter",
    response=ANSWERS,
    summary="Record a discharge or transfer sent as an HL7 FHIR R4 Encounter",
    operation_id="record_encounter",
    description=f"A finished Encounter ({SPECIFICATION}), as a trust's integration engine sends it, "
    "recorded as the event POST /events would record: the answers, the Idempotency-Key and a "
    "message sent again (by the Encounter's identifier) are the same. Her NHS number is "
    f"subject.identifier ({NHS_NUMBER}) or a contained Patient's; period.end is when she left; "
    "hospitalization.dischargeDisposition says where she goes (UK Core discharge destination "
    "19, 29 or 53, HL7 home, alt-home or psy, SNOMED CT 306689006, or urn:alongside:destination), "
    "and hospitalization.destination may name a service on Alongside (urn:alongside:service). "
    "Every problem carries the same as an OperationOutcome.",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                MEDIA_TYPE: {"schema": ENCOUNTER_SCHEMA},
                "application/json": {"schema": ENCOUNTER_SCHEMA},
            },
        },
        "responses": {status: {"headers": ANSWER_HEADERS} for status in (200, 201)},
    },
)
def record_encounter(request: HttpRequest, idempotency_key: str = idempotency_header()) -> HttpResponse:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    try:
        sent = jsonguard.read_request(request)
    except jsonguard.Refused as unread:
        raise HttpError(unread.status, unread.message) from unread
    mapped = Mapped(at={"kind": "Encounter.status", "body": "Encounter"})
    try:
        event = event_of(sent, token.service, mapped)
    finally:  # the ApiCall row names the event, refused or not, once its id is known
        request.alongside_event_id = mapped.event.get("event_id", "")  # type: ignore[attr-defined]
    try:
        return respond(request, event, idempotency_key)
    except Refused as refused:  # a rule of the event's: said where in the Encounter it came from
        raise Refused({mapped.where(k): v for k, v in refused.errors.items()}) from refused
