"""Django's admin under our Content-Security-Policy (ADR 0022), in a real browser.

The sweep leaves the admin out (it is Django's, not ours to restyle, and axe is not asked of it);
this opens its pages with the most script on them (a list with filters and actions, forms with
date pickers and the password widget) and fails on any console error, which is what a CSP
violation logs.
"""

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import User
from alongside.organisations.models import Service

pytestmark = pytest.mark.browser


def test_the_admin_works_with_no_console_error_under_the_policy(
    browser: Any, site: str, demo: dict[str, Any]
) -> None:
    admin = User.objects.filter(is_superuser=True).first()
    assert admin is not None
    client = Client()
    client.force_login(admin)
    context = browser.new_context(base_url=site)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": cookie.key, "value": cookie.value, "url": site, "secure": settings.SESSION_COOKIE_SECURE}]
    )
    # Nothing from outside the live server (the NHS.UK font is not used by the admin).
    context.route(lambda url: not url.startswith(site), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"{page.url}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        for url in (
            reverse("admin:index"),
            reverse("admin:organisations_service_changelist"),
            reverse("admin:organisations_service_change", args=[Service.objects.first().pk]),  # type: ignore[union-attr]
            reverse("admin:organisations_partnership_add"),
            reverse("admin:accounts_user_change", args=[admin.pk]),
        ):
            response = page.goto(url)
            assert response is not None and response.status == 200, url
            page.wait_for_load_state("load")
        # The date picker is drawn by the admin's script: it ran.
        page.goto(reverse("admin:organisations_partnership_add"))
        assert page.locator(".datetimeshortcuts").count() > 0
        page.locator(".date-icon").first.click()
        assert page.locator(".calendarbox").first.is_visible()
    finally:
        context.close()
    assert errors == []
