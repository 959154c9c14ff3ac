"""What each role sees in the header: the service and role she is acting in, and her pages."""

from typing import Any

from django.http import HttpRequest
from django.urls import resolve, reverse

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE, Perm, has_perm
from alongside.organisations.models import Role

WARDS_ONLY = {"wards:shifts", "wards:ward", "wards:handovers"}
# Items left out for those who hold a permission: they reach the page from another of theirs
# (the service's own team reaches what commissioners see of its reviews from its grid).
NOT_FOR = {"grid:services": Perm.REFLECT_ON_GRID}

# (permission or role, label, url name), in the order they appear.
_ITEMS: list[tuple[Perm | Role, str, str]] = [
    (Role.PEER_WORKER, "Today", "home:today"),
    (Perm.VIEW_DASHBOARD, "Dashboard", "dashboard:coordinator"),
    (Perm.ALLOCATE, "Referrals", "support:unallocated"),
    (Perm.VIEW_PEOPLE, "People", "people:list"),
    (Perm.VIEW_PEOPLE, "Directory", "directory:search"),
    (Perm.WORK_SHIFTS, "Shifts", "wards:shifts"),
    (Perm.GIVE_BRIEFING, "Ward", "wards:ward"),
    (Perm.HANDLE_ESCALATIONS, "Safety concerns", "wards:escalations"),
    (Perm.PLAN_VISITS, "Visits", "visits:visits"),
    (Perm.RUN_GROUPS, "Groups", "support:groups"),
    (Perm.REFER, "Refer someone", "support:refer"),
    (Perm.VIEW_HANDOVERS, "Handovers", "wards:handovers"),
    (Perm.MANAGE_TEAM, "Team", "safety:team"),
    (Perm.MANAGE_TEAM, "Supervision", "workforce:team"),
    (Perm.MANAGE_TEAM, "Workforce", "workforce:overview"),
    (Role.PEER_WORKER, "My supervision", "workforce:mine"),
    (Role.PEER_WORKER, "My training", "training:mine"),
    (Role.PEER_WORKER, "My role", "workforce:role_mine"),
    (Role.PEER_WORKER, "What I offer", "timetable:offer"),
    (Role.PEER_WORKER, "My timetable", "timetable:mine"),
    (Role.LIGHT_TOUCH_VOLUNTEER, "What I offer", "timetable:offer"),
    (Role.LIGHT_TOUCH_VOLUNTEER, "My timetable", "timetable:mine"),
    (Role.CLINICIAN, "Supervision", "workforce:mine"),
    (Perm.MANAGE_TEAM, "Training", "training:team"),
    (Perm.MANAGE_TEAM, "Timetables", "timetable:team"),
    (Perm.MANAGE_RECRUITMENT, "Recruitment", "recruitment:list"),
    (Perm.PEER_NETWORK, "Peer network", "network:directory"),
    (Perm.VIEW_PARTNERS, "Partners", "partners:list"),
    (Perm.VIEW_EQUITY, "Equity", "equity:report"),
    (Perm.REFLECT_ON_GRID, "Principles", "grid:grid"),
    (Perm.REFLECT_ON_GRID, "Recommendations", "recommendations:service"),
    (Perm.VIEW_AGGREGATES, "Principles", "grid:services"),
    # Those without "My wellbeing" reach what colleagues share with them here.
    (Role.CLINICIAN, "Wellbeing shared with me", "wellbeing:wellbeing_shared"),
    (Role.SERVICE_MANAGER, "Wellbeing shared with me", "wellbeing:wellbeing_shared"),
    (Perm.VIEW_TRANSITIONS, "Transitions", "transitions:list"),
    (Perm.MANAGE_API_TOKENS, "API tokens", "transitions:tokens"),
    (Perm.LOG_CONTACT, "Stories", "outcomes:stories"),
    (Perm.VIEW_AGGREGATES, "Summary", "dashboard:summary"),
    (Perm.VIEW_AGGREGATES, "Recommendations by area", "recommendations:rollup"),
    (Role.NATIONAL_REVIEWER, "National picture", "national:overview"),
    (Role.COMMISSIONER, "Your ICB in England", "national:overview"),
    (Perm.VIEW_REPORTS, "Report", "reports:index"),
    # Exports (ADR 0048): those who may export people's records (alongside/exports/access.py).
    (Perm.MANAGE_TEAM, "Export", "exports:index"),
    (Role.PEER_WORKER, "Export", "exports:index"),
    (Role.CLINICIAN, "Export", "exports:index"),
    # Importing a service's records from a spreadsheet (ADR 0050): co-ordinators and managers.
    (Perm.MANAGE_TEAM, "Import", "imports:start"),
]


def nav_items(request: HttpRequest) -> list[dict[str, Any]]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return []
    items = []
    for need, text, name in _ITEMS:
        allowed = membership.role == need if isinstance(need, Role) else has_perm(membership.role, need)
        if name in WARDS_ONLY and not membership.service.has_wards:
            allowed = False
        if name in NOT_FOR and has_perm(membership.role, NOT_FOR[name]):
            allowed = False
        if allowed:
            href = reverse(name)
            if name == "people:list" and membership.role == Role.PEER_WORKER:
                text = "My people"
            items.append({"href": href, "text": text, "active": request.path.startswith(href)})
    if membership.role in PEER_SUPPORT_WORKFORCE:
        href = reverse("wellbeing:wellbeing")
        items.append({"href": href, "text": "My wellbeing", "active": request.path.startswith("/safety/me/")})
    return items


def may_open(request: HttpRequest, name: str, *args: Any) -> bool:
    """Whether the role she is acting in may open the page `name` (with `args`): the permission
    its view requires (@requires), and ward pages only in a service with wards. For a page to
    show a link only to those it would not refuse (issue 11)."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return False
    if name in WARDS_ONLY and not membership.service.has_wards:
        return False
    perm = getattr(resolve(reverse(name, args=args or None)).func, "required_perm", None)
    return perm is None or has_perm(membership.role, perm)
