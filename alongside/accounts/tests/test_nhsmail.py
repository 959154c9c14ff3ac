"""Sign in with NHSmail (ADR 0047), against a local OpenID provider stub standing in for Entra ID.

The stub is a tiny HTTP server in a thread: discovery, JWKS (an RSA key made here), and a token
endpoint that returns an ID token signed with that key, carrying the claims each test sets. The
browser's part (Entra's sign-in page) is played by the test: it reads `state` from allauth's
redirect to the stub's authorize URL and comes back to allauth's callback with a code.
"""

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.urls import reverse

from alongside.accounts import nhsmail
from alongside.accounts.models import User
from alongside.organisations.models import Membership, Role, Service
from conftest import PASSWORD

CLIENT_ID = "alongside-test-client"
KID = "stub-key-1"
LOGIN_URL = "/accounts/oidc/nhsmail/login/"
CALLBACK_URL = "/accounts/oidc/nhsmail/login/callback/"
BUTTON = "Sign in with NHSmail"


@dataclass
class Stub:
    """What the provider stub answers: its address, its key, and the next ID token's claims."""

    base: str = ""
    key: Any = None
    claims: dict[str, Any] = field(default_factory=dict)
    token_requests: list[dict[str, list[str]]] = field(default_factory=list)

    def id_token(self) -> str:
        now = int(time.time())
        payload = {"iss": self.base, "aud": CLIENT_ID, "iat": now, "nbf": now, "exp": now + 600}
        return jwt.encode({**payload, **self.claims}, self.key, algorithm="RS256", headers={"kid": KID})


def _handler(stub: Stub) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            pass

        def _json(self, body: object) -> None:
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            if path == "/.well-known/openid-configuration":
                self._json(
                    {
                        "issuer": stub.base,
                        "authorization_endpoint": f"{stub.base}/authorize",
                        "token_endpoint": f"{stub.base}/token",
                        "userinfo_endpoint": f"{stub.base}/userinfo",
                        "jwks_uri": f"{stub.base}/jwks",
                        "token_endpoint_auth_methods_supported": ["client_secret_post"],
                        "id_token_signing_alg_values_supported": ["RS256"],
                    }
                )
            elif path == "/jwks":
                jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(stub.key.public_key()))
                self._json({"keys": [{**jwk, "kid": KID, "alg": "RS256", "use": "sig"}]})
            elif path == "/userinfo":
                self._json({k: v for k, v in stub.claims.items() if k in {"sub", "email", "name"}})
            else:
                self.send_error(404)

        def do_POST(self) -> None:
            if urlsplit(self.path).path != "/token":
                self.send_error(404)
                return
            length = int(self.headers.get("Content-Length", "0"))
            stub.token_requests.append(parse_qs(self.rfile.read(length).decode()))
            self._json(
                {
                    "access_token": "stub-access-token",
                    "token_type": "Bearer",
                    "expires_in": 3600,
                    "id_token": stub.id_token(),
                }
            )

    return Handler


@pytest.fixture(scope="module")
def provider_stub() -> Iterator[Stub]:
    stub = Stub(key=rsa.generate_private_key(public_exponent=65537, key_size=2048))
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(stub))
    stub.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub
    server.shutdown()
    server.server_close()


@pytest.fixture
def stub(provider_stub: Stub, settings: Any, monkeypatch: Any) -> Stub:
    """NHSmail configured, pointing at the stub, as settings.py configures it from the environment."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "nhsmail",
                    "name": "NHSmail",
                    "client_id": CLIENT_ID,
                    "secret": "stub-secret",
                    "settings": {"server_url": provider_stub.base, "fetch_userinfo": False},
                }
            ]
        }
    }
    provider_stub.claims = {}
    provider_stub.token_requests.clear()
    return provider_stub


def sign_in(stub: Stub, client: Client, **claims: Any) -> Any:
    """She presses the button, "signs in at NHSmail", and comes back: allauth's last response."""
    pressed = client.post(LOGIN_URL, {"process": "login"})
    assert pressed.status_code == 302, pressed
    authorize = urlsplit(pressed["Location"])
    assert f"{authorize.scheme}://{authorize.netloc}{authorize.path}" == f"{stub.base}/authorize"
    query = parse_qs(authorize.query)
    assert query["client_id"] == [CLIENT_ID] and "openid" in query["scope"][0].split()
    stub.claims = {"sub": f"entra-{claims.get('email', 'nobody')}", **claims}
    if "nonce" in query:
        stub.claims["nonce"] = query["nonce"][0]
    return client.get(CALLBACK_URL, {"code": "stub-code", "state": query["state"][0]})


def signed_in_as(client: Client) -> int | None:
    user_id = client.session.get("_auth_user_id")
    return int(user_id) if user_id else None


def linked(user: User) -> bool:
    return SocialAccount.objects.filter(user=user, provider="nhsmail").exists()


def nhs_net_member(service: Service) -> Membership:
    user = User.objects.create_user(username="nhsnet", email="Ann.Example@nhs.net", password=PASSWORD)
    return Membership.objects.create(user=user, service=service, role=Role.PEER_WORKER)


# -- linking by verified email -------------------------------------------------------------------


def test_a_verified_email_signs_her_in_and_links_her_account(stub: Stub, peer_worker: Membership) -> None:
    user = peer_worker.user
    client = Client()
    response = sign_in(stub, client, email=user.email.upper(), email_verified=True, amr=["pwd", "mfa"])
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert signed_in_as(client) == user.pk
    account = SocialAccount.objects.get(provider="nhsmail")
    assert account.user == user and account.uid == f"entra-{user.email.upper()}"
    assert stub.token_requests and stub.token_requests[-1]["client_id"] == [CLIENT_ID]
    user.refresh_from_db()
    assert user.has_usable_password()  # her password still works: NHSmail is one more way in
    assert Client().login(email=user.email, password=PASSWORD)


def test_a_linked_account_signs_in_again_without_a_second_link(stub: Stub, peer_worker: Membership) -> None:
    sign_in(stub, Client(), email=peer_worker.user.email, email_verified=True)
    client = Client()
    sign_in(stub, client, email=peer_worker.user.email, email_verified=True)
    assert signed_in_as(client) == peer_worker.user.pk
    assert SocialAccount.objects.filter(provider="nhsmail").count() == 1


def test_entra_without_email_verified_counts_a_trusted_domain_as_verified(
    stub: Stub, service: Service
) -> None:
    member = nhs_net_member(service)
    client = Client()
    sign_in(stub, client, email="ann.example@NHS.NET")  # no email_verified claim, as Entra often does
    assert signed_in_as(client) == member.user.pk and linked(member.user)


def test_an_unknown_email_is_refused_and_nobody_is_created(stub: Stub, peer_worker: Membership) -> None:
    users = User.objects.count()
    client = Client()
    response = sign_in(stub, client, email="stranger@nhs.net", email_verified=True, amr=["mfa"])
    assert response.status_code == 403
    assert "Ask your co-ordinator to add you" in response.content.decode()
    assert signed_in_as(client) is None
    assert User.objects.count() == users and not SocialAccount.objects.exists()


@pytest.mark.parametrize(
    "claims",
    [
        {"email_verified": False},  # the provider says not verified: never overridden
        {"email_verified": "false"},
        {},  # no word either way, and not a trusted domain
    ],
    ids=["false", "false-as-text", "silent-untrusted-domain"],
)
def test_an_unverified_email_is_refused_and_nothing_is_linked(
    stub: Stub, peer_worker: Membership, claims: dict[str, Any]
) -> None:
    client = Client()
    response = sign_in(stub, client, email=peer_worker.user.email, amr=["mfa"], **claims)
    assert response.status_code == 403
    assert "Nothing has been linked" in response.content.decode()
    assert signed_in_as(client) is None and not linked(peer_worker.user)
    peer_worker.user.refresh_from_db()
    assert peer_worker.user.has_usable_password()


def test_email_verified_false_is_refused_even_for_a_trusted_domain(stub: Stub, service: Service) -> None:
    member = nhs_net_member(service)
    client = Client()
    assert sign_in(stub, client, email=member.user.email, email_verified=False).status_code == 403
    assert signed_in_as(client) is None and not linked(member.user)


def test_an_inactive_account_is_not_signed_in(stub: Stub, peer_worker: Membership) -> None:
    User.objects.filter(pk=peer_worker.user.pk).update(is_active=False)
    client = Client()
    assert sign_in(stub, client, email=peer_worker.user.email, email_verified=True).status_code == 403
    assert signed_in_as(client) is None and not linked(peer_worker.user)


# -- MFA: NHSmail's own, when its token says so --------------------------------------------------


def test_nhsmail_mfa_satisfies_alongsides_mfa(stub: Stub, peer_worker: Membership, settings: Any) -> None:
    settings.MFA_REQUIRED = True
    client = Client()
    sign_in(stub, client, email=peer_worker.user.email, email_verified=True, amr=["pwd", "mfa"])
    assert client.get(reverse("accounts:role")).status_code == 200


def test_without_nhsmail_mfa_she_must_still_set_up_totp(
    stub: Stub, peer_worker: Membership, settings: Any
) -> None:
    settings.MFA_REQUIRED = True
    client = Client()
    sign_in(stub, client, email=peer_worker.user.email, email_verified=True, amr=["pwd"])
    assert signed_in_as(client) == peer_worker.user.pk
    response = client.get(reverse("accounts:role"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def test_with_totp_set_up_nhsmail_mfa_skips_the_code(stub: Stub, peer_worker: Membership) -> None:
    TOTP.activate(peer_worker.user, generate_totp_secret())
    client = Client()
    response = sign_in(stub, client, email=peer_worker.user.email, email_verified=True, amr=["mfa"])
    assert response["Location"] == reverse("home") and signed_in_as(client) == peer_worker.user.pk


def test_with_totp_set_up_and_no_nhsmail_mfa_she_enters_her_code(stub: Stub, peer_worker: Membership) -> None:
    TOTP.activate(peer_worker.user, generate_totp_secret())
    assert Authenticator.objects.filter(user=peer_worker.user).exists()
    client = Client()
    response = sign_in(stub, client, email=peer_worker.user.email, email_verified=True, amr=["pwd"])
    assert response["Location"] == reverse("mfa_authenticate")
    assert signed_in_as(client) is None  # not until she has entered her authenticator's code


def test_nhsmail_mfa_counts_only_for_her(
    stub: Stub, peer_worker: Membership, coordinator: Membership
) -> None:
    """The session's note is hers: after she signs out and a colleague logs in with a password in the
    same browser, the colleague still needs her own TOTP."""
    client = Client()
    sign_in(stub, client, email=peer_worker.user.email, email_verified=True, amr=["mfa"])
    assert nhsmail.mfa_satisfied(_request_for(client), peer_worker.user)
    assert not nhsmail.mfa_satisfied(_request_for(client), coordinator.user)
    client.post(reverse("account_logout"))
    client.post(reverse("account_login"), {"login": coordinator.user.email, "password": PASSWORD})
    assert signed_in_as(client) == coordinator.user.pk
    assert not nhsmail.mfa_satisfied(_request_for(client), coordinator.user)


def _request_for(client: Client) -> Any:
    class Request:
        session = client.session

    return Request()


# -- the login page and the provider's URLs ------------------------------------------------------


def test_configured_the_login_page_offers_nhsmail_above_the_password(stub: Stub, db: Any) -> None:
    page = Client().get(reverse("account_login")).content.decode()
    assert BUTTON in page and f'action="{LOGIN_URL}"' in page
    assert page.index(BUTTON) < page.index('name="password"')


def test_a_callback_with_a_forged_state_signs_nobody_in(stub: Stub, peer_worker: Membership) -> None:
    client = Client()
    client.post(LOGIN_URL, {"process": "login"})
    stub.claims = {"sub": "entra-x", "email": peer_worker.user.email, "email_verified": True}
    response = client.get(CALLBACK_URL, {"code": "stub-code", "state": "not-the-state-we-sent"})
    assert response.status_code < 500 and signed_in_as(client) is None
    assert not stub.token_requests and not linked(peer_worker.user)


def test_opening_the_provider_url_asks_before_leaving_for_nhsmail(stub: Stub, db: Any) -> None:
    """A GET (a link, a prefetch) never starts the sign-in: allauth asks, with a form that posts."""
    response = Client().get(LOGIN_URL)
    assert response.status_code == 200 and 'method="post"' in response.content.decode()


def test_not_configured_there_is_no_button_and_no_provider(db: Any, settings: Any) -> None:
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": []}}
    page = Client().get(reverse("account_login")).content.decode()
    assert BUTTON not in page and 'name="password"' in page
    assert Client().post(LOGIN_URL, {"process": "login"}).status_code == 404
    assert Client().get(CALLBACK_URL, {"code": "x", "state": "y"}).status_code == 404


# -- configured from the environment ---------------------------------------------------------------

SHOW_SETTINGS = (
    "import json; from alongside import settings as s; print(json.dumps({"
    "'apps': s.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], 'domains': s.NHSMAIL_TRUSTED_DOMAINS,"
    "'form_action': s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']}))"
)


def settings_with(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "ALONGSIDE_"))}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SHOW_SETTINGS],
        env={**clean, "ALONGSIDE_DEBUG": "1", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_provider_is_configured_from_the_environment() -> None:
    tenant = "https://login.microsoftonline.com/37c354b2-85b0-47f5-b222-07b48d774ee3/v2.0"
    result = settings_with(
        {
            "ALONGSIDE_NHSMAIL_CLIENT_ID": "the-client",
            "ALONGSIDE_NHSMAIL_CLIENT_SECRET": "the-secret",
            "ALONGSIDE_NHSMAIL_SERVER_URL": tenant,
            "ALONGSIDE_NHSMAIL_TRUSTED_DOMAINS": "nhs.net, Trust.NHS.uk",
        }
    )
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    [app] = shown["apps"]
    assert (app["provider_id"], app["name"], app["client_id"], app["secret"]) == (
        "nhsmail",
        "NHSmail",
        "the-client",
        "the-secret",
    )
    assert app["settings"]["server_url"] == tenant
    assert shown["domains"] == ["nhs.net", "trust.nhs.uk"]
    assert shown["form_action"] == ["'self'", "https://login.microsoftonline.com"]


def test_unset_there_is_no_provider_and_the_policy_is_unchanged() -> None:
    result = settings_with({})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["apps"] == [] and shown["domains"] == ["nhs.net"] and shown["form_action"] == ["'self'"]


def test_a_client_id_without_a_server_url_refuses_to_start() -> None:
    result = settings_with({"ALONGSIDE_NHSMAIL_CLIENT_ID": "the-client"})
    assert result.returncode != 0 and "ALONGSIDE_NHSMAIL_SERVER_URL" in result.stderr


# -- the rules, one claim at a time --------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ({"email": "a@test.example", "email_verified": True}, "a@test.example"),
        ({"email": "a@test.example", "email_verified": "true"}, "a@test.example"),
        ({"email": "a@test.example", "xms_edov": True}, "a@test.example"),
        ({"email": "a@test.example"}, None),
        ({"email": "a@nhs.net"}, "a@nhs.net"),
        ({"email": "a@evil-nhs.net"}, None),
        ({"email": "a@nhs.net.example"}, None),
        ({"email": "a@nhs.net", "email_verified": False}, None),
        ({"email_verified": True}, None),
        ({"email": "not-an-address", "email_verified": True}, None),
    ],
)
def test_verified_email(token: dict[str, Any], expected: str | None) -> None:
    assert nhsmail.verified_email(token) == expected


@pytest.mark.parametrize(
    ("amr", "expected"),
    [(["pwd", "mfa"], True), ("mfa", True), (["pwd"], False), (None, False), (["MFA-ish"], False)],
)
def test_did_mfa(amr: Any, expected: bool) -> None:
    assert nhsmail.did_mfa({"amr": amr} if amr is not None else {}) is expected
