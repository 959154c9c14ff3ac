"""Every look at a person is on her audit trail (issue 11, ADR 0003, ADR 0021).

The walk reads the URL configuration itself (alongside/tests/url_walk.py) and opens every page
as every role that may see person-level records, in the world of alongside/tests/test_access.py.
A page is about a mother if it is in PERSON_LEVEL, or if any mother's name shows on it; such a
page must write audit rows naming who looked, in which role and service, through which page, and
every mother it showed. Every URL must be sorted into PERSON_LEVEL or NOT_ABOUT_A_MOTHER, so a
new page is thought about the day it is added.

Set ALONGSIDE_AUDIT_TABLE=<path> to have the walk write its "URL name -> audit rows" table.
"""

import datetime as dt
import os
from collections import defaultdict
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.people.models import Person
from alongside.safety import services as safety_services
from alongside.support import services as support_services
from alongside.tests.test_access import OBJECT_FOR_URL, POST_ONLY
from alongside.tests.test_access import world as access_world  # noqa: F401  (a fixture, by this name)
from alongside.tests.url_walk import our_urls
from alongside.visits import services as visits_services
from alongside.wards import services as wards_services
from alongside.wellbeing import services as wellbeing_services
from conftest import client_for

# Pages that show a mother's records: each must put every mother it shows on her trail.
PERSON_LEVEL = {
    "people:list",
    "people:detail",
    "people:edit",
    "people:contacts",
    "people:print",
    "people:list_print",
    "audit:person",
    "dashboard:coordinator",
    "home:today",
    "support:unallocated",
    "support:allocate",
    "support:status",
    "support:contact",
    "support:withdraw_consent",
    "support:register",
    "support:register_print",
    "wards:shifts",
    "wards:briefing",
    "wards:debrief",
    "wards:escalations",
    "wards:acknowledge",
    "visits:visits",
    "visits:visit_new",
    "visits:visit_check_in",
    "visits:visit_check_out",
    "visits:visit_cancel",
    "visits:visit_safe",
    "safety:ground_rules",
    "directory:search",  # with ?for=<her peer support>: see QUERY
    "directory:follow_ups",
    "directory:follow_up",
    "directory:signpost",
    "transitions:list",
    "transitions:accept",
    "transitions:decline",
    "transitions:record",
    "outcomes:goals",
    "outcomes:show",
    "outcomes:goal_new",
    "outcomes:goal_replace",
    "outcomes:goal_rate",
    "outcomes:goal_reword",
    "outcomes:goal_end",
    "outcomes:feedback",
    "outcomes:feedback_together",
    "outcomes:stories",
    "outcomes:story_new",
    "outcomes:story",
    "outcomes:consent_withdraw",
    "reports:quotes",
    # Everything held about her (subject access), and her erasure.
    "records:export",
    "records:export_json",
    "records:export_pdf",
    "records:erase",
    # An export of records (ADR 0048): every person it carried is on her trail.
    "exports:download",
}

# Pages that show no mother, and why. Her own pages are a peer worker's records, not a mother's:
# nothing from them may reach a mother's trail (the walk checks that they name no one).
NOT_ABOUT_A_MOTHER = {
    # Public, or the choice of role.
    "home",
    "about",
    "accessibility",
    "healthz",
    "records:privacy",
    "accounts:role",
    # Suppressed aggregates and a service's reports (no person in them).
    "dashboard:summary",
    # The self-reflective grid and its reviews: the service's figures and its team's views, no mother.
    "grid:grid",
    "grid:review_new",
    "grid:rate",
    "grid:my_view",
    "grid:complete",
    # The fourteen recommendations: the service's figures and attestations, and roll-ups (no one).
    "recommendations:service",
    "recommendations:attest",
    "recommendations:rollup",
    "recommendations:service_aggregate",
    "grid:review",
    "grid:review_pdf",
    "grid:review_xlsx",
    "grid:services",
    "grid:aggregate",
    "grid:aggregate_pdf",
    "grid:aggregate_xlsx",
    # The national picture: returns of services, regions, ICBs (issue 15); no person in them.
    "national:overview",
    "national:region",
    "national:icb",
    "national:service",
    "national:rankings",
    "national:returns",
    "national:pdf",
    "national:xlsx",
    "equity:report",
    "equity:population",
    "equity:population_edit",
    "reports:index",
    "reports:report",
    "reports:pdf",
    "reports:csv",
    "reports:xlsx",
    # The export page: what she may export, no one named (each download is audited).
    "exports:index",
    "partners:fathers",
    "wards:handovers",
    # A blank referral form, a list of group sessions, forms for groups: no mother named.
    "support:refer",
    "support:groups",
    "support:group_new",
    "safety:group_ground_rules",
    # Ward staff's view of peer workers on shift, and alerts about peer workers' safety.
    "wards:ward",
    "visits:alerts",
    # A peer worker's own wellbeing, readiness, supervision, role and training: hers alone.
    "wellbeing:wellbeing",
    "wellbeing:wellbeing_detail",
    "wellbeing:wellbeing_plan",
    "wellbeing:wellbeing_sharing",
    "wellbeing:wellbeing_shared",
    "wellbeing:wellbeing_shared_detail",
    "wellbeing:readiness",
    "workforce:mine",
    "workforce:record",
    "workforce:role_mine",
    "workforce:role_offer",
    "workforce:role_description_mine",
    "workforce:duty_mine",
    "workforce:group_record",
    "workforce:detail",
    "workforce:edit",
    "workforce:reflection",
    "workforce:action_new",
    "training:mine",
    "training:development",
    "training:development_new",
    "training:development_edit",
    "training:development_export",
    # The team: staff records, audited as such where they are read (no mother in them).
    "safety:team",
    "safety:team_add",
    "safety:checklist",
    "workforce:team",
    "workforce:settings",
    "workforce:overview",
    "workforce:drift_settings",
    "workforce:member",
    "workforce:employment",
    "workforce:caseload",
    "workforce:role_description",
    "workforce:duty",
    "training:team",
    "training:curriculum",
    "training:module_new",
    "training:module_edit",
    # Co-ordinator cover, supervision guidance and the involvement log: the team's, no mother named.
    "workforce:coordinator",
    "workforce:guidance",
    "workforce:guidance_new",
    "workforce:involvement",
    "workforce:involvement_new",
    "timetable:mine",
    "timetable:slot_edit",
    "timetable:offer",
    "timetable:calendar",
    "timetable:team",
    "timetable:member",
    "timetable:menu",
    # Recruitment: applicants for posts, not mothers (their reading is audited without a person).
    "recruitment:list",
    "recruitment:vacancy_new",
    "recruitment:vacancy",
    "recruitment:vacancy_edit",
    "recruitment:panel_add",
    "recruitment:candidate_new",
    "recruitment:candidate",
    # The peer network of peer workers, the signposting directory, partners' remits.
    "network:directory",
    "network:profile",
    "network:groups",
    "network:group_new",
    "network:group",
    "directory:import",
    "directory:service_new",
    "directory:service_edit",
    "partners:list",
    "partners:remit",
    "partners:remit_edit",
    # Importing records (ADR 0050): the upload, the column mapping (headings only), progress and
    # counts name no one. The walk has no import of hers, so the dry run and the refused rows show
    # no one here; what they show of a file is audited, each record it would change on its
    # person's trail (alongside/imports/tests/test_import_pages.py).
    "imports:start",
    "imports:check",
    "imports:refused",
    "imports:columns",
    "imports:progress",
    "imports:result",
    # Her own choice of email reminders (ADR 0049): no one named.
    "reminders:preferences",
    # Transition settings and the service's API tokens.
    "transitions:settings",
    "transitions:tokens",
}

# Who may see a mother's records, and the other service's: the roles the walk acts in.
WALK_ROLES = [
    "peer_worker",
    "coordinator",
    "clinician",
    "manager",
    "admin_member",
    "coordinator_other",
    "peer_worker_other",
]

# Pages that show her only when asked about her: the query that asks, from a kind of `world`.
QUERY = {
    "directory:search": ("for", "peer_support"),
    "outcomes:story_new": ("person", "person"),  # a teller, once found by a search (no list of everyone)
}

# The mother each kind of record is about, worked out here by hand (not by the audit service).
MOTHER_OF_KIND = {
    "person": lambda o: o.pk,
    "peer_support": lambda o: o.person_id,
    "visit": lambda o: o.peer_support.person_id,
    "goal": lambda o: o.peer_support.person_id,
    "story": lambda o: o.person_id,
    "story_consent": lambda o: o.story.person_id,
    "signposting": lambda o: o.peer_support.person_id,
    "arrival": lambda o: o.person_id,
    "escalation": lambda o: o.person_id,
}


def test_every_url_is_sorted_into_about_a_mother_or_not() -> None:
    names = {name for name, _ in our_urls()} - POST_ONLY
    assert names - PERSON_LEVEL - NOT_ABOUT_A_MOTHER == set(), "sort these new pages"
    assert not PERSON_LEVEL & NOT_ABOUT_A_MOTHER
    assert (PERSON_LEVEL | NOT_ABOUT_A_MOTHER) - names == set(), "these pages are gone"


@pytest.fixture
def walked(access_world: dict[str, Any], peer_worker: Any) -> dict[str, Any]:  # noqa: F811
    """The access test's world, with every list in it showing someone: a concern about the mother
    here, a signposting whose follow-up is due."""

    world, here = access_world, access_world["here"]
    escalation = here["escalation"]
    escalation.person = here["person"]
    escalation.save(update_fields=["person"])
    wards_services.escalation_raise(
        actor=peer_worker.user, membership=peer_worker, text="She seemed low", person=here["person"]
    )
    signposting = here["signposting"]
    signposting.follow_up_on = timezone.localdate() - dt.timedelta(days=1)
    signposting.save(update_fields=["follow_up_on"])
    # The session here taken, so its printed register names her (a blank one of a one-off
    # session names nobody: ADR 0046).
    support_services.group_register_take(
        actor=peer_worker.user,
        membership=peer_worker,
        session=here["session"],
        attendees=[here["peer_support"]],
    )
    return world


def _url(name: str, kind: str | None, obj: Any, where: str | None, world: dict[str, Any]) -> str:
    url = reverse(name, args=[obj.pk]) if obj is not None else reverse(name)
    if name in QUERY and where:
        param, of = QUERY[name]
        url += f"?{param}={world[where][of].pk}"
    return url


def walk_every_page(request: pytest.FixtureRequest, world: dict[str, Any]) -> list[dict[str, Any]]:
    """Open every page, as every walking role, for the record here and there; what each wrote."""
    mothers = list(Person.objects.all())
    seen: list[dict[str, Any]] = []
    for role in WALK_ROLES:
        membership = request.getfixturevalue(role)
        client = client_for(membership)
        client.raise_request_exception = False  # a page that fails is test_access.py's to catch
        for name, _ in our_urls():
            if name in POST_ONLY:
                continue
            kind = OBJECT_FOR_URL.get(name)
            wheres: tuple[str | None, ...] = ("here", "there") if kind or name in QUERY else (None,)
            for where in wheres:
                obj = world[where][kind] if kind and where else None
                url = _url(name, kind, obj, where, world)
                last = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
                response = client.get(url)
                # A download may be streamed (an export: ADR 0048): read it whole either way.
                raw = b"".join(response.streaming_content) if response.streaming else response.content
                body = raw.decode(errors="replace") if response.status_code == 200 else ""
                seen.append(
                    {
                        "role": role,
                        "membership": membership,
                        "name": name,
                        "kind": kind,
                        "obj": obj,
                        "url": url,
                        "status": response.status_code,
                        "named": {p.pk for p in mothers if body and p.name in body},
                        "rows": list(AuditLog.objects.filter(pk__gt=last).order_by("pk")),
                    }
                )
    return seen


def test_every_look_at_a_mother_is_on_her_trail(
    request: pytest.FixtureRequest, walked: dict[str, Any]
) -> None:
    seen = walk_every_page(request, walked)
    problems: list[str] = []
    naming: dict[str, set[int]] = defaultdict(set)
    for look in seen:
        name, rows, membership = look["name"], look["rows"], look["membership"]
        written = {r.person_id for r in rows} - {None}
        if look["status"] != 200:
            if rows:
                problems.append(
                    f"{look['url']} as {look['role']} gave {look['status']} but wrote {len(rows)} rows"
                )
            continue
        if name not in PERSON_LEVEL:
            if look["named"]:
                problems.append(f"{look['url']} shows a mother to {look['role']}: add it to PERSON_LEVEL")
            if written:
                problems.append(f"{look['url']} put a mother on her trail though it is about no mother")
            continue
        naming[name] |= written
        hers = MOTHER_OF_KIND[look["kind"]](look["obj"]) if look["kind"] in MOTHER_OF_KIND else None
        if not rows and (look["named"] or hers is not None):
            problems.append(f"{look['url']} as {look['role']} showed a mother and wrote no audit row")
            continue
        wrong = [
            r
            for r in rows
            if (r.actor_id, r.role, r.service_id, r.action)
            != (membership.user_id, membership.role, membership.service_id, "view")
            or r.view != name
        ]
        if wrong:
            problems.append(
                f"{look['url']} as {look['role']} wrote rows with the wrong who/role/what: {wrong}"
            )
        if look["named"] - written:
            problems.append(f"{look['url']} as {look['role']} showed {look['named'] - written} unaudited")
        if hers is not None and hers not in written:
            problems.append(f"{look['url']} as {look['role']} left her ({hers}) off her trail")
    never = sorted(name for name in PERSON_LEVEL if not naming[name])
    assert problems == [], "\n".join(problems)
    assert never == [], f"these pages put nobody on a trail in the whole walk: {never}"
    if os.environ.get("ALONGSIDE_AUDIT_TABLE"):
        _write_table(seen, os.environ["ALONGSIDE_AUDIT_TABLE"])


def _write_table(seen: list[dict[str, Any]], path: str) -> None:
    """URL name -> the audit rows one look wrote, per role (for the closing note of issue 11)."""
    lines = [
        "| URL name | role | record | rows | people on the trail | record kinds |",
        "|---|---|---|---|---|---|",
    ]
    for look in seen:
        if look["status"] != 200 or look["name"] not in PERSON_LEVEL:
            continue
        rows = look["rows"]
        people = sorted({r.person_id for r in rows} - {None})
        models = sorted({r.model for r in rows})
        where = f"{look['kind']} {look['obj'].pk}" if look["obj"] is not None else "-"
        lines.append(
            f"| {look['name']} | {look['role']} | {where} | {len(rows)} | {people} | {', '.join(models)} |"
        )
    with open(path, "w") as out:
        out.write("\n".join(lines) + "\n")


# How each kind of record reaches the mother it is about, written out by hand (not asked of the
# audit service), so a row that loses her shows up here.
MOTHER_OF_MODEL = {
    "people.Person": lambda o: o.pk,
    "people.Consent": lambda o: o.person_id,
    "support.PeerSupport": lambda o: o.person_id,
    "support.Allocation": lambda o: o.peer_support.person_id,
    "support.Contact": lambda o: o.peer_support.person_id,
    "support.StatusChange": lambda o: o.peer_support.person_id,
    "outcomes.GoalsDecision": lambda o: o.peer_support.person_id,
    "outcomes.Goal": lambda o: o.peer_support.person_id,
    "outcomes.GoalRating": lambda o: o.goal.peer_support.person_id,
    "outcomes.FeedbackLink": lambda o: o.peer_support.person_id,
    "outcomes.FeedbackResponse": lambda o: o.peer_support.person_id,
    "outcomes.Story": lambda o: o.person_id,
    "directory.Signposting": lambda o: o.peer_support.person_id,
    "directory.FollowUp": lambda o: o.signposting.peer_support.person_id,
    "visits.Visit": lambda o: o.peer_support.person_id,
    "wards.Escalation": lambda o: o.person_id,
    "safety.GroundRules": lambda o: o.peer_support.person_id,
    "transitions.Transition": lambda o: o.person_id,
}


def test_every_record_about_her_reaches_her_trail_page_however_it_is_linked(
    allocated: Any, peer_worker: Any, coordinator: Any, clinician: Any, manager: Any, other_service: Any
) -> None:
    from django.apps import apps

    from alongside.directory import services as directory_services
    from alongside.directory.importer import import_oruk
    from alongside.directory.models import Service as DirectoryService
    from alongside.directory.tests.feeds import record as feed_record
    from alongside.outcomes import services as outcome_services
    from alongside.outcomes.models import Item
    from alongside.support import services as support_services
    from alongside.transitions import services as transition_services

    today, now, me = (
        timezone.localdate(),
        timezone.now(),
        {"actor": peer_worker.user, "membership": peer_worker},
    )
    support_services.contact_log(
        **me, peer_support=allocated, occurred_at=now, duration_minutes=30, mode="phone", successful=True
    )
    outcome_services.decide(**me, peer_support=allocated, choice="agreed", decided_on=today)
    goal = outcome_services.goal_set(**me, peer_support=allocated, text="Sleep", set_on=today, score=3)
    outcome_services.goal_rate(**me, goal=goal, score=5, rated_on=today, stage="review")
    outcome_services.feedback_link_create(**me, peer_support=allocated)
    outcome_services.feedback_with_peer_worker(
        **me, peer_support=allocated, answers={Item.HEARD: (4, "")}, anonymous=False
    )
    story = outcome_services.story_create(
        **me,
        fields={"teller": "mother", "person": allocated.person, "quote": "It helped"},
        themes=[],
        consents=["service"],
        consent_on=today,
    )
    outcome_services.consent_withdraw(**me, consent=story.consents.get(), withdrawn_on=today)
    import_oruk([feed_record(1)], source="test")
    signposting = directory_services.signposting_create(
        **me,
        peer_support=allocated,
        service=DirectoryService.objects.get(name="Service 1"),
        signposted_on=today,
    )
    directory_services.follow_up_record(**me, signposting=signposting, outcome="yes", recorded_on=today)
    visit = visits_services.visit_plan(
        **me,
        peer_support=allocated,
        venue="home",
        where="",
        starts_at=now + dt.timedelta(hours=1),
        expected_end_at=now + dt.timedelta(hours=2),
        companion=clinician.user,
    )
    visits_services.visit_cancel(**me, visit=visit)
    wards_services.escalation_raise(**me, text="She seemed low", person=allocated.person)
    safety_services.ground_rules_agree(
        **me, agreed_on=today, text="We agreed", items=[], peer_support=allocated
    )
    transition_services.transition_record(
        person=allocated.person,
        from_service=allocated.service,
        kind="transfer",
        destination="community_perinatal",
        to_service=other_service,
        occurred_on=today,
        actor=coordinator.user,
        membership=coordinator,
    )
    # Her peer worker's own wellbeing is hers: it must reach no mother's trail.
    wellbeing_services.wellbeing_record(actor=peer_worker.user, feeling="mixed", note="A hard week")
    client_for(peer_worker).get(reverse("people:list"))

    mismatched, about_her = [], set()
    for row in AuditLog.objects.exclude(action="delete"):
        if row.model not in MOTHER_OF_MODEL:
            assert row.person_id is None, f"{row} names a mother though it is not about one"
            continue
        obj = apps.get_model(row.model).objects.get(pk=row.object_id)
        if MOTHER_OF_MODEL[row.model](obj) != row.person_id:
            mismatched.append(str(row))
        if row.person_id == allocated.person_id:
            about_her.add(row.model)
    assert mismatched == []
    # A follow-up and a change of status are audited as changes to the signposting and the
    # relationship they belong to; consent was given at referral, before this journey.
    assert (
        set(MOTHER_OF_MODEL) - {"people.Consent", "directory.FollowUp", "support.StatusChange"} <= about_her
    )

    pages, page = [], 1
    while True:
        response = client_for(manager).get(
            reverse("audit:person", args=[allocated.person_id]), {"page": page}
        )
        pages.append(response.content.decode())
        if f"page={page + 1}" not in pages[-1]:
            break
        page += 1
    shown = "".join(pages)
    trail = AuditLog.objects.filter(person_id=allocated.person_id).exclude(view="audit:person")
    missing = [str(r) for r in trail if f"{r.model} {r.object_id}" not in shown]
    assert trail.count() >= len(about_her) and missing == []
    assert "A hard week" not in shown and "wellbeing.WellbeingCheckIn" not in shown
    assert "people:list" in shown  # the list she was on, by page
