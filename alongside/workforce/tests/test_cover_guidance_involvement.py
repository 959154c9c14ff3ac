"""Co-ordinator cover, supervision guidance and the involvement log (ADR 0038): the metrics other
pages call, and the writes behind them."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.organisations.models import Membership, Role, Service
from alongside.workforce import metrics, services
from alongside.workforce.models import DutyKind, InvolvementPart, NonPeerDuty, WorkforceSettings
from alongside.workforce.tests.conftest import days_ago
from conftest import make_member

pytestmark = pytest.mark.django_db


def share(by: Membership, from_service: Service, started_on: dt.date, **extra: Any) -> Any:
    return services.shared_coordinator_start(
        actor=by.user, membership=by, from_service=from_service, started_on=started_on, **extra
    )


def guidance(by: Membership, co_produced_by: list[Any], **overrides: Any) -> Any:
    details: dict[str, Any] = {
        "nhs_supervision_days": 28,
        "nhs_with": "The co-ordinator or a clinical psychologist",
        "peer_supervision_days": 14,
        "peer_with": "A peer worker from the charity that hosts her",
        "covers": "Her wellbeing, her caseload, boundaries, training needs",
        "agreed_on": days_ago(5),
    }
    details.update(overrides)
    return services.guidance_record(actor=by.user, membership=by, co_produced_by=co_produced_by, **details)


# Co-ordinator cover (recommendation 9) ----------------------------------------------------------


def test_a_service_with_an_active_coordinator_has_its_own(coordinator: Membership, service: Service) -> None:
    assert metrics.coordinator_cover(service, timezone.localdate()) == metrics.Cover("own", None)


def test_without_one_and_nothing_recorded_there_is_none(manager: Membership, service: Service) -> None:
    cover = metrics.coordinator_cover(service, timezone.localdate())
    assert cover == metrics.Cover("none", None)
    assert cover.label == "none"


def test_a_recorded_arrangement_is_shared_while_in_force(
    manager: Membership, service: Service, coordinator_other: Membership, other_service: Service
) -> None:
    arrangement = share(manager, other_service, days_ago(30))
    assert metrics.coordinator_cover(service, days_ago(31)).kind == "none"
    cover = metrics.coordinator_cover(service, days_ago(30))
    assert cover == metrics.Cover("shared", other_service.name)
    assert cover.label == f"shared with {other_service.name}"
    services.shared_coordinator_end(
        actor=manager.user, membership=manager, shared=arrangement, ended_on=days_ago(2)
    )
    assert metrics.coordinator_cover(service, days_ago(2)).kind == "shared"
    assert metrics.coordinator_cover(service, days_ago(1)).kind == "none"


def test_her_own_coordinator_wins_over_a_recorded_arrangement(
    manager: Membership, service: Service, coordinator_other: Membership, other_service: Service
) -> None:
    share(manager, other_service, days_ago(30))
    make_member(service, Role.COORDINATOR, "newcoordinator")
    assert metrics.coordinator_cover(service, timezone.localdate()).kind == "own"


def test_an_inactive_coordinator_is_not_cover(coordinator: Membership, service: Service) -> None:
    coordinator.active = False
    coordinator.save()
    assert metrics.coordinator_cover(service, timezone.localdate()).kind == "none"


def test_a_new_arrangement_ends_the_one_in_force(
    manager: Membership, coordinator_other: Membership, other_service: Service
) -> None:
    third = Service.objects.create(
        name="Preston Community Perinatal Team",
        kind=Service.Kind.COMMUNITY_PERINATAL,
        trust=other_service.trust,
        icb=other_service.icb,
    )
    first = share(manager, other_service, days_ago(60))
    make_member(third, Role.COORDINATOR, "thirdcoordinator")
    share(manager, third, days_ago(10))
    first.refresh_from_db()
    assert first.ended_on == days_ago(11)
    assert metrics.coordinator_cover(manager.service, days_ago(20)).shared_from == other_service.name
    assert metrics.coordinator_cover(manager.service, days_ago(10)).shared_from == third.name


@pytest.mark.parametrize(
    "case, field",
    [("itself", "from_service"), ("no_coordinator", "from_service"), ("peer_worker", None)],
)
def test_sharing_is_refused_for_bad_input(
    case: str,
    field: str | None,
    manager: Membership,
    peer_worker: Membership,
    service: Service,
    other_service: Service,
) -> None:
    by = peer_worker if case == "peer_worker" else manager
    source = service if case == "itself" else other_service
    with pytest.raises(ValidationError) as refusal:
        share(by, source, days_ago(1))
    if field is not None:
        assert field in refusal.value.error_dict
    else:
        assert "co-ordinator or service manager" in str(refusal.value)
    assert metrics.coordinator_cover(service, timezone.localdate()).kind == "none"


# Supervision guidance (recommendation 3) --------------------------------------------------------


def test_the_guidance_in_force_is_the_latest_agreed_by_that_day(
    coordinator: Membership, peer_worker: Membership, service: Service
) -> None:
    assert metrics.supervision_guidance(service, timezone.localdate()) is None
    old = guidance(coordinator, [peer_worker.user], agreed_on=days_ago(100))
    new = guidance(coordinator, [peer_worker.user], agreed_on=days_ago(10), nhs_supervision_days=21)
    assert metrics.supervision_guidance(service, days_ago(101)) is None
    assert metrics.supervision_guidance(service, days_ago(50)) == old
    assert metrics.supervision_guidance(service, days_ago(10)) == new
    assert list(new.co_produced_by.all()) == [peer_worker.user]


def test_saving_it_sets_the_intervals_the_figures_are_judged_against(
    coordinator: Membership, peer_worker: Membership, service: Service
) -> None:
    guidance(coordinator, [peer_worker.user], nhs_supervision_days=21, peer_supervision_days=42)
    saved = WorkforceSettings.for_service(service)
    assert (saved.nhs_supervision_days, saved.peer_supervision_days) == (21, 42)
    # An older version recorded later is kept, but does not change what is in force.
    guidance(coordinator, [peer_worker.user], agreed_on=days_ago(400), nhs_supervision_days=60)
    assert WorkforceSettings.for_service(service).nhs_supervision_days == 21


def test_the_figures_follow_the_guidance(
    coordinator: Membership, peer_worker: Membership, service: Service
) -> None:
    from alongside.workforce.tests.conftest import supervise

    supervise(coordinator, peer_worker, held_on=days_ago(20))
    today = timezone.localdate()
    guidance(coordinator, [peer_worker.user], nhs_supervision_days=14)
    assert metrics.supervision_for(service, [peer_worker.user_id], today)[peer_worker.user_id].nhs.overdue
    guidance(coordinator, [peer_worker.user], nhs_supervision_days=28)
    assert not metrics.supervision_for(service, [peer_worker.user_id], today)[peer_worker.user_id].nhs.overdue


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"co_produced_by": []}, "co_produced_by"),
        ({"nhs_supervision_days": 3}, "nhs_supervision_days"),
        ({"peer_supervision_days": 400}, "peer_supervision_days"),
        ({"covers": "  "}, "covers"),
        ({"nhs_with": ""}, "nhs_with"),
        ({"agreed_on": timezone.localdate() + dt.timedelta(days=1)}, "agreed_on"),
    ],
)
def test_guidance_is_refused_for_bad_input(
    overrides: dict[str, Any], field: str, coordinator: Membership, peer_worker: Membership, service: Service
) -> None:
    co = overrides.pop("co_produced_by", [peer_worker.user])
    with pytest.raises(ValidationError) as refusal:
        guidance(coordinator, co, **overrides)
    assert field in refusal.value.error_dict
    assert metrics.supervision_guidance(service, timezone.localdate()) is None
    assert WorkforceSettings.for_service(service).pk is None


def test_guidance_must_be_co_produced_by_the_services_own_peer_workers(
    coordinator: Membership, peer_worker_other: Membership, clinician: Membership
) -> None:
    for outsider in (peer_worker_other.user, clinician.user):
        with pytest.raises(ValidationError, match="not a peer worker"):
            guidance(coordinator, [outsider])


def test_a_peer_worker_cannot_record_guidance(peer_worker: Membership) -> None:
    with pytest.raises(ValidationError, match="co-ordinator or service manager"):
        guidance(peer_worker, [peer_worker.user])


# Involvement in service design (principle 4) ----------------------------------------------------


def involve(by: Membership, parts: list[tuple[Membership, bool, str]], **overrides: Any) -> Any:
    details: dict[str, Any] = {"held_on": days_ago(3), "shaped": "The leaflet for new mothers", "mothers": 2}
    details.update(overrides)
    return services.involvement_record(
        actor=by.user, membership=by, parts=[(m, c, Decimal(h)) for m, c, h in parts], **details
    )


def test_involvement_is_counted_in_its_period(coordinator: Membership, peer_worker: Membership) -> None:
    service = coordinator.service
    involve(coordinator, [(peer_worker, True, "2")], held_on=days_ago(40))
    involve(coordinator, [], held_on=days_ago(3))
    assert metrics.involvement_count(service, days_ago(30), timezone.localdate()) == 1
    assert metrics.involvement_count(service, days_ago(40), timezone.localdate()) == 2
    assert metrics.involvement_count(service, days_ago(2), timezone.localdate()) == 0


def test_a_part_she_did_not_choose_is_role_drift_counted_once(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    today = timezone.localdate()
    before = metrics.drift_for(peer_worker, today)
    involvement = involve(coordinator, [(peer_worker, False, "3"), (partner_peer_worker, True, "2")])
    after = metrics.drift_for(peer_worker, today)
    assert after.hours - before.hours == Decimal(3)
    assert after.unchosen_hours - before.unchosen_hours == Decimal(3)
    assert metrics.drift_for(partner_peer_worker, today).hours == 0  # she chose it: her role
    duty = NonPeerDuty.objects.get(membership=peer_worker)
    assert (duty.kind, duty.chosen, duty.hours) == (DutyKind.INVOLVEMENT_LEAD, False, Decimal(3))
    assert InvolvementPart.objects.get(involvement=involvement, membership=peer_worker).duty == duty


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"shaped": " "}, "shaped"),
        ({"mothers": -1}, "mothers"),
        ({"mothers": 0, "parts": []}, "mothers"),
        ({"held_on": timezone.localdate() + dt.timedelta(days=2)}, "held_on"),
        ({"hours": "0"}, "peer_workers"),
        ({"hours": "25"}, "peer_workers"),
    ],
)
def test_involvement_is_refused_for_bad_input(
    overrides: dict[str, Any], field: str, coordinator: Membership, peer_worker: Membership
) -> None:
    hours = overrides.pop("hours", "2")
    parts = overrides.pop("parts", [(peer_worker, False, hours)])
    with pytest.raises(ValidationError) as refusal:
        involve(coordinator, parts, **overrides)
    assert field in refusal.value.error_dict
    assert metrics.involvement_count(coordinator.service, days_ago(400), timezone.localdate()) == 0
    assert not NonPeerDuty.objects.exists()


def test_involvement_names_only_the_services_peer_workers(
    coordinator: Membership, peer_worker_other: Membership, clinician: Membership, peer_worker: Membership
) -> None:
    for outsider in (peer_worker_other, clinician):
        with pytest.raises(ValidationError, match="not a peer worker"):
            involve(coordinator, [(outsider, True, "1")])
    with pytest.raises(ValidationError, match="co-ordinator or service manager"):
        involve(peer_worker, [(peer_worker, True, "1")])
    assert metrics.involvement_count(coordinator.service, days_ago(400), timezone.localdate()) == 0
