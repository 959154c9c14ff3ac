"""The import engine on messy files: each row imports, changes, stays the same, or is refused with
its reason; a refused row means nothing is written; the same file twice changes nothing."""

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import Workbook

from alongside.audit.models import AuditLog
from alongside.imports import reading, values
from alongside.imports.models import Reference
from alongside.imports.tests.helpers import FILES, run
from alongside.organisations.models import Membership, Role
from alongside.people.models import Consent, Person
from alongside.support.models import (
    Allocation,
    Contact,
    Group,
    GroupSession,
    PeerSupport,
    Status,
    StatusChange,
)

ALL = ("staff.csv", "people.csv", "referrals.csv", "allocations.tsv", "contacts.csv")


def reasons(outcome: Any) -> list[str]:
    return [row.reason for row in outcome.plan.refused()]


# --- reading cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "day"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("01/03/2026", dt.date(2026, 3, 1)),
        ("1/3/26", dt.date(2026, 3, 1)),
        ("1 Mar 2026", dt.date(2026, 3, 1)),
        ("1 March 2026", dt.date(2026, 3, 1)),
        ("01-Mar-2026", dt.date(2026, 3, 1)),
        ("46082", dt.date(2026, 3, 1)),
        (46082, dt.date(2026, 3, 1)),
        (46082.0, dt.date(2026, 3, 1)),
        (dt.datetime(2026, 3, 1), dt.date(2026, 3, 1)),  # noqa: DTZ001  (a spreadsheet's dates are naive)
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1)),
    ],
)
def test_it_reads_a_date_in_every_shape_a_spreadsheet_gives(cell: Any, day: dt.date) -> None:
    assert values.date(cell) == day


@pytest.mark.parametrize(
    ("cell", "reason"),
    [("31/02/1990", "is not a real date"), ("next Tuesday", "is not a date"), ("12", "is not a date")],
)
def test_it_refuses_a_date_that_is_not_one(cell: str, reason: str) -> None:
    with pytest.raises(values.Refusal, match=reason):
        values.date(cell)


def test_a_moment_is_read_as_uk_time_in_summer_and_winter() -> None:
    summer = values.moment("01/07/2026 14:30")
    winter = values.moment("2026-01-15 14:30")
    assert summer.astimezone(dt.UTC).hour == 13
    assert winter.astimezone(dt.UTC).hour == 14
    assert values.moment(46082.5).astimezone(values.UK).strftime("%Y-%m-%d %H:%M") == "2026-03-01 12:00"


@pytest.mark.parametrize("cell", ["Yes", "y", "TRUE", "1", 1, True])
def test_yes_in_its_spellings(cell: Any) -> None:
    assert values.yes_no(cell) is True


@pytest.mark.parametrize("cell", ["No", "n", "False", "0", 0, False])
def test_no_in_its_spellings(cell: Any) -> None:
    assert values.yes_no(cell) is False


def test_an_nhs_number_with_spaces_or_dashes_is_checked_by_its_digit() -> None:
    assert values.nhs("943 476 5919") == "9434765919"
    assert values.nhs("943-476-5919") == "9434765919"
    with pytest.raises(values.Refusal):
        values.nhs("943 476 5918")


# --- reading files ----------------------------------------------------------------------------


def test_it_finds_the_header_row_under_a_title_and_a_blank_line() -> None:
    [table] = reading.read("people.csv", (FILES / "people.csv").read_bytes())
    assert table.headings[:3] == ["Reference", "Family reference", "Family role"]
    assert [number for number, _ in table.rows] == [4, 5, 7, 8]  # the blank row 6 is left out


def test_it_reads_semicolons_and_cp1252() -> None:
    [table] = reading.read("referrals.csv", (FILES / "referrals.csv").read_bytes())
    assert table.rows[0][1][4] == "Would like a café chat"


def test_headings_split_over_two_rows_are_read_together() -> None:
    data = b"Ref,Person,Referred,Status\n"
    data += b"Reference,Person reference,Referred on,Status\nR1,P1,01/03/2026,Active\n"
    [table] = reading.read("x.csv", data)
    assert table.headings == ["Reference", "Person reference", "Referred on", "Status"]
    data = b"Reference,Person,Referred,Status\n,reference,on,\nR1,P1,01/03/2026,Active\n"
    [table] = reading.read("x.csv", data)
    assert table.headings == ["Reference", "Person reference", "Referred on", "Status"]
    assert reading.guess_sheet(table).name == "referrals"


@pytest.mark.parametrize(("data", "message"), [(b"", "empty"), (b"PK\x03\x04rubbish", "Excel workbook")])
def test_an_unreadable_file_says_why(data: bytes, message: str) -> None:
    with pytest.raises(reading.Unreadable, match=message):
        reading.read("x.xlsx", data)


# --- importing --------------------------------------------------------------------------------


def test_a_messy_caseload_imports_whole(coordinator: Membership) -> None:
    outcome = run(coordinator, *ALL)
    assert reasons(outcome) == []
    assert outcome.written
    people = {p.given_name: p for p in Person.objects.filter(service=coordinator.service)}
    assert set(people) == {"Amira", "Sam", "Beth", "Cara"}
    amira = people["Amira"]
    assert amira.date_of_birth == dt.date(1990, 3, 1) and amira.nhs_number == "9434765919"
    assert people["Sam"].family_id == amira.family_id and people["Sam"].family_role == "partner"
    assert people["Beth"].date_of_birth == dt.date(1990, 1, 1)  # an Excel serial, as text
    assert people["Cara"].needs_interpreter is True
    assert Consent.objects.get(person=people["Beth"]).given_on == dt.date(2024, 3, 1)
    referral = PeerSupport.objects.get(person=amira)
    assert referral.status == Status.ACTIVE and referral.reason == "Would like a café chat"
    assert list(
        StatusChange.objects.filter(peer_support=referral)
        .order_by("changed_on")
        .values_list("status", "changed_on")
    ) == [
        ("referred", dt.date(2026, 3, 2)),
        ("active", dt.date(2026, 3, 10)),
    ]
    ended = PeerSupport.objects.get(person=people["Beth"])
    assert ended.status == Status.ENDED and ended.end_reason == "goals_met" and ended.source == "self"
    jo = Membership.objects.get(service=coordinator.service, user__email="jo.peer@test.example")
    assert jo.role == Role.PEER_WORKER and not jo.user.has_usable_password()
    assert Allocation.objects.get(peer_support=referral).peer_worker == jo.user
    contacts = Contact.objects.filter(peer_support=referral).order_by("occurred_at")
    assert [(c.mode, c.successful, c.duration_minutes) for c in contacts] == [
        ("home", True, 45),
        ("phone", False, 30),
    ]
    referral.refresh_from_db()
    assert referral.last_contact_at == contacts[0].occurred_at  # the unsuccessful one does not count


def test_the_same_file_twice_changes_nothing(coordinator: Membership) -> None:
    run(coordinator, *ALL)
    before = (
        Person.objects.count(),
        Contact.objects.count(),
        AuditLog.objects.count(),
        Reference.objects.count(),
    )
    again = run(coordinator, *ALL)
    assert {row.action for row in again.plan.all_rows()} == {"unchanged"}
    assert (
        Person.objects.count(),
        Contact.objects.count(),
        AuditLog.objects.count(),
        Reference.objects.count(),
    ) == before


def test_a_changed_field_is_shown_as_a_change_and_applied(coordinator: Membership) -> None:
    run(coordinator, *ALL)
    changed = (FILES / "people.csv").read_bytes().replace(b"Amira", b"Amina")
    dry = run(coordinator, "people.csv", dry_run=True, data={"people.csv": changed})
    [row] = [r for r in dry.plan.all_rows() if r.action == "change"]
    assert row.reference == "P1" and row.changes == [("Given name", "Amira", "Amina")]
    assert Person.objects.filter(given_name="Amira").exists(), "a dry run writes nothing"
    run(coordinator, "people.csv", data={"people.csv": changed})
    assert Person.objects.filter(given_name="Amina").count() == 1
    assert not Person.objects.filter(given_name="Amira").exists()
    assert (
        AuditLog.objects.filter(
            model="people.Person", action="update", summary__contains="Given name"
        ).count()
        == 1
    )


def test_a_status_change_adds_to_her_history(coordinator: Membership) -> None:
    run(coordinator, *ALL)
    changed = (
        (FILES / "referrals.csv")
        .read_bytes()
        .replace(b"R4;P4;3 Mar 2026;;;referred;;;", b"R4;P4;3 Mar 2026;;;Paused;5/3/2026;;")
    )
    run(coordinator, "referrals.csv", data={"referrals.csv": changed})
    referral = PeerSupport.objects.get(person__given_name="Cara")
    assert referral.status == Status.PAUSED
    assert list(referral.status_changes.order_by("pk").values_list("status", flat=True)) == [
        "referred",
        "paused",
    ]


def test_bad_rows_are_refused_with_their_reasons_and_nothing_is_written(coordinator: Membership) -> None:
    outcome = run(coordinator, "people_bad.csv", "referrals_unknown_person.csv")
    assert reasons(outcome) == [
        "Row 3: Date of birth '31/02/1990' is not a real date",
        "Row 4: NHS number '943 476 5918' is not valid",
        "Row 3: Person reference P99 is neither in this file nor already imported",
    ]
    assert not outcome.written
    assert Person.objects.count() == 0 and Reference.objects.count() == 0
    assert AuditLog.objects.filter(model="people.Person").count() == 0


def test_a_referral_without_her_consent_is_refused(coordinator: Membership) -> None:
    data = b"Reference,Person reference,Referred on,Status\nR7,P7,01/03/2026,Referred\n"
    outcome = run(coordinator, "people_bad.csv", "referrals.csv", dry_run=True, data={"referrals.csv": data})
    assert "Row 2: Person reference P7 has no 'Consent given on'" in reasons(outcome)[-1]


def test_a_referral_to_a_refused_person_is_refused_too(coordinator: Membership) -> None:
    data = b"Reference,Person reference,Referred on,Status\nR5,P5,01/03/2026,Referred\n"
    outcome = run(coordinator, "people_bad.csv", "referrals.csv", dry_run=True, data={"referrals.csv": data})
    assert reasons(outcome)[-1] == "Row 2: Person reference P5 is on row 3, which is refused"


def test_an_allocation_only_to_an_active_peer_worker_of_the_service(
    coordinator: Membership, peer_worker: Membership, peer_worker_other: Membership, clinician: Membership
) -> None:
    run(coordinator, "people.csv", "referrals.csv")
    peer_worker.active = False
    peer_worker.save()
    rows = "Reference,Referral reference,Peer worker's email,Started on\n"
    rows += "A1,R1,otherpeer@test.example,01/04/2026\nA2,R1,clinician@test.example,01/04/2026\n"
    rows += "A3,R1,peer@test.example,01/04/2026\nA4,R1,coordinator@test.example,01/04/2026\n"
    outcome = run(coordinator, "allocations.csv", dry_run=True, data={"allocations.csv": rows.encode()})
    assert reasons(outcome) == [
        "Row 2: Peer worker's email otherpeer@test.example is not an active peer worker of this service",
        "Row 3: Peer worker's email clinician@test.example is not an active peer worker of this service",
        "Row 4: Peer worker's email peer@test.example is not an active peer worker of this service",
    ]


def test_the_same_reference_twice_is_refused(coordinator: Membership) -> None:
    data = (FILES / "people.csv").read_bytes().replace(b"P2,F1", b"P1,F1")
    outcome = run(coordinator, "people.csv", dry_run=True, data={"people.csv": data})
    assert reasons(outcome) == ["Row 5: Reference P1 is also on row 4"]


def test_a_workbook_with_merged_title_two_header_rows_dates_and_serials(coordinator: Membership) -> None:
    book = Workbook()
    people = book.active
    people.title = "People"
    people.append(["Our caseload"])
    people.merge_cells("A1:F1")
    people.append(["Reference", "Family", "Family", "Given", "Family", "Consent"])
    people.append([None, "reference", "role", "name", "name", "given on"])
    people.append(["P1", "F1", "Mother", "Amira", "Khan", dt.datetime(2026, 3, 1)])  # noqa: DTZ001  (a spreadsheet's dates are naive)
    people.append([])
    people.append(["P2", "F2", "Mother", "Beth", "Jones", 46082])
    groups = book.create_sheet("Groups")
    groups.append(["Reference", "Name", "Kind", "Active"])
    groups.append(["G1", "Tuesday coffee morning", "Coffee morning", "Y"])
    sessions = book.create_sheet("Group sessions")
    sessions.append(
        [
            "Reference",
            "Group reference",
            "Title",
            "Kind",
            "Starts",
            "Minutes",
            "Led by (email)",
            "Register taken",
        ]
    )
    sessions.append(
        [
            "S1",
            "G1",
            "Coffee",
            "coffee_morning",
            dt.datetime(2026, 3, 3, 10, 30),  # noqa: DTZ001  (a spreadsheet's dates are naive)
            90,
            "coordinator@test.example",
            "Yes",
        ]
    )
    referrals = book.create_sheet("Referrals")
    referrals.append(["Reference", "Person reference", "Referred on", "Status"])
    referrals.append(["R1", "P1", "02/03/2026", "Active"])
    attendance = book.create_sheet("Attendance")
    attendance.append(["Reference", "Session reference", "Referral reference"])
    attendance.append(["T1", "S1", "R1"])
    out = io.BytesIO()
    book.save(out)
    outcome = run(coordinator, "caseload.xlsx", data={"caseload.xlsx": out.getvalue()})
    assert reasons(outcome) == []
    assert Consent.objects.get(person__given_name="Amira").given_on == dt.date(2026, 3, 1)
    assert Consent.objects.get(person__given_name="Beth").given_on == dt.date(2026, 3, 1)
    session = GroupSession.objects.get()
    assert session.group == Group.objects.get(name="Tuesday coffee morning") and session.register_taken
    attended = Contact.objects.get(group_session=session)
    assert attended.peer_support.person.given_name == "Amira" and attended.note == "Attended Coffee"
    assert attended.occurred_at == session.starts_at and attended.peer_worker == coordinator.user


def test_every_record_written_is_audited_with_the_import(coordinator: Membership) -> None:
    outcome = run(coordinator, *ALL)
    written = sum(sum(c.values()) for c in outcome.counts.values())
    rows = AuditLog.objects.filter(view="imports")
    consents = Consent.objects.count()
    assert rows.count() == written + consents
    amira = Person.objects.get(given_name="Amira")
    trail = rows.filter(person_id=amira.pk)
    assert {r.model for r in trail} >= {
        "people.Person",
        "people.Consent",
        "support.PeerSupport",
        "support.Contact",
    }
    assert all(r.summary.startswith("Import ") and r.actor == coordinator.user for r in trail)


def test_another_services_references_are_its_own(
    coordinator: Membership, coordinator_other: Membership
) -> None:
    run(coordinator, "people.csv")
    outcome = run(coordinator_other, "people.csv", dry_run=True)
    people = [row for row in outcome.plan.all_rows()]
    # Her NHS numbers are on the first service's records: a second service may not copy them.
    assert {row.action for row in people} == {"refused", "create"}
    assert Person.objects.filter(service=coordinator_other.service).count() == 0


def test_a_coordinator_cannot_give_a_managers_role_but_a_manager_can(
    coordinator: Membership, manager: Membership
) -> None:
    data = b"Email,Given name,Family name,Role\nboss@test.example,Bo,Ss,Service manager\n"
    data += b"nat@test.example,Na,T,National reviewer\n"
    outcome = run(coordinator, "staff.csv", dry_run=True, data={"staff.csv": data})
    assert reasons(outcome) == [
        "Row 2: Role 'Service manager' cannot be given by your import: ask your service manager",
        "Row 3: Role 'National reviewer' cannot be given by your import: ask your service manager",
    ]
    outcome = run(manager, "staff.csv", dry_run=True, data={"staff.csv": data})
    assert reasons(outcome) == [
        "Row 3: Role 'National reviewer' cannot be given by your import: ask your service manager"
    ]


def test_one_person_may_hold_two_roles_and_a_known_one_keeps_her_name(coordinator: Membership) -> None:
    data = b"Email,Given name,Family name,Role\njo@test.example,Jo,Lee,Peer worker\n"
    data += b"jo@test.example,Jo,Lee,Peer support co-ordinator\ncoordinator@test.example,,,Peer worker\n"
    outcome = run(coordinator, "staff.csv", data={"staff.csv": data})
    assert reasons(outcome) == []
    jo = Membership.objects.filter(user__email="jo@test.example", service=coordinator.service)
    assert sorted(jo.values_list("role", flat=True)) == ["coordinator", "peer_worker"]
    coordinator.user.refresh_from_db()
    assert coordinator.user.first_name == "Coordinator"
    new = b"Email,Given name,Family name,Role\nnew@test.example,,,Peer worker\n"
    outcome = run(coordinator, "staff.csv", dry_run=True, data={"staff.csv": new})
    assert reasons(outcome) == [
        "Row 2: Given name is blank, and it is needed for someone new to Alongside; "
        "Family name is blank, and it is needed for someone new to Alongside"
    ]


def test_an_import_never_renames_someone_who_works_in_another_service_too(
    coordinator: Membership, peer_worker_other: Membership
) -> None:
    email = peer_worker_other.user.email.encode()
    data = b"Email,Given name,Family name,Role\n" + email + b",Renamed,By Import,Peer worker\n"
    outcome = run(coordinator, "staff.csv", data={"staff.csv": data})
    assert reasons(outcome) == []
    peer_worker_other.user.refresh_from_db()
    assert (peer_worker_other.user.first_name, peer_worker_other.user.last_name) == ("Otherpeer", "")
    assert Membership.objects.filter(user=peer_worker_other.user, service=coordinator.service).exists()
    again = run(coordinator, "staff.csv", dry_run=True, data={"staff.csv": data})
    assert {row.action for row in again.plan.all_rows()} == {"unchanged"}


def test_an_exports_apostrophe_before_a_formula_is_taken_off() -> None:
    assert values.text("'+44 7700 900123") == "+44 7700 900123"
    assert values.text("'=1+1") == "=1+1"
    assert values.text("O'Neil") == "O'Neil"


def test_which_roles_an_import_may_give_follows_from_the_permissions() -> None:
    from alongside.imports.planning import roles_given_by

    coordinators = {"peer_worker", "light_touch", "coordinator", "clinician"}
    assert set(roles_given_by(Role.COORDINATOR)) == coordinators
    assert set(roles_given_by(Role.SERVICE_MANAGER)) == coordinators | {"service_manager", "admin"}
