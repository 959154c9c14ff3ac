"""A peer worker's wellbeing is hers; readiness is self-identified; nothing asks about her illness."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Membership, Role
from alongside.safety import metrics as safety_metrics
from alongside.safety import services as safety_services
from alongside.safety.models import GroundRules
from alongside.wards.tests.test_handovers import snapshot
from alongside.wellbeing import services
from alongside.wellbeing.models import Readiness, WellbeingCheckIn
from conftest import client_for, make_member

ROLES = ["ward_coordinator", "ward_manager", "ward_admin", "nurse", "ward_peer_2"]


@pytest.mark.parametrize("chosen", ROLES)
def test_a_wellbeing_debrief_is_readable_only_by_her_and_the_supervisor_she_chose(
    chosen: str, request: pytest.FixtureRequest, ward_peer: Any
) -> None:
    supervisor = request.getfixturevalue(chosen)
    others = [request.getfixturevalue(r) for r in ROLES if r != chosen]
    record = services.wellbeing_record(
        actor=ward_peer.user, feeling="low", note="Hard day", shared_with=supervisor.user
    )
    url = reverse("wellbeing:wellbeing_detail", args=[record.pk])
    assert client_for(ward_peer).get(url).status_code == 200
    assert "Hard day" in client_for(supervisor).get(url).content.decode()
    for other in others:
        assert client_for(other).get(url).status_code == 404, other.role
        assert "Hard day" not in client_for(other).get(reverse("wellbeing:wellbeing")).content.decode()


def test_a_private_check_in_is_readable_by_her_alone(
    ward_peer: Any, ward_admin: Any, ward_coordinator: Any
) -> None:
    client_for(ward_peer).post(reverse("wellbeing:wellbeing"), {"feeling": "good", "note": "Lovely group"})
    record = WellbeingCheckIn.objects.get()
    assert record.shared_with is None
    for other in (ward_admin, ward_coordinator):
        assert (
            client_for(other).get(reverse("wellbeing:wellbeing_detail", args=[record.pk])).status_code == 404
        )


def test_wellbeing_is_not_in_the_django_admin_or_any_audit_summary(ward_peer: Any) -> None:
    from django.contrib import admin

    from alongside.audit.models import AuditLog

    services.wellbeing_record(actor=ward_peer.user, feeling="low", note="Secret")
    assert WellbeingCheckIn not in admin.site._registry
    assert not AuditLog.objects.filter(summary__icontains="Secret").exists()


def test_readiness_is_recorded_by_her_for_herself(ward_peer: Any) -> None:
    client_for(ward_peer).post(reverse("wellbeing:readiness"), {"stage": "ready", "note": "I feel ready"})
    assert Readiness.objects.get().peer_worker == ward_peer.user


def test_a_light_touch_volunteer_moves_to_the_full_role_when_she_says_she_is_ready(
    mbu: Any, ward_coordinator: Any
) -> None:
    volunteer = make_member(mbu, Role.LIGHT_TOUCH_VOLUNTEER, "helper", employment="volunteer")
    url = reverse("safety:team_full_role", args=[volunteer.pk])
    client_for(ward_coordinator).post(url)
    volunteer.refresh_from_db()
    assert volunteer.role == Role.LIGHT_TOUCH_VOLUNTEER  # she has not said so yet
    client_for(volunteer).post(reverse("wellbeing:readiness"), {"stage": "ready"})
    assert (
        "Move to the full role" in client_for(ward_coordinator).get(reverse("safety:team")).content.decode()
    )
    client_for(ward_coordinator).post(url)
    volunteer.refresh_from_db()
    assert volunteer.role == Role.PEER_WORKER


def test_a_light_touch_volunteer_sees_no_ones_record(mbu: Any, on_ward: Any) -> None:
    volunteer = make_member(mbu, Role.LIGHT_TOUCH_VOLUNTEER, "helper2", employment="volunteer")
    client = client_for(volunteer)
    assert client.get(reverse("people:detail", args=[on_ward.person_id])).status_code == 403
    assert client.get(reverse("people:list")).status_code == 403


# The "must nots" ---------------------------------------------------------------------------

FORBIDDEN = re.compile(
    r"discharg|diagnos|recover|since_|time_since|months_since|years_since|illness|relapse", re.I
)
STORY = re.compile(r"stor(y|ies)|disclos|share_topic|topics?_|forbidden|must_not_share|may_share", re.I)
# Apps about the people who work in peer support; a mother's own record is another matter.
WORKER_APPS = ["accounts", "organisations", "safety", "workforce"]


def worker_fields() -> list[str]:
    found = []
    for label in WORKER_APPS:
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.get_fields():
                text = " ".join(
                    str(getattr(field, a, "") or "") for a in ("name", "verbose_name", "help_text")
                )
                found.append(f"{model.__name__}.{field.name}: {text}")
    return found


def test_no_field_anywhere_about_workers_asks_how_long_since_discharge_diagnosis_or_recovery() -> None:
    assert [f for f in worker_fields() if FORBIDDEN.search(f)] == []


def test_no_field_prescribes_or_forbids_what_she_shares_of_her_own_story() -> None:
    assert [f for f in worker_fields() if STORY.search(f)] == []


def test_no_rule_or_page_sets_a_minimum_time_since_discharge_or_diagnosis() -> None:
    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(months?|years?|weeks?) (since|after) (her )?(discharge|diagnosis|recovery)", re.I)
    hits = [
        f"{p.relative_to(root)}"
        for p in root.rglob("*")
        if p.suffix in {".py", ".jinja", ".html"} and "tests" not in p.parts and pattern.search(p.read_text())
    ]
    assert hits == []


def test_the_checker_would_find_such_a_field() -> None:
    assert FORBIDDEN.search("Membership.months_since_discharge: Months since discharge")
    assert STORY.search("Profile.topics_not_to_share: Topics she may not share")


def test_a_peer_worker_whose_own_discharge_was_recent_can_be_onboarded(
    mbu: Any, ward_coordinator: Any
) -> None:
    # There is nowhere to say so: anything posted about it is ignored, and she is added.
    response = client_for(ward_coordinator).post(
        reverse("safety:team_add"),
        {
            "first_name": "Jo",
            "last_name": "Bright",
            "email": "jo@test.example",
            "role": "peer_worker",
            "employment": "nhs",
            "discharged_on": (timezone.localdate() - dt.timedelta(days=30)).isoformat(),
        },
    )
    assert response.status_code == 302
    added = Membership.objects.get(user__email="jo@test.example")
    assert (added.role, added.service) == (Role.PEER_WORKER, mbu)


def test_onboarding_a_hosted_peer_worker_needs_her_host(ward_coordinator: Any) -> None:
    before = snapshot()
    response = client_for(ward_coordinator).post(
        reverse("safety:team_add"),
        {
            "first_name": "Jo",
            "last_name": "Bright",
            "email": "jo@test.example",
            "role": "peer_worker",
            "employment": "hosted",
        },
    )
    assert "Name the organisation that hosts her" in response.content.decode()
    assert snapshot() == before


# Ground rules ------------------------------------------------------------------------------


def test_ground_rules_are_agreed_with_a_date_and_the_services_checklist(
    peer_worker: Any, allocated: Any
) -> None:
    from alongside.safety.models import GroundRuleItem

    item = GroundRuleItem.objects.create(service=allocated.service, text="Either of us can stop at any time")
    client_for(peer_worker).post(
        reverse("safety:ground_rules", args=[allocated.pk]),
        {"agreed_on": timezone.localdate().isoformat(), "items": [item.pk], "text": "We meet at the café"},
    )
    rules = GroundRules.objects.get()
    assert list(rules.items.all()) == [item] and rules.text == "We meet at the café"


def test_ground_rules_are_due_at_the_start_and_again_after_8_weeks_on_today(
    peer_worker: Any, allocated: Any
) -> None:
    client = client_for(peer_worker)
    assert "No ground rules agreed yet" in client.get(reverse("home:today")).content.decode()
    long_ago = timezone.localdate() - dt.timedelta(weeks=9)
    safety_services.ground_rules_agree(
        actor=peer_worker.user,
        membership=peer_worker,
        agreed_on=long_ago,
        text="x",
        items=[],
        peer_support=allocated,
    )
    assert "Agreed more than 8 weeks ago" in client.get(reverse("home:today")).content.decode()
    safety_services.ground_rules_agree(
        actor=peer_worker.user,
        membership=peer_worker,
        agreed_on=timezone.localdate(),
        text="x",
        items=[],
        peer_support=allocated,
    )
    assert "Ground rules to agree or review" not in client.get(reverse("home:today")).content.decode()


def test_a_groups_ground_rules_are_due_again_when_someone_new_joins(
    peer_worker: Any, allocated: Any, clinician: Any
) -> None:
    from alongside.support import services as support
    from alongside.support.models import Group
    from conftest import refer

    group = Group.objects.create(
        service=allocated.service, name="Tuesday coffee morning", kind="coffee_morning"
    )
    first = support.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        group=group,
        starts_at=timezone.now() - dt.timedelta(days=7),
        duration_minutes=60,
        mode="community",
    )
    support.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=first, attendees=[allocated]
    )
    safety_services.ground_rules_agree(
        actor=peer_worker.user,
        membership=peer_worker,
        agreed_on=timezone.localdate() - dt.timedelta(days=7),
        text="Phones on silent",
        items=[],
        group=group,
    )
    groups = Group.objects.all()
    today = timezone.localdate()
    assert [
        d.label
        for d in safety_metrics.ground_rules_due(allocated.service.peer_supports.none(), groups, today)
    ] == []
    newcomer = refer(clinician, given_name="Newcomer")
    second = support.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        group=group,
        starts_at=timezone.now() - dt.timedelta(hours=2),
        duration_minutes=60,
        mode="community",
    )
    support.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=second, attendees=[allocated, newcomer]
    )
    due = safety_metrics.ground_rules_due(allocated.service.peer_supports.none(), groups, today)
    assert [(d.label, d.why) for d in due] == [
        ("Tuesday coffee morning", "Someone new has joined since they were agreed")
    ]


def test_ground_rules_dated_in_the_future_or_empty_are_refused(peer_worker: Any, allocated: Any) -> None:
    before = snapshot()
    url = reverse("safety:ground_rules", args=[allocated.pk])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    assert (
        "cannot be in the future"
        in client_for(peer_worker).post(url, {"agreed_on": future, "text": "x"}).content.decode()
    )
    assert (
        "Write what you agreed" in client_for(peer_worker).post(url, {"agreed_on": future}).content.decode()
    )
    assert snapshot() == before


def test_the_service_edits_its_own_checklist_and_retired_lines_stay_in_agreed_rules(
    ward_coordinator: Any, ward_peer: Any
) -> None:
    from alongside.safety.models import GroundRuleItem

    client = client_for(ward_coordinator)
    client.post(reverse("safety:checklist"), {"text": "Tea breaks are for everyone"})
    item = GroundRuleItem.objects.get()
    assert item.service == ward_coordinator.service and item.active
    client.post(reverse("safety:checklist"), {"retire": item.pk})
    item.refresh_from_db()
    assert not item.active
    assert client_for(ward_peer).get(reverse("safety:checklist")).status_code == 403
