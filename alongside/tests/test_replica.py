"""The read-replica router (alongside/lib/replica.py, ADR 0029).

The unit tests give the router its databases directly. The last test runs the real settings in a
fresh process against two PostgreSQL databases, one a copy of the other that the first has since
moved on from, and shows which one each read and write reached; it skips only when no PostgreSQL
server answers.
"""

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import psycopg
import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.test import override_settings
from psycopg import sql

from alongside.lib.replica import PRIMARY, REPLICA, ReplicaRouter, reading_from_replica, replica_database
from alongside.organisations.models import Region
from alongside.tests import replica_probe

ROOT = Path(__file__).resolve().parents[2]
PG = "django.db.backends.postgresql"
PRIMARY_DB = {"ENGINE": PG, "HOST": "primary.internal", "PORT": 5432, "NAME": "alongside"}
STANDBY_DB = {"ENGINE": PG, "HOST": "standby.internal", "PORT": 5432, "NAME": "alongside"}


def router(**databases: dict[str, Any]) -> ReplicaRouter:
    return ReplicaRouter(databases or {PRIMARY: PRIMARY_DB, REPLICA: STANDBY_DB})


def on(db: str) -> Region:
    region = Region(name=f"Read from {db}")
    region._state.db = db
    return region


def test_reads_go_to_the_primary_outside_the_scope() -> None:
    assert router().db_for_read(Region) == PRIMARY


def test_reads_go_to_the_replica_inside_the_scope_and_back_after() -> None:
    r = router()
    with reading_from_replica():
        assert r.db_for_read(Region) == REPLICA
        with reading_from_replica():
            assert r.db_for_read(Region) == REPLICA
        assert r.db_for_read(Region) == REPLICA  # the inner scope's end does not end the outer one
    assert r.db_for_read(Region) == PRIMARY


def test_the_decorator_opens_the_scope_for_each_call_only() -> None:
    r = router()

    @reading_from_replica()
    def view() -> str:
        return r.db_for_read(Region)

    assert [view(), view()] == [REPLICA, REPLICA]
    assert r.db_for_read(Region) == PRIMARY


def test_the_scope_ends_when_the_view_raises() -> None:
    r = router()

    @reading_from_replica()
    def failing_view() -> None:
        raise LookupError("not found")

    with pytest.raises(LookupError):
        failing_view()
    assert r.db_for_read(Region) == PRIMARY


def test_an_object_read_from_the_replica_is_read_again_from_the_primary_outside_the_scope() -> None:
    # Django would otherwise follow the instance's own database for its related objects.
    assert router().db_for_read(Region, instance=on(REPLICA)) == PRIMARY


def test_writes_go_to_the_primary_inside_and_outside_the_scope() -> None:
    r = router()
    assert r.db_for_write(Region) == PRIMARY
    assert r.db_for_write(Region, instance=on(REPLICA)) == PRIMARY
    with reading_from_replica():
        assert r.db_for_write(Region) == PRIMARY
        assert r.db_for_write(Region, instance=on(REPLICA)) == PRIMARY


def test_sessions_and_the_login_throttling_cache_are_read_from_the_primary_inside_the_scope() -> None:
    cache_entry = caches["default"].cache_model_class  # DatabaseCache's stand-in model, app "django_cache"
    r = router()
    with reading_from_replica():
        assert r.db_for_read(Session) == PRIMARY
        assert r.db_for_read(cache_entry) == PRIMARY
        assert r.db_for_read(Region) == REPLICA


def test_without_a_replica_the_scope_reads_from_the_primary() -> None:
    with reading_from_replica():
        assert router(default=PRIMARY_DB).db_for_read(Region) == PRIMARY


def test_a_replica_that_is_the_primary_database_is_not_used() -> None:
    # What the test runner makes of MIRROR: the replica alias renamed to the primary's test database.
    mirror = {**PRIMARY_DB, "NAME": "test_alongside"}
    with reading_from_replica():
        assert (
            router(default={**PRIMARY_DB, "NAME": "test_alongside"}, replica=mirror).db_for_read(Region)
            == PRIMARY
        )


@pytest.mark.django_db
def test_reads_inside_a_transaction_on_the_primary_stay_on_the_primary() -> None:
    """pytest-django holds each test in a transaction, as `transaction.atomic()` holds a view's writes.

    The two-database test below shows the same block read from the replica once it is outside one.
    """
    assert connections[PRIMARY].in_atomic_block
    with reading_from_replica():
        assert router().db_for_read(Region) == PRIMARY


@pytest.mark.django_db
def test_with_the_router_installed_a_test_still_reads_its_own_rows_in_the_scope() -> None:
    Region.objects.create(name="Made by this test")
    with override_settings(DATABASE_ROUTERS=["alongside.lib.replica.ReplicaRouter"]), reading_from_replica():
        assert list(Region.objects.values_list("name", flat=True)) == ["Made by this test"]


def test_migrations_run_on_the_primary_only() -> None:
    r = router()
    assert r.allow_migrate(PRIMARY, "people") is True
    assert r.allow_migrate(REPLICA, "people") is False
    assert r.allow_migrate(REPLICA, "organisations", model_name="region") is False
    assert r.allow_migrate("elsewhere", "people") is None


def test_relations_between_the_primary_and_the_replica_are_allowed() -> None:
    r = router()
    assert r.allow_relation(on(PRIMARY), on(REPLICA)) is True
    assert r.allow_relation(on(REPLICA), on(REPLICA)) is True
    assert r.allow_relation(on(REPLICA), on("elsewhere")) is None


def test_the_replica_is_read_only_mirrors_the_primary_in_tests_and_keeps_its_url_options() -> None:
    primary = {**PRIMARY_DB, "CONN_MAX_AGE": 60}
    replica = replica_database(
        "postgres://reader@standby.internal:5432/alongside?sslmode=require", primary=primary
    )
    assert replica["HOST"] == "standby.internal"
    assert replica["OPTIONS"]["sslmode"] == "require"
    assert replica["OPTIONS"]["options"] == "-c default_transaction_read_only=on"
    assert replica["TEST"] == {"MIRROR": PRIMARY}
    assert replica["CONN_MAX_AGE"] == 60


def test_a_replica_needs_postgresql_on_both_sides() -> None:
    sqlite = {"ENGINE": "django.db.backends.sqlite3", "NAME": "alongside.sqlite3"}
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL needs PostgreSQL"):
        replica_database("postgres://reader@standby.internal/alongside", primary=sqlite)
    with pytest.raises(ImproperlyConfigured, match="DATABASE_REPLICA_URL needs PostgreSQL"):
        replica_database("sqlite:////tmp/copy.sqlite3", primary=PRIMARY_DB)


def test_the_settings_add_the_replica_and_router_only_when_asked() -> None:
    asked = bool(os.environ.get("DATABASE_REPLICA_URL"))
    assert (REPLICA in settings.DATABASES) is asked
    assert (settings.DATABASE_ROUTERS == ["alongside.lib.replica.ReplicaRouter"]) is asked


# --- Two real PostgreSQL databases -------------------------------------------------------------


def _server() -> dict[str, Any]:
    """The PostgreSQL server the tests run on (DATABASE_URL), or the local one."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        url = "postgres://postgres@127.0.0.1:5432/postgres"
    parts = urlparse(url)
    return {
        "host": parts.hostname or "127.0.0.1",
        "port": parts.port or 5432,
        "user": parts.username or "postgres",
        "password": parts.password or None,
    }


def _url(server: dict[str, Any], name: str) -> str:
    auth = server["user"] + (f":{server['password']}" if server["password"] else "")
    return f"postgres://{auth}@{server['host']}:{server['port']}/{name}"


@pytest.fixture
def postgres() -> Iterator[tuple[dict[str, Any], psycopg.Connection[Any]]]:
    server = _server()
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=3, **server)
    except psycopg.OperationalError as error:
        pytest.skip(
            f"PostgreSQL is not reachable at {server['host']}:{server['port']} ({error}): "
            "the two-database test of the read replica needs it"
        )
    with admin:
        yield server, admin


def _probe(phase: str, tmp_path: Path, **databases: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="alongside.settings",
        DJANGO_SECRET_KEY="replica-test-secret-key-not-for-any-server",
        ALONGSIDE_DATA_DIR=str(tmp_path),
        **databases,
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter running our own module
        [sys.executable, "-c", f"from {replica_probe.__name__} import main; main()", phase],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _names(server: dict[str, Any], name: str) -> list[str]:
    with psycopg.connect(dbname=name, **server) as conn:
        rows = conn.execute("SELECT name FROM organisations_region ORDER BY name").fetchall()
    return [row[0] for row in rows]


def test_reads_in_the_scope_reach_the_second_postgresql_database(
    postgres: tuple[dict[str, Any], psycopg.Connection[Any]], tmp_path: Path
) -> None:
    server, admin = postgres
    primary, standby = (f"alongside_replica_{os.getpid()}_{role}" for role in ("primary", "standby"))
    try:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(primary)))
        _probe("schema", tmp_path, DATABASE_URL=_url(server, primary))
        # The standby as of now: a copy, which the primary then moves on from.
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(standby), sql.Identifier(primary))
        )
        seen = json.loads(
            _probe(
                "read",
                tmp_path,
                DATABASE_URL=_url(server, primary),
                DATABASE_REPLICA_URL=_url(server, standby),
            )
        )
        on_primary = sorted([replica_probe.CHANGED, replica_probe.SHARED, replica_probe.NEW])
        on_standby = sorted([replica_probe.OLD, replica_probe.SHARED])
        assert seen["routers"] == ["alongside.lib.replica.ReplicaRouter"]
        assert seen["replica_name"] == standby
        assert seen["outside"] == on_primary
        assert seen["inside"] == on_standby
        assert seen["decorated"] == on_standby
        assert seen["inside_atomic"] == on_primary
        assert seen["shared_read_from"] == REPLICA
        assert seen["icb_written_to"] == PRIMARY
        assert seen["after"] == sorted([*on_primary, replica_probe.INSIDE])
        assert "read-only transaction" in seen["replica_write"]
        # Straight from each database, not through Django: the write in the scope reached only the primary.
        assert _names(server, primary) == sorted([*on_primary, replica_probe.INSIDE])
        assert _names(server, standby) == on_standby
    finally:
        for name in (standby, primary):
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
