"""Signing the measured users in, as a real signed-in user is: with two-factor authentication.

Under production settings (MFA_REQUIRED) alongside.accounts.middleware.RequireMFAMiddleware sends
anyone without a TOTP authenticator to set one up, so every page would be a redirect. Turning MFA
off for the benchmark would skip the check a real request pays for (one query per request). So the
bench keeps MFA as the settings have it and gives each measured user who has none a real allauth
TOTP authenticator, with a fresh random secret, for the length of the run, then deletes exactly
those it added. force_login stands for signing in with a password and a code: the sign-in itself
is not measured, the pages after it are.

Each user acts in the measured role: the membership is chosen in her session, as the role
switcher (/account/role/) does for someone with roles in several services.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.conf import settings
from django.test import Client

from alongside.accounts.middleware import SESSION_KEY
from alongside.organisations.models import Membership


def _add_totp(memberships: list[Membership]) -> list[int]:
    """A TOTP authenticator for each of their users who has none; the ids of those added."""
    added = []
    for user in {m.user_id: m.user for m in memberships}.values():
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            added.append(TOTP.activate(user, generate_totp_secret()).instance.pk)
    return added


def client_for(membership: Membership) -> Client:
    """Her client: a view that fails answers 500, as to a real user, and is printed as such."""
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = membership.pk
    session.save()
    return client


@contextmanager
def signed_in(members: dict[str, Membership]) -> Iterator[dict[str, Client]]:
    """A signed-in client for each role; afterwards signed out, and any authenticator added removed."""
    added = _add_totp(list(members.values())) if settings.MFA_REQUIRED else []
    clients = {role: client_for(m) for role, m in members.items()}
    try:
        yield clients
    finally:
        for client in clients.values():
            client.logout()
        Authenticator.objects.filter(pk__in=added).delete()


def mfa_note() -> str:
    if settings.MFA_REQUIRED:
        return (
            "MFA required: each measured user signed in with a TOTP authenticator (added for the run if none)"
        )
    return "MFA not required by these settings (ALONGSIDE_MFA_REQUIRED=0): the MFA check is not measured"
