import datetime as dt
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.records.links import person_paths
from alongside.records.tests.her_records import describe, records_of_every_kind
from alongside.support import services
from alongside.support.models import PeerSupport
from conftest import client_for, refer


@pytest.fixture
def her(clinician: Any, peer_worker: Any, coordinator_other: Any) -> dict[str, Any]:
    """A mother with a record of every kind at her own service, and peer support at another."""
    here = refer(clinician, given_name="Amira")
    describe(here.person)
    made = records_of_every_kind(here, worker=peer_worker, at=timezone.now() - dt.timedelta(days=3))
    there = PeerSupport.objects.create(
        person=here.person,
        service=coordinator_other.service,
        referred_by=coordinator_other.user,
        referred_on=timezone.localdate(),
        status_changed_on=timezone.localdate(),
        reason="Moved to Lancashire",
    )
    return {"person": here.person, "made": made, "there": there}


def test_the_fixture_makes_a_record_of_every_model_that_links_to_a_person(her: dict[str, Any]) -> None:
    """Fails when a model with a foreign key path to a person is added and not made here: add it to
    her_records.py, and the export test below then checks the export includes it."""
    linked = {m._meta.label for m in person_paths()}
    assert linked - set(her["made"]) == set()


def test_the_json_holds_a_record_from_every_model_that_links_to_her(
    her: dict[str, Any], manager: Any
) -> None:
    person = her["person"]
    response = client_for(manager).get(reverse("records:export_json", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(response.content)
    for label, obj in her["made"].items():
        ids = [row["id"] for row in data["records"][label]]
        assert obj.pk in ids, f"{label} {obj.pk} is not in the export"
    assert set(data["records"]) == {m._meta.label for m in person_paths()}


def test_the_json_holds_her_words_family_groups_and_other_services(
    her: dict[str, Any], manager: Any, clinician: Any
) -> None:
    person = her["person"]
    partner = services.referral_create(
        actor=clinician.user,
        membership=clinician,
        person={"given_name": "Omar", "family_name": "Khan", "family_role": "partner"},
        needs=[],
        consent_given_on=timezone.localdate(),
        source="clinician",
        reason="",
        family=person.family,
    )
    data = client_for(manager).get(reverse("records:export_json", args=[person.pk])).json()
    assert data["records"]["people.Person"][0]["nhs_number"] == "9434765919"
    assert data["records"]["support.Contact"][0]["note"] in {
        "She talked about sleep",
        "Attended Thursday café",
    }
    assert {r["text"] for r in data["records"]["outcomes.GoalWording"]} == {
        "Get out of the house with the baby"
    }
    assert {r["service"] for r in data["records"]["support.PeerSupport"]} == {
        str(person.service),
        str(her["there"].service),
    }
    assert data["family"] == [{"person_id": partner.person.pk, "name": "Omar Khan", "family_role": "Partner"}]
    assert [s["title"] for s in data["group_sessions_attended"]] == ["Thursday café"]
    assert "token_hash" not in data["records"]["outcomes.FeedbackLink"][0]


def test_the_export_holds_her_audit_trail_and_is_on_it(her: dict[str, Any], manager: Any) -> None:
    person = her["person"]
    client = client_for(manager)
    client.get(reverse("people:detail", args=[person.pk]))
    data = client.get(reverse("records:export_json", args=[person.pk])).json()
    assert any(r["who"] == str(manager.user) for r in data["audit_trail"])
    rows = AuditLog.objects.filter(person_id=person.pk, summary__startswith="Subject access export")
    assert [(r.actor_id, r.role, r.summary) for r in rows] == [
        (manager.user.pk, "service_manager", "Subject access export (JSON) made")
    ]


def test_the_pdf_is_a_readable_pdf_and_is_audited(her: dict[str, Any], manager: Any) -> None:
    from pypdf import PdfReader

    person = her["person"]
    response = client_for(manager).get(reverse("records:export_pdf", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Everything held about Mimi Khan" in text
    assert "Get out of the house with the baby" in text
    assert (
        AuditLog.objects.filter(person_id=person.pk, summary="Subject access export (PDF) made").count() == 1
    )


@pytest.mark.parametrize(
    "role", ["peer_worker", "coordinator", "clinician", "admin_member", "commissioner", "national_reviewer"]
)
def test_only_a_service_manager_may_export(
    role: str, her: dict[str, Any], request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(role))
    for name in ("records:export", "records:export_json", "records:export_pdf", "records:erase"):
        assert client.get(reverse(name, args=[her["person"].pk])).status_code == 403, name
    assert not AuditLog.objects.filter(summary__startswith="Subject access export").exists()


def test_a_manager_of_a_service_she_is_not_known_to_gets_404(clinician: Any, other_service: Any) -> None:
    from conftest import make_member

    person = refer(clinician).person
    manager_elsewhere = make_member(other_service, "service_manager", "othermanager")
    client = client_for(manager_elsewhere)
    for name in ("records:export", "records:export_json", "records:export_pdf", "records:erase"):
        assert client.get(reverse(name, args=[person.pk])).status_code == 404, name


def test_a_manager_where_she_is_supported_now_may_export(her: dict[str, Any], other_service: Any) -> None:
    from conftest import make_member

    manager_there = make_member(other_service, "service_manager", "othermanager")
    response = client_for(manager_there).get(reverse("records:export_json", args=[her["person"].pk]))
    assert response.status_code == 200
