"""The demo shows partners, matching, fathers waiting and under-representation for real.

One demo of the default size is built for all of it: under-representation needs enough people.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import scope
from alongside.accounts.models import User
from alongside.accounts.scope import partners_for_user
from alongside.demo.builder import build
from alongside.equity.forms import default_period
from alongside.equity.metrics import equity_report
from alongside.organisations.models import Membership
from alongside.partners.models import Remit
from alongside.support import matching
from alongside.support.metrics import fathers_and_partners_waiting, unallocated_referrals
from conftest import client_for

pytestmark = pytest.mark.django_db


def membership(key: str) -> Membership:
    return Membership.objects.select_related("service").get(user__email=f"{key}@alongside.example")


def test_the_demo_shows_remits_varied_suggestions_fathers_waiting_and_under_representation() -> None:
    build(people=300)

    for name in ("Approachable Parenting", "Action on Postpartum Psychosis"):
        remit = Remit.objects.get(organisation__name=name)
        assert remit.modes.exists() and remit.conditions.exists(), name
    partner = membership("partnerpeer")
    assert (
        partner.host_organisation is not None and partner.host_organisation.name == "Approachable Parenting"
    )
    assert "Urdu" in partner.profile.language_list and "B12" in partner.profile.area_list

    coordinator = membership("coordinator")
    reasons: set[str] = set()
    for ps in unallocated_referrals(coordinator.service)[:15]:
        found = matching.suggest(
            ps, candidates=scope.peer_workers_for_user(coordinator), partners=partners_for_user(coordinator)
        )
        reasons |= {
            r.text.split(":")[0].split(" ")[0] for s in found.workers + found.partners for r in s.reasons
        }
    assert {"Speaks", "Covers", "Offers", "Caseload", "Has", "Remit", "Supports"} <= reasons, reasons

    assert fathers_and_partners_waiting(coordinator.service).count() >= 1
    assert coordinator.service.wants_male_peer_worker_for_fathers
    assert Membership.objects.filter(
        service=coordinator.service, male=True, profile__supports_fathers=True
    ).exists()
    dashboard = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Fathers and partners waiting:" in dashboard

    start, end = default_period(timezone.localdate())
    assert any(t.any_under for t in equity_report(coordinator.service, start, end).tables)
    commissioner = User.objects.get(email="commissioner@alongside.example").memberships.get()
    assert "Under-represented" in client_for(commissioner).get(reverse("equity:report")).content.decode()
