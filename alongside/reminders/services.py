"""Her reminder choices: saved for herself only, in one transaction, with the audit row (ADR 0049)."""

from django.db import transaction

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.reminders.models import DEFAULT_FREQUENCY, Choice, Frequency, Kind, kinds_for


def choices_for(user: User, kinds: list[Kind]) -> dict[str, str]:
    """How often she gets each of these kinds: her choice, or the default (weekly)."""
    chosen = dict(Choice.objects.filter(user=user).values_list("kind", "frequency"))
    return {kind.value: chosen.get(kind.value, DEFAULT_FREQUENCY.value) for kind in kinds}


def choices_save(*, actor: User, membership: Membership, frequencies: dict[str, str]) -> list[Choice]:
    """Save how often she wants each kind of reminder her roles have. A kind none of her roles has,
    or a frequency that is not one of the three, is refused and nothing is saved."""
    kinds = {kind.value for kind in kinds_for(Membership.active_for(actor))}
    for kind, frequency in frequencies.items():
        if kind not in kinds:
            raise refused(None, "There is no such reminder for your roles")
        if frequency not in Frequency.values:
            raise refused(kind, f"Choose how often you want: {Kind(kind).label.lower()}")
    with transaction.atomic():
        saved = [
            Choice.objects.update_or_create(user=actor, kind=kind, defaults={"frequency": frequency})[0]
            for kind, frequency in frequencies.items()
        ]
        audit.record(
            actor,
            "update",
            actor,
            membership=membership,
            summary="Email reminders: " + "; ".join(str(c) for c in saved),
        )
    return saved
