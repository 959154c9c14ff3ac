"""Notices of transitions on her pages (a Jinja global): her unseen ones, for the service she is
acting in, until she marks each seen. Used by the Today page and the co-ordinator's dashboard.
Each name a notice shows is a look at that person, so it goes on her audit trail (ADR 0021)."""

from django.http import HttpRequest

from alongside.audit import services as audit
from alongside.transitions.access import notices_for_user
from alongside.transitions.models import TransitionNotice

MOST = 20


def transition_notices(request: HttpRequest) -> list[TransitionNotice]:
    if not request.user.is_authenticated:
        return []
    notices = list(
        notices_for_user(request.user, getattr(request, "membership", None))
        .filter(seen_at__isnull=True)
        .select_related("transition__person", "transition__from_service", "transition__to_service")
        .order_by("-created_at", "-pk")[:MOST]
    )
    audit.record_people_seen(
        request, (n.transition.person_id for n in notices), summary="In a notice of a transition"
    )
    return notices
