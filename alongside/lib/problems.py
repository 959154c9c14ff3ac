"""RFC 9457 problem details: the one way every API of Alongside says what went wrong.

A problem is `application/problem+json` with `type`, `title`, `status`, `detail` and `instance`.
A refusal that the HTTP status says all about has the type `about:blank` and the status's own
phrase as its title (RFC 9457 section 4.2.1). A refusal with more to say has a `Kind`: a type of
its own, a URI under the API's problem types (`types_at`) that a developer can open, and a
title; it may carry extension members (`errors`, say). `instance` is the path the problem
happened on.

django-ninja generates the OpenAPI documents and knows only `application/json`: `document()`
moves each 4xx and 5xx response it declares to `application/problem+json`.

Used by the clinical-systems API (alongside.transitions.problems holds its kinds; ADR 0043) and
the Open Referral UK API (alongside.directory.oruk_http; ADR 0042). Like all of alongside.lib,
this imports only Django and the standard library.
"""

import json
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, TypeVar

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import escape_uri_path

MEDIA_TYPE = "application/problem+json"
BLANK = "about:blank"

Document = TypeVar("Document", bound=dict[str, Any])


@dataclass(frozen=True)
class Kind:
    """A problem type of an API's own: its `uri` is `types_at` + `slug`."""

    slug: str
    status: int
    title: str
    description: str
    types_at: str  # where the API serves each type's description, such as /api/v1/problems/

    @property
    def uri(self) -> str:
        return f"{self.types_at}{self.slug}"


def title_of(status: int) -> str:
    """The status's own phrase (Not Found), or "Error" for a status HTTP does not name."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def body(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    kind: Kind | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> dict[str, Any]:
    """The problem as a dict. `instance` is the request's path, percent-encoded, unless given."""
    return {
        "type": kind.uri if kind else BLANK,
        "title": kind.title if kind else title_of(status),
        "status": status,
        "detail": detail,
        "instance": escape_uri_path(request.path) if instance is None else instance,
        **extensions,
    }


def response(
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    kind: Kind | None = None,
    instance: str | None = None,
    **extensions: Any,
) -> HttpResponse:
    """The problem as an answer, `application/problem+json`."""
    content = json.dumps(body(request, status, detail, kind=kind, instance=instance, **extensions))
    return HttpResponse(content, status=status, content_type=MEDIA_TYPE)


def is_problem(answer: HttpResponse) -> bool:
    return answer.get("Content-Type", "").startswith(MEDIA_TYPE)


def document(schema: Document) -> Document:
    """The OpenAPI document with every 4xx and 5xx response declared as problem+json."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            for status, declared in operation.get("responses", {}).items():
                content = declared.get("content", {})
                if str(status)[0] in "45" and "application/json" in content:
                    content[MEDIA_TYPE] = content.pop("application/json")
    return schema
