"""`alongside load`: simulated users against a real gunicorn on loopback, and what they waited.

Serves the database the settings name (SQLite under ALONGSIDE_DATA_DIR, or DATABASE_URL) with
gunicorn on 127.0.0.1 and a free port, configured by alongside/bench/gunicorn_conf.py (its docstring
says why), waits for /healthz, runs `--users` simulated users for `--seconds` (alongside/bench/load.py:
who they are, what they click, how long they think), stops gunicorn, and prints the requests, the
errors (any unexpected status, connection error or unanswered request, and any "database is locked"
in gunicorn's log), requests per second, p50/p95/p99/max latency overall and per page kind, and the
gunicorn settings used. It signs its users in with sessions of their own and removes them (and any
authenticator it added) afterwards; the contacts they log stay in the database, like any others.
It exits non-zero when there was any error; latency it prints, never asserts.

Run it with production settings: DEBUG off (DJANGO_SECRET_KEY set to anything), over plain http on
loopback (ALONGSIDE_SSL_REDIRECT=0) and DJANGO_ALLOWED_HOSTS=127.0.0.1.
"""

import contextlib
import math
import os
import re
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from alongside.bench import gunicorn_conf, load
from alongside.organisations.models import Role, Service
from alongside.support.models import Contact

MAX_USERS = 500  # bounded: the machine runs one thread per user
MAX_SECONDS = 3600
BOOT_SECONDS = 90  # for gunicorn to answer /healthz
LOCKED = "database is locked"
ROW = "{:<34} {:>8} {:>7} {:>8} {:>8} {:>8} {:>8}"


class Command(BaseCommand):
    help = "Run simulated users against gunicorn on loopback and print errors, requests/s and latency."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--users", type=int, default=50, help=f"Simulated users at once (1 to {MAX_USERS})"
        )
        parser.add_argument("--seconds", type=float, default=60, help="How long they use the site")
        parser.add_argument(
            "--workers", type=int, default=gunicorn_conf.workers, help="Gunicorn worker processes"
        )
        parser.add_argument(
            "--threads", type=int, default=gunicorn_conf.threads, help="Threads per gthread worker"
        )
        parser.add_argument("--worker-class", choices=["gthread", "sync"], default=gunicorn_conf.worker_class)
        parser.add_argument("--seed", type=int, default=12, help="Same seed, same users and clicks")
        parser.add_argument(
            "--think", type=float, nargs=2, default=load.THINK_SECONDS, metavar=("MIN", "MAX"),
            help="Seconds each user thinks before a click, uniform between MIN and MAX (default 1 5)",
        )  # fmt: skip

    def handle(self, *args: Any, **o: Any) -> None:
        _check(o["users"], o["seconds"], o["workers"], o["threads"], o["think"])
        if Service._meta.db_table not in connection.introspection.table_names():
            raise CommandError(
                "The database has no tables: run `alongside migrate`, then `alongside generate`."
            )
        if not Service.objects.exists():
            raise CommandError(
                "The database has no services: fill it with `alongside generate --size region`."
            )
        try:
            cast = load.cast(o["users"], o["seed"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        gunicorn = gunicorn_settings(o["worker_class"], o["workers"], o["threads"])
        self._header(cast, gunicorn, o)
        signed_in = load.sign_in(cast.users)
        contacts_before = Contact.objects.count()
        try:
            with tempfile.TemporaryDirectory(prefix="alongside-load-") as folder:
                logs = Path(folder)
                port = free_port()
                run, machine = self._serve_and_run(cast, signed_in, gunicorn, port, logs, o)
                server_log = (logs / "server.log").read_text(errors="replace")
                access_log = (logs / "access.log").read_text(errors="replace")
        finally:
            load.sign_out(signed_in)
        written = Contact.objects.count() - contacts_before
        errors = self._results(run, server_log, access_log, written, gunicorn["workers"])
        self.stdout.write(machine)
        if errors:
            raise CommandError(f"{errors} errors under load (see above)")

    def _serve_and_run(
        self, cast: load.Cast, signed_in: load.SignedIn, gunicorn: dict[str, Any], port: int, logs: Path,
        o: dict[str, Any],
    ) -> tuple[load.Run, str]:  # fmt: skip
        """Gunicorn up, the users' run, gunicorn down, whatever happens in between."""
        command = gunicorn_command(gunicorn, port, logs / "access.log")
        with (logs / "server.log").open("wb") as log:
            server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=settings.BASE_DIR)  # noqa: S603
            try:
                wait_for_health(server, port, logs / "server.log")
                self.stdout.write(f"gunicorn (pid {server.pid}) answers on 127.0.0.1:{port}; users start now")
                self.stdout.flush()
                before = Machine.now(server.pid)
                run = load.run_users(
                    cast.users, signed_in.sessions, port, o["seconds"], o["seed"], think=tuple(o["think"])
                )
                return run, Machine.now(server.pid).since(before)
            finally:
                stop(server, gunicorn["graceful_timeout"])

    def _header(self, cast: load.Cast, gunicorn: dict[str, Any], o: dict[str, Any]) -> None:
        write = self.stdout.write
        write(f"Alongside load: {o['users']} simulated users for {o['seconds']:g} s, seed {o['seed']}")
        write(f"Database: {database_note()}")
        debug = "DEBUG ON (not production-like: set DJANGO_SECRET_KEY and leave ALONGSIDE_DEBUG unset)"
        mfa = (
            "MFA required (each user has a TOTP authenticator)"
            if settings.MFA_REQUIRED
            else "MFA not required"
        )
        sessions = (
            "saved on every request (a write each)"
            if settings.SESSION_SAVE_EVERY_REQUEST
            else "saved when changed"
        )
        write(f"Settings: {debug if settings.DEBUG else 'DEBUG off'}; {mfa}; sessions {sessions}")
        write("Gunicorn: " + ", ".join(f"{k} {v}" for k, v in gunicorn.items()))
        write("  (alongside/bench/gunicorn_conf.py says why; bound to 127.0.0.1 on a free port)")
        by_role: dict[str, list[load.SimUser]] = {}
        for user in cast.users:
            by_role.setdefault(user.role, []).append(user)
        names = {s.pk: s.name for s in cast.services}
        for role, users in by_role.items():
            services = sorted({u.service_id for u in users}, key=[s.pk for s in cast.services].index)
            kinds = " → ".join(k for k, _ in users[0].pages)
            if users[0].supports:
                kinds += " → her record" + (
                    " → contact form → save (→ Today)" if users[0].logs_contacts else ""
                )
            where = "; ".join(names[s] for s in services[:3]) + (
                f" and {len(services) - 3} more" if len(services) > 3 else ""
            )
            write(f"  {len(users):>3} {Role(role).label}: {kinds}  [{where}]")
        for note in cast.notes:
            write(f"  Note: {note}")
        low, high = o["think"]
        write(
            f"Each user thinks {low:g} to {high:g} s (uniform) before every click, "
            f"and starts within {high:g} s."
        )
        write("")

    def _results(self, run: load.Run, server_log: str, access_log: str, written: int, workers: int) -> int:
        write = self.stdout.write
        hits = run.hits
        bad = sum(1 for h in hits if h.problem and h.status)
        failed = sum(1 for h in hits if h.seconds is None)
        locked = server_log.count(LOCKED)
        tracebacks = server_log.count("Traceback (most recent call last)")
        errors = bad + failed + locked
        booted = len(re.findall(r"Booting worker with pid", server_log))
        rate = len(hits) / run.seconds if run.seconds else 0.0
        write("")
        write(
            f"Requests: {len(hits):,} in {run.seconds:.1f} s, {rate:.1f} a second; contacts logged: {written}"
        )
        write(
            f"Errors: {errors} ({bad} unexpected answers, {failed} connection errors or unanswered, "
            f"{locked} '{LOCKED}' in gunicorn's log); tracebacks in gunicorn's log: {tracebacks}; "
            f"workers booted: {booted} of {workers}"
        )
        for problem in load.problems(hits):
            write(f"  {problem}")
        write("")
        write("Latency: from sending the request to reading the whole answer, as the user waits (ms)")
        write(ROW.format("page", "requests", "errors", "p50", "p95", "p99", "max"))
        for row in load.lines(hits):
            figures = [_ms(x) for x in (row.p50_ms, row.p95_ms, row.p99_ms, row.max_ms)]
            write(ROW.format(row.kind, row.requests, row.errors, *figures))
        write("")
        write(
            "Server time per view: gunicorn's own time (its access log), without queueing for a worker (ms)"
        )
        write(ROW.format("view", "requests", "errors", "p50", "p95", "p99", "max"))
        for row in load.lines(load.server_hits(access_log)):
            figures = [_ms(x) for x in (row.p50_ms, row.p95_ms, row.p99_ms, row.max_ms)]
            write(ROW.format(row.kind, row.requests, row.errors, *figures))
        if locked or tracebacks:
            write("")
            write("gunicorn's log, the lines about errors:")
            for line in [ln for ln in server_log.splitlines() if LOCKED in ln or "Error" in ln][:10]:
                write(f"  {line[:200]}")
        return errors


@dataclass(frozen=True)
class Machine:
    """What the machine gave the run: the load average, and the CPU time gunicorn (its master
    and workers, read from /proc) and the users used while the users ran, against the cores there
    are. On a shared machine, a server that got little CPU while requests queued was starved."""

    server_pid: int
    load_average: float
    server_cpu: float | None
    own_cpu: float
    started: float

    @classmethod
    def now(cls, server_pid: int) -> "Machine":
        own = resource.getrusage(resource.RUSAGE_SELF)
        return cls(
            server_pid,
            os.getloadavg()[0],
            process_tree_cpu(server_pid),
            own.ru_utime + own.ru_stime,
            time.monotonic(),
        )

    def since(self, before: "Machine") -> str:
        wall = self.started - before.started
        cores = os.cpu_count() or 1
        users = self.own_cpu - before.own_cpu
        if self.server_cpu is None or before.server_cpu is None:
            server = "gunicorn's CPU time unknown (no /proc)"
            share = ""
        else:
            used = self.server_cpu - before.server_cpu
            server = f"gunicorn used {used:.1f} CPU-s"
            share = (
                f", {(used + users) / wall:.2f} of {cores} cores; the rest went to other processes or idle"
            )
        return (
            f"Machine: {cores} cores; load average {before.load_average:.1f} as the users started, "
            f"{self.load_average:.1f} as they stopped; while they ran ({wall:.0f} s) {server} and the "
            f"users {users:.1f} CPU-s{share}"
        )


def process_tree_cpu(pid: int) -> float | None:
    """CPU seconds (user and system) of a process and its children, from /proc (Linux only):
    gunicorn's master and its workers."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    ticks, total, found = os.sysconf("SC_CLK_TCK"), 0, False
    for stat in proc.glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # the process has gone
        fields = text[text.rindex(")") + 2 :].split()  # after the command's name, which may hold spaces
        if int(stat.parent.name) == pid or int(fields[1]) == pid:
            total += int(fields[11]) + int(fields[12])  # utime, stime
            found = True
    return total / ticks if found else None


def _check(users: int, seconds: float, workers: int, threads: int, think: list[float]) -> None:
    if not 1 <= users <= MAX_USERS:
        raise CommandError(f"--users must be 1 to {MAX_USERS}")
    if not 1 <= seconds <= MAX_SECONDS:
        raise CommandError(f"--seconds must be 1 to {MAX_SECONDS}")
    if workers < 1 or threads < 1:
        raise CommandError("--workers and --threads must be at least 1")
    if not 0 <= think[0] <= think[1]:
        raise CommandError("--think MIN MAX: 0 <= MIN <= MAX")


def _ms(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.0f}"


def gunicorn_settings(worker_class: str, workers: int, threads: int) -> dict[str, Any]:
    """The settings gunicorn runs with: alongside/bench/gunicorn_conf.py's, with the command's
    choices. A sync worker has one thread (gunicorn would quietly switch it to gthread otherwise)."""
    return {
        "worker_class": worker_class,
        "workers": workers,
        "threads": 1 if worker_class == "sync" else threads,
        "timeout": gunicorn_conf.timeout,
        "graceful_timeout": gunicorn_conf.graceful_timeout,
        "keepalive": gunicorn_conf.keepalive,
        "max_requests": gunicorn_conf.max_requests,
        "preload_app": gunicorn_conf.preload_app,
    }


def gunicorn_command(chosen: dict[str, Any], port: int, access_log: Path) -> list[str]:
    return [
        sys.executable, "-m", "gunicorn",
        "-c", "python:alongside.bench.gunicorn_conf",
        "--bind", f"127.0.0.1:{port}",
        "--worker-class", chosen["worker_class"],
        "--workers", str(chosen["workers"]),
        "--threads", str(chosen["threads"]),
        "--access-logfile", str(access_log),
        "--error-logfile", "-",
    ]  # fmt: skip


def free_port() -> int:
    """A port on 127.0.0.1 nobody listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_health(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    deadline = time.monotonic() + BOOT_SECONDS
    url = f"http://127.0.0.1:{port}/healthz"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError(
                f"gunicorn stopped (exit {server.returncode}) before it answered:\n{_tail(log)}"
            )
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310
            if answer.status == 200:  # (S310: loopback, our own server)
                return
        time.sleep(0.2)
    raise CommandError(f"gunicorn did not answer {url} within {BOOT_SECONDS} s:\n{_tail(log)}")


def stop(server: subprocess.Popen[bytes], graceful: int) -> None:
    """TERM (gunicorn lets requests in flight finish), then KILL if it is still there."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(graceful + 5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _tail(log: Path, lines: int = 20) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])


def database_note() -> str:
    db = connection.settings_dict
    if connection.vendor != "sqlite":
        return f"{connection.vendor} {db['NAME']} on {db['HOST'] or 'localhost'}"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_ms = cursor.fetchone()[0]
    if "timeout" in db.get("OPTIONS", {}):
        source = "OPTIONS timeout"
    else:
        source = "not set in the settings: the sqlite3 module's default"
    return f"sqlite {db['NAME']}, journal_mode {mode}, busy timeout {busy_ms / 1000:g} s ({source})"
