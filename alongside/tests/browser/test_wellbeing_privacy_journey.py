"""Her wellbeing at the departure debrief, on her phone: nobody chosen for her, and "I'd rather
not say" there to choose, even after she has chosen another answer (issue 11)."""

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from alongside.accounts.models import User
from alongside.organisations.models import ICB, Membership, Organisation, Region, Role, Service
from alongside.tests.browser.browsing import PHONE, Visitor
from alongside.wards.models import Shift
from alongside.wellbeing.models import WellbeingCheckIn

pytestmark = pytest.mark.browser


def member(service: Service, role: str, name: str) -> Any:
    user = User.objects.create_user(username=name, email=f"{name}@test.example", first_name=name.title())
    Membership.objects.create(user=user, service=service, role=role)
    return user


def test_at_the_debrief_she_changes_her_mind_to_id_rather_not_say_and_nothing_is_kept_or_shared(
    visit: Callable[..., Visitor], site: str
) -> None:
    icb = ICB.objects.create(name="NHS Test ICB", region=Region.objects.create(name="Test region"))
    trust = Organisation.objects.create(name="Test Trust", kind=Organisation.Kind.NHS_TRUST)
    mbu = Service.objects.create(
        name="Test Mother and Baby Unit", kind=Service.Kind.MBU, trust=trust, icb=icb
    )
    her = member(mbu, Role.PEER_WORKER, "emma")
    supervisor = member(mbu, Role.COORDINATOR, "claire")
    WellbeingCheckIn.objects.create(
        peer_worker=her, shared_with=supervisor, recorded_at=timezone.now(), feeling="low"
    )  # last time, she chose to share one: this time nothing is chosen for her
    Shift.objects.create(peer_worker=her, service=mbu, started_at=timezone.now())

    v = visit(viewport=PHONE)
    v.login_as(her)
    v.go("/safety/shifts/")
    v.page.get_by_role("button", name="Sign out").tap()
    v.sees("Sign out: departure debrief")
    share = v.page.get_by_label("Share this with (optional)")
    expect(share.locator("option:checked")).to_have_text("Nobody: keep it to myself")
    rather_not = v.page.get_by_label("I'd rather not say")
    expect(rather_not).to_be_visible()
    expect(rather_not).not_to_be_checked()
    v.screenshot("debrief-wellbeing")

    v.page.get_by_label("I'm finding it hard").check()
    rather_not.check()  # she changes her mind: a radio she can always go back to
    expect(v.page.get_by_label("I'm finding it hard")).not_to_be_checked()
    v.page.get_by_label("I have no concerns for anyone's safety").check()
    v.page.get_by_role("button", name="Sign out").tap()
    v.sees("Ward shifts")
    assert WellbeingCheckIn.objects.filter(peer_worker=her).count() == 1, "nothing kept of today"

    v.go("/safety/me/wellbeing/")
    expect(v.page.get_by_text(f"{supervisor}: 1 check-in I chose to share with them")).to_be_visible()
    v.screenshot("my-wellbeing")
