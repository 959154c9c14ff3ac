"""`alongside load`'s parts, in process: the mix of users, whom it picks from generated data, the
sessions it signs them in with, the contact form filled in and saved through the real view with
CSRF checked, the users' run against a small HTTP server (errors, the hard stop, cookies), and the
figures' arithmetic. The whole run against gunicorn is `make load` (gunicorn is another process
and cannot see the test database)."""

import http.server
import random
import threading
import time
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse

from alongside.bench import load
from alongside.bench.management.commands.load import gunicorn_settings
from alongside.demo.generator import generate
from alongside.organisations.models import Membership, Role
from alongside.support.models import Allocation, Contact, PeerSupport


@pytest.fixture
def generated(db: Any) -> None:
    generate("service", scale=0.01, say=lambda _: None)


def test_fifty_users_are_the_issues_mix_and_other_numbers_keep_its_proportions() -> None:
    assert load.apportion(50) == {
        Role.PEER_WORKER: 35,
        Role.COORDINATOR: 8,
        Role.SERVICE_MANAGER: 2,
        Role.CLINICIAN: 2,
        Role.COMMISSIONER: 2,
        Role.NATIONAL_REVIEWER: 1,
    }
    for users in (1, 2, 7, 49, 51, 100, 500):
        assert sum(load.apportion(users).values()) == users
    assert load.apportion(100)[Role.PEER_WORKER] == 70
    assert load.apportion(2) == {**dict.fromkeys(load.apportion(2), 0), Role.PEER_WORKER: 2}


def test_peer_workers_open_and_log_contacts_only_with_people_in_their_own_caseload(generated: None) -> None:
    cast = load.cast(50, seed=3)
    assert len(cast.users) == 50
    peer_workers = [u for u in cast.users if u.role == Role.PEER_WORKER]
    assert len(peer_workers) == 35 and all(u.logs_contacts and u.supports for u in peer_workers)
    for user in peer_workers:
        hers = set(
            Allocation.objects.filter(peer_worker_id=user.user_id, ended_on__isnull=True).values_list(
                "peer_support_id", flat=True
            )
        )
        assert {support for support, _ in user.supports} <= hers
        for support, person in user.supports:
            assert PeerSupport.objects.get(pk=support).person_id == person
    for user in cast.users:
        membership = Membership.objects.get(pk=user.membership_id)
        assert (membership.role, membership.user_id, membership.active) == (user.role, user.user_id, True)
        if user.role in (Role.COMMISSIONER, Role.NATIONAL_REVIEWER):
            assert not user.supports  # aggregates only
    assert cast.users[0].service_id == cast.services[0].pk  # the busiest service first


def test_the_same_seed_picks_the_same_users_and_records(generated: None) -> None:
    assert load.cast(12, seed=5).users == load.cast(12, seed=5).users


@override_settings(MFA_REQUIRED=True)
def test_a_session_it_makes_signs_her_in_with_mfa_and_is_removed_afterwards(generated: None) -> None:
    user = next(u for u in load.cast(1, seed=1).users)
    signed_in = load.sign_in([user])
    assert len(signed_in.authenticators_added) == 1
    client = Client()
    client.cookies["sessionid"] = signed_in.sessions[user.index]
    response = client.get(reverse("home:today"))
    assert response.status_code == 200
    assert response.wsgi_request.membership.pk == user.membership_id  # type: ignore[attr-defined]

    load.sign_out(signed_in)
    assert not Authenticator.objects.filter(pk__in=signed_in.authenticators_added).exists()
    assert not Session.objects.filter(session_key=signed_in.sessions[user.index]).exists()
    assert client.get(reverse("home:today")).status_code == 302  # signed out


def test_the_contact_form_is_filled_in_and_saved_with_its_csrf_token(generated: None) -> None:
    user = load.cast(1, seed=1).users[0]
    support, _ = user.supports[0]
    signed_in = load.sign_in([user])
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = signed_in.sessions[user.index]
    path = reverse("support:contact", args=[support])
    page = client.get(path).content.decode()
    fields = load.contact_fields(page, random.Random(1))
    assert fields["csrfmiddlewaretoken"] and fields["occurred_at"]
    assert fields["successful"] in ("yes", "no") and fields["mode"] in load.read_form(page).choices["mode"]

    before = Contact.objects.filter(peer_support_id=support).count()
    refused = client.post(path, {**fields, "csrfmiddlewaretoken": "wrong" * 8})
    assert refused.status_code == 403 and Contact.objects.filter(peer_support_id=support).count() == before
    saved = client.post(path, fields)
    assert saved.status_code == 302 and saved["Location"] == reverse("home:today")
    contact = Contact.objects.filter(peer_support_id=support).latest("pk")
    assert Contact.objects.filter(peer_support_id=support).count() == before + 1
    assert (
        contact.duration_minutes == int(fields["duration_minutes"]) and contact.peer_worker_id == user.user_id
    )
    load.sign_out(signed_in)


class _Site(http.server.BaseHTTPRequestHandler):
    """A stand-in server: /ok answers (and sets a cookie), /broken fails, /slow never answers in time."""

    seen: list[tuple[str, str]] = []  # (path, Cookie header)

    def do_GET(self) -> None:
        self.seen.append((self.path, self.headers.get("Cookie", "")))
        if self.path == "/slow":
            time.sleep(3)
        status = 500 if self.path == "/broken" else 200
        self.send_response(status)
        if self.path == "/ok":
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/; Secure")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def site() -> Iterator[int]:
    _Site.seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _user(index: int, *pages: tuple[str, str]) -> load.SimUser:
    return load.SimUser(index, Role.COORDINATOR, membership_id=0, user_id=0, service_id=0, pages=pages)


def test_users_record_failures_and_the_run_stops_at_the_hard_stop(site: int) -> None:
    users = [
        _user(0, (load.TODAY, "/ok"), (load.DASHBOARD, "/broken")),
        _user(1, (load.REPORT, "/slow")),
    ]
    started = time.monotonic()
    run = load.run_users(
        users, {0: "first", 1: "second"}, site, seconds=1, seed=1, think=(0, 0.05), grace=0.5
    )
    assert time.monotonic() - started < 3  # the slow answer was not waited for
    assert run.unanswered == 1
    by_kind = {row.kind: row for row in load.lines(run.hits)}
    assert by_kind[load.TODAY].requests >= 1 and by_kind[load.TODAY].errors == 0
    assert by_kind[load.DASHBOARD].errors == by_kind[load.DASHBOARD].requests >= 1
    assert by_kind[load.REPORT].errors == 1 and by_kind[load.REPORT].requests == 1
    assert any("no answer within" in p for p in load.problems(run.hits))
    first = [cookie for path, cookie in _Site.seen if "sessionid=first" in cookie]
    assert first and "csrftoken" not in first[0] and any("csrftoken=abc" in c for c in first[1:])
    assert all("sessionid=second" in cookie for path, cookie in _Site.seen if path == "/slow")


def test_the_figures_are_counts_and_interpolated_percentiles_of_what_was_answered() -> None:
    hits = [load.Hit(load.TODAY, ms / 1000, 200) for ms in range(1, 101)]
    hits += [
        load.Hit(load.TODAY, 0.5, 500, "GET answered 500, not 200"),
        load.Hit(load.TODAY, None, 0, "refused"),
    ]
    hits += [load.Hit(load.REPORT, 2.0, 200)]
    rows = {row.kind: row for row in load.lines(hits)}
    assert [row.kind for row in load.lines(hits)] == ["all", load.TODAY, load.REPORT]
    today = rows[load.TODAY]
    assert (today.requests, today.errors) == (102, 2)
    assert today.p50_ms == pytest.approx(51)  # 101 answered: 1..100 ms and 500 ms
    assert today.p95_ms == pytest.approx(96)
    assert today.max_ms == pytest.approx(500)
    assert rows["all"].requests == 103 and rows["all"].max_ms == pytest.approx(2000)
    assert load.problems(hits) == ["1 × Today: GET answered 500, not 200", "1 × Today: refused"]


def test_gunicorn_runs_a_sync_worker_with_one_thread_and_gthread_with_those_asked_for() -> None:
    assert gunicorn_settings("sync", 5, 4)["threads"] == 1
    assert (gunicorn_settings("gthread", 3, 4)["threads"], gunicorn_settings("gthread", 3, 4)["workers"]) == (
        4,
        3,
    )


@pytest.mark.parametrize(
    "args", [["--users", "0"], ["--users", "501"], ["--seconds", "0"], ["--think", "5", "1"]]
)
def test_it_refuses_unbounded_or_impossible_runs(db: Any, args: list[str]) -> None:
    with pytest.raises(CommandError, match="must be|MIN"):
        call_command("load", *args, stdout=StringIO())


def test_it_refuses_an_empty_database_and_says_how_to_fill_it(db: Any) -> None:
    with pytest.raises(CommandError, match="no services.*alongside generate"):
        call_command("load", "--users", "2", "--seconds", "3", stdout=StringIO())


def test_gunicorns_access_log_is_read_by_view_leaving_out_the_health_check() -> None:
    log = (
        '200 1500 "GET /healthz HTTP/1.1"\n'
        '200 120000 "GET /today/ HTTP/1.1"\n'
        '302 80000 "POST /peer-support/7/contact/ HTTP/1.1"\n'
        '500 2000000 "GET /reports/3/?start=2025-01-01&end=2025-12-31 HTTP/1.1"\n'
        "[2026-12-03 19:00:00 +0000] [1] [INFO] Booting worker with pid: 2\n"
    )
    hits = load.server_hits(log)
    assert [(h.kind, h.seconds, h.ok) for h in hits] == [
        ("GET home:today", 0.12, True),
        ("POST support:contact", 0.08, True),
        ("GET reports:report", 2.0, False),
    ]
