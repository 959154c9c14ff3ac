"""One run at a time across app servers, for jobs every server's timer starts (ADR 0029).

`only_one("alerts")` takes a PostgreSQL session-level advisory lock without waiting
(`pg_try_advisory_lock`) and gives back whether it got it; the lock is released on leaving the
block, and by PostgreSQL itself if the process dies. SQLite is one machine's file, with one timer,
so there it always gets it.
"""

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for a name (PostgreSQL's advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(f"alongside:{name}".encode()).digest()[:8], "big", signed=True)


@contextmanager
def only_one(name: str, using: str = "default") -> Iterator[bool]:
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield True
        return
    key = lock_key(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        got = bool(cursor.fetchone()[0])
    try:
        yield got
    finally:
        if got:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
