"""Role drift: her hours on duties that are not peer support, as a share of her contracted hours
over the last four weeks, flagged above the service's threshold (default 20%)."""

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.support.tests.test_bad_input import assert_refused
from alongside.workforce import metrics, services
from alongside.workforce.models import DutyKind, NonPeerDuty, Profile, WorkforceSettings
from alongside.workforce.tests.conftest import days_ago, supervise
from conftest import DaysFromToday, client_for


def contracted(her: Any, hours: str, started: dt.date | None = None) -> None:
    Profile.objects.update_or_create(
        membership=her, defaults={"hours_per_week": Decimal(hours), "started_on": started}
    )


def log(by: Any, her: Any, hours: str, ago: int = 1, **extra: Any) -> NonPeerDuty:
    details: dict[str, Any] = {"kind": DutyKind.HEALTHCARE_ASSISTANT, "chosen": False}
    details.update(extra)
    return services.non_peer_duty_log(
        actor=by.user, membership=by, subject=her, done_on=days_ago(ago), hours=Decimal(hours), **details
    )


def drift(her: Any) -> metrics.Drift:
    her.refresh_from_db()
    return metrics.drift_for(her, timezone.localdate())


def test_the_share_is_her_hours_on_other_duties_over_her_contracted_hours(
    coordinator: Any, peer_worker: Any
) -> None:
    contracted(peer_worker, "30")  # 30 hours a week: 120 hours over four weeks
    log(peer_worker, peer_worker, "6", ago=2)
    log(coordinator, peer_worker, "6", ago=20, kind=DutyKind.ADMIN_COVER, chosen=True)
    found = drift(peer_worker)
    assert found.contracted == 120 and found.hours == 12 and found.chosen_hours == 6
    assert found.share == Fraction(1, 10) and found.percent_label == "10%" and not found.flagged


def test_exactly_the_threshold_is_not_flagged_and_above_it_is(coordinator: Any, peer_worker: Any) -> None:
    contracted(peer_worker, "30")
    log(coordinator, peer_worker, "24")
    assert drift(peer_worker).percent == 20 and not drift(peer_worker).flagged
    log(coordinator, peer_worker, "0.1", ago=3)
    assert drift(peer_worker).flagged and drift(peer_worker).percent_label == "20.1%"


def test_the_threshold_is_the_services_choice(coordinator: Any, peer_worker: Any, service: Any) -> None:
    contracted(peer_worker, "30")
    log(coordinator, peer_worker, "15")  # 12.5%
    assert not drift(peer_worker).flagged
    response = client_for(coordinator).post(reverse("workforce:drift_settings"), {"role_drift_percent": "10"})
    assert response.status_code == 302
    assert WorkforceSettings.objects.get(service=service).role_drift_percent == 10
    assert drift(peer_worker).flagged and drift(peer_worker).threshold == 10


def test_the_default_threshold_is_20_percent(service: Any) -> None:
    assert WorkforceSettings.for_service(service).role_drift_percent == 20


@pytest.mark.parametrize(
    ("value", "message"), [("0", "from 1 to 100"), ("150", "from 1 to 100"), ("a fifth", "whole number")]
)
def test_a_threshold_outside_1_to_100_is_refused(value: str, message: str, coordinator: Any) -> None:
    response = client_for(coordinator).post(
        reverse("workforce:drift_settings"), {"role_drift_percent": value}
    )
    assert_refused(response, message)
    assert not WorkforceSettings.objects.exists()


def test_only_the_last_four_weeks_count(coordinator: Any, peer_worker: Any) -> None:
    contracted(peer_worker, "10")
    log(coordinator, peer_worker, "8", ago=27)  # the first of the 28 days
    log(coordinator, peer_worker, "20", ago=28)  # the day before
    assert drift(peer_worker).hours == 8 and drift(peer_worker).share == Fraction(8, 40)


def test_contracted_hours_count_from_when_she_started(coordinator: Any, peer_worker: Any) -> None:
    contracted(peer_worker, "35", started=days_ago(6))  # one week: 35 hours
    log(coordinator, peer_worker, "7")
    assert drift(peer_worker).contracted == 35 and drift(peer_worker).percent == 20


def test_without_contracted_hours_there_is_no_share_and_no_flag(coordinator: Any, peer_worker: Any) -> None:
    log(coordinator, peer_worker, "7.5")
    found = drift(peer_worker)
    assert found.share is None and not found.flagged and found.percent_label.startswith("Not known")


def test_it_shows_on_her_supervision_and_on_the_workforce_page(
    coordinator: Any, manager: Any, peer_worker: Any
) -> None:
    contracted(peer_worker, "20")
    log(coordinator, peer_worker, "20")
    log(coordinator, peer_worker, "20", ago=2)  # 50% of 80 hours
    session = supervise(coordinator, peer_worker)
    for who in (coordinator, peer_worker):
        page = client_for(who).get(reverse("workforce:detail", args=[session.pk])).content.decode()
        assert "50%" in page and "Role drift" in page, who
    page = client_for(manager).get(reverse("workforce:overview")).content.decode()
    assert "duties that are not peer support: Peer." in page


def test_she_logs_her_own_time_and_her_co_ordinator_logs_it_too(coordinator: Any, peer_worker: Any) -> None:
    data = {"done_on": days_ago(1).isoformat(), "hours": "2.5", "kind": "ot_assistant", "chosen": "no"}
    assert client_for(peer_worker).post(reverse("workforce:duty_mine"), data).status_code == 302
    assert (
        client_for(coordinator).post(reverse("workforce:duty", args=[peer_worker.pk]), data).status_code
        == 302
    )
    assert [d.logged_by for d in NonPeerDuty.objects.order_by("pk")] == [peer_worker.user, coordinator.user]


@pytest.mark.parametrize("role", ["manager", "admin_member", "clinician"])
def test_nobody_else_logs_her_time(role: str, request: pytest.FixtureRequest, peer_worker: Any) -> None:
    data = {"done_on": days_ago(1).isoformat(), "hours": "2", "kind": "ot_assistant", "chosen": "no"}
    response = client_for(request.getfixturevalue(role)).post(
        reverse("workforce:duty", args=[peer_worker.pk]), data
    )
    assert response.status_code == 403 and not NonPeerDuty.objects.exists()
    with pytest.raises(ValidationError, match="Only she or her co-ordinator"):
        log(request.getfixturevalue(role), peer_worker, "2")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"done_on": DaysFromToday(1)}, "the date cannot be in the future"),
        ({"hours": "0"}, "Enter hours between 0.1 and 24"),
        ({"hours": "25"}, "Enter hours between 0.1 and 24"),
        ({"kind": "other"}, "Say what the duty was"),
        ({"kind": "involvement_lead", "chosen": "yes"}, "by her own choice is part of her role"),
        ({"chosen": ""}, "This field is required"),
    ],
)
def test_bad_time_is_refused_and_saves_nothing(
    overrides: dict[str, str], message: str, peer_worker: Any
) -> None:
    data = {
        "done_on": days_ago(1).isoformat(),
        "hours": "2",
        "kind": "ot_assistant",
        "chosen": "no",
        **overrides,
    }
    assert_refused(client_for(peer_worker).post(reverse("workforce:duty_mine"), data), message)
    assert not NonPeerDuty.objects.exists()
