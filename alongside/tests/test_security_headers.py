"""HTTPS, HSTS, proxies and the Content-Security-Policy (ADR 0022).

The policy allows scripts only from our own files or with the response's nonce, and no inline
style at all; the browser sweep (alongside/tests/browser/test_sweep.py) fails on the console
error a violation logs, on every page. These tests read the header and the page's source.
"""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from alongside.accounts.models import User
from conftest import client_for

POLICY = "Content-Security-Policy"
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(response: Any) -> dict[str, list[str]]:
    header = response.headers[POLICY]
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in parts}


def inline_problems(html: str, nonce: str) -> list[str]:
    """Inline code the policy would refuse: a script with neither src nor this nonce, a <style>,
    a style="" attribute or an onclick="" (and the like)."""
    problems = []
    for match in SCRIPT.finditer(html):
        attributes = match.group(1)
        is_data = 'type="application/json"' in attributes or "type='application/json'" in attributes
        if "src=" not in attributes and f'nonce="{nonce}"' not in attributes and not is_data:
            problems.append(match.group(0))
    problems += re.findall(r"<style\b[^>]*>", html, re.IGNORECASE)
    problems += [m.group(0) for m in STYLE_ATTRIBUTE.finditer(html)]
    problems += [m.group(0) for m in EVENT_HANDLER.finditer(html)]
    return problems


def test_the_login_page_has_a_policy_with_a_nonce_and_no_unsafe_inline(db: Any) -> None:
    response = Client().get(reverse("account_login"))
    policy = directives(response)
    assert "'unsafe-inline'" not in response.headers[POLICY]
    assert "'unsafe-eval'" not in response.headers[POLICY]
    nonce = next(v for v in policy["script-src"] if v.startswith("'nonce-"))[len("'nonce-") : -1]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
    html = response.content.decode()
    assert f'nonce="{nonce}"' in html  # the NHS.UK template's js-enabled line
    assert inline_problems(html, nonce) == []


def test_each_response_has_a_nonce_of_its_own(db: Any) -> None:
    first, second = (directives(Client().get(reverse("account_login")))["script-src"] for _ in range(2))
    assert first != second


def test_a_logged_in_page_has_no_inline_code_the_policy_refuses(peer_worker: Any) -> None:
    response = client_for(peer_worker).get(reverse("home:today"))
    assert response.status_code == 200
    nonce = next(v for v in directives(response)["script-src"] if v.startswith("'nonce-"))[7:-1]
    assert inline_problems(response.content.decode(), nonce) == []


def test_the_inline_problems_check_finds_each_kind_of_inline_code() -> None:
    html = (
        '<script>alert(1)</script><script nonce="other">x()</script><style>p{}</style>'
        '<p style="color: red">x</p><a href="#" onclick="go()">y</a>'
        '<script nonce="n">ok()</script><script src="/static/a.js"></script>'
        '<script type="application/json">{}</script>'
    )
    assert len(inline_problems(html, "n")) == 5


def test_django_admin_works_under_the_policy(db: Any) -> None:
    """Django's admin needs only 'self' for its scripts and styles nowadays."""
    admin = User.objects.create_superuser(username="root", email="root@test.example", password="x" * 16)
    client = Client()
    client.force_login(admin)
    for url in (
        reverse("admin:index"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[admin.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response.headers[POLICY]
        assert inline_problems(response.content.decode(), nonce="none given") == [], url


def test_the_admin_login_page_has_no_inline_code_the_policy_refuses(db: Any) -> None:
    response = Client().get(reverse("admin:login"))
    assert response.status_code == 200
    assert inline_problems(response.content.decode(), nonce="none given") == []


@override_settings(SECURE_SSL_REDIRECT=True)
def test_plain_http_is_redirected_to_https_but_the_health_check_is_not(db: Any) -> None:
    response = Client().get(reverse("account_login"))
    assert response.status_code == 301
    assert response.url == "https://testserver/accounts/login/"
    assert Client().get(reverse("healthz")).status_code == 200


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_behind_a_trusted_proxy_its_https_header_counts_and_hsts_is_sent(db: Any) -> None:
    response = Client().get(reverse("account_login"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_over_plain_http_no_hsts_is_sent(db: Any) -> None:
    assert "Strict-Transport-Security" not in Client().get(reverse("account_login")).headers


# -- production settings, as a server starts with them ------------------------------------------


def production_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALONGSIDE_", "DATABASE_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "alongside.settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "alongside.example.nhs.uk",
        "ALONGSIDE_DATA_DIR": str(tmp_path),
        **extra,
    }


def setting_values(env: dict[str, str], *names: str) -> list[str]:
    code = (
        "import sys, alongside.settings as s; "
        "print(*(repr(getattr(s, n, None)) for n in sys.argv[1:]), sep='|')"
    )
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code, *names], env=env, capture_output=True, text=True, check=True
    )
    return out.stdout.strip().split("|")


def test_production_settings_redirect_to_https_and_send_hsts_for_a_year(tmp_path: Path) -> None:
    values = setting_values(
        production_env(tmp_path),
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "USE_X_FORWARDED_HOST",
    )
    # No proxy is trusted until the deployment says so: X-Forwarded-* from anyone is ignored.
    assert values == ["True", "31536000", "None", "0", "False"]


def test_behind_one_proxy_its_headers_are_trusted(tmp_path: Path) -> None:
    env = production_env(tmp_path, ALONGSIDE_TRUSTED_PROXIES="1")
    values = setting_values(env, "SECURE_PROXY_SSL_HEADER", "ALLAUTH_TRUSTED_PROXY_COUNT")
    assert values == ["('HTTP_X_FORWARDED_PROTO', 'https')", "1"]


def test_the_demo_over_plain_http_is_not_redirected(tmp_path: Path) -> None:
    env = production_env(tmp_path, ALONGSIDE_DEBUG="1")
    del env["DJANGO_SECRET_KEY"]
    assert setting_values(env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS") == ["False", "0"]


def test_check_deploy_with_production_settings_finds_nothing_to_warn_of(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "alongside", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_would_warn_of_a_missing_ssl_redirect(tmp_path: Path) -> None:
    """The check above can fail: the same settings without the redirect are warned of."""
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "alongside", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path, ALONGSIDE_SSL_REDIRECT="0"),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "security.W008" in result.stderr


@pytest.mark.parametrize("name", ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"])
def test_hsts_options_can_be_turned_off_by_a_deployment_that_needs_to(tmp_path: Path, name: str) -> None:
    env_name = "ALONGSIDE_" + name.removeprefix("SECURE_")
    assert setting_values(production_env(tmp_path, **{env_name: "0"}), name) == ["False"]


def test_a_setting_that_is_not_a_number_stops_the_server_saying_which(tmp_path: Path) -> None:
    env = production_env(tmp_path, ALONGSIDE_TRUSTED_PROXIES="one")
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", "import alongside.settings"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "ALONGSIDE_TRUSTED_PROXIES must be a whole number, not 'one'" in result.stderr


def test_a_negative_count_of_proxies_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from alongside.lib.env import env_int

    os.environ["ALONGSIDE_TEST_COUNT"] = "-1"
    try:
        with pytest.raises(ImproperlyConfigured, match="at least 0"):
            env_int("ALONGSIDE_TEST_COUNT", 0, minimum=0)
    finally:
        del os.environ["ALONGSIDE_TEST_COUNT"]
