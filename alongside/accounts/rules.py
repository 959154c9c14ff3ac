"""Who may do what: every permission, named once, granted to roles here and nowhere else.

Views check a permission with @requires(...) (alongside.accounts.decorators); the scoped
helpers in alongside.access then decide *which* records the user sees.
"""

from enum import StrEnum

from alongside.organisations.models import Role


class Perm(StrEnum):
    REFER = "refer"  # create a referral (or record a self-referral)
    VIEW_PEOPLE = "view_people"  # person-level pages, scoped by alongside.access
    EDIT_PEOPLE = "edit_people"
    ALLOCATE = "allocate"  # allocate peer workers, see the unallocated queue
    CHANGE_STATUS = "change_status"  # pause, end, decline, defer a peer support relationship
    LOG_CONTACT = "log_contact"
    RUN_GROUPS = "run_groups"
    VIEW_DASHBOARD = "view_dashboard"  # the co-ordinator's service dashboard
    VIEW_AUDIT = "view_audit"
    VIEW_AGGREGATES = "view_aggregates"  # suppressed figures only, never a person


PERSON_LEVEL_ROLES = {
    Role.PEER_WORKER,
    Role.COORDINATOR,
    Role.CLINICIAN,
    Role.SERVICE_MANAGER,
    Role.ADMIN,
}

ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PEER_WORKER: frozenset({Perm.VIEW_PEOPLE, Perm.LOG_CONTACT, Perm.RUN_GROUPS, Perm.CHANGE_STATUS}),
    Role.COORDINATOR: frozenset(
        {
            Perm.REFER,
            Perm.VIEW_PEOPLE,
            Perm.EDIT_PEOPLE,
            Perm.ALLOCATE,
            Perm.CHANGE_STATUS,
            Perm.LOG_CONTACT,
            Perm.RUN_GROUPS,
            Perm.VIEW_DASHBOARD,
        }
    ),
    Role.CLINICIAN: frozenset({Perm.REFER, Perm.VIEW_PEOPLE, Perm.EDIT_PEOPLE, Perm.CHANGE_STATUS}),
    Role.SERVICE_MANAGER: frozenset(
        {Perm.VIEW_PEOPLE, Perm.VIEW_DASHBOARD, Perm.VIEW_AUDIT, Perm.VIEW_AGGREGATES}
    ),
    Role.COMMISSIONER: frozenset({Perm.VIEW_AGGREGATES}),
    Role.NATIONAL_REVIEWER: frozenset({Perm.VIEW_AGGREGATES}),
    Role.ADMIN: frozenset({Perm.VIEW_PEOPLE, Perm.VIEW_AUDIT, Perm.VIEW_DASHBOARD, Perm.VIEW_AGGREGATES}),
}


def has_perm(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in ROLE_PERMISSIONS.get(role, frozenset())
