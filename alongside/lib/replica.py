"""Reading aggregates from a PostgreSQL read replica, only where a view asks to (ADR 0029).

With `DATABASE_REPLICA_URL` set, settings add a "replica" database and `ReplicaRouter`. Every
query still goes to "default" (the primary) unless it runs inside `reading_from_replica()`, which
the aggregate-only pages (national summary, equity, the commissioner's report) wrap themselves in:

    @requires(Perm.VIEW_AGGREGATES)
    @reading_from_replica()
    def service_summary(request): ...

A replica is a little behind the primary (usually under a second), so a page that shows what
someone has just written must never read from it; that is why the scope is opt-in per view, not
a rule by URL or by model. Inside the scope, writes, `select_for_update()`, `get_or_create()`,
anything in a `transaction.atomic()` block, sessions and the cache (login throttling, ADR 0023)
still go to the primary.
"""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

import dj_database_url
from dj_database_url import DBConfig
from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections

if TYPE_CHECKING:  # settings.py imports this module: keep django.db.models out of its import
    from django.db.models import Model

PRIMARY = DEFAULT_DB_ALIAS
REPLICA = "replica"
POSTGRESQL = "django.db.backends.postgresql"

# Read from the primary even inside the scope: a session or a login-throttling count written a
# moment ago must be seen at once, and Django's DatabaseCache reads before it decides to write.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache"})

_in_scope: ContextVar[bool] = ContextVar("alongside_reading_from_replica", default=False)


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """Send this block's reads to the replica, if there is one. Also a decorator: `@reading_from_replica()`.

    A context variable, not a thread-local, so the scope belongs to this request alone under
    threads and under asgiref's sync/async hops, and it is undone when the block ends.
    """
    token = _in_scope.set(True)
    try:
        yield
    finally:
        _in_scope.reset(token)


def replica_database(url: str, *, primary: Mapping[str, Any]) -> DBConfig:
    """The settings for the "replica" alias: read-only, a test mirror of "default", PostgreSQL only."""
    replica = dj_database_url.parse(url, conn_max_age=primary.get("CONN_MAX_AGE") or 0)
    if primary.get("ENGINE") != POSTGRESQL or replica.get("ENGINE") != POSTGRESQL:
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URL needs PostgreSQL for both DATABASE_URL and the replica "
            "(SQLite has no read replicas): unset it, or point both at PostgreSQL."
        )
    options = dict(replica.get("OPTIONS") or {})
    # A hot standby refuses writes by itself; this makes a second database used as a stand-in
    # (a test, a mistaken URL) refuse them too, loudly, rather than drift from the primary.
    options["options"] = f"{options.get('options', '')} -c default_transaction_read_only=on".strip()
    replica["OPTIONS"] = options
    # Tests run on one database: the replica alias opens a second connection to it, no test
    # database of its own (and the router then reads from "default", see _distinct).
    replica["TEST"] = {"MIRROR": PRIMARY}
    return replica


def _where(database: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (
        str(database.get("ENGINE", "")),
        str(database.get("HOST") or ""),
        str(database.get("PORT") or ""),
        str(database.get("NAME") or ""),
    )


def _distinct(databases: Mapping[str, Mapping[str, Any]]) -> bool:
    """Is there a replica, and is it a different database from the primary?

    Under the test runner the replica is a mirror with the primary's name: reading it through a
    second connection would miss the test's own uncommitted rows, so it counts as the primary.
    """
    replica = databases.get(REPLICA)
    primary = databases.get(PRIMARY)
    return replica is not None and primary is not None and _where(replica) != _where(primary)


class ReplicaRouter:
    """Reads inside `reading_from_replica()` go to the replica; everything else to the primary.

    Django builds it with no arguments and it reads the databases Django connects to, on every
    call, so it sees the test runner's renaming; `databases` stands in for them in unit tests.
    """

    def __init__(self, databases: Mapping[str, Mapping[str, Any]] | None = None) -> None:
        self._databases = databases

    def _settings(self) -> Mapping[str, Mapping[str, Any]]:
        return self._databases if self._databases is not None else connections.settings

    def db_for_read(self, model: "type[Model]", **hints: Any) -> str:
        """Outside the scope the primary, even for an object that was read from the replica."""
        if (
            _in_scope.get()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and _distinct(self._settings())
            # In a transaction on the primary, read from it: the transaction sees its own writes.
            and not connections[PRIMARY].in_atomic_block
        ):
            return REPLICA
        return PRIMARY

    def db_for_write(self, model: "type[Model]", **hints: Any) -> str:
        """Always the primary, even when saving an object that was read from the replica."""
        return PRIMARY

    def allow_relation(self, obj1: "Model", obj2: "Model", **hints: Any) -> bool | None:
        """The two aliases hold the same rows, so an object read from one may point at the other's."""
        ours = {PRIMARY, REPLICA}
        if obj1._state.db in ours and obj2._state.db in ours:
            return True
        return None

    def allow_migrate(
        self, db: str, app_label: str, model_name: str | None = None, **hints: Any
    ) -> bool | None:
        """Migrations run on the primary only; the replica gets its schema by replication."""
        if db == REPLICA:
            return False
        if db == PRIMARY:
            return True
        return None
