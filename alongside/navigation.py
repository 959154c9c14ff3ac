"""What each role sees in the header: the service and role she is acting in, and her pages."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from alongside.accounts.rules import Perm, has_perm
from alongside.organisations.models import Role

# (permission or role, label, url name); the first that matches the path is current.
_ITEMS: list[tuple[Perm | Role, str, str]] = [
    (Role.PEER_WORKER, "Today", "support:today"),
    (Perm.VIEW_DASHBOARD, "Dashboard", "dashboard:coordinator"),
    (Perm.ALLOCATE, "Referrals", "support:unallocated"),
    (Perm.VIEW_PEOPLE, "People", "people:list"),
    (Perm.RUN_GROUPS, "Groups", "support:groups"),
    (Perm.REFER, "Refer someone", "support:refer"),
    (Perm.VIEW_AGGREGATES, "Summary", "dashboard:summary"),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    items = []
    for need, text, name in _ITEMS:
        allowed = membership.role == need if isinstance(need, Role) else has_perm(membership.role, need)
        if allowed:
            href = reverse(name)
            if name == "people:list" and membership.role == Role.PEER_WORKER:
                text = "My people"
            items.append({"href": href, "text": text, "active": request.path.startswith(href)})
    return items
