import datetime as dt
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.people.models import Person
from alongside.records import subject_access
from alongside.records.models import Erasure
from alongside.records.tests.her_records import describe, records_of_every_kind
from alongside.reports.models import ReportQuote
from alongside.support.models import Status
from alongside.transitions.models import PersonReference
from conftest import client_for, refer

# What names her, or is hers in her words: none may be left anywhere after erasure.
HERS = [
    "Amira",
    "Mimi",
    "9434765919",
    "B12 9QT",
    "07700 900123",
    "1990-06-15",
    "talked about sleep",
    "Acacia",
    "Get out of the house",
    "I felt less alone",
    "She listened",
    "Worried for her",
    "Texts before 8pm",
    "RIO",
    "Dr Patel",
    "Resting today",
]
VALID = {"ground": "objected", "reference": "DPR-2026-014", "confirmed": "on"}


@pytest.fixture
def her(clinician: Any, peer_worker: Any) -> Person:
    """Her peer support ended last month; she has a record of every kind."""
    ps = refer(clinician, given_name="Amira")
    describe(ps.person)
    records_of_every_kind(ps, worker=peer_worker, at=timezone.now() - dt.timedelta(days=40), erasure=False)
    ps.status, ps.status_changed_on = Status.ENDED, timezone.localdate() - dt.timedelta(days=30)
    ps.save()
    return ps.person


def _export_text(person: Person) -> str:
    """Everything held about her but the audit trail (which names staff, and grows as they look)."""
    person.refresh_from_db()
    data = subject_access.export(person, by="test", service="test")
    del data["about"]["exported_at"], data["audit_trail"]
    return json.dumps(data, ensure_ascii=False)


def test_a_manager_erases_her_record_and_nothing_names_her_afterwards(her: Person, manager: Any) -> None:
    before = _export_text(her)
    assert all(words in before for words in HERS)
    response = client_for(manager).post(reverse("records:erase", args=[her.pk]), VALID)
    assert response.status_code == 302
    after = _export_text(her)
    left = [words for words in HERS if words in after]
    assert left == []
    her.refresh_from_db()
    assert (her.given_name, her.nhs_number, her.postcode, her.phone) == ("Erased", "", "B12", "")
    assert not PersonReference.objects.filter(person=her).exists()
    assert not ReportQuote.objects.filter(story__person=her).exists()
    erasure = Erasure.objects.get(person=her)
    assert (erasure.kind, erasure.ground, erasure.reference, erasure.erased_by) == (
        "request",
        "objected",
        "DPR-2026-014",
        manager.user,
    )


def test_her_contacts_stay_as_bare_counts(her: Person, manager: Any) -> None:
    contacts = list(her.peer_supports.get().contacts.values_list("pk", "occurred_at", "duration_minutes"))
    client_for(manager).post(reverse("records:erase", args=[her.pk]), VALID)
    assert (
        list(her.peer_supports.get().contacts.values_list("pk", "occurred_at", "duration_minutes"))
        == contacts
    )
    assert set(her.peer_supports.get().contacts.values_list("note", flat=True)) == {""}


def test_the_erasure_is_audited_without_her_identifiers(her: Person, manager: Any) -> None:
    client_for(manager).post(reverse("records:erase", args=[her.pk]), VALID)
    row = AuditLog.objects.get(action="delete", model="people.Person", object_id=str(her.pk))
    assert (row.actor, row.role) == (manager.user, "service_manager")
    assert "DPR-2026-014" in row.summary
    assert [words for words in HERS + ["Khan"] if words in row.summary] == []


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"confirmed": ""}, "confirmed", "Confirm that her request is valid"),
        ({"ground": ""}, "ground", "Select the ground"),
        ({"reference": ""}, "reference", "Enter the case reference"),
        ({"reference": "Amira Khan request"}, "reference", "must not contain her name"),
        ({"reference": "SAR 943 476 5919"}, "reference", "must not contain her name or NHS number"),
    ],
)
def test_bad_input_is_refused_clearly_and_changes_nothing(
    her: Person, manager: Any, change: dict[str, str], field: str, message: str
) -> None:
    before = _export_text(her)
    data = {k: v for k, v in {**VALID, **change}.items() if v}
    response = client_for(manager).post(reverse("records:erase", args=[her.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Erasure.objects.exists()
    assert _export_text(her) == before


def test_it_refuses_while_her_peer_support_is_open(clinician: Any, manager: Any) -> None:
    person = refer(clinician).person
    response = client_for(manager).post(reverse("records:erase", args=[person.pk]), VALID)
    assert "End or close her peer support first" in response.content.decode()
    person.refresh_from_db()
    assert person.given_name == "Amira" and not Erasure.objects.exists()


def test_it_refuses_to_erase_twice(her: Person, manager: Any) -> None:
    client = client_for(manager)
    client.post(reverse("records:erase", args=[her.pk]), VALID)
    response = client.post(reverse("records:erase", args=[her.pk]), VALID | {"reference": "DPR-2"})
    assert "erased already" in response.content.decode()
    assert Erasure.objects.count() == 1


def test_the_confirm_page_asks_first_and_changes_nothing(her: Person, manager: Any) -> None:
    response = client_for(manager).get(reverse("records:erase", args=[her.pk]))
    assert response.status_code == 200
    assert "This cannot be undone" in response.content.decode()
    her.refresh_from_db()
    assert her.given_name == "Amira"
