"""Every URL, as every role, plus a peer worker from another service: nothing person-level leaks.

The walk reads the URL configuration itself, so a new page is covered the day it is added;
a page that takes an id must say in OBJECT_FOR_URL which record the id names, or this fails.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import PERSON_LEVEL_ROLES, Perm, has_perm
from alongside.directory import access as directory_access
from alongside.network import access as network_access
from alongside.organisations.models import Membership
from alongside.outcomes import access as outcome_access
from alongside.recruitment import access as recruitment_access
from alongside.support import access as support_access
from alongside.support import services
from alongside.tests.url_walk import our_urls
from alongside.transitions import access as transitions_access
from alongside.visits import access as visits_access
from alongside.wards import access as wards_access
from alongside.wellbeing import access as wellbeing_access
from alongside.workforce import access as workforce_access
from conftest import client_for, refer

PERSON_LEVEL_PERMS = {
    Perm.VIEW_PEOPLE,
    Perm.EDIT_PEOPLE,
    Perm.REFER,
    Perm.ALLOCATE,
    Perm.CHANGE_STATUS,
    Perm.LOG_CONTACT,
    Perm.RUN_GROUPS,
    Perm.VIEW_AUDIT,
    Perm.VIEW_DASHBOARD,
    Perm.WORK_SHIFTS,
    Perm.GIVE_BRIEFING,
    Perm.HANDLE_ESCALATIONS,
    Perm.VIEW_HANDOVERS,
    Perm.PLAN_VISITS,
    Perm.CONFIRM_SAFE,
    Perm.MANAGE_TEAM,
    Perm.AGREE_GROUND_RULES,
    Perm.VIEW_TRANSITIONS,
    Perm.RECORD_TRANSITIONS,
    Perm.ACCEPT_TRANSFERS,
    Perm.MANAGE_RECRUITMENT,
    Perm.PEER_NETWORK,
    Perm.EXPORT_PERSON,
    Perm.ERASE_PERSON,
}

# Which record a URL's <pk> names (a key of `world` below).
OBJECT_FOR_URL = {
    "people:detail": "person",
    "people:edit": "person",
    "people:contacts": "person",
    "people:print": "person",
    "audit:person": "person",
    "support:allocate": "peer_support",
    "support:status": "peer_support",
    "support:contact": "peer_support",
    "support:register": "session",
    "support:register_print": "session",
    "support:withdraw_consent": "person",
    "records:export": "person",
    "records:export_json": "person",
    "records:export_pdf": "person",
    "records:erase": "person",
    "wards:briefing": "shift",
    "wards:debrief": "own_shift",
    "wards:shift_close": "shift",
    "wards:acknowledge": "escalation",
    "visits:visit_new": "peer_support",
    "visits:visit_check_in": "visit",
    "visits:visit_check_out": "visit",
    "visits:visit_cancel": "visit",
    "visits:visit_safe": "visit",
    "wellbeing:wellbeing_detail": "wellbeing",
    "safety:ground_rules": "peer_support",
    "safety:group_ground_rules": "group",
    "safety:team_full_role": "membership",
    "workforce:detail": "supervision",
    "workforce:reflection": "own_supervision",
    "workforce:action_new": "supervision",
    "workforce:action_done": "action",
    "directory:signpost": "peer_support",
    "directory:follow_up": "signposting",
    "directory:service_edit": "directory_service",
    "transitions:record": "person",
    "transitions:accept": "arrival",
    "transitions:decline": "arrival",
    "transitions:notice_seen": "notice",
    "transitions:token_revoke": "api_token",
    "partners:remit": "partner",
    "partners:remit_edit": "partner",
    "wellbeing:wellbeing_unshare": "wellbeing",
    "wellbeing:wellbeing_withdraw": "wellbeing_share",
    "wellbeing:wellbeing_shared_detail": "wellbeing_owner",
    "recruitment:vacancy": "vacancy",
    "recruitment:vacancy_edit": "vacancy",
    "recruitment:panel_add": "vacancy",
    "recruitment:candidate_new": "vacancy",
    "recruitment:panel_remove": "panel_member",
    "recruitment:candidate": "candidate",
    "network:group": "peer_group",
    "network:group_join": "peer_group",
    "network:group_leave": "peer_group",
    "timetable:slot_edit": "slot",
    "timetable:slot_delete": "slot",
    "timetable:member": "membership",
    "timetable:menu_retire": "support_form",
    "grid:rate": "grid_review",
    "grid:my_view": "grid_review",
    "grid:complete": "grid_review",
    "grid:action_done": "grid_action",
    "grid:review": "grid_review",
    "grid:review_pdf": "grid_review",
    "grid:review_xlsx": "grid_review",
    "training:module_edit": "module",
    "training:development_edit": "development_entry",
    "training:development_delete": "development_entry",
    "workforce:edit": "supervision_to_edit",
    "workforce:member": "membership",
    "workforce:employment": "membership",
    "workforce:caseload": "membership",
    "workforce:role_description": "role_of",
    "workforce:duty": "role_of",
    "outcomes:goals": "peer_support",
    "outcomes:show": "peer_support",
    "outcomes:goal_new": "peer_support",
    "outcomes:goal_replace": "goal",
    "outcomes:goal_rate": "goal",
    "outcomes:goal_reword": "goal",
    "outcomes:goal_end": "goal",
    "outcomes:feedback": "peer_support",
    "outcomes:feedback_together": "peer_support",
    "outcomes:story": "story",
    "outcomes:consent_withdraw": "story_consent",
    "reports:report": "service",
    "reports:pdf": "service",
    "reports:csv": "service",
    "reports:xlsx": "service",
    "reports:quotes": "service",
    "recommendations:service_aggregate": "service",
    # A service's completed reviews of the grid as they leave it: no person (ADR 0037).
    "grid:aggregate": "service",
    "grid:aggregate_pdf": "service",
    "grid:aggregate_xlsx": "service",
    # The national picture's pages name a region, ICB or service by its code (see `Code`).
    "national:region": "national_region",
    "national:icb": "national_icb",
    "national:service": "national_service",
}
# Ids that name a whole service, for pages of its suppressed aggregates (no person in them).
AGGREGATE_KINDS = {"service", "national_region", "national_icb", "national_service"}
# The national picture is for national reviewers (and a commissioner's view of her ICB): every
# other role, though it may see aggregates, is refused it (alongside/national/views.py).
NATIONAL_PAGES = {
    "national:overview": {"national_reviewer", "commissioner"},
    "national:rankings": {"national_reviewer"},
    "national:returns": {"national_reviewer"},
    "national:pdf": {"national_reviewer"},
    "national:xlsx": {"national_reviewer"},
}
PUBLIC = {"about", "accessibility", "healthz", "records:privacy"}
# Pages for the person herself, whatever her role: they show only her own records.
PERSONAL = {
    "home",
    "accounts:role",
    "wellbeing:wellbeing",
    "wellbeing:wellbeing_detail",
    "wellbeing:readiness",
}
# Supervision is hers and her supervisors', whatever their roles (alongside/workforce/access.py).
PERSONAL |= {
    "workforce:mine",
    "workforce:record",
    "workforce:detail",
    "workforce:reflection",
    "workforce:action_new",
    "workforce:action_done",
    "workforce:edit",
    "workforce:group_record",
}
# Her own role: her employment, what she offers, her role description and other duties.
PERSONAL |= {
    "workforce:role_mine",
    "workforce:role_offer",
    "workforce:role_description_mine",
    "workforce:duty_mine",
}
# Her training records and gaps are hers (alongside/training/access.py); the page has no ids.
PERSONAL |= {"training:mine"}
# Her development record is hers alone, not even her co-ordinator's (ADR 0038).
PERSONAL |= {
    "training:development",
    "training:development_new",
    "training:development_edit",
    "training:development_delete",
    "training:development_export",
}
# A notice of a transition is its recipient's alone (alongside/transitions/access.py).
PERSONAL |= {"transitions:notice_seen"}
# Her own choice of email reminders (ADR 0049).
PERSONAL |= {"reminders:preferences"}
# Her wellbeing plan and sharing, and what colleagues share with her (alongside/safety/access.py).
PERSONAL |= {
    "wellbeing:wellbeing_plan",
    "wellbeing:wellbeing_sharing",
    "wellbeing:wellbeing_withdraw",
    "wellbeing:wellbeing_unshare",
    "wellbeing:wellbeing_shared",
    "wellbeing:wellbeing_shared_detail",
}
# Commissioners and national reviewers reach aggregates only: of the pages above that name no
# permission, only these (alongside/accounts/middleware.py: AggregateOnlyMiddleware); every
# "me" page of staff is refused them, with 403 (issue 11).
AGGREGATE_ONLY = {"commissioner", "national_reviewer"}
AGGREGATE_ONLY_MAY_OPEN = PUBLIC | {"home", "accounts:role"}
# Forms that only accept POST: a GET is refused with 405 for everyone, so it shows nothing.
POST_ONLY = {"wards:shift_start", "safety:team_full_role", "wards:shift_close", "workforce:action_done"}
POST_ONLY |= {"transitions:notice_seen", "transitions:token_revoke"}
POST_ONLY |= {
    "wellbeing:wellbeing_withdraw",
    "wellbeing:wellbeing_unshare",
    "recruitment:panel_remove",
    "network:opt_out",
    "network:group_join",
    "network:group_leave",
}

# Her timetable: a slot is removed, and a form of support retired, by a form's POST alone.
POST_ONLY |= {"timetable:slot_delete", "timetable:menu_retire"}
POST_ONLY |= {"grid:action_done"}
POST_ONLY |= {"training:development_delete"}
# Importing records (ADR 0050): the import itself starts only from the dry run's form.
POST_ONLY |= {"imports:run"}


@pytest.fixture
def world(
    service: Any,
    other_service: Any,
    clinician: Any,
    coordinator: Any,
    peer_worker: Any,
    coordinator_other: Any,
    request: pytest.FixtureRequest,
) -> dict[str, Any]:
    """One of each record in each service; the mother in `service` is allocated to peer_worker,
    whose visit has a clinical companion and whose wellbeing record is shared with the co-ordinator.
    In `other_service`, peer_worker_other goes alone with the co-ordinator as her named contact."""
    here = refer(clinician, given_name="Here")
    services.allocation_create(
        actor=coordinator.user, membership=coordinator, peer_support=here, peer_workers=[peer_worker.user]
    )
    there = refer(coordinator_other, given_name="There")
    starts = timezone.now() - dt.timedelta(hours=1)
    group_here = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        kind="cafe",
        title="Café here",
        starts_at=starts,
        duration_minutes=60,
        mode="community",
    )
    group_there = services.group_session_create(
        actor=coordinator_other.user,
        membership=coordinator_other,
        kind="cafe",
        title="Café there",
        starts_at=starts,
        duration_minutes=60,
        mode="community",
    )
    return {
        "here": {"person": here.person, "peer_support": here, "session": group_here}
        | safety_records(service, peer_worker, clinician, coordinator, here)
        | directory_records(peer_worker, here, 1)
        | transition_records(there, service, coordinator_other)
        | workforce_records(peer_worker, coordinator)
        | wellbeing_records(peer_worker, coordinator, plan=True, checkins=True)
        | recruitment_records(coordinator, peer_worker)
        | network_records(peer_worker)
        | partner_records(service, "Here partner")
        | grid_records(service, coordinator)
        | timetable_records(peer_worker, coordinator, "Listening skills")
        | development_records(peer_worker)
        | outcome_records(peer_worker, here, service)
        | national_records(service, "Y60", "QHL", "HERE1"),
        "there": {"person": there.person, "peer_support": there, "session": group_there}
        | safety_records(
            other_service, request.getfixturevalue("peer_worker_other"), None, coordinator_other, there
        )
        | directory_records(coordinator_other, there, 2)
        | transition_records(here, other_service, clinician)
        | workforce_records(request.getfixturevalue("peer_worker_other"), coordinator_other)
        | wellbeing_records(
            request.getfixturevalue("peer_worker_other"), coordinator_other, plan=True, checkins=False
        )
        | recruitment_records(coordinator_other, request.getfixturevalue("peer_worker_other"))
        | network_records(request.getfixturevalue("peer_worker_other"))
        | partner_records(other_service, "There partner")
        | grid_records(other_service, coordinator_other)
        | timetable_records(request.getfixturevalue("peer_worker_other"), coordinator_other, "Safeguarding")
        | development_records(request.getfixturevalue("peer_worker_other"))
        | outcome_records(coordinator_other, there, other_service)
        | national_records(other_service, "Y62", "QE1", "THERE1"),
    }


@dataclass(frozen=True)
class Code:
    """The national pages' addresses name a region, ICB or service by its code, not its id: `pk`
    here is that code, so the walks build their addresses as they do for an id."""

    pk: str


def national_records(service: Any, region_code: str, icb_code: str, code: str) -> dict[str, Any]:
    """Her service on the national register, its ICB and region given codes as the register's are."""
    from alongside.national.models import PerinatalService

    icb = service.icb
    icb.region.code = region_code
    icb.region.save(update_fields=["code"])
    icb.code = icb_code
    icb.save(update_fields=["code"])
    PerinatalService.objects.create(
        code=code, name=service.name, kind="community", icb=icb, trust_name="A trust", service=service
    )
    return {
        "national_region": Code(region_code),
        "national_icb": Code(icb_code),
        "national_service": Code(code),
    }


def safety_records(
    service: Any, worker: Any, clinician: Any, coordinator: Any, peer_support: Any
) -> dict[str, Any]:
    """A shift, a concern, a visit, a wellbeing record and a group, made directly: the access
    rules are under test here, not the services that make them."""
    from alongside.support.models import Group
    from alongside.visits.models import Visit
    from alongside.wards.models import Escalation, Shift
    from alongside.wellbeing.models import WellbeingCheckIn

    now = timezone.now()
    shift = Shift.objects.create(
        peer_worker=worker.user, service=service, started_at=now - dt.timedelta(hours=2)
    )
    escalation = Escalation.objects.create(
        service=service, raised_by=worker.user, raised_at=now, shift=shift, concern="Worried about her"
    )
    visit = Visit.objects.create(
        peer_support=peer_support,
        peer_worker=worker.user,
        venue="home",
        starts_at=now,
        expected_end_at=now + dt.timedelta(hours=1),
        companion=clinician.user if clinician else None,
        named_contact=None if clinician else coordinator.user,
    )
    wellbeing = WellbeingCheckIn.objects.create(
        peer_worker=worker.user,
        recorded_at=now,
        feeling="mixed",
        shared_with=coordinator.user if clinician else None,
    )
    group = Group.objects.create(service=service, name=f"Coffee morning {service.pk}", kind="coffee_morning")
    return {
        "shift": shift,
        "own_shift": shift,
        "escalation": escalation,
        "visit": visit,
        "wellbeing": wellbeing,
        "group": group,
        "membership": worker,
    }


def directory_records(worker: Any, peer_support: Any, n: int) -> dict[str, Any]:
    """An entry in the (shared) signposting directory, and a signposting to it."""
    from alongside.directory import services as directory_services
    from alongside.directory.importer import import_oruk
    from alongside.directory.models import Service
    from alongside.directory.tests.feeds import record

    import_oruk([record(n)], source="test")
    entry = Service.objects.get(name=f"Service {n}")
    signposting = directory_services.signposting_create(
        actor=worker.user,
        membership=worker,
        peer_support=peer_support,
        service=entry,
        signposted_on=timezone.localdate(),
    )
    return {"directory_service": entry, "signposting": signposting}


def workforce_records(worker: Any, supervisor: Any) -> dict[str, Any]:
    """A supervision the co-ordinator gave her, with her private reflection and an action she owns."""
    from alongside.workforce.models import Action, Reflection, Supervision

    now, today = timezone.now(), timezone.localdate()
    supervision = Supervision.objects.create(
        peer_worker=worker.user,
        service=worker.service,
        kind="line_management",
        held_on=today,
        duration_minutes=60,
        wellbeing_discussed=True,
        plans_reviewed=True,
        notes="Talked about her timetable",
        recorded_by=supervisor.user,
        recorded_at=now,
    )
    supervision.supervisors.add(supervisor.user)
    Reflection.objects.create(supervision=supervision, text="Hers alone", updated_at=now)
    action = Action.objects.create(
        supervision=supervision,
        need="training",
        description="Book training",
        owner=worker.user,
        due_on=today,
        created_by=supervisor.user,
        created_at=now,
    )
    return {
        "supervision": supervision,
        "own_supervision": supervision,
        "action": action,
        "supervision_to_edit": supervision,  # by whoever recorded it or its supervisors
        "role_of": worker,  # her role description and other duties: she or her co-ordinator
    }


def wellbeing_records(worker: Any, colleague: Any, *, plan: bool, checkins: bool) -> dict[str, Any]:
    """Her wellbeing plan, shared with a colleague (in "there", the plan only: not her check-ins)."""
    from alongside.wellbeing.models import WellbeingPlan, WellbeingShare

    now = timezone.now()
    WellbeingPlan.objects.create(peer_worker=worker.user, what_helps="A walk", updated_at=now)
    share = WellbeingShare.objects.create(
        peer_worker=worker.user,
        shared_with=colleague.user,
        service=worker.service,
        plan=plan,
        checkins=checkins,
        shared_at=now,
    )
    return {"wellbeing_owner": worker.user, "wellbeing_share": share}


def recruitment_records(coordinator: Any, peer: Any) -> dict[str, Any]:
    """A vacancy with a peer worker on its panel and a candidate."""
    from alongside.recruitment.models import Candidate, PanelMember, Vacancy

    now = timezone.now()
    vacancy = Vacancy.objects.create(
        service=coordinator.service,
        title="Peer worker",
        post="peer_worker",
        employment="nhs",
        hours_per_week=22.5,
        closes_on=timezone.localdate(),
        created_by=coordinator.user,
        created_at=now,
    )
    member = PanelMember.objects.create(
        vacancy=vacancy, user=peer.user, role=peer.role, added_by=coordinator.user, added_at=now
    )
    candidate = Candidate.objects.create(
        vacancy=vacancy, name="Jo Applicant", email="jo@test.example", added_by=coordinator.user, added_at=now
    )
    return {"vacancy": vacancy, "panel_member": member, "candidate": candidate}


def network_records(peer: Any) -> dict[str, Any]:
    """A cross-service peer supervision group she started."""
    from alongside.network.models import GroupMember, PeerGroup

    now = timezone.now()
    group = PeerGroup.objects.create(
        name=f"Group of {peer.user}", meeting_pattern="Monthly", created_by=peer.user, created_at=now
    )
    GroupMember.objects.create(group=group, user=peer.user, joined_at=now)
    return {"peer_group": group}


def timetable_records(worker: Any, coordinator: Any, module_name: str) -> dict[str, Any]:
    """A slot of her timetable, a form of support her service added, and a curriculum module."""
    import datetime as dt

    from alongside.timetable import services as timetable_services
    from alongside.training.models import Module

    slot = timetable_services.slot_save(
        actor=worker.user,
        membership=worker,
        weekday=1,
        starts_at=dt.time(10),
        ends_at=dt.time(12),
        support_form=None,
        activity="Café group",
        setting="community",
    )
    added = timetable_services.menu_add(
        actor=coordinator.user, membership=coordinator, label=f"Walk and talk {worker.pk}"
    )
    return {"slot": slot, "support_form": added, "module": Module.objects.get(name=module_name)}


def development_records(worker: Any) -> dict[str, Any]:
    """An entry in her own development record (hers alone)."""
    from alongside.training.models import DevelopmentEntry

    now = timezone.now()
    entry = DevelopmentEntry.objects.create(
        user=worker.user,
        kind="course",
        happened_on=timezone.localdate(),
        title="Perinatal peer support course",
        created_at=now,
        updated_at=now,
    )
    return {"development_entry": entry}


def grid_records(service: Any, coordinator: Any) -> dict[str, Any]:
    """A review of the grid under way at the service, and an action the co-ordinator owns."""
    from alongside.grid.models import GridAction, Practice, Review

    review = Review.objects.create(
        service=service, started_on=timezone.localdate(), started_by=coordinator.user
    )
    action = GridAction.objects.create(
        review=review,
        practice=Practice.objects.get(code="handovers"),
        description="Ask the team",
        owner=coordinator.user,
        due_on=timezone.localdate(),
    )
    return {"grid_review": review, "grid_action": action}


def partner_records(service: Any, name: str) -> dict[str, Any]:
    """A charity in partnership with the service (its remit is seen only from that service)."""
    from alongside.organisations.models import Organisation, Partnership

    charity = Organisation.objects.create(name=name, kind=Organisation.Kind.THIRD_SECTOR)
    Partnership.objects.create(service=service, organisation=charity, started_on=timezone.localdate())
    return {"partner": charity}


def transition_records(arriving: Any, service: Any, sender: Any) -> dict[str, Any]:
    """Someone transferred into `service` by a member of her own (the receiving co-ordinator is
    told: her notice), and the service's API token."""
    from alongside.transitions import services as transition_services
    from alongside.transitions.models import ApiToken

    arrival = transition_services.transition_record(
        person=arriving.person,
        from_service=arriving.service,
        kind="transfer",
        destination="community_perinatal",
        to_service=service,
        occurred_on=timezone.localdate(),
        actor=sender.user,
        membership=sender,
    )
    prefix, plaintext = ApiToken.new_secret()
    token = ApiToken.objects.create(
        service=service,
        name="EPR",
        prefix=prefix,
        token_hash=ApiToken.digest(plaintext),
        created_by=sender.user,
        created_at=timezone.now(),
    )
    return {"arrival": arrival, "notice": arrival.notices.get(reason="receiving"), "api_token": token}


def outcome_records(worker: Any, peer_support: Any, service: Any) -> dict[str, Any]:
    """A goal (where goals were agreed) and a consented story about the person, and the service."""
    from alongside.outcomes import services as outcome_services

    today = timezone.localdate()
    outcome_services.decide(
        actor=worker.user, membership=worker, peer_support=peer_support, choice="agreed", decided_on=today
    )
    goal = outcome_services.goal_set(
        actor=worker.user, membership=worker, peer_support=peer_support, text="Sleep", set_on=today, score=3
    )
    story = outcome_services.story_create(
        actor=worker.user,
        membership=worker,
        fields={"teller": "mother", "person": peer_support.person, "quote": "It helped"},
        themes=[],
        consents=["service", "commissioners"],
        consent_on=today,
    )
    return {"goal": goal, "story": story, "story_consent": story.consents.first(), "service": service}


ROLES = [
    "peer_worker",
    "partner_peer_worker",
    "peer_worker_other",
    "coordinator",
    "coordinator_other",
    "clinician",
    "manager",
    "commissioner",
    "national_reviewer",
    "admin_member",
]


# Who may see each record, written out by hand rather than asked of the apps' access helpers, so a
# mistake in the helpers shows up here. "here" is in `service`; "there" in `other_service`.
STAFF_HERE = {"peer_worker", "coordinator", "clinician", "manager", "admin_member"}
# The peer network crosses services: every peer worker and co-ordinator sees its groups.
NETWORK = {"peer_worker", "partner_peer_worker", "peer_worker_other", "coordinator", "coordinator_other"}
SEES = {
    ("here", "person"): STAFF_HERE,
    ("here", "peer_support"): STAFF_HERE,
    ("here", "session"): STAFF_HERE | {"partner_peer_worker"},
    ("here", "group"): STAFF_HERE | {"partner_peer_worker"},
    ("here", "shift"): STAFF_HERE,
    ("here", "own_shift"): {"peer_worker"},
    ("here", "escalation"): STAFF_HERE,
    ("here", "visit"): {"peer_worker", "coordinator", "manager", "admin_member"},
    ("here", "wellbeing"): {"peer_worker", "coordinator"},
    ("here", "membership"): {"coordinator", "manager"},
    ("here", "supervision"): {"peer_worker", "coordinator"},
    ("here", "own_supervision"): {"peer_worker"},
    ("here", "action"): {"peer_worker", "coordinator", "manager"},
    ("there", "person"): {"coordinator_other"},
    ("there", "peer_support"): {"coordinator_other"},
    ("there", "session"): {"coordinator_other", "peer_worker_other"},
    ("there", "group"): {"coordinator_other", "peer_worker_other"},
    ("there", "shift"): {"coordinator_other", "peer_worker_other"},
    ("there", "own_shift"): {"peer_worker_other"},
    ("there", "escalation"): {"coordinator_other", "peer_worker_other"},
    ("there", "visit"): {"coordinator_other", "peer_worker_other"},
    ("there", "wellbeing"): {"peer_worker_other"},
    ("there", "membership"): {"coordinator_other"},
    ("there", "supervision"): {"peer_worker_other", "coordinator_other"},
    ("there", "own_supervision"): {"peer_worker_other"},
    ("there", "action"): {"peer_worker_other", "coordinator_other"},
    ("here", "supervision_to_edit"): {"coordinator"},
    ("there", "supervision_to_edit"): {"coordinator_other"},
    # Her team page (MANAGE_TEAM) for writing them: her co-ordinator; a manager is refused (403).
    ("here", "role_of"): {"coordinator"},
    ("there", "role_of"): {"coordinator_other"},
    ("here", "signposting"): STAFF_HERE,
    ("there", "signposting"): {"coordinator_other"},
    # The directory is the deployment's, not a service's: what may be done with it is the role's.
    ("here", "goal"): STAFF_HERE,
    ("there", "goal"): {"coordinator_other"},
    ("here", "story"): STAFF_HERE,
    ("there", "story"): {"coordinator_other"},
    ("here", "story_consent"): STAFF_HERE,
    ("there", "story_consent"): {"coordinator_other"},
    # A service's report: its own staff, commissioners of its ICB, national reviewers.
    ("here", "service"): STAFF_HERE | {"commissioner", "national_reviewer"},
    ("there", "service"): {"coordinator_other", "peer_worker_other", "national_reviewer"},
    ("here", "directory_service"): set(ROLES),
    ("there", "directory_service"): set(ROLES),
    # Arrivals are the receiving service's staff's; a notice is its recipient's; a token its service's.
    ("here", "arrival"): STAFF_HERE - {"peer_worker"},
    ("there", "arrival"): {"coordinator_other"},
    ("here", "notice"): {"coordinator"},
    ("there", "notice"): {"coordinator_other"},
    ("here", "api_token"): {"manager"},
    ("there", "api_token"): set(),
    # Her wellbeing: only the colleague she shares it with, and only she can withdraw it.
    ("here", "wellbeing_owner"): {"coordinator"},
    ("there", "wellbeing_owner"): {"coordinator_other"},
    ("here", "wellbeing_share"): {"peer_worker"},
    ("there", "wellbeing_share"): {"peer_worker_other"},
    ("here", "vacancy"): {"coordinator", "manager"},
    ("there", "vacancy"): {"coordinator_other"},
    ("here", "candidate"): {"coordinator", "manager"},
    ("there", "candidate"): {"coordinator_other"},
    ("here", "panel_member"): {"coordinator", "manager"},
    ("there", "panel_member"): {"coordinator_other"},
    ("here", "peer_group"): NETWORK,
    ("there", "peer_group"): NETWORK,
    # A partner's remit: the service it works with (co-ordinator, manager, admin), no one else.
    ("here", "partner"): {"coordinator", "manager", "admin_member"},
    ("there", "partner"): {"coordinator_other"},
    # Her timetable is hers to change; what her service added to its menu, its team managers'.
    ("here", "slot"): {"peer_worker"},
    ("there", "slot"): {"peer_worker_other"},
    ("here", "support_form"): {"coordinator", "manager"},
    ("there", "support_form"): {"coordinator_other"},
    # The curriculum is the deployment's, not a service's: what may be done with it is the role's.
    ("here", "module"): set(ROLES),
    ("there", "module"): set(ROLES),
    # A review of the grid is its service's team's; an action, its owner's.
    ("here", "grid_review"): STAFF_HERE | {"partner_peer_worker"},
    ("there", "grid_review"): {"coordinator_other", "peer_worker_other"},
    ("here", "grid_action"): {"coordinator"},
    # Her development record: hers alone, whoever else asks (her co-ordinator, a manager, an admin).
    ("here", "development_entry"): {"peer_worker"},
    ("there", "development_entry"): {"peer_worker_other"},
    ("there", "grid_action"): {"coordinator_other"},
    # The national picture: a region is a national reviewer's; an ICB and its services, hers too,
    # and her ICB's commissioner's.
    ("here", "national_region"): {"national_reviewer"},
    ("there", "national_region"): {"national_reviewer"},
    ("here", "national_icb"): {"national_reviewer", "commissioner"},
    ("there", "national_icb"): {"national_reviewer"},
    ("here", "national_service"): {"national_reviewer", "commissioner"},
    ("there", "national_service"): {"national_reviewer"},
}


def visible(role: str, kind: str, where: str) -> bool:
    return role in SEES[(where, kind)]


def test_every_url_that_takes_an_id_is_in_the_map() -> None:
    missing = [name for name, p in our_urls() if p.pattern.converters and name not in OBJECT_FOR_URL]
    assert missing == [], f"add these to OBJECT_FOR_URL: {missing}"


def test_every_view_outside_the_public_pages_names_a_permission_or_is_the_home_page() -> None:
    unguarded = [
        name
        for name, p in our_urls()
        if not hasattr(p.callback, "required_perm") and name not in PUBLIC | PERSONAL
    ]
    assert unguarded == []


@pytest.mark.parametrize("role", ROLES)
def test_no_person_level_page_leaks_across_services_or_roles(
    role: str, request: pytest.FixtureRequest, world: dict[str, Any]
) -> None:
    membership: Membership = request.getfixturevalue(role)
    client = client_for(membership)
    leaks, wrongly_refused = [], []
    for name, pattern in our_urls():
        if name in POST_ONLY:
            continue
        perm = getattr(pattern.callback, "required_perm", None)
        allowed_by_role = has_perm(membership.role, perm) if perm else role_may_open_unguarded(role, name)
        allowed_by_role = allowed_by_role and role in NATIONAL_PAGES.get(name, {role})
        kind = OBJECT_FOR_URL.get(name)
        for where in ("here", "there") if kind else (None,):
            obj = world[where][kind] if kind and where else None
            url = reverse(name, args=[obj.pk]) if obj else reverse(name)
            status = client.get(url).status_code
            expected_ok = allowed_by_role and (obj is None or visible(role, kind, where))  # type: ignore[arg-type]
            if status == 200 and not expected_ok:
                leaks.append(url)
            if expected_ok and status not in (200, 302):
                wrongly_refused.append((url, status))
            if not expected_ok:
                assert status in (403, 404), f"{url} gave {status}"
    assert leaks == [], f"{role} could see {leaks}"
    assert wrongly_refused == [], f"{role} was refused {wrongly_refused}"


def role_may_open_unguarded(role: str, name: str) -> bool:
    """A page whose view names no permission: everyone's, except for aggregate-only roles."""
    return role not in AGGREGATE_ONLY or name in AGGREGATE_ONLY_MAY_OPEN


@pytest.mark.parametrize("role", sorted(AGGREGATE_ONLY))
def test_commissioners_and_national_reviewers_are_refused_every_staff_me_page(
    role: str, request: pytest.FixtureRequest, world: dict[str, Any]
) -> None:
    membership: Membership = request.getfixturevalue(role)
    client = client_for(membership)
    staff_pages = sorted(PERSONAL - AGGREGATE_ONLY_MAY_OPEN)
    assert "wellbeing:wellbeing_sharing" in staff_pages and "workforce:mine" in staff_pages
    answers = {}
    for name in staff_pages:
        kind = OBJECT_FOR_URL.get(name)
        url = reverse(name, args=[world["here"][kind].pk]) if kind else reverse(name)
        answers[name] = client.post(url).status_code if name in POST_ONLY else client.get(url).status_code
    assert {name: status for name, status in answers.items() if status != 403} == {}
    sharing = client.get(reverse("wellbeing:wellbeing_sharing")).content.decode()
    assert str(world["here"]["membership"].user) not in sharing, "no member of staff is named to them"
    assert client.get(reverse("home")).url == reverse("dashboard:summary")


def test_the_helpers_agree_with_the_table_for_every_role(
    request: pytest.FixtureRequest, world: dict[str, Any]
) -> None:
    helpers = {
        "person": support_access.people_for_user,
        "peer_support": support_access.peer_supports_for_user,
        "session": support_access.group_sessions_for_user,
        "group": support_access.groups_for_user,
        "shift": wards_access.shifts_for_user,
        "escalation": wards_access.escalations_for_user,
        "visit": visits_access.visits_for_user,
        "wellbeing": lambda m: wellbeing_access.wellbeing_for_user(m.user),
        "supervision": lambda m: workforce_access.supervisions_for_user(m.user, m),
        "action": lambda m: workforce_access.actions_for_user(m.user, m),
        "signposting": directory_access.signpostings_for_user,
        "arrival": transitions_access.arrivals_for_user,
        "wellbeing_owner": lambda m: User.objects.filter(
            pk__in=wellbeing_access.shares_with_me(m.user).values("peer_worker")
        ),
        "wellbeing_share": lambda m: wellbeing_access.my_shares(m.user),
        "vacancy": recruitment_access.vacancies_for_user,
        "candidate": recruitment_access.candidates_for_user,
        "panel_member": recruitment_access.panel_members_for_user,
        "peer_group": lambda m: network_access.groups_for_user(m.user, m),
        "goal": outcome_access.goals_for_user,
        "story": outcome_access.stories_for_user,
    }
    for role in ROLES:
        membership = request.getfixturevalue(role)
        for (where, kind), roles in SEES.items():
            if kind not in helpers:
                continue  # own_shift and membership are checked through their pages
            seen = helpers[kind](membership).filter(pk=world[where][kind].pk).exists()
            assert seen == (role in roles), f"{role} {'sees' if seen else 'does not see'} {kind} {where}"


def test_a_peer_worker_from_another_service_sees_nobody_here(
    peer_worker_other: Any, world: dict[str, Any]
) -> None:
    body = client_for(peer_worker_other).get(reverse("people:list")).content.decode()
    assert "Here Khan" not in body


def test_a_peer_worker_sees_only_the_people_she_supports(
    partner_peer_worker: Any, world: dict[str, Any]
) -> None:
    response = client_for(partner_peer_worker).get(
        reverse("people:detail", args=[world["here"]["person"].pk])
    )
    assert response.status_code == 404


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer"])
def test_commissioners_and_national_reviewers_reach_no_person_level_page(
    role: str, request: pytest.FixtureRequest, world: dict[str, Any]
) -> None:
    membership: Membership = request.getfixturevalue(role)
    assert membership.role not in PERSON_LEVEL_ROLES
    client = client_for(membership)
    for name, pattern in our_urls():
        perm = getattr(pattern.callback, "required_perm", None)
        kind = OBJECT_FOR_URL.get(name)
        if kind in AGGREGATE_KINDS:
            continue  # a service's suppressed report: theirs to read (test_report.py)
        if perm in PERSON_LEVEL_PERMS or kind:
            url = reverse(name, args=[world["here"][kind].pk]) if kind else reverse(name)
            assert client.get(url).status_code in (403, 404), url
    summary = client.get(reverse("dashboard:summary")).content.decode()
    assert "Here Khan" not in summary and "There Khan" not in summary


def test_anyone_not_logged_in_is_sent_to_log_in(world: dict[str, Any]) -> None:
    from django.test import Client

    client = Client()
    for name, _ in our_urls():
        if name in PUBLIC:
            continue
        kind = OBJECT_FOR_URL.get(name)
        url = reverse(name, args=[world["here"][kind].pk]) if kind else reverse(name)
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url
        if name in POST_ONLY:
            response = client.post(url)
            assert response.status_code == 302 and response.url.startswith(reverse("account_login")), url


def test_no_person_level_model_is_in_the_django_admin() -> None:
    from django.contrib import admin

    from alongside.lib.person_level import person_level_models

    registered = set(admin.site._registry)
    assert registered.isdisjoint(person_level_models())
