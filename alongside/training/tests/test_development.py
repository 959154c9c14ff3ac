"""Her development record (recommendations 6 and 14) and accredited training (recommendation 1):
the aggregate figures, and the writes that keep the record hers alone."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from alongside.organisations.models import Membership, Role
from alongside.training import metrics, services
from alongside.training.models import DevelopmentEntry, DevelopmentKind
from alongside.training.tests.conftest import SAFEGUARDING, days_ago, train
from conftest import make_member

pytestmark = pytest.mark.django_db


def develop(her: Membership, kind: str = DevelopmentKind.COURSE, **overrides: Any) -> DevelopmentEntry:
    details: dict[str, Any] = {"happened_on": days_ago(30), "title": "Perinatal peer support course"}
    details.update(overrides)
    return services.development_entry_save(actor=her.user, membership=her, kind=kind, **details)


def test_development_share_counts_peer_workers_with_an_entry_in_twelve_months(
    peer_worker: Membership, partner_peer_worker: Membership, coordinator: Membership
) -> None:
    service, today = peer_worker.service, timezone.localdate()
    make_member(service, Role.PEER_WORKER, "thirdpeer")
    assert metrics.development_share(service, today) == metrics.DevelopmentShare(0, 0, 3)
    develop(peer_worker)
    develop(peer_worker, DevelopmentKind.FACE_TO_FACE, title="Regional peer worker day")
    develop(partner_peer_worker, happened_on=days_ago(400))  # too long ago
    develop(coordinator)  # not a peer worker: not counted, in the numerator or the whole
    found = metrics.development_share(service, today)
    assert found == metrics.DevelopmentShare(1, 1, 3)
    assert found.percent == 33
    # A year ago today is outside the 12 months; the day after is inside.
    develop(partner_peer_worker, DevelopmentKind.NETWORKING, happened_on=metrics.add_months(today, -12))
    assert metrics.development_share(service, today).with_development == 1
    develop(
        partner_peer_worker,
        DevelopmentKind.NETWORKING,
        happened_on=metrics.add_months(today, -12) + dt.timedelta(days=1),
    )
    assert metrics.development_share(service, today) == metrics.DevelopmentShare(2, 1, 3)


def test_no_peer_workers_no_percent(coordinator: Membership) -> None:
    found = metrics.development_share(coordinator.service, timezone.localdate())
    assert (found.of, found.percent) == (0, None)
    assert metrics.accredited_share(coordinator.service, timezone.localdate()).percent is None


def test_accredited_share_counts_peer_workers_with_accredited_training(
    coordinator: Membership, peer_worker: Membership, partner_peer_worker: Membership, clinician: Membership
) -> None:
    service, today = peer_worker.service, timezone.localdate()
    train(coordinator, peer_worker, SAFEGUARDING, accredited=True)
    train(coordinator, partner_peer_worker, SAFEGUARDING, accredited=False)
    train(coordinator, clinician, SAFEGUARDING, accredited=True)  # not a peer worker
    found = metrics.accredited_share(service, today)
    assert found == metrics.AccreditedShare(1, 2)
    assert found.percent == 50
    assert metrics.accredited_share(service, days_ago(11)) == metrics.AccreditedShare(0, 2)  # not yet done


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "holiday"}, "kind"),
        ({"happened_on": timezone.localdate() + dt.timedelta(days=1)}, "happened_on"),
    ],
)
def test_bad_entries_are_refused(overrides: dict[str, Any], field: str, peer_worker: Membership) -> None:
    kind = overrides.pop("kind", DevelopmentKind.COURSE)
    with pytest.raises(ValidationError) as refusal:
        develop(peer_worker, kind, **overrides)
    assert field in refusal.value.error_dict
    assert not DevelopmentEntry.objects.exists()


def test_nobody_else_adds_to_or_changes_her_record(
    peer_worker: Membership, partner_peer_worker: Membership, coordinator: Membership, clinician: Membership
) -> None:
    entry = develop(peer_worker)
    for other in (partner_peer_worker, coordinator):
        with pytest.raises(ValidationError, match="yours"):
            services.development_entry_save(
                actor=other.user,
                membership=other,
                entry=entry,
                kind=DevelopmentKind.COURSE,
                happened_on=days_ago(1),
                title="Changed",
            )
        with pytest.raises(ValidationError, match="yours"):
            services.development_entry_delete(actor=other.user, membership=other, entry=entry)
    with pytest.raises(ValidationError, match="peer workers and co-ordinators"):
        develop(clinician)
    entry.refresh_from_db()
    assert entry.title == "Perinatal peer support course"
