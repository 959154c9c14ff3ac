"""Read JSON that strangers send without letting it hurt us (ADR 0020).

Python's `json` parser recurses once per level of nesting, so 100,000 `[` raise RecursionError
(a 500) and a few thousand already cost a deep stack. `loads` counts the nesting first, outside
strings, in one pass over the text, and refuses anything deeper than MAX_DEPTH before parsing.
No feed or event we accept is more than a dozen levels deep.

`read_request` is the one way an API reads a body: it refuses a body that is not JSON by its
Content-Type (415), too large by its Content-Length, before reading it (413), not JSON, or too
deep (400). Each refusal is a `Refused` with the status to answer and a message for the sender.
The result (or the refusal) is kept on the request, so an error path that wants the body again
(to log an event id, say) never reads or parses it twice.
"""

import itertools
import json
import re
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest
from ninja.parser import Parser

MAX_DEPTH = 32
# An API body: an event is well under 1 KB. Django's DATA_UPLOAD_MAX_MEMORY_SIZE (settings.py)
# is the ceiling for every other request body.
MAX_API_BODY_BYTES = 64 * 1024
JSON_TYPES = ("application/json",)

_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
_STEP = {ord("["): 1, ord("{"): 1, ord("]"): -1, ord("}"): -1}
_CACHE = "_alongside_json"


class Refused(ValueError):
    """The body is refused: `status` is the HTTP status to answer, the message says why, and
    `code` is one of "not_json", "too_deep", "too_big" or "not_json_type"."""

    def __init__(self, status: int, message: str, *, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def depth(data: bytes | str) -> int:
    """How deeply arrays and objects nest in JSON text (0 for a bare value), ignoring strings."""
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    # Escapes first, so what is left of every string is quote, no quotes, quote: each step is
    # linear (a single regex for a string with escapes can take quadratic time on '"\\"\\"...').
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", _ESCAPE.sub(b"", raw)))
    return max(itertools.accumulate(_STEP[c] for c in brackets), default=0)


def loads(data: bytes | str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse JSON text, refusing (400) text that is not JSON or nests deeper than `max_depth`."""
    if depth(data) > max_depth:
        raise Refused(400, f"The JSON is nested more than {max_depth} levels deep", code="too_deep")
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError, RecursionError) as error:
        raise Refused(400, f"It is not JSON ({error})", code="not_json") from None


def _content_type_is_json(request: HttpRequest) -> bool:
    content_type = (request.content_type or "").lower()
    return content_type in JSON_TYPES or (
        content_type.startswith("application/") and content_type.endswith("+json")
    )


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def read_request(request: HttpRequest, *, max_bytes: int = MAX_API_BODY_BYTES) -> Any:
    """The JSON body of an API request, or `Refused` with 413, 415 or 400 (see the module)."""
    cached = getattr(request, _CACHE, None)
    if cached is not None:
        if isinstance(cached[0], Refused):
            raise cached[0]
        return cached[1]
    try:
        value = _read(request, max_bytes=max_bytes)
    except Refused as refused:
        setattr(request, _CACHE, (refused, None))
        raise
    setattr(request, _CACHE, (None, value))
    return value


def too_big(max_bytes: int = MAX_API_BODY_BYTES) -> Refused:
    limit = min(max_bytes, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or max_bytes)
    return Refused(413, f"The body is larger than {limit // 1024} KB", code="too_big")


def _read(request: HttpRequest, *, max_bytes: int) -> Any:
    limit = min(max_bytes, settings.DATA_UPLOAD_MAX_MEMORY_SIZE or max_bytes)
    if _declared_length(request) > limit:
        raise too_big(max_bytes)
    if not _content_type_is_json(request):
        raise Refused(
            415, "Send the body as JSON, with the header Content-Type: application/json", code="not_json_type"
        )
    try:
        body = request.body
    except RequestDataTooBig:
        raise too_big(max_bytes) from None
    if len(body) > limit:
        raise too_big(max_bytes)
    return loads(body)


def refusal(error: BaseException | None) -> Refused | None:
    """The `Refused` behind an error, if there is one (a framework may wrap it in its own)."""
    while error is not None:
        if isinstance(error, Refused):
            return error
        error = error.__cause__
    return None


class NinjaParser(Parser):
    """django-ninja's body parser, through the guard. Ninja wraps what a parser raises in its own
    400 HttpError; `refusal(error)` finds our `Refused`, with its status, behind it."""

    def parse_body(self, request: HttpRequest) -> Any:
        return read_request(request)
