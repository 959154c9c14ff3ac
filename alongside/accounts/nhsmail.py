"""Sign in with NHSmail (ADR 0047): which NHSmail sign-ins count, and whether one was MFA.

allauth's openid_connect provider does the OpenID Connect part (discovery, the redirect, the code
for tokens, the ID token's issuer, audience and nonce). What is ours is read from the ID token's
claims: whether its email is verified, and whether NHSmail (Entra) did multi-factor authentication.
"""

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

# The session remembers whose NHSmail sign-in, in this session, was multi-factor.
MFA_SESSION_KEY = "alongside_nhsmail_mfa_user"


def provider_id() -> str:
    return str(settings.NHSMAIL_PROVIDER_ID)


def login_url(request: HttpRequest) -> str | None:
    """Where the login page's NHSmail button posts, or None when NHSmail is not configured."""
    from allauth.socialaccount.adapter import get_adapter
    from allauth.socialaccount.models import SocialApp

    try:
        provider = get_adapter().get_provider(request, provider_id())
    except SocialApp.DoesNotExist:
        return None
    return str(provider.get_login_url(request))


def claims(extra_data: Mapping[str, Any]) -> Mapping[str, Any]:
    """The ID token's claims, as allauth keeps them (fetch_userinfo is off, settings.py)."""
    token = extra_data.get("id_token")
    return token if isinstance(token, Mapping) else extra_data


def _is_true(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _is_false(value: object) -> bool:
    return value is False or (isinstance(value, str) and value.strip().lower() == "false")


def verified_email(token: Mapping[str, Any]) -> str | None:
    """The token's email address if it is verified, else None.

    Verified: `email_verified` is true; or Entra's `xms_edov` (the email domain's owner is
    verified) is true; or, since Entra often sends neither, the address is in one of
    NHSMAIL_TRUSTED_DOMAINS (allauth has checked the token came from the configured tenant).
    An explicit `email_verified: false` is never overridden.
    """
    email = str(token.get("email") or "").strip()
    if "@" not in email:
        return None
    if _is_false(token.get("email_verified")):
        return None
    if _is_true(token.get("email_verified")) or _is_true(token.get("xms_edov")):
        return email
    domain = email.rsplit("@", 1)[1].lower()
    return email if domain in settings.NHSMAIL_TRUSTED_DOMAINS else None


def did_mfa(token: Mapping[str, Any]) -> bool:
    """NHSmail says it did multi-factor authentication: the token's `amr` lists "mfa" (RFC 8176)."""
    amr = token.get("amr")
    if isinstance(amr, str):
        amr = [amr]
    return isinstance(amr, list) and "mfa" in amr


def remember_mfa(request: HttpRequest, user: AbstractBaseUser, token: Mapping[str, Any]) -> None:
    """Called on each NHSmail sign-in: remember it for her only if it was multi-factor."""
    if did_mfa(token):
        request.session[MFA_SESSION_KEY] = str(user.pk)
    else:
        request.session.pop(MFA_SESSION_KEY, None)


def mfa_satisfied(request: HttpRequest, user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """In this session she signed in with NHSmail, and NHSmail did multi-factor authentication."""
    if user is None or user.pk is None:
        return False
    session = getattr(request, "session", None)
    return session is not None and session.get(MFA_SESSION_KEY) == str(user.pk)
