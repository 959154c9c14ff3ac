"""Writes and scoped reads for the report's chosen quotes (ADR 0018). Views use only these."""

from collections.abc import Sequence

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.organisations.models import Membership
from alongside.outcomes import access as outcome_access
from alongside.reports.models import ReportQuote


def quotes_for_user(membership: Membership | None) -> QuerySet[ReportQuote]:
    """The quotes chosen for her service's report, of the stories she may see."""
    if membership is None:
        return ReportQuote.objects.none()
    return ReportQuote.objects.filter(
        service_id=membership.service_id, story__in=outcome_access.stories_for_user(membership)
    )


def quotes_choose(*, actor: User, membership: Membership, story_ids: Sequence[int]) -> list[ReportQuote]:
    """Replace the service's chosen quotes with these (already checked against consent by the form)."""
    with transaction.atomic():
        quotes_for_user(membership).delete()
        chosen = ReportQuote.objects.bulk_create(
            ReportQuote(
                service_id=membership.service_id, story_id=pk, chosen_by=actor, chosen_at=timezone.now()
            )
            for pk in story_ids
        )
        audit.record(
            actor, "update", membership.service, membership=membership, summary="chose report quotes"
        )
    return chosen
