"""Every role is shown only links it may follow: its landing page (Today or its dashboard) and the
header's navigation, rendered for each role in alongside.organisations.models.Role, every
internal link followed, none answering 403 (issue 11: a manager's dashboard linked to pages she
was refused)."""

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from conftest import client_for, make_member, refer

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]+)"')
NOT_PAGES = ("/static/", "/accounts/logout/", "/admin/")


def internal_links(html: str) -> set[str]:
    return {urlsplit(h).path for h in HREF.findall(html) if h.startswith("/") and not h.startswith(NOT_PAGES)}


@pytest.fixture
def mbu(db: Any) -> Service:
    icb = ICB.objects.create(
        name="NHS Lancashire and South Cumbria ICB", region=Region.objects.create(name="NW")
    )
    trust = Organisation.objects.create(name="Lancashire Trust", kind=Organisation.Kind.NHS_TRUST)
    return Service.objects.create(name="Ribblesmere MBU", kind=Service.Kind.MBU, trust=trust, icb=icb)


@pytest.fixture
def busy(allocated: Any, mbu: Service) -> Any:
    """A service with someone referred and someone supported, so the dashboards have rows."""
    refer(allocated.service.memberships.get(role=Role.CLINICIAN), given_name="Waiting")
    return allocated


def landing(client: Client) -> tuple[str, str]:
    response = client.get(reverse("home"), follow=True)
    assert response.status_code == 200
    return response.redirect_chain[-1][0] if response.redirect_chain else reverse(
        "home"
    ), response.content.decode()


@pytest.mark.parametrize("role", [r.value for r in Role])
@pytest.mark.parametrize("kind", ["community", "mbu"])
def test_no_link_on_a_roles_landing_page_or_navigation_answers_403(
    role: str, kind: str, busy: Any, mbu: Service
) -> None:
    service = busy.service if kind == "community" else mbu
    member: Membership = make_member(service, role, f"{role}-{kind}")
    client = client_for(member)
    where, page = landing(client)
    links = internal_links(page)
    assert links, f"{role} sees no links at all on {where}"
    followed = {link: client.get(link).status_code for link in sorted(links)}
    refused = {link: status for link, status in followed.items() if status == 403}
    broken = {link: status for link, status in followed.items() if status >= 500 or status == 404}
    assert refused == {}, f"{role} at {kind} is shown links to pages that refuse her, from {where}"
    assert broken == {}, f"{role} at {kind} is shown broken links, from {where}"
