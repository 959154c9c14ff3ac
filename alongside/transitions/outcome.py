"""The HL7 FHIR R4 OperationOutcome that every problem under /api/v1/fhir/ carries (ADR 0044).

An integration engine reads an OperationOutcome, not RFC 9457: each problem there is still a
problem (alongside.lib.problems), with an extension member `operationOutcome` saying the same
thing, one issue per field in `errors` (its `expression` the FHIRPath of the field) or one for
the whole problem. Kept apart from alongside.transitions.fhir, which needs the API, so that the
API's `problem()` can use it.
"""

from typing import Any

from django.http import HttpRequest

PATH = "/api/v1/fhir/"
# The issue type (https://hl7.org/fhir/R4/valueset-issue-type.html) for each status we answer.
ISSUE_TYPE = {
    400: "structure",
    401: "login",
    404: "not-found",
    405: "not-supported",
    409: "conflict",
    413: "too-costly",
    415: "not-supported",
    422: "invalid",
    500: "exception",
}


def applies(request: HttpRequest) -> bool:
    return request.path.startswith(PATH)


def of(status: int, detail: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """An OperationOutcome for a problem: one issue per error, or one for the problem itself."""
    severity = "fatal" if status >= 500 else "error"
    code = ISSUE_TYPE.get(status, "processing")
    issues: list[dict[str, Any]] = []
    for error in errors or []:
        field, message = error["field"], error["message"]
        if field.startswith("Encounter"):
            issues.append(
                {"severity": severity, "code": code, "details": {"text": message}, "expression": [field]}
            )
        else:  # a header, which FHIRPath cannot name
            issues.append({"severity": severity, "code": code, "details": {"text": f"{field}: {message}"}})
    if not issues:
        issues.append({"severity": severity, "code": code, "details": {"text": detail}})
    return {"resourceType": "OperationOutcome", "issue": issues}
