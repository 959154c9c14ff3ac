"""The `Idempotency-Key` header on POST /events (ADR 0043, after the IETF httpapi draft
"The Idempotency-Key HTTP Header Field").

A client that is not sure whether its request arrived sends it again with the same key: it gets
the first answer again, status and body, and nothing is recorded twice. The same key with a
different body is refused (422), because it shows a bug in the client, not a retry. Keys belong
to the token that sent them (another system's key of the same text is another key) and are kept
for IdempotencyKey.KEEP (24 hours); after that the event_id still stops a second recording.

The draft makes the value a structured-field String (`"8e03978e-..."`); most clients send it
bare. Both are accepted and mean the same key.
"""

import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from alongside.transitions.models import ApiToken, IdempotencyKey

HEADER = "Idempotency-Key"
MOST_CHARACTERS = 255
# Visible ASCII, no spaces: a UUID, a ULID or a message id fits, and a header can carry it as sent.
PATTERN = r"^[!-~]{1,255}$"


def key_of(value: str | None) -> str | None:
    """The key in a header value, without the quotes of a structured-field String."""
    if value is None:
        return None
    if len(value) > 1 and value.startswith('"') and value.endswith('"'):
        return value[1:-1]
    return value


def request_hash(body: Any) -> str:
    """What the request said, hashed: the JSON as parsed, so spacing and key order do not count."""
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()


def kept(token: ApiToken, key: str) -> IdempotencyKey | None:
    """The answer kept for this token's key, if it was given in the last 24 hours."""
    since = timezone.now() - IdempotencyKey.KEEP
    return IdempotencyKey.objects.filter(token=token, key=key, created_at__gte=since).first()


def keep(token: ApiToken, key: str, hashed: str, status: int, answer: str) -> IdempotencyKey:
    """Keep an answer for a key, and let go of this token's keys older than 24 hours.

    Two requests with one key at once: the second to get here finds the first's answer, kept by
    the unique constraint, and returns that instead of its own."""
    now = timezone.now()
    IdempotencyKey.objects.filter(token=token, created_at__lt=now - IdempotencyKey.KEEP).delete()
    try:
        with transaction.atomic():
            return IdempotencyKey.objects.create(
                token=token, key=key, request_hash=hashed, status=status, response=answer, created_at=now
            )
    except IntegrityError:
        first = IdempotencyKey.objects.filter(token=token, key=key).first()
        if first is None:
            raise
        return first
