"""Training fixtures: the root personas, and a way to record training through the real service."""

import datetime as dt
from typing import Any

from django.utils import timezone

from alongside.organisations.models import Membership
from alongside.training import services
from alongside.training.models import Module, TrainingRecord

SAFEGUARDING = "Safeguarding"
STAFF_SESSION = "The peer worker role (staff awareness session, about 45 minutes)"


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def module(name: str) -> Module:
    return Module.objects.get(name=name)


def train(
    by: Membership, who: Membership, name: str, on: dt.date | None = None, **extra: Any
) -> TrainingRecord:
    details: dict[str, Any] = {"provider": "Maternal Mental Health Alliance", "accredited": True}
    details.update(extra)
    return services.training_record(
        actor=by.user,
        membership=by,
        user=who.user,
        module=module(name),
        completed_on=on or days_ago(10),
        **details,
    )


def train_everything(by: Membership, who: Membership, on: dt.date | None = None) -> None:
    for m in Module.objects.filter(active=True, for_staff=False):
        train(by, who, m.name, on)


def form(name: str, **overrides: Any) -> dict[str, str]:
    """What the training form posts (prefixed), for the module called `name`."""
    data = {
        "form": "training",
        "training-module": str(module(name).pk),
        "training-completed_on": days_ago(1).isoformat(),
        "training-provider": "Action on Postpartum Psychosis",
        "training-accredited": "on",
        "training-evidence": "Certificate 1234",
    }
    data.update({f"training-{k}" if k != "form" else k: str(v) for k, v in overrides.items()})
    return data
