"""Failed logins for one account, counted across every address and every worker (ADR 0023).

allauth's own limits (`ACCOUNT_RATE_LIMITS["login_failed"]`) count per address, and per address
and account: the adapter puts the address into allauth's key, so a burst from one address cannot
lock her out from her own. What those cannot see is many addresses guessing one account. This
counts that, in the shared cache (the database, so every worker sees the same count):

- `ACCOUNT_FAILURES` failed logins in `ACCOUNT_SECONDS` refuse the account's logins from every
  address until the oldest of them is that old (or she resets her password);
- `BURST_FAILURES` failed logins within `BURST_SECONDS` make a burst, and she is told of it once;
  the burst is over when `BURST_SECONDS` pass with no failure, and the next one is told again.

Only failed password checks count: a login refused by a limit does not, so an attacker who keeps
knocking after one address is stopped cannot run up the account's count from there.
"""

import hashlib
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

LOCK_SECONDS = 5
LOCK_WAIT_SECONDS = 1.0


@dataclass
class Failures:
    """What the cache holds for one account."""

    times: list[float] = field(default_factory=list)  # of each failure still within the window
    told: bool = False  # she has been told of the burst going on now


def limits() -> dict[str, int]:
    return dict(settings.LOGIN_THROTTLE)


def _key(login: str) -> str:
    # Hashed: the cache table need not hold anyone's email address.
    return "alongside:login-failures:" + hashlib.sha256(login.strip().lower().encode()).hexdigest()


@contextmanager
def _locked(key: str) -> Iterator[None]:
    """One worker at a time updates an account's count. cache.add is atomic in the database
    cache (a unique key); if the lock cannot be had within a second the update goes ahead
    anyway, and a lost update only undercounts by the failures that raced it."""
    lock = f"{key}:lock"
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while not cache.add(lock, 1, timeout=LOCK_SECONDS) and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield
    finally:
        cache.delete(lock)


def _load(key: str) -> Failures:
    # Stored as plain data, so that a change to this class never breaks what is in the cache.
    stored = cache.get(key)
    if not isinstance(stored, dict):
        return Failures()
    return Failures(times=list(stored.get("times", [])), told=bool(stored.get("told", False)))


def record_failure(login: str, now: float | None = None) -> bool:
    """Count a failed login for this account. True when it makes a burst she has not yet been
    told of (so the caller tells her), False for every other failure of the same burst."""
    now = time.time() if now is None else now
    rules = limits()
    key = _key(login)
    with _locked(key):
        failures = _load(key)
        if failures.times and now - failures.times[-1] >= rules["BURST_SECONDS"]:
            failures.told = False  # the last burst is over: a new one is told again
        failures.times = [t for t in failures.times if t > now - rules["ACCOUNT_SECONDS"]] + [now]
        in_burst = sum(t > now - rules["BURST_SECONDS"] for t in failures.times)
        tell = in_burst >= rules["BURST_FAILURES"] and not failures.told
        failures.told = failures.told or tell
        stored = {"times": failures.times, "told": failures.told}
        cache.set(key, stored, timeout=max(rules["ACCOUNT_SECONDS"], rules["BURST_SECONDS"]))
    return tell


def recent_failures(login: str, seconds: int, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return sum(t > now - seconds for t in _load(_key(login)).times)


def is_refused(login: str, now: float | None = None) -> bool:
    """Whether this account has failed so often, from wherever, that no login is tried now."""
    rules = limits()
    return recent_failures(login, rules["ACCOUNT_SECONDS"], now) >= rules["ACCOUNT_FAILURES"]


def clear(login: str) -> None:
    """She has set a new password through the link sent to her: the count starts again."""
    cache.delete(_key(login))
