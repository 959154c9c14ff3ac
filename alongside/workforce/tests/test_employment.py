"""Her employment profile: who changes it, a band that exists, and the band 3 flag (recommendation 7)."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.organisations.models import Employment, Role
from alongside.support.tests.test_bad_input import assert_refused
from alongside.workforce import metrics, services
from alongside.workforce.models import ContractType, PayBand, Profile
from conftest import client_for, make_member


def employment(**overrides: Any) -> dict[str, str]:
    data = {
        "contract_type": "permanent",
        "started_on": "2024-09-02",
        "contract_ends_on": "",
        "hours_per_week": "22.5",
        "band": "4",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def set_band(by: Any, her: Any, band: str, **extra: Any) -> Profile:
    details: dict[str, Any] = {
        "contract_type": ContractType.PERMANENT,
        "contract_ends_on": None,
        "hours_per_week": Decimal(30),
        "started_on": None,
    }
    details.update(extra)
    return services.profile_employment_update(actor=by.user, membership=by, subject=her, band=band, **details)


def test_her_co_ordinator_records_her_contract_hours_and_band(coordinator: Any, peer_worker: Any) -> None:
    response = client_for(coordinator).post(
        reverse("workforce:employment", args=[peer_worker.pk]), employment()
    )
    assert response.status_code == 302
    profile = Profile.objects.get(membership=peer_worker)
    assert (profile.contract_type, profile.hours_per_week, profile.band) == (
        "permanent",
        Decimal("22.5"),
        "4",
    )
    assert profile.started_on == dt.date(2024, 9, 2)
    assert AuditLog.objects.filter(model="workforce.Profile", action="update").exists()
    page = client_for(peer_worker).get(reverse("workforce:role_mine")).content.decode()
    assert "Band 4" in page and "22.5" in page and "NHS-employed" in page


def test_a_service_manager_records_them_too(manager: Any, peer_worker: Any) -> None:
    client_for(manager).post(reverse("workforce:employment", args=[peer_worker.pk]), employment(band="3"))
    assert Profile.objects.get(membership=peer_worker).band == "3"


def test_the_page_shows_her_host_organisation_and_whether_she_is_a_co_ordinator(
    manager: Any, partner_peer_worker: Any, coordinator: Any
) -> None:
    page = (
        client_for(manager).get(reverse("workforce:member", args=[partner_peer_worker.pk])).content.decode()
    )
    assert "Approachable Parenting" in page
    page = client_for(manager).get(reverse("workforce:member", args=[coordinator.pk])).content.decode()
    assert "Peer support co-ordinator" in page


def test_nobody_changes_her_own_employment_details(coordinator: Any) -> None:
    response = client_for(coordinator).post(
        reverse("workforce:employment", args=[coordinator.pk]), employment()
    )
    assert response.status_code == 403
    assert "You cannot change your own employment details" in response.content.decode()
    assert not Profile.objects.exists()
    with pytest.raises(ValidationError, match="your own employment details"):
        set_band(coordinator, coordinator, "3")


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "admin_member", "commissioner"])
def test_those_who_do_not_manage_the_team_cannot_change_them(
    role: str, request: pytest.FixtureRequest, peer_worker: Any
) -> None:
    client = client_for(request.getfixturevalue(role))
    assert (
        client.post(reverse("workforce:employment", args=[peer_worker.pk]), employment()).status_code == 403
    )
    assert not Profile.objects.exists()


def test_a_co_ordinator_of_another_service_cannot_find_her(coordinator_other: Any, peer_worker: Any) -> None:
    client = client_for(coordinator_other)
    assert client.get(reverse("workforce:member", args=[peer_worker.pk])).status_code == 404
    assert (
        client.post(reverse("workforce:employment", args=[peer_worker.pk]), employment()).status_code == 404
    )
    assert not Profile.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"band": "1"}, "There is no Agenda for Change band “1”"),
        ({"band": "12"}, "There is no Agenda for Change band “12”"),
        ({"contract_ends_on": "2027-03-31"}, "A permanent contract has no end date"),
        (
            {"contract_type": "fixed_term", "contract_ends_on": "2024-01-01"},
            "The contract cannot end before she started",
        ),
        ({"hours_per_week": "60"}, "Enter hours a week between 0.5 and 48"),
        ({"hours_per_week": "lots"}, "Enter hours as a number"),
        ({"contract_type": "volunteer"}, "a volunteer agreement is for volunteers"),
        (
            {"started_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat()},
            "it cannot be in the future",
        ),
        ({"started_on": "2999-01-01"}, "Enter a date no later than"),  # ADR 0020's range
    ],
)
def test_bad_employment_details_are_refused_with_a_clear_message_and_save_nothing(
    overrides: dict[str, str], message: str, coordinator: Any, peer_worker: Any
) -> None:
    response = client_for(coordinator).post(
        reverse("workforce:employment", args=[peer_worker.pk]), employment(**overrides)
    )
    assert_refused(response, message)
    assert not Profile.objects.exists()


def test_a_band_that_does_not_exist_is_refused_by_the_service_too(coordinator: Any, peer_worker: Any) -> None:
    with pytest.raises(
        ValidationError, match="There is no Agenda for Change band “9z”: choose one of 2, 3, 4"
    ):
        set_band(coordinator, peer_worker, "9z")
    assert set_band(coordinator, peer_worker, "8A").band == "8a"  # tidied to the code as stored
    assert not Profile.objects.filter(band="9z").exists()


def test_a_volunteer_has_no_band(service: Any, coordinator: Any) -> None:
    volunteer = make_member(service, Role.PEER_WORKER, "volunteer", employment=Employment.VOLUNTEER)
    response = client_for(coordinator).post(
        reverse("workforce:employment", args=[volunteer.pk]), employment(contract_type="volunteer", band="3")
    )
    assert_refused(response, "A volunteer is not paid, so has no pay band")
    assert not Profile.objects.exists()
    response = client_for(coordinator).post(
        reverse("workforce:employment", args=[volunteer.pk]), employment(contract_type="permanent", band="")
    )
    assert_refused(response, "She is a volunteer: her agreement is a volunteer agreement")
    set_band(coordinator, volunteer, "", contract_type=ContractType.VOLUNTEER)
    assert Profile.objects.get(membership=volunteer).band == ""


# The band 3 flag (recommendation 7) ---------------------------------------------------------


def flagged(her: Any, on: dt.date | None = None) -> bool:
    her.refresh_from_db()
    profile = Profile.for_membership(her)
    return metrics.below_minimum_band(her, profile, PayBand.current(on or timezone.localdate()))


def test_a_paid_peer_worker_or_co_ordinator_below_band_3_is_flagged(
    coordinator: Any, manager: Any, peer_worker: Any
) -> None:
    set_band(coordinator, peer_worker, "2")
    set_band(manager, coordinator, "2")
    assert flagged(peer_worker) and flagged(coordinator)
    page = client_for(manager).get(reverse("workforce:overview")).content.decode()
    assert "Paid below band 3" in page and "Below it: Coordinator, Peer." in page


def test_band_3_and_above_are_not_flagged(
    coordinator: Any, partner_peer_worker: Any, peer_worker: Any
) -> None:
    set_band(coordinator, peer_worker, "3")
    set_band(coordinator, partner_peer_worker, "5", contract_type=ContractType.SUB_CONTRACT)
    assert not flagged(peer_worker) and not flagged(partner_peer_worker)


def test_a_volunteer_is_never_flagged(service: Any, coordinator: Any) -> None:
    volunteer = make_member(service, Role.PEER_WORKER, "volunteer", employment=Employment.VOLUNTEER)
    Profile.objects.create(membership=volunteer, band="2")  # as if written before the rule
    assert not flagged(volunteer)
    other = make_member(service, Role.PEER_WORKER, "agreement")
    Profile.objects.create(membership=other, contract_type=ContractType.VOLUNTEER, band="2")
    assert not flagged(other)


def test_roles_not_responsible_for_peer_support_are_not_flagged(clinician: Any) -> None:
    Profile.objects.create(membership=clinician, band="2")
    assert not flagged(clinician)


def test_the_flag_uses_the_bands_in_force_on_the_day(coordinator: Any, peer_worker: Any) -> None:
    set_band(coordinator, peer_worker, "2")
    today = timezone.localdate()
    # Suppose band 2 were merged into band 3 from tomorrow: it is flagged today, not after.
    PayBand.objects.create(
        code="2", position=3, annual_from=25000, annual_to=26000, effective_from=today + dt.timedelta(days=1)
    )
    assert flagged(peer_worker, today)
    assert not flagged(peer_worker, today + dt.timedelta(days=1))


def test_the_workforce_page_shows_each_band_in_use_with_its_pay_today(
    coordinator: Any, manager: Any, peer_worker: Any
) -> None:
    set_band(coordinator, peer_worker, "3")
    current = PayBand.current(timezone.localdate())["3"]
    page = client_for(manager).get(reverse("workforce:overview")).content.decode()
    assert f"£{current.annual_from:,} to £{current.annual_to:,} a year" in page


def test_headcount_is_by_employment_model_and_role(
    service: Any, coordinator: Any, peer_worker: Any, partner_peer_worker: Any, clinician: Any
) -> None:
    make_member(service, Role.PEER_WORKER, "volunteer", employment=Employment.VOLUNTEER)
    make_member(service, Role.LIGHT_TOUCH_VOLUNTEER, "helper", employment=Employment.VOLUNTEER)
    partner_peer_worker.employment = Employment.HOSTED
    partner_peer_worker.save()
    workforce = metrics.team_workforce(service, timezone.localdate())
    counts = {h.employment: h.by_role for h in workforce.headcount}
    assert counts["NHS-employed"] == {Role.PEER_WORKER: 1, Role.COORDINATOR: 1, Role.LIGHT_TOUCH_VOLUNTEER: 0}
    assert counts["Hosted by a third-sector organisation"][Role.PEER_WORKER] == 1
    assert counts["Volunteer"] == {Role.PEER_WORKER: 1, Role.COORDINATOR: 0, Role.LIGHT_TOUCH_VOLUNTEER: 1}
    assert sum(h.total for h in workforce.headcount) == 5  # the clinician is not counted


def test_paid_roles_without_a_band_are_counted(service: Any, coordinator: Any, peer_worker: Any) -> None:
    workforce = metrics.team_workforce(service, timezone.localdate())
    assert {r.membership for r in workforce.paid_without_band} == {coordinator, peer_worker}
