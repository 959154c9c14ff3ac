"""Forgot your password: a real link on the log in page, an email through the outbox, a new
password, and two-factor authentication still asked for afterwards."""

import re
from typing import Any
from unittest import mock

from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from alongside.notifications import outbox
from alongside.notifications.models import OutboundEmail
from conftest import PASSWORD

NEW_PASSWORD = "a-brand-new-password-42"


def ask_for_a_link(client: Client, email: str) -> Any:
    return client.post(reverse("account_reset_password"), {"email": email})


def the_link_in(body: str) -> str:
    found = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/\S+)", body)
    assert found, body
    return found.group(1)


def give_totp(user: Any) -> str:
    from allauth.mfa.adapter import get_adapter
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import generate_totp_secret

    secret = generate_totp_secret()
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": get_adapter().encrypt(secret)}
    )
    return secret


def test_the_log_in_page_has_a_working_forgot_your_password_link(db: Any) -> None:
    client = Client()
    body = client.get(reverse("account_login")).content.decode()
    href = reverse("account_reset_password")
    assert f'<a href="{href}">Forgot your password?</a>' in body
    assert "&lt;a" not in body
    page = client.get(href)
    assert page.status_code == 200 and "Reset your password" in page.content.decode()


def test_the_link_goes_through_the_outbox_and_sets_a_new_password(peer_worker: Any) -> None:
    user = peer_worker.user
    client = Client()
    response = ask_for_a_link(client, user.email)
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")
    assert "Check your email" in client.get(response.url).content.decode()

    queued = OutboundEmail.objects.get()
    assert queued.to == user.email and queued.sent_at is not None and queued.attempts == 1
    assert queued.subject == "Alongside: Reset your password"
    assert "only for 1 hour" in queued.body
    assert [m.to for m in mail.outbox] == [[user.email]] and mail.outbox[0].body == queued.body

    link = the_link_in(queued.body)
    form = client.get(link, follow=True)
    assert "Set a new password" in form.content.decode()
    set_password_url = form.redirect_chain[-1][0]
    done = client.post(set_password_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert done.status_code == 302 and done.url == reverse("account_reset_password_from_key_done")
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD) and not user.check_password(PASSWORD)

    again = Client().get(link, follow=True).content.decode()
    assert "This link no longer works" in again, "a link works once"


def test_passwords_that_differ_or_are_too_short_are_refused_and_change_nothing(peer_worker: Any) -> None:
    client = Client()
    ask_for_a_link(client, peer_worker.user.email)
    form = client.get(the_link_in(OutboundEmail.objects.get().body), follow=True)
    url = form.redirect_chain[-1][0]
    for first, second in ((NEW_PASSWORD, NEW_PASSWORD + "x"), ("short", "short")):
        response = client.post(url, {"password1": first, "password2": second})
        assert response.status_code == 200 and "There is a problem" in response.content.decode()
    peer_worker.user.refresh_from_db()
    assert peer_worker.user.check_password(PASSWORD)


def test_an_address_with_no_account_gets_the_same_answer_and_no_email(db: Any) -> None:
    response = ask_for_a_link(Client(), "nobody@test.example")
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")
    assert not OutboundEmail.objects.exists() and mail.outbox == []


def test_an_address_that_is_not_one_is_refused_clearly(db: Any) -> None:
    response = ask_for_a_link(Client(), "not an email")
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert not OutboundEmail.objects.exists()


def test_a_failed_send_stays_in_the_outbox_for_the_next_run(peer_worker: Any) -> None:

    with mock.patch("alongside.notifications.outbox.send_mail", side_effect=OSError("SMTP is down")):
        response = ask_for_a_link(Client(), peer_worker.user.email)
    assert response.url == reverse("account_reset_password_done")
    waiting = OutboundEmail.objects.get()
    assert waiting.sent_at is None and "SMTP is down" in waiting.last_error
    assert outbox.send_waiting() == (1, 0)
    assert [m.to for m in mail.outbox] == [[peer_worker.user.email]]


@override_settings(MFA_REQUIRED=True)
def test_after_a_reset_logging_in_still_asks_for_her_authenticator_code(coordinator: Any) -> None:
    give_totp(coordinator.user)
    client = Client()
    ask_for_a_link(client, coordinator.user.email)
    form = client.get(the_link_in(OutboundEmail.objects.get().body), follow=True)
    client.post(form.redirect_chain[-1][0], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert client.get(reverse("dashboard:coordinator")).status_code == 302, "a reset does not log her in"
    response = client.post(
        reverse("account_login"), {"login": coordinator.user.email, "password": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("mfa_authenticate")
    assert client.get(reverse("dashboard:coordinator")).status_code == 302, "not in until the code"
