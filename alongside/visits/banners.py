"""What must never be missed, on every page: safety concerns waiting and alerts for this person."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from alongside.accounts.rules import Perm, has_perm
from alongside.visits import notify
from alongside.wards import metrics as wards_metrics


def safety_banners(request: HttpRequest) -> list[dict[str, Any]]:
    membership = getattr(request, "membership", None)
    if membership is None or not request.user.is_authenticated:
        return []
    banners = []
    if has_perm(membership.role, Perm.HANDLE_ESCALATIONS):
        waiting = wards_metrics.open_escalations(membership.service).count()
        if waiting:
            text = f"{waiting} safety concern{'s' if waiting != 1 else ''} waiting for the clinical team"
            banners.append({"text": text, "href": reverse("wards:escalations")})
    alerts = len(notify.open_alerts_for(request.user, membership))
    if alerts:
        banners.append(
            {"text": f"{alerts} alert{'s' if alerts != 1 else ''} for you", "href": reverse("visits:alerts")}
        )
    return banners
