"""Who may do what: every permission, named once, granted to roles here and nowhere else.

Views check a permission with @requires(...) (alongside.accounts.decorators); the scoped
helpers in each app's access.py then decide *which* records the user sees.
"""

from enum import StrEnum

from alongside.organisations.models import Role


class Perm(StrEnum):
    REFER = "refer"  # create a referral (or record a self-referral)
    VIEW_PEOPLE = "view_people"  # person-level pages, scoped by the apps' access helpers
    EDIT_PEOPLE = "edit_people"
    ALLOCATE = "allocate"  # allocate peer workers, see the unallocated queue
    CHANGE_STATUS = "change_status"  # pause, end, decline, defer a peer support relationship
    LOG_CONTACT = "log_contact"
    RUN_GROUPS = "run_groups"
    VIEW_DASHBOARD = "view_dashboard"  # the co-ordinator's service dashboard
    VIEW_AUDIT = "view_audit"
    VIEW_AGGREGATES = "view_aggregates"  # suppressed figures only, never a person
    WORK_SHIFTS = "work_shifts"  # sign in and out of ward shifts, with handovers
    GIVE_BRIEFING = "give_briefing"  # ward staff: arrival briefings
    HANDLE_ESCALATIONS = "handle_escalations"  # read and acknowledge safety concerns
    VIEW_HANDOVERS = "view_handovers"  # handover compliance for the service
    PLAN_VISITS = "plan_visits"  # visits and meetings, with lone-working check-in and out
    CONFIRM_SAFE = "confirm_safe"  # clear a lone-working alert by recording she is safe
    MANAGE_TEAM = "manage_team"  # onboard peer workers, move a volunteer to the full role
    AGREE_GROUND_RULES = "agree_ground_rules"
    VIEW_TRANSITIONS = "view_transitions"  # the Transitions page: arrivals, lapsed support, continuity
    RECORD_TRANSITIONS = "record_transitions"  # record an admission, discharge or transfer
    ACCEPT_TRANSFERS = "accept_transfers"  # accept or decline someone arriving from another service
    MANAGE_API_TOKENS = "manage_api_tokens"  # tokens for the clinical-systems API
    MANAGE_RECRUITMENT = "manage_recruitment"  # vacancies, selection panels and candidates
    PEER_NETWORK = "peer_network"  # the directory of peer workers across services, and its groups
    KEEP_TIMETABLE = "keep_timetable"  # what she offers, her weekly timetable and calendar feed
    VIEW_PARTNERS = "view_partners"  # the service's third-sector partners and their remits
    MANAGE_PARTNERS = "manage_partners"  # edit a partner's remit; the service's wish for a male peer worker
    VIEW_EQUITY = "view_equity"  # who is referred and reached against the local population, suppressed
    EDIT_POPULATION = "edit_population"  # the service's local population shares, for the equity view
    VIEW_REPORTS = "view_reports"  # the commissioner's report: aggregates, suppressed
    EXPORT_PERSON = "export_person"  # subject access: everything held about her, as PDF and JSON
    ERASE_PERSON = "erase_person"  # erase her record on her valid request, confirmed and audited
    SUPERVISE = "supervise"  # give a peer worker supervision; be chosen to read a check-in she shares
    TAKE_CURRICULUM = "take_curriculum"  # the peer support curriculum is hers to complete
    SIT_ON_PANELS = "sit_on_panels"  # sit on a selection panel for a peer support vacancy
    REFLECT_ON_GRID = "reflect_on_grid"  # the self-reflective grid: the principles, practice by practice


ROLE_PERMISSIONS: dict[str, frozenset[Perm]] = {
    Role.PEER_WORKER: frozenset(
        {
            Perm.VIEW_PEOPLE,
            Perm.REFLECT_ON_GRID,
            Perm.LOG_CONTACT,
            Perm.RUN_GROUPS,
            Perm.CHANGE_STATUS,
            Perm.WORK_SHIFTS,
            Perm.PLAN_VISITS,
            Perm.AGREE_GROUND_RULES,
            Perm.PEER_NETWORK,
            Perm.KEEP_TIMETABLE,
            Perm.TAKE_CURRICULUM,
            Perm.SIT_ON_PANELS,
        }
    ),
    # A light-touch volunteer helps (say, at a coffee morning) and sees no one's record.
    Role.LIGHT_TOUCH_VOLUNTEER: frozenset({Perm.KEEP_TIMETABLE, Perm.SIT_ON_PANELS}),
    Role.COORDINATOR: frozenset(
        {
            Perm.VIEW_REPORTS,
            Perm.REFER,
            Perm.VIEW_PEOPLE,
            Perm.REFLECT_ON_GRID,
            Perm.EDIT_PEOPLE,
            Perm.ALLOCATE,
            Perm.VIEW_TRANSITIONS,
            Perm.RECORD_TRANSITIONS,
            Perm.ACCEPT_TRANSFERS,
            Perm.CHANGE_STATUS,
            Perm.LOG_CONTACT,
            Perm.RUN_GROUPS,
            Perm.VIEW_DASHBOARD,
            Perm.WORK_SHIFTS,
            Perm.VIEW_HANDOVERS,
            Perm.PLAN_VISITS,
            Perm.CONFIRM_SAFE,
            Perm.MANAGE_TEAM,
            Perm.AGREE_GROUND_RULES,
            Perm.MANAGE_RECRUITMENT,
            Perm.PEER_NETWORK,
            Perm.KEEP_TIMETABLE,
            Perm.VIEW_PARTNERS,
            Perm.MANAGE_PARTNERS,
            Perm.VIEW_EQUITY,
            Perm.EDIT_POPULATION,
            Perm.SUPERVISE,
            Perm.SIT_ON_PANELS,
        }
    ),
    Role.CLINICIAN: frozenset(
        {
            Perm.REFER,
            Perm.VIEW_PEOPLE,
            Perm.REFLECT_ON_GRID,
            Perm.EDIT_PEOPLE,
            Perm.CHANGE_STATUS,
            Perm.GIVE_BRIEFING,
            Perm.VIEW_TRANSITIONS,
            Perm.RECORD_TRANSITIONS,
            Perm.HANDLE_ESCALATIONS,
            Perm.SUPERVISE,
            Perm.SIT_ON_PANELS,
        }
    ),
    Role.SERVICE_MANAGER: frozenset(
        {
            Perm.VIEW_REPORTS,
            Perm.VIEW_PEOPLE,
            Perm.REFLECT_ON_GRID,
            Perm.VIEW_DASHBOARD,
            Perm.VIEW_AUDIT,
            Perm.MANAGE_API_TOKENS,
            Perm.VIEW_TRANSITIONS,
            Perm.VIEW_AGGREGATES,
            Perm.HANDLE_ESCALATIONS,
            Perm.VIEW_HANDOVERS,
            Perm.CONFIRM_SAFE,
            Perm.MANAGE_TEAM,
            Perm.MANAGE_RECRUITMENT,
            Perm.VIEW_PARTNERS,
            Perm.MANAGE_PARTNERS,
            Perm.VIEW_EQUITY,
            Perm.EDIT_POPULATION,
            Perm.EXPORT_PERSON,
            Perm.ERASE_PERSON,
            Perm.SUPERVISE,
            Perm.SIT_ON_PANELS,
        }
    ),
    Role.COMMISSIONER: frozenset({Perm.VIEW_AGGREGATES, Perm.VIEW_EQUITY, Perm.VIEW_REPORTS}),
    Role.NATIONAL_REVIEWER: frozenset({Perm.VIEW_AGGREGATES, Perm.VIEW_EQUITY, Perm.VIEW_REPORTS}),
    Role.ADMIN: frozenset(
        {
            Perm.VIEW_PEOPLE,
            Perm.REFLECT_ON_GRID,
            Perm.VIEW_AUDIT,
            Perm.VIEW_DASHBOARD,
            Perm.VIEW_AGGREGATES,
            Perm.VIEW_TRANSITIONS,
            Perm.VIEW_PARTNERS,
            Perm.MANAGE_PARTNERS,
        }
    ),
}


def has_perm(role: str | None, perm: Perm) -> bool:
    return role is not None and perm in ROLE_PERMISSIONS.get(role, frozenset())


def roles_with(*perms: Perm) -> tuple[str, ...]:
    """Every role granted all of these permissions, in the order Role declares them."""
    wanted = set(perms)
    return tuple(role for role in Role if wanted <= ROLE_PERMISSIONS.get(role, frozenset()))


# The groups of roles the code asks about, each derived from the table above and named once:
# who they are is what they may do. No other module lists roles (alongside/tests/test_roles.py).

# The service's staff, who may see people: never a commissioner or national reviewer.
PERSON_LEVEL_ROLES = roles_with(Perm.VIEW_PEOPLE)
# Roles that see suppressed aggregates and nothing else: no person, and no member of staff
# either (not her wellbeing, her supervision or her training). alongside.accounts.middleware
# refuses them every page whose view names no permission they hold (issue 11).
AGGREGATE_ONLY_ROLES = tuple(r for r in roles_with(Perm.VIEW_AGGREGATES) if r not in PERSON_LEVEL_ROLES)
# Those who give peer support (peer workers and co-ordinators): a caseload, supervision, the network.
PEER_SUPPORTER_ROLES = roles_with(Perm.PEER_NETWORK)
# Everyone who offers support and keeps a timetable: peer supporters, then light-touch volunteers.
PEER_SUPPORT_WORKFORCE = tuple(
    sorted(roles_with(Perm.KEEP_TIMETABLE), key=lambda role: role not in PEER_SUPPORTER_ROLES)
)
# Clinical staff: they handle the concerns raised on a ward.
CLINICAL_ROLES = roles_with(Perm.HANDLE_ESCALATIONS)
# Who may supervise a peer worker, and be chosen to read a check-in she shares.
SUPERVISOR_ROLES = roles_with(Perm.SUPERVISE)
# Her colleagues in the team: peer supporters and those who may supervise them (not the
# administrator). Whom she may share her wellbeing with, or name as her lone-working contact.
COLLEAGUE_ROLES = tuple(r for r in Role if r in PEER_SUPPORTER_ROLES or r in SUPERVISOR_ROLES)
# Those who oversee the whole service (its dashboard): they see all its visits, say.
OVERSIGHT_ROLES = roles_with(Perm.VIEW_DASHBOARD)
# Whom a co-ordinator brings onto her team from the team page: the workforce she does not manage with.
JOINING_ROLES = tuple(r for r in PEER_SUPPORT_WORKFORCE if not has_perm(r, Perm.MANAGE_TEAM))
# Who takes the peer support curriculum.
CURRICULUM_ROLES = roles_with(Perm.TAKE_CURRICULUM)
# Who may sit on a selection panel from the service's own team: not those who only see figures.
PANEL_ROLES = roles_with(Perm.SIT_ON_PANELS)
