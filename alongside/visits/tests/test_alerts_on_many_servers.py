"""`alongside alerts` on every app server's timer (ADR 0029): one run at a time, each email sent
once. PostgreSQL's advisory lock and row locks do it; on SQLite (one machine) neither is needed,
and these tests run where CI runs PostgreSQL."""

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from alongside.lib.locks import lock_key, only_one
from alongside.notifications import outbox
from alongside.notifications.models import OutboundEmail
from alongside.visits import notify as visits_notify

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory and row locks are PostgreSQL's"
)


@pytest.fixture
def other_server() -> Iterator[Any]:
    """A second connection to the same database, as another app server would hold."""
    raw = connection.get_new_connection(connection.get_connection_params())
    raw.autocommit = True
    yield raw
    raw.close()


def test_the_lock_key_is_stable_and_distinct() -> None:
    assert lock_key("alerts") == lock_key("alerts") != lock_key("reports")
    assert -(2**63) <= lock_key("alerts") < 2**63


def test_on_sqlite_a_run_always_has_the_lock() -> None:
    if connection.vendor == "postgresql":
        pytest.skip("the PostgreSQL tests below cover it there")
    with only_one("alerts") as mine:
        assert mine


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_run_does_nothing_while_another_server_holds_the_lock(other_server: Any) -> None:
    OutboundEmail.objects.create(to="coordinator@example.nhs.uk", subject="S", body="B")
    with other_server.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [lock_key("alerts")])
    out = StringIO()
    call_command("alerts", stdout=out)
    assert "Another server's `alongside alerts` is running" in out.getvalue()
    assert visits_notify.run() is None and len(mail.outbox) == 0
    with other_server.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_unlock(%s)", [lock_key("alerts")])
    assert visits_notify.run() == {"raised": 0, "sent": 1, "failed": 0}
    with only_one("alerts") as mine:  # released after the run, so the next one gets it
        assert mine


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_email_another_server_is_sending_is_skipped_not_sent_twice(other_server: Any) -> None:
    first, second = (
        OutboundEmail.objects.create(to=f"{n}@example.nhs.uk", subject="S", body="B") for n in ("a", "b")
    )
    other_server.autocommit = False  # the other server's claim: its transaction holds the row
    with other_server.cursor() as cursor:
        cursor.execute("SELECT id FROM safety_outboundemail WHERE id = %s FOR UPDATE", [first.pk])
    assert outbox.send_waiting() == (1, 0)
    assert [m.to for m in mail.outbox] == [["b@example.nhs.uk"]]
    first.refresh_from_db()
    assert first.sent_at is None and first.attempts == 0
    other_server.rollback()
    assert outbox.send_waiting() == (1, 0)  # free again: this run sends it
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.nhs.uk", "b@example.nhs.uk"]
    second.refresh_from_db()
    assert second.attempts == 1
