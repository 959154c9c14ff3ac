"""Login throttling (ADR 0023): counts every worker shares, a burst from one address that does
not lock her out from her own, a limit for many addresses at once, and an email to her, once
for each burst."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.test import Client, override_settings
from django.urls import reverse

from alongside.accounts import throttle
from alongside.notifications.models import OutboundEmail
from conftest import PASSWORD

ATTACKER = "203.0.113.9"
HERS = "198.51.100.7"
TOO_MANY = "Too many failed login attempts"
NEW_PASSWORD = "a-brand-new-password-42"


def log_in(email: str, password: str, address: str) -> Any:
    return Client().post(
        reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address
    )


def logged_in(response: Any) -> bool:
    return response.status_code == 302


def test_after_a_burst_from_one_address_she_still_logs_in_from_her_own(peer_worker: Any) -> None:
    email = peer_worker.user.email
    for _ in range(5):
        assert not logged_in(log_in(email, "a-wrong-guess", ATTACKER))
    refused = log_in(email, PASSWORD, ATTACKER)
    assert not logged_in(refused) and TOO_MANY in refused.content.decode()  # the limit holds there
    assert logged_in(log_in(email, PASSWORD, HERS))


def test_the_limit_for_one_address_counts_every_account_it_tries(peer_worker: Any, coordinator: Any) -> None:
    """10 failed logins a minute from one address, whichever accounts they try."""
    for n in range(10):
        log_in(f"nobody{n}@test.example", "a-wrong-guess", ATTACKER)
    assert TOO_MANY in log_in(coordinator.user.email, PASSWORD, ATTACKER).content.decode()
    assert logged_in(log_in(coordinator.user.email, PASSWORD, HERS))


@override_settings(LOGIN_THROTTLE={**throttle.limits(), "ACCOUNT_FAILURES": 6})
def test_many_addresses_guessing_one_account_are_stopped_at_the_account_limit(peer_worker: Any) -> None:
    email = peer_worker.user.email
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        for _ in range(2):
            log_in(email, "a-wrong-guess", address)
    response = log_in(email, PASSWORD, HERS)
    assert not logged_in(response) and TOO_MANY in response.content.decode()
    # She sets a new password through the emailed link, and can log in again at once.
    Client().post(reverse("account_reset_password"), {"email": email})
    reset = OutboundEmail.objects.get(subject__contains="Reset your password")
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", reset.body)
    assert found, reset.body
    client = Client()
    form = client.get(found.group(1), follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert logged_in(log_in(email, NEW_PASSWORD, HERS))


def test_logins_refused_by_a_limit_do_not_count_against_her_account(peer_worker: Any) -> None:
    email = peer_worker.user.email
    for _ in range(15):
        log_in(email, "a-wrong-guess", ATTACKER)
    assert throttle.recent_failures(email, 3600) == 5  # only the 5 password checks that failed


def test_she_is_emailed_once_for_a_burst_of_failures_from_several_addresses(peer_worker: Any) -> None:
    email = peer_worker.user.email
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        for _ in range(4):
            log_in(email, "a-wrong-guess", address)
    sent = OutboundEmail.objects.get()  # one, for twelve failures
    assert sent.to == email and sent.sent_at is not None
    assert sent.subject == "Alongside: Failed attempts to log in to your account"
    assert "5 times in 15 minutes" in sent.body and "192.0.2.2" in sent.body
    assert "Forgot your password?" in sent.body


def test_nobody_is_emailed_for_fewer_failures_than_a_burst(peer_worker: Any) -> None:
    for _ in range(4):
        log_in(peer_worker.user.email, "a-wrong-guess", ATTACKER)
    assert not OutboundEmail.objects.exists()


def test_failures_for_an_address_with_no_account_email_nobody(db: Any) -> None:
    for address in ("192.0.2.1", "192.0.2.2"):
        for _ in range(4):
            log_in("nobody@test.example", "a-wrong-guess", address)
    assert not OutboundEmail.objects.exists()


def test_a_burst_is_told_once_and_the_next_burst_after_a_quiet_spell_is_told_again(db: Any) -> None:
    rules = throttle.limits()
    start = 1_000_000.0
    told = [throttle.record_failure("her@test.example", now=start + n) for n in range(8)]
    assert told == [False, False, False, False, True, False, False, False]
    later = start + 7 + rules["BURST_SECONDS"]  # a quiet spell as long as a burst's window
    again = [throttle.record_failure("her@test.example", now=later + n) for n in range(5)]
    assert again == [False, False, False, False, True]


def test_two_cache_connections_share_the_count(db: Any) -> None:
    """What one worker counts, another sees: both read the same database table."""
    other_worker = DatabaseCache("alongside_cache", {})
    assert isinstance(caches["default"], DatabaseCache)
    throttle.record_failure("her@test.example")
    throttle.record_failure("her@test.example")
    stored = other_worker.get(throttle._key("her@test.example"))
    assert len(stored["times"]) == 2


def test_two_processes_share_the_count(tmp_path: Path) -> None:
    """Two separate Python processes on one database count one account's failures together."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALONGSIDE_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="alongside.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        ALONGSIDE_DATA_DIR=str(tmp_path),
    )

    def run(code: str) -> str:
        setup = "import django; django.setup(); from alongside.accounts import throttle; "
        return subprocess.run(  # noqa: S603
            [sys.executable, "-c", setup + code], env=env, capture_output=True, text=True, check=True
        ).stdout.strip()

    subprocess.run(  # noqa: S603
        [sys.executable, "-m", "alongside", "createcachetable"], env=env, check=True, capture_output=True
    )
    run("[throttle.record_failure('her@test.example') for _ in range(3)]")
    run("[throttle.record_failure('her@test.example') for _ in range(2)]")
    assert run("print(throttle.recent_failures('her@test.example', 3600))") == "5"
