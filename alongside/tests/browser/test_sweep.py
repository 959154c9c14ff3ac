"""Every page, in a real browser, opened by someone allowed to see it, on the demo data.

Each page must show no WCAG 2.2 A or AA failure that axe-core can find, at desktop width
(1280) and at phone width (375); must be no wider than the phone; must show no markup as text
(`<a `, `</`, `&lt;` in its visible text: HTML escaped once too often); and must log no JavaScript
or console error. A screenshot of each, at both widths, goes to screenshots/ (ignored by git).

SWEEP has one line per page: who opens it and, for a page about one record, how to find a record
she may see. A page in the URL configuration without a line fails
test_every_page_in_the_url_configuration_is_in_the_sweep, naming it; a line whose page does not
open for its person fails the sweep, naming it. A URL that only takes a form's POST is marked
post_only, and must answer GET with 405. Django's admin and allauth's own pages are left out,
except the allauth pages we restyled (RESTYLED_ALLAUTH).
"""

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.db.models import Count, Model
from django.urls import reverse
from django.utils import timezone

from alongside.accounts.models import User
from alongside.demo.staff import DOMAIN, PASSWORD
from alongside.directory import metrics as directory_metrics
from alongside.directory.access import signpostings_for_user
from alongside.directory.models import Service as DirectoryService
from alongside.imports import services as imports
from alongside.imports.models import ImportJob
from alongside.network import access as network_access
from alongside.organisations.models import Membership, Service
from alongside.outcomes import access as outcome_access
from alongside.outcomes.models import StoryConsent
from alongside.recruitment import access as recruitment_access
from alongside.support import access as support_access
from alongside.support.models import CASELOAD_STATUSES, Status
from alongside.tests.browser.browsing import DESKTOP, PHONE, Visitor, give_totp, totp_code
from alongside.tests.url_walk import our_urls
from alongside.timetable import access as timetable_access
from alongside.training.models import Module
from alongside.transitions import access as transitions_access
from alongside.visits import access as visits_access
from alongside.wards import access as wards_access
from alongside.wellbeing import access as wellbeing_access
from alongside.workforce import access as workforce_access

ANYONE = "anyone"  # nobody logged in
NO_ROLE = "no-role"  # logged in, but with no role in any service yet
HALFWAY_THROUGH_MFA = "mfa"  # her password accepted, her authenticator's code not yet typed
# allauth asks for her password again before anyone changes how she logs in:
JUST_CONFIRMED = "confirmed"  # logged in, and has just typed her password again
WITH_TWO_FACTOR = "2fa"  # logged in with her authenticator's code, and has just typed her password again
AT_THE_MBU = "mbu"  # a peer worker in two services, who has switched to her mother and baby unit
STAND_INS = {
    HALFWAY_THROUGH_MFA: "partnerpeer",  # no other page here is hers (the national reviewer's now are)
    JUST_CONFIRMED: "clinician",
    WITH_TWO_FACTOR: "admin",
    AT_THE_MBU: "twoservices",
}

# allauth pages we restyled with NHS.UK components (alongside/accounts/jinja2/): the ones on the
# way in, and on the way to setting up two-factor authentication. allauth's others are its own.
RESTYLED_ALLAUTH = {
    "account_login",
    "account_logout",
    "account_reauthenticate",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    # Forgot your password (the page the emailed link opens takes a secret in its address:
    # test_password_reset_journey.py opens it).
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
}


def someone_with_family_and_contacts(m: Membership) -> Model | None:
    return (
        support_access.people_for_user(m)
        .annotate(relatives=Count("family__members", distinct=True))
        .annotate(contacts=Count("peer_supports__contacts", distinct=True))
        .order_by("-relatives", "-contacts", "pk")
        .first()
    )


def someone_who_consented(m: Membership) -> Model | None:
    return support_access.people_for_user(m).filter(consents__withdrawn_on=None).order_by("pk").first()


def a_referral_waiting(m: Membership) -> Model | None:
    return support_access.peer_supports_for_user(m).filter(status=Status.REFERRED).order_by("pk").first()


def someone_supported(m: Membership) -> Model | None:
    return (
        support_access.peer_supports_for_user(m).filter(status__in=CASELOAD_STATUSES).order_by("pk").first()
    )


def a_group_she_ran(m: Membership) -> Model | None:
    return support_access.group_sessions_for_user(m).filter(led_by=m.user).order_by("-starts_at").first()


def her_visit(m: Membership) -> Model | None:
    return visits_access.visits_for_user(m).filter(peer_worker=m.user).order_by("-starts_at").first()


def a_visit_in_the_service(m: Membership) -> Model | None:
    return visits_access.visits_for_user(m).order_by("-starts_at").first()


def a_shift_on_the_ward(m: Membership) -> Model | None:
    return wards_access.shifts_for_user(m).order_by("-started_at").first()


def her_open_shift(m: Membership) -> Model | None:
    return wards_access.shifts_for_user(m).filter(peer_worker=m.user, ended_at=None).first()


def a_concern_raised(m: Membership) -> Model | None:
    return wards_access.escalations_for_user(m).order_by("acknowledged_at", "-raised_at").first()


def her_wellbeing_check_in(m: Membership) -> Model | None:
    return wellbeing_access.wellbeing_for_user(m.user).filter(peer_worker=m.user).first()


def a_group(m: Membership) -> Model | None:
    return support_access.groups_for_user(m).order_by("pk").first()


def her_supervision(m: Membership) -> Model | None:
    return workforce_access.supervisions_for_user(m.user, m).filter(peer_worker=m.user).first()


def a_supervision_she_gave(m: Membership) -> Model | None:
    return workforce_access.supervisions_for_user(m.user, m).exclude(peer_worker=m.user).first()


def an_action_she_can_see(m: Membership) -> Model | None:
    return workforce_access.actions_for_user(m.user, m).order_by("pk").first()


def a_peer_worker_on_her_team(m: Membership) -> Model | None:
    return workforce_access.team_members_for_user(m).filter(role="peer_worker").order_by("pk").first()


def a_follow_up_due(m: Membership) -> Model | None:
    return directory_metrics.follow_ups_due(signpostings_for_user(m), timezone.localdate()).first()


def her_slot(m: Membership) -> Model | None:
    return timetable_access.slots_for_user(m).first()


def someone_on_the_team(m: Membership) -> Model | None:
    return timetable_access.team_for_user(m).filter(role="peer_worker").first()


def a_form_the_service_added(m: Membership) -> Model | None:
    return timetable_access.menu_for(m.service_id).filter(service_id=m.service_id).first()


def her_development_entry(m: Membership) -> Model | None:
    from alongside.training import access as training_access

    return training_access.development_for_user(m.user).first()


def a_module(m: Membership) -> Model | None:
    return Module.objects.order_by("pk").first()


def a_directory_entry(m: Membership) -> Model | None:
    return DirectoryService.objects.order_by("name").first()


def a_partner_of_hers(m: Membership) -> Model | None:
    from alongside.accounts.scope import partners_for_user

    return partners_for_user(m).first()


def an_arrival_waiting(m: Membership) -> Model | None:
    return (
        transitions_access.arrivals_for_user(m)
        .filter(decision="pending")
        .order_by("occurred_on", "pk")
        .first()
    )


def her_unseen_notice(m: Membership) -> Model | None:
    return transitions_access.notices_for_user(m.user, m).filter(seen_at=None).first()


def a_token_in_use(m: Membership) -> Model | None:
    return transitions_access.tokens_for_user(m).filter(revoked_at=None).first()


def her_open_share(m: Membership) -> Model | None:
    return wellbeing_access.my_shares(m.user).filter(withdrawn_at=None).first()


def her_shared_check_in(m: Membership) -> Model | None:
    return (
        wellbeing_access.wellbeing_for_user(m.user)
        .filter(peer_worker=m.user, shared_with__isnull=False)
        .first()
    )


def someone_sharing_with_her(m: Membership) -> Model | None:
    return User.objects.filter(pk__in=wellbeing_access.shares_with_me(m.user).values("peer_worker")).first()


def a_vacancy(m: Membership) -> Model | None:
    return recruitment_access.vacancies_for_user(m).filter(status="open").order_by("pk").first()


def a_candidate(m: Membership) -> Model | None:
    return recruitment_access.candidates_for_user(m).order_by("pk").first()


def a_peer_group(m: Membership) -> Model | None:
    return network_access.groups_for_user(m.user, m).filter(members__user=m.user).order_by("pk").first()


def someone_with_goals(m: Membership) -> Model | None:
    return support_access.peer_supports_for_user(m).filter(goals__ended_on=None).order_by("pk").first()


def a_current_goal(m: Membership) -> Model | None:
    return outcome_access.goals_for_user(m).filter(ended_on=None).order_by("pk").first()


def a_story(m: Membership) -> Model | None:
    return outcome_access.stories_for_user(m).order_by("pk").first()


def a_consent_in_force(m: Membership) -> Model | None:
    stories = outcome_access.stories_for_user(m)
    return StoryConsent.objects.filter(story__in=stories, withdrawn_on=None).order_by("pk").first()


def her_service(m: Membership) -> Model | None:
    return m.service


def her_services_latest_review(m: Membership) -> Model | None:
    from alongside.grid import access as grid_access

    return grid_access.reviews_for_user(m).first()


def her_grid_action(m: Membership) -> Model | None:
    from alongside.grid import access as grid_access

    return grid_access.my_open_actions(m.user, m).first()


@dataclass(frozen=True)
class Coded:
    """The national pages name a region, ICB or service by its code, not its id: `pk` is the code."""

    pk: str


def her_region(m: Membership) -> Any:
    return Coded(m.service.icb.region.code)


def her_icb(m: Membership) -> Any:
    return Coded(m.service.icb.code)


def her_service_nationally(m: Membership) -> Any:
    return Coded(m.service.registration.code)


def _her_import(m: Membership, state: str) -> None:
    """Her latest import (the import pages are about it), uploaded, checked (one row refused),
    running, or done."""
    consent = (timezone.localdate() - dt.timedelta(days=30)).isoformat()
    rows = [f"SW1,SWF1,Mother,Swept,Import,1990-03-01,{consent}"]
    if state in ("uploaded", "checked"):
        rows.append(f"SW2,SWF2,Mother,Refused,Import,31/02/1990,{consent}")
    header = "Reference,Family reference,Family role,Given name,Family name,Date of birth,Consent given on"
    data = "\n".join([header, *rows, ""]).encode()
    job = imports.job_create(actor=m.user, membership=m, file_name="sweep.csv", data=data)
    if state == "uploaded":
        return
    mapping = imports.suggested_mapping(imports.job_tables(job))
    imports.job_dry_run(actor=m.user, membership=m, job=job, mapping=mapping)
    if state == "running":
        job.state = ImportJob.State.RUNNING
        job.save(update_fields=["state"])
        imports.progress_write(job.pk, "written", 0, 1)
    elif state == "done":
        imports.job_run(job, actor=m.user, membership=m)


@dataclass(frozen=True)
class Page:
    who: str  # a demo login ("manager" is manager@alongside.example), or one of those above
    find: Callable[[Membership], Model | None] | None = None  # the record its <pk> names
    html: bool = True  # False for a URL that is not a page for people (the health check, an API)
    post_only: bool = False  # a form's action, not a page: GET must answer 405
    # For a page about her latest piece of work rather than a record its URL names (an import's
    # steps): puts that work in the state the page shows, before she opens it.
    prepare: Callable[[Membership], None] | None = None


SWEEP: dict[str, Page] = {
    "about": Page(ANYONE),
    "accessibility": Page(ANYONE),
    "healthz": Page(ANYONE, html=False),
    "account_login": Page(ANYONE),
    "account_reset_password": Page(ANYONE),
    "account_reset_password_done": Page(ANYONE),
    "account_reset_password_from_key_done": Page(ANYONE),
    "mfa_authenticate": Page(HALFWAY_THROUGH_MFA),
    "home": Page(NO_ROLE),
    "account_logout": Page("peerworker"),
    "account_reauthenticate": Page("peerworker"),
    "mfa_index": Page("peerworker"),
    "mfa_activate_totp": Page(JUST_CONFIRMED),
    "mfa_reauthenticate": Page(WITH_TWO_FACTOR),
    "mfa_view_recovery_codes": Page(WITH_TWO_FACTOR),
    "mfa_generate_recovery_codes": Page(WITH_TWO_FACTOR),
    "accounts:role": Page("twoservices"),
    "home:today": Page("peerworker"),
    "support:contact": Page("peerworker", someone_supported),
    "support:groups": Page("peerworker"),
    "support:group_new": Page("peerworker"),
    "support:register": Page("peerworker", a_group_she_ran),
    "support:register_print": Page("peerworker", a_group_she_ran),
    "dashboard:coordinator": Page("coordinator"),
    "support:unallocated": Page("coordinator"),
    "support:allocate": Page("coordinator", a_referral_waiting),
    "people:list": Page("coordinator"),
    "people:list_print": Page("peerworker"),
    "support:refer": Page("clinician"),
    "people:edit": Page("clinician", someone_with_family_and_contacts),
    "support:status": Page("clinician", someone_supported),
    "support:withdraw_consent": Page("clinician", someone_who_consented),
    "people:detail": Page("manager", someone_with_family_and_contacts),
    "people:contacts": Page("manager", someone_with_family_and_contacts),
    "people:print": Page("peerworker", someone_with_family_and_contacts),
    "audit:person": Page("manager", someone_with_family_and_contacts),
    "records:export": Page("manager", someone_with_family_and_contacts),
    "records:export_json": Page("manager", someone_with_family_and_contacts, html=False),
    "records:export_pdf": Page("manager", someone_with_family_and_contacts, html=False),
    "records:erase": Page("manager", someone_with_family_and_contacts),
    "records:privacy": Page(ANYONE),
    "dashboard:summary": Page("commissioner"),
    # Keeping safe (alongside/safety/).
    "visits:visits": Page("peerworker"),
    "visits:visit_new": Page("peerworker", someone_supported),
    "visits:visit_check_in": Page("peerworker", her_visit),
    "visits:visit_check_out": Page("peerworker", her_visit),
    "visits:visit_cancel": Page("peerworker", her_visit),
    "visits:visit_safe": Page("coordinator", a_visit_in_the_service),
    "visits:alerts": Page("coordinator"),
    "wellbeing:wellbeing": Page("peerworker"),
    "wellbeing:wellbeing_detail": Page("peerworker", her_wellbeing_check_in),
    "wellbeing:readiness": Page("peerworker"),
    "safety:ground_rules": Page("peerworker", someone_supported),
    "safety:group_ground_rules": Page("peerworker", a_group),
    "safety:checklist": Page("coordinator"),
    "safety:team": Page("coordinator"),
    "safety:team_add": Page("coordinator"),
    "safety:team_full_role": Page("coordinator", post_only=True),
    "wards:escalations": Page("wardnurse"),
    "wards:acknowledge": Page("wardnurse", a_concern_raised),
    "wards:ward": Page("wardnurse"),
    "wards:briefing": Page("wardnurse", a_shift_on_the_ward),
    "wards:handovers": Page("coordinator"),
    "wards:shifts": Page(AT_THE_MBU),
    "wards:debrief": Page(AT_THE_MBU, her_open_shift),
    "wards:shift_start": Page(AT_THE_MBU, post_only=True),
    "wards:shift_close": Page("coordinator", post_only=True),
    # Supervision (alongside/workforce/).
    "workforce:mine": Page("peerworker"),
    "workforce:record": Page("peerworker"),
    "workforce:detail": Page("peerworker", her_supervision),
    "workforce:reflection": Page("peerworker", her_supervision),
    "workforce:team": Page("coordinator"),
    "workforce:settings": Page("coordinator"),
    "workforce:action_new": Page("coordinator", a_supervision_she_gave),
    "workforce:action_done": Page("coordinator", an_action_she_can_see, post_only=True),
    "workforce:group_record": Page("coordinator"),
    "workforce:edit": Page("coordinator", a_supervision_she_gave),
    "workforce:role_mine": Page("peerworker"),
    "workforce:role_offer": Page("peerworker"),
    "workforce:role_description_mine": Page("peerworker"),
    "workforce:duty_mine": Page("peerworker"),
    "workforce:overview": Page("manager"),
    "workforce:drift_settings": Page("coordinator"),
    "workforce:member": Page("manager", a_peer_worker_on_her_team),
    "workforce:employment": Page("coordinator", a_peer_worker_on_her_team),
    "workforce:caseload": Page("coordinator", a_peer_worker_on_her_team),
    "workforce:role_description": Page("coordinator", a_peer_worker_on_her_team),
    "workforce:duty": Page("coordinator", a_peer_worker_on_her_team),
    "workforce:coordinator": Page("manager"),
    "workforce:guidance": Page("peerworker"),
    "workforce:guidance_new": Page("coordinator"),
    "workforce:involvement": Page("peerworker"),
    "workforce:involvement_new": Page("coordinator"),
    # Email reminders, her own choice (alongside/reminders/).
    "reminders:preferences": Page("coordinator"),
    # Training (alongside/training/).
    "training:mine": Page("peerworker"),
    "training:team": Page("coordinator"),
    "training:curriculum": Page("coordinator"),
    "training:module_new": Page("coordinator"),
    "training:module_edit": Page("coordinator", a_module),
    "training:development": Page("peerworker"),
    "training:development_new": Page("peerworker"),
    "training:development_edit": Page("peerworker", her_development_entry),
    "training:development_delete": Page("peerworker", her_development_entry, post_only=True),
    "training:development_export": Page("peerworker", html=False),
    # What she offers, her timetable and her calendar feed (alongside/timetable/).
    "timetable:offer": Page("peerworker"),
    "timetable:mine": Page("peerworker"),
    "timetable:slot_edit": Page("peerworker", her_slot),
    "timetable:slot_delete": Page("peerworker", her_slot, post_only=True),
    "timetable:calendar": Page("peerworker"),
    "timetable:team": Page("coordinator"),
    "timetable:member": Page("coordinator", someone_on_the_team),
    "timetable:menu": Page("coordinator"),
    "timetable:menu_retire": Page("coordinator", a_form_the_service_added, post_only=True),
    # Signposting directory (alongside/directory/).
    "directory:search": Page("peerworker"),
    "directory:signpost": Page("peerworker", someone_supported),
    "directory:follow_ups": Page("peerworker"),
    "directory:follow_up": Page("peerworker", a_follow_up_due),
    "directory:import": Page("coordinator"),
    "directory:service_new": Page("coordinator"),
    "directory:service_edit": Page("coordinator", a_directory_entry),
    # Partners, fathers and equity (alongside/partners/, alongside/equity/).
    "partners:list": Page("coordinator"),
    "partners:remit": Page("coordinator", a_partner_of_hers),
    "partners:remit_edit": Page("manager", a_partner_of_hers),
    "partners:fathers": Page("coordinator"),
    "equity:report": Page("commissioner"),
    "equity:population": Page("manager"),
    "equity:population_edit": Page("manager"),
    # Transitions and continuity (alongside/transitions/).
    "transitions:list": Page("coordinator"),
    "transitions:settings": Page("coordinator"),
    "transitions:record": Page("clinician", someone_who_consented),
    "transitions:accept": Page("coordinator", an_arrival_waiting),
    "transitions:decline": Page("coordinator", an_arrival_waiting),
    "transitions:notice_seen": Page("peerworker", her_unseen_notice, post_only=True),
    "transitions:tokens": Page("manager"),
    "transitions:token_revoke": Page("manager", a_token_in_use, post_only=True),
    # Her wellbeing plan, and whom she shares it with (alongside/safety/).
    "wellbeing:wellbeing_plan": Page("peerworker"),
    "wellbeing:wellbeing_sharing": Page("peerworker"),
    "wellbeing:wellbeing_withdraw": Page("peerworker", her_open_share, post_only=True),
    "wellbeing:wellbeing_unshare": Page("peerworker", her_shared_check_in, post_only=True),
    "wellbeing:wellbeing_shared": Page("coordinator"),
    "wellbeing:wellbeing_shared_detail": Page("coordinator", someone_sharing_with_her),
    # Recruitment (alongside/recruitment/).
    "recruitment:list": Page("coordinator"),
    "recruitment:vacancy_new": Page("coordinator"),
    "recruitment:vacancy": Page("coordinator", a_vacancy),
    "recruitment:vacancy_edit": Page("coordinator", a_vacancy),
    "recruitment:panel_add": Page("coordinator", a_vacancy),
    "recruitment:panel_remove": Page("coordinator", post_only=True),
    "recruitment:candidate_new": Page("coordinator", a_vacancy),
    "recruitment:candidate": Page("manager", a_candidate),
    # The peer network (alongside/network/).
    "network:directory": Page("peerworker"),
    "network:profile": Page("peerworker"),
    "network:opt_out": Page("peerworker", post_only=True),
    "network:groups": Page("peerworker"),
    "network:group_new": Page("peerworker"),
    "network:group": Page("peerworker", a_peer_group),
    "network:group_join": Page("peerworker", post_only=True),
    "network:group_leave": Page("peerworker", post_only=True),
    # Outcomes: goals, feedback and stories (alongside/outcomes/).
    "outcomes:goals": Page("peerworker", someone_with_goals),
    "outcomes:show": Page("peerworker", someone_with_goals),
    "outcomes:goal_new": Page("peerworker", someone_with_goals),
    "outcomes:goal_replace": Page("peerworker", a_current_goal),
    "outcomes:goal_rate": Page("peerworker", a_current_goal),
    "outcomes:goal_reword": Page("peerworker", a_current_goal),
    "outcomes:goal_end": Page("peerworker", a_current_goal),
    "outcomes:feedback": Page("peerworker", someone_supported),
    "outcomes:feedback_together": Page("peerworker", someone_supported),
    "outcomes:stories": Page("coordinator"),
    "outcomes:story_new": Page("peerworker"),
    "outcomes:story": Page("coordinator", a_story),
    "outcomes:consent_withdraw": Page("coordinator", a_consent_in_force),
    # The commissioner's report (alongside/reports/).
    "reports:index": Page("commissioner"),
    "reports:report": Page("commissioner", her_service),
    "reports:pdf": Page("commissioner", her_service, html=False),
    "reports:csv": Page("commissioner", her_service, html=False),
    "reports:xlsx": Page("commissioner", her_service, html=False),
    "reports:quotes": Page("coordinator", her_service),
    # The self-reflective grid (alongside/grid/).
    "grid:grid": Page("coordinator"),
    "grid:review_new": Page("coordinator"),
    "grid:rate": Page("coordinator", her_services_latest_review),
    "grid:my_view": Page("peerworker", her_services_latest_review),
    "grid:complete": Page("coordinator", her_services_latest_review),
    "grid:action_done": Page("coordinator", her_grid_action, post_only=True),
    # The fourteen recommendations (alongside/recommendations/).
    "recommendations:service": Page("coordinator"),
    "recommendations:attest": Page("coordinator"),
    "recommendations:rollup": Page("commissioner"),
    "recommendations:service_aggregate": Page("commissioner", her_service),
    "grid:review": Page("coordinator", her_services_latest_review),
    "grid:review_pdf": Page("coordinator", her_services_latest_review, html=False),
    "grid:review_xlsx": Page("coordinator", her_services_latest_review, html=False),
    "grid:services": Page("commissioner"),
    "grid:aggregate": Page("commissioner", her_service),
    "grid:aggregate_pdf": Page("commissioner", her_service, html=False),
    "grid:aggregate_xlsx": Page("commissioner", her_service, html=False),
    # The national picture (alongside/national/): England, a region, an ICB, a service.
    "national:overview": Page("national"),
    "national:region": Page("national", her_region),
    "national:icb": Page("national", her_icb),
    "national:service": Page("national", her_service_nationally),
    "national:rankings": Page("national"),
    "national:returns": Page("national"),
    "national:pdf": Page("national", html=False),
    "national:xlsx": Page("national", html=False),
    # Exports (ADR 0048): what she may export; a download, without parameters everything as XLSX.
    "exports:index": Page("coordinator"),
    "exports:download": Page("coordinator", html=False),
    # Importing records (ADR 0050): with no import of hers under way, each step shows the upload page.
    "imports:start": Page("coordinator"),
    "imports:columns": Page("coordinator", prepare=lambda m: _her_import(m, "uploaded")),
    "imports:check": Page("coordinator", prepare=lambda m: _her_import(m, "checked")),
    "imports:refused": Page("coordinator", html=False, prepare=lambda m: _her_import(m, "checked")),
    "imports:run": Page("coordinator", post_only=True),
    "imports:progress": Page("coordinator", prepare=lambda m: _her_import(m, "running")),
    "imports:result": Page("coordinator", prepare=lambda m: _her_import(m, "done")),
}


def test_every_page_in_the_url_configuration_is_in_the_sweep() -> None:
    pages = {name for name, _ in our_urls()} | RESTYLED_ALLAUTH
    unswept = sorted(pages - SWEEP.keys())
    assert unswept == [], (
        f"no one opens these pages in the browser sweep; add a line to SWEEP for each: {unswept}"
    )
    assert sorted(SWEEP.keys() - pages) == [], "SWEEP names pages that are no longer in the URL configuration"


@pytest.mark.browser
def test_every_page_passes_axe_at_desktop_and_phone_widths_with_no_errors(
    visit: Callable[..., Visitor], demo: dict[str, Any]
) -> None:
    started = time.perf_counter()
    windows: dict[str, tuple[Visitor, Membership | None]] = {}
    problems: dict[str, list[str]] = {}
    for name, page in SWEEP.items():
        if page.who not in windows:
            windows[page.who] = _open(visit, page.who)
        window, membership = windows[page.who]
        problems[name] = _sweep(window, membership, name, page)
    failed = {name: found for name, found in problems.items() if found}
    report = "\n".join(f"{name}:\n" + "\n".join(found) for name, found in failed.items())
    assert failed == {}, f"{len(failed)} of {len(SWEEP)} pages failed the sweep:\n{report}"
    print(f"\nswept {len(SWEEP)} pages in {time.perf_counter() - started:.1f} s")


def _open(visit: Callable[..., Visitor], who: str) -> tuple[Visitor, Membership | None]:
    """A window for one person, logged in through the log in page as she would be."""
    window = visit(name=who)
    if who == ANYONE:
        return window, None
    if who == NO_ROLE:
        user = User.objects.create_user(
            username="newstarter", email=f"newstarter@{DOMAIN}", password=PASSWORD
        )
    else:
        user = User.objects.get(email=f"{STAND_INS.get(who, who)}@{DOMAIN}")
    secret = give_totp(user) if who in (HALFWAY_THROUGH_MFA, WITH_TWO_FACTOR) else ""
    window.login(user.email, PASSWORD, check=False)
    if who == WITH_TWO_FACTOR:
        window.page.get_by_label("Code from your authenticator app").fill(totp_code(secret))
        window.page.get_by_role("button", name="Continue").click()
    if who in (JUST_CONFIRMED, WITH_TWO_FACTOR):
        window.page.wait_for_url(re.compile(r".*/(today|dashboard|people)/"))
        window.page.goto(reverse("account_reauthenticate"))
        window.page.get_by_label("Password").fill(PASSWORD)
        window.page.get_by_role("button", name="Continue").click()
    window.page.wait_for_url(re.compile(r".*/(today|dashboard|people|authenticate)/|.*/$"))
    if who == AT_THE_MBU:
        window.page.goto(reverse("accounts:role"))
        window.page.get_by_label(re.compile("Mother and Baby Unit")).check()
        window.page.get_by_role("button", name="Switch role").click()
        window.page.wait_for_url(re.compile(r".*/today/"))
        return window, Membership.objects.get(user=user, service__kind=Service.Kind.MBU)
    # The role she acts in until she chooses one, as ActiveMembershipMiddleware picks it.
    return window, Membership.objects.filter(user=user, active=True).first()


def _takes_an_id(name: str) -> bool:
    return any(p.pattern.converters for n, p in our_urls() if n == name)


def _sweep(window: Visitor, membership: Membership | None, name: str, page: Page) -> list[str]:
    if page.prepare and membership:
        page.prepare(membership)
    record = page.find(membership) if page.find and membership else None
    if page.find and record is None:
        return [f"  no record for {page.who} to open {name} with: fix its finder in SWEEP"]
    if page.post_only:
        pk = record.pk if record else 1
        url = reverse(name, args=[pk]) if _takes_an_id(name) else reverse(name)
        answer = window.page.request.get(url, max_redirects=0).status
        return [] if answer == 405 else [f"  GET {url} answered {answer}, not 405: is it a page after all?"]
    url = reverse(name, args=[record.pk]) if record else reverse(name)
    if not page.html:  # fetched, not opened: a download (a PDF, say) is not a page to navigate to
        fetched = window.page.request.get(url, max_redirects=0)
        kind = fetched.headers.get("content-type", "")
        if fetched.status != 200:
            return [f"  {url} did not answer {page.who}: {fetched.status}"]
        return [f"  {url} is marked as no page, but answers HTML"] if kind.startswith("text/html") else []
    response = window.page.goto(url)
    status = response.status if response else None
    if status != 200 or urlsplit(window.page.url).path != url:
        window.findings()
        return [f"  {url} did not open for {page.who}: {status} at {window.page.url}"]
    slug = name.replace(":", "-").replace("_", "-")
    found = [f"  at {DESKTOP['width']} wide: {line.strip()}" for line in window.findings()]
    window.screenshot(slug, "desktop")
    # Loaded again at phone width, as a phone would load it (the header rearranges itself on load).
    window.page.set_viewport_size(PHONE)
    window.page.reload()
    found += [f"  at {PHONE['width']} wide: {line.strip()}" for line in window.findings()]
    if (extra := window.overflows()) > 0:
        found.append(f"  at {PHONE['width']} wide the page is {extra}px wider than the screen")
    window.screenshot(slug, "phone")
    window.page.set_viewport_size(DESKTOP)
    return found
