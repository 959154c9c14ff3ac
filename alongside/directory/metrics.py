"""The directory's figures, each defined once (ADR 0004). Take signpostings already scoped by
alongside.directory.access, and return querysets."""

import datetime as dt

from django.db.models import QuerySet

from alongside.directory.models import Outcome, Signposting


def follow_ups_due(signpostings: QuerySet[Signposting], today: dt.date) -> QuerySet[Signposting]:
    """Signpostings whose "did she connect?" is due: never answered, or answered "not yet"."""
    return signpostings.filter(follow_up_on__lte=today).order_by("follow_up_on", "pk")


def went_nowhere(signpostings: QuerySet[Signposting]) -> QuerySet[Signposting]:
    """Signposts she did not take up: visible, so the directory and the way we use it can improve."""
    return signpostings.filter(outcome=Outcome.NO).order_by("-signposted_on", "-pk")
