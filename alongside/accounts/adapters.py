from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import get_ip
from allauth.mfa.stages import AuthenticateStage
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest
from django.shortcuts import render
from django.utils import timezone

from alongside.accounts import nhsmail, throttle
from alongside.accounts.models import User
from alongside.notifications import outbox


def link_lifetime() -> str:
    """How long a password-reset link works (PASSWORD_RESET_TIMEOUT), in words."""
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    if minutes % 60:
        return f"{minutes} minutes"
    hours = minutes // 60
    return "1 hour" if hours == 1 else f"{hours} hours"


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by a service, never by signing up. allauth's emails (a link to reset
    a password) go through the same outbox as every other email (ADR 0007), so a failed send is
    recorded and retried, never lost."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        request = allauth_context.request
        full = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            "link_lifetime": link_lifetime(),
            **context,
        }
        message = self.render_mail(template_prefix, email, full)
        outbox.send_now(to=message.to, subject=str(message.subject), body=str(message.body))

    # -- login throttling (ADR 0023) ------------------------------------------------------------

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        # allauth's per-"key" limits on failed logins then count per address and account, so a
        # burst of wrong passwords from one address does not lock her out from her own.
        return f"{get_ip(request)}:{super()._get_login_attempts_cache_key(request, **credentials)}"

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        if throttle.is_refused(login_of(credentials)):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        login = login_of(credentials)
        if throttle.record_failure(login):
            user = User.objects.filter(email__iexact=login, is_active=True).first()
            if user is not None and user.email:
                self.send_mail(
                    "account/email/login_failures",
                    user.email,
                    {
                        "failures": throttle.limits()["BURST_FAILURES"],
                        "minutes": throttle.limits()["BURST_SECONDS"] // 60,
                        "address": self.get_client_ip(request),
                        "when": timezone.localtime(),
                    },
                )

    # -- MFA after an NHSmail sign-in (ADR 0047) --------------------------------------------------

    def get_login_stages(self) -> list[str]:
        mfa_stage = f"{AuthenticateStage.__module__}.{AuthenticateStage.__qualname__}"
        ours = f"{NHSmailAwareAuthenticateStage.__module__}.{NHSmailAwareAuthenticateStage.__qualname__}"
        return [ours if stage == mfa_stage else stage for stage in super().get_login_stages()]

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # Called once she has set a new password through the emailed link.
        super()._delete_login_attempts_cached_email(request, **credentials)
        throttle.clear(login_of(credentials))


def login_of(credentials: dict[str, Any]) -> str:
    """The email address (or username) a login was tried with, as allauth reads it."""
    return str(credentials.get("email", credentials.get("username", ""))).lower()


class NHSmailAwareAuthenticateStage(AuthenticateStage):
    """allauth's "enter your authenticator code" step, skipped after an NHSmail sign-in in which
    NHSmail itself did multi-factor authentication (its ID token's `amr` lists "mfa")."""

    def _should_handle(self, request: HttpRequest) -> bool:
        if nhsmail.mfa_satisfied(request, self.login.user):
            return False
        return super()._should_handle(request)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """NHSmail sign-in (ADR 0047): never a sign-up. An NHSmail account already linked to hers signs
    her in; otherwise it is linked to the active account with the same email, only when the email
    is verified; anyone else is refused with a page saying what to do."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def is_auto_signup_allowed(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        token = nhsmail.claims(sociallogin.account.extra_data)
        if sociallogin.is_existing:
            user = sociallogin.user
            if user is None or not user.is_active:
                raise ImmediateHttpResponse(refused(request, "no_account"))
        else:
            email = nhsmail.verified_email(token)
            if email is None:
                raise ImmediateHttpResponse(refused(request, "unverified"))
            user = User.objects.filter(email__iexact=email, is_active=True).first()
            if user is None:
                raise ImmediateHttpResponse(refused(request, "no_account"))
            sociallogin.connect(request, user)
        nhsmail.remember_mfa(request, user, token)


def refused(request: HttpRequest, reason: str) -> Any:
    """The page for an NHSmail sign-in we cannot accept; nothing is created or linked."""
    return render(request, "accounts/nhsmail_refused.jinja", {"reason": reason}, status=403)
