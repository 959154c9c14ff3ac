"""Writes for the recommendations: attestations. Each validates, runs in one transaction and is
audited; an attestation is never changed, a new one is added, so the history is kept."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import Perm, has_perm
from alongside.audit import services as audit
from alongside.lib import dates
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.recommendations import standings
from alongside.recommendations.measures import BY_NUMBER
from alongside.recommendations.models import Attestation

MOST_EVIDENCE = 4000


def attest(
    *,
    actor: User,
    membership: Membership,
    number: int,
    status: str,
    evidence: str,
    link: str,
    attested_on: dt.date,
) -> Attestation:
    """What the service says about a recommendation, with its evidence, as of a day."""
    if not has_perm(membership.role, Perm.MANAGE_TEAM):
        raise refused(None, "Only those who manage the team may attest for the service")
    if number not in BY_NUMBER:
        raise refused("number", "Choose one of the fourteen recommendations")
    if status not in Attestation.Status.values:
        raise refused("status", "Say whether the service meets it, partly meets it or does not")
    evidence = evidence.strip()
    if not evidence:
        raise refused("evidence", "Say what shows it")
    if len(evidence) > MOST_EVIDENCE:
        raise refused("evidence", f"Keep the evidence to {MOST_EVIDENCE} characters or fewer")
    link = link.strip()
    if link:
        try:
            URLValidator(schemes=["https", "http"])(link)
        except ValidationError:
            raise refused("link", "Enter a web address that starts with https://") from None
    if (reason := dates.problem(attested_on)) is not None:
        raise refused("attested_on", reason)
    if attested_on > timezone.localdate():
        raise refused("attested_on", "The date it was attested cannot be in the future")
    with transaction.atomic():
        attestation = Attestation.objects.create(
            service_id=membership.service_id,
            number=number,
            status=status,
            evidence=evidence,
            link=link,
            attested_on=attested_on,
            attested_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(
            actor, "create", attestation, membership=membership, summary=f"Attested recommendation {number}"
        )
        # The roll-up reads standings: it shows this attestation from now, not from tomorrow's.
        standings.take(membership.service, timezone.localdate())
    return attestation
