"""Notices of transitions on her pages (a Jinja global): her unseen ones, for the service she is
acting in, until she marks each seen. Used by the Today page and the co-ordinator's dashboard."""

from django.http import HttpRequest

from alongside.transitions.access import notices_for_user
from alongside.transitions.models import TransitionNotice

MOST = 20


def transition_notices(request: HttpRequest) -> list[TransitionNotice]:
    if not request.user.is_authenticated:
        return []
    return list(
        notices_for_user(request.user, getattr(request, "membership", None))
        .filter(seen_at__isnull=True)
        .select_related("transition__person", "transition__from_service", "transition__to_service")
        .order_by("-created_at", "-pk")[:MOST]
    )
