"""Exports (issue 17; ADR 0048): each role exports only what it may, in sheets.py's headings,
the same rows as CSV and as XLSX, formulas kept as text, each download audited."""

import csv
import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from alongside.audit.models import AuditLog
from alongside.organisations.models import Membership, Role
from alongside.support import services, sheets
from alongside.support.models import GroupKind, Mode, PeerSupport
from alongside.support.sheets import Kind
from alongside.training.models import Module, TrainingRecord
from alongside.workforce.models import Supervision
from conftest import client_for, make_member, refer

INJECTED = '=HYPERLINK("http://example.com","click")'
TODAY = timezone.localdate


def download(client: Client, **params: str) -> Any:
    return client.get(reverse("exports:download"), params)


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


def csv_rows(response: Any) -> list[list[str]]:
    data = body(response)
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with a byte order mark, for Excel"
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def sheet_csv(client: Client, name: str) -> list[dict[str, str]]:
    rows = csv_rows(download(client, sheet=name, format="csv"))
    assert rows[0] == sheets.BY_NAME[name].headings
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def workbook(response: Any) -> Any:
    return load_workbook(io.BytesIO(body(response)))


@pytest.fixture
def peer_2(service: Any) -> Membership:
    return make_member(service, Role.PEER_WORKER, "secondpeer")


@pytest.fixture
def world(
    service: Any, coordinator: Any, peer_worker: Any, peer_2: Any, clinician: Any, coordinator_other: Any
) -> dict[str, Any]:
    """Here: Amira (referred by the clinician, allocated to peer_worker, a contact whose note is a
    formula) and Beth (referred by the co-ordinator, allocated to peer_2), both at a group session
    peer_worker led; there: Cara, in the other service."""
    amira = refer(clinician, phone="+44 7700 900123", ethnic_category_id="A", nhs_number="9434765919")
    beth = refer(coordinator, given_name="Beth", family_name="Jones")
    cara = refer(coordinator_other, given_name="Cara", family_name="Lee")
    for ps, worker, by in ((amira, peer_worker, coordinator), (beth, peer_2, coordinator)):
        services.allocation_create(actor=by.user, membership=by, peer_support=ps, peer_workers=[worker.user])
    at = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(days=1)
    contact = services.contact_log(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=amira,
        occurred_at=at,
        duration_minutes=45,
        mode=Mode.HOME,
        successful=True,
        note=INJECTED,
    )
    other_contact = services.contact_log(
        actor=peer_2.user,
        membership=peer_2,
        peer_support=beth,
        occurred_at=at,
        duration_minutes=30,
        mode=Mode.PHONE,
        successful=False,
        note="No answer",
    )
    session = services.group_session_create(
        actor=peer_worker.user,
        membership=peer_worker,
        repeats=True,
        title="Tuesday coffee morning",
        kind=GroupKind.COFFEE_MORNING,
        starts_at=at,
        duration_minutes=90,
        mode=Mode.COMMUNITY,
    )
    services.group_register_take(
        actor=peer_worker.user, membership=peer_worker, session=session, attendees=[amira, beth]
    )
    for ps in (amira, beth, cara):
        ps.refresh_from_db()
    module = Module.objects.filter(for_staff=False, renewal_months__isnull=False).first()
    assert module is not None
    TrainingRecord.objects.create(
        user=peer_worker.user,
        module=module,
        completed_on=TODAY() - dt.timedelta(days=30),
        provider="-Mind",
        recorded_by=coordinator.user,
        recorded_at=timezone.now(),
    )
    return {
        "amira": amira,
        "beth": beth,
        "cara": cara,
        "contact": contact,
        "other_contact": other_contact,
        "session": session,
        "at": at,
    }


def test_the_coordinators_caseload_holds_the_references_and_values_of_her_service(
    world: dict[str, Any], coordinator: Any, peer_worker: Any, clinician: Any
) -> None:
    client = client_for(coordinator)
    amira, beth = world["amira"], world["beth"]
    people = {row["Reference"]: row for row in sheet_csv(client, "people")}
    assert set(people) == {f"P{amira.person_id}", f"P{beth.person_id}"}
    row = people[f"P{amira.person_id}"]
    assert row == {
        "Reference": f"P{amira.person_id}",
        "Family reference": f"F{amira.person.family_id}",
        "Family role": "Mother",
        "Given name": "Amira",
        "Family name": "Khan",
        "Preferred name": "",
        "Date of birth": "",
        "NHS number": "943 476 5919",
        "Postcode": "",
        "Phone": "'+44 7700 900123",  # a leading + is one a spreadsheet would run as a formula
        "Ethnic category": "A",
        "Preferred language": "English",
        "Needs an interpreter": "No",
        "Due date": "",
        "Baby's date of birth": (TODAY() - dt.timedelta(days=60)).isoformat(),
        "Consent given on": TODAY().isoformat(),
    }
    referrals = {row["Reference"]: row for row in sheet_csv(client, "referrals")}
    assert referrals[f"R{amira.pk}"] == {
        "Reference": f"R{amira.pk}",
        "Person reference": f"P{amira.person_id}",
        "Referred on": TODAY().isoformat(),
        "Source": "Referred by a clinician",
        "Reason": "Would like someone to talk to",
        "Status": "Active",
        "Status changed on": TODAY().isoformat(),
        "End reason": "",
        "Review on": "",
    }
    allocations = sheet_csv(client, "allocations")
    assert {(a["Referral reference"], a["Peer worker's email"]) for a in allocations} == {
        (f"R{amira.pk}", "peer@test.example"),
        (f"R{beth.pk}", "secondpeer@test.example"),
    }
    assert all(a["Reference"].startswith("A") and a["Started on"] == TODAY().isoformat() for a in allocations)


def test_contacts_groups_sessions_and_attendance_hold_their_references_and_values(
    world: dict[str, Any], coordinator: Any
) -> None:
    client = client_for(coordinator)
    amira, beth, session = world["amira"], world["beth"], world["session"]
    contacts = {row["Reference"]: row for row in sheet_csv(client, "contacts")}
    when = timezone.localtime(world["at"]).strftime("%Y-%m-%d %H:%M")
    assert contacts == {
        f"C{world['contact'].pk}": {
            "Reference": f"C{world['contact'].pk}",
            "Referral reference": f"R{amira.pk}",
            "Peer worker's email": "peer@test.example",
            "With": "Mother",
            "When": when,
            "Minutes": "45",
            "How": "Home visit",
            "Successful": "Yes",
            "Note": "'" + INJECTED,
        },
        f"C{world['other_contact'].pk}": {
            "Reference": f"C{world['other_contact'].pk}",
            "Referral reference": f"R{beth.pk}",
            "Peer worker's email": "secondpeer@test.example",
            "With": "Mother",
            "When": when,
            "Minutes": "30",
            "How": "Phone",
            "Successful": "No",
            "Note": "No answer",
        },
    }, "a register's contacts are the attendance sheet's, not here too"
    assert sheet_csv(client, "groups") == [
        {
            "Reference": f"G{session.group_id}",
            "Name": "Tuesday coffee morning",
            "Kind": "Coffee morning",
            "Active": "Yes",
        }
    ]
    assert sheet_csv(client, "sessions") == [
        {
            "Reference": f"S{session.pk}",
            "Group reference": f"G{session.group_id}",
            "Title": "Tuesday coffee morning",
            "Kind": "Coffee morning",
            "Starts": when,
            "Minutes": "90",
            "How": "Community venue (such as a café)",
            "Led by (email)": "peer@test.example",
            "Register taken": "Yes",
        }
    ]
    attendance = sheet_csv(client, "attendance")
    assert {(a["Session reference"], a["Referral reference"]) for a in attendance} == {
        (f"S{session.pk}", f"R{amira.pk}"),
        (f"S{session.pk}", f"R{beth.pk}"),
    }
    attended = session.attendances.values_list("pk", flat=True)
    assert {a["Reference"] for a in attendance} == {f"T{pk}" for pk in attended}


def _everything(client: Client) -> dict[str, list[list[Any]]]:
    response = download(client, part="everything", format="xlsx")
    assert response.status_code == 200
    book = workbook(response)
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


def test_a_peer_workers_export_holds_none_of_another_peer_workers_people(
    world: dict[str, Any], peer_worker: Any
) -> None:
    client = client_for(peer_worker)
    amira, beth = world["amira"], world["beth"]
    book = _everything(client)
    assert list(book) == [
        "people",
        "referrals",
        "allocations",
        "contacts",
        "groups",
        "sessions",
        "attendance",
    ]
    text = repr(book)
    assert "Amira" in text and "Beth" not in text and "Jones" not in text
    assert f"R{beth.pk}'" not in text and f"P{beth.person_id}'" not in text
    assert "secondpeer@test.example" not in text and "No answer" not in text
    assert [row[0] for row in book["people"][1:]] == [f"P{amira.person_id}"]
    assert [row[2] for row in book["attendance"][1:]] == [f"R{amira.pk}"], "only her people at her session"
    for refused in ("staff", "supervision", "training"):
        assert download(client, sheet=refused, format="csv").status_code == 302


def test_a_peer_workers_export_holds_only_the_sessions_she_led(world: dict[str, Any], peer_2: Any) -> None:
    book = _everything(client_for(peer_2))
    assert book["sessions"][1:] == [] and book["groups"][1:] == [] and book["attendance"][1:] == []
    assert [row[1] for row in book["contacts"][1:]] == [f"R{world['beth'].pk}"]


def test_a_peer_worker_in_another_service_exports_nothing_of_this_one(
    world: dict[str, Any], peer_worker_other: Any
) -> None:
    book = _everything(client_for(peer_worker_other))
    assert all(rows[1:] == [] for rows in book.values())


def test_a_coordinators_export_holds_nothing_of_another_service(
    world: dict[str, Any], coordinator: Any, coordinator_other: Any
) -> None:
    here = repr(_everything(client_for(coordinator)))
    assert "Cara" not in here and f"R{world['cara'].pk}'" not in here
    assert "othercoordinator@test.example" not in here
    there = repr(_everything(client_for(coordinator_other)))
    assert "Cara" in there and "Amira" not in there and "Beth" not in there


def test_a_clinician_exports_the_people_she_referred_and_no_more(
    world: dict[str, Any], clinician: Any
) -> None:
    client = client_for(clinician)
    assert [row["Reference"] for row in sheet_csv(client, "people")] == [f"P{world['amira'].person_id}"]
    assert [row["Reference"] for row in sheet_csv(client, "referrals")] == [f"R{world['amira'].pk}"]
    for refused in ("allocations", "contacts", "attendance", "staff"):
        assert download(client, sheet=refused, format="csv").status_code == 302
    page = client.get(reverse("exports:index")).content.decode()
    assert "People you referred" in page and "Workforce" not in page


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer"])
def test_commissioners_and_national_reviewers_are_refused(
    role: str, request: pytest.FixtureRequest, world: dict[str, Any]
) -> None:
    client = client_for(request.getfixturevalue(role))
    before = AuditLog.objects.count()
    assert client.get(reverse("exports:index")).status_code == 403
    assert download(client, part="everything", format="xlsx").status_code == 403
    assert AuditLog.objects.count() == before


def test_an_administrator_is_told_she_has_no_export_and_gets_none(
    world: dict[str, Any], admin_member: Any
) -> None:
    client = client_for(admin_member)
    page = client.get(reverse("exports:index")).content.decode()
    assert (
        "Your role cannot export people&#39;s records" in page
        or "Your role cannot export people's records" in page
    )
    before = AuditLog.objects.count()
    response = download(client, part="everything", format="xlsx")
    assert response.status_code == 302 and response.url == reverse("exports:index")
    assert AuditLog.objects.count() == before


def _as_csv_text(value: Any, kind: Kind) -> str:
    """An XLSX cell as the CSV writes it: read by openpyxl, a second parser for the format."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M") if kind == Kind.MOMENT else value.date().isoformat()
    if isinstance(value, int):
        return str(value)
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pytest.mark.parametrize("name", [s.name for s in sheets.SHEETS] + ["supervision", "training"])
def test_csv_and_xlsx_hold_the_same_rows(name: str, world: dict[str, Any], coordinator: Any) -> None:
    from alongside.exports.contents import CONTENTS

    client = client_for(coordinator)
    from_csv = csv_rows(download(client, sheet=name, format="csv"))
    book = workbook(download(client, sheet=name, format="xlsx"))
    assert book.sheetnames == [name]
    ws = book[name]
    kinds = [c.kind for c in CONTENTS[name].sheet.columns]
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == from_csv[0] == CONTENTS[name].sheet.headings
    assert [[_as_csv_text(v, k) for v, k in zip(row, kinds, strict=True)] for row in rows[1:]] == from_csv[1:]
    assert len(from_csv) > 1, "the world puts a row in every sheet"
    assert ws.freeze_panes == "A2" and all(cell.font.b for cell in ws[1])


def test_dates_are_real_dates_in_xlsx_and_formulas_stay_text(world: dict[str, Any], coordinator: Any) -> None:
    book = workbook(download(client_for(coordinator), part="everything", format="xlsx"))
    contact = next(
        r for r in book["contacts"].iter_rows(min_row=2) if r[0].value == f"C{world['contact'].pk}"
    )
    assert contact[8].value == INJECTED and contact[8].data_type == "s", "text, never a formula"
    assert isinstance(contact[4].value, dt.datetime) and contact[4].number_format == "yyyy-mm-dd hh:mm"
    assert contact[4].value == timezone.localtime(world["at"]).replace(tzinfo=None)
    referral = list(book["referrals"].iter_rows(min_row=2))[0]
    assert isinstance(referral[2].value, dt.datetime) and referral[2].value.date() == TODAY()
    assert referral[2].is_date


def test_everything_as_csv_is_a_zip_of_one_csv_per_sheet(
    world: dict[str, Any], coordinator: Any, service: Any
) -> None:
    response = download(client_for(coordinator), part="everything", format="csv")
    stem = f"alongside-birmingham-community-perinatal-team-everything-{TODAY().isoformat()}"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.zip"'
    archive = zipfile.ZipFile(io.BytesIO(body(response)))
    names = [s.name for s in sheets.SHEETS]
    order = ["people", "referrals", "allocations", "contacts", "groups", "sessions", "attendance"]
    assert archive.namelist() == [f"{stem}-{n}.csv" for n in (*order, "staff", "supervision", "training")]
    assert set(order) | {"staff"} == set(names)
    people = archive.read(f"{stem}-people.csv")
    assert people.startswith(b"\xef\xbb\xbf") and b"Amira" in people


def test_each_download_is_audited_with_the_people_it_carried(
    world: dict[str, Any], coordinator: Any, service: Any
) -> None:
    before = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    response = download(client_for(coordinator), part="caseload", format="xlsx")
    assert response["Cache-Control"] == "no-store"
    stem = f"alongside-birmingham-community-perinatal-team-caseload-{TODAY().isoformat()}"
    assert response["Content-Disposition"] == f'attachment; filename="{stem}.xlsx"'
    rows = list(AuditLog.objects.filter(pk__gt=before).order_by("pk"))
    download_row, *seen = rows
    assert (download_row.model, download_row.object_id, download_row.action) == (
        "organisations.Service",
        str(service.pk),
        "view",
    )
    assert download_row.summary == "Exported caseload as XLSX: 6 rows (people 2, referrals 2, allocations 2)"
    assert (download_row.actor_id, download_row.role, download_row.view) == (
        coordinator.user_id,
        "coordinator",
        "exports:download",
    )
    assert sorted(r.person_id or 0 for r in seen) == sorted(
        [world["amira"].person_id, world["beth"].person_id]
    )
    assert all(r.summary == "In an export of caseload (xlsx)" and r.view == "exports:download" for r in seen)


def test_a_sheet_about_no_mother_puts_nobody_on_a_trail(world: dict[str, Any], coordinator: Any) -> None:
    before = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    download(client_for(coordinator), sheet="staff", format="csv")
    rows = list(AuditLog.objects.filter(pk__gt=before))
    assert (
        len(rows) == 1 and rows[0].person_id is None and rows[0].summary.startswith("Exported staff as CSV")
    )


@pytest.mark.parametrize(
    "params",
    [
        {"part": "nothing"},
        {"sheet": "wellbeing"},
        {"part": "caseload", "format": "pdf"},
        {"part": "caseload", "sheet": "people"},
    ],
)
def test_a_bad_request_gets_a_clear_message_and_exports_nothing(
    params: dict[str, str], world: dict[str, Any], coordinator: Any
) -> None:
    client = client_for(coordinator)
    before = AuditLog.objects.count()
    response = download(client, **params)
    assert response.status_code == 302 and response.url == reverse("exports:index")
    assert AuditLog.objects.count() == before
    page = client.get(response.url).content.decode()
    assert "There is no such export for you" in page


def test_without_parameters_it_is_everything_she_may_export_as_xlsx(
    world: dict[str, Any], peer_worker: Any
) -> None:
    response = client_for(peer_worker).get(reverse("exports:download"))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('.xlsx"')
    assert "everything" in response["Content-Disposition"]


def test_staff_are_keyed_by_email_with_their_role_and_employment(
    world: dict[str, Any], coordinator: Any, partner_peer_worker: Any, commissioner: Any
) -> None:
    partner_peer_worker.employment = "hosted"
    partner_peer_worker.save()
    staff = {row["Email"]: row for row in sheet_csv(client_for(coordinator), "staff")}
    assert staff["partnerpeer@test.example"] == {
        "Email": "partnerpeer@test.example",
        "Given name": "Partnerpeer",
        "Family name": "",
        "Role": "Peer worker",
        "Employment": "Hosted by a third-sector organisation",
        "Host organisation": "Approachable Parenting",
        "Active": "Yes",
    }
    assert staff["coordinator@test.example"]["Role"] == "Peer support co-ordinator"
    assert "commissioner@test.example" not in staff, "a commissioner is not the service's staff"
    assert "othercoordinator@test.example" not in staff


def test_supervision_shows_dates_and_flags_never_notes(
    world: dict[str, Any], coordinator: Any, peer_worker: Any
) -> None:
    held = TODAY() - dt.timedelta(days=10)
    supervision = Supervision.objects.create(
        peer_worker=peer_worker.user,
        service=peer_worker.service,
        kind="line_management",
        held_on=held,
        duration_minutes=60,
        wellbeing_discussed=True,
        plans_reviewed=True,
        notes="Private to her and her supervisor",
        recorded_by=coordinator.user,
        recorded_at=timezone.now(),
    )
    supervision.supervisors.add(coordinator.user)
    rows = csv_rows(download(client_for(coordinator), sheet="supervision", format="csv"))
    text = repr(rows)
    assert "Private to her" not in text
    mine = next(dict(zip(rows[0], r, strict=True)) for r in rows[1:] if r[0] == "peer@test.example")
    assert mine["Last NHS supervision"] == held.isoformat() and mine["NHS supervision overdue"] == "No"
    assert mine["Last peer supervision"] == "" and mine["Peer supervision overdue"] == "Yes"


def test_a_withdrawn_consent_is_not_exported_as_given(
    world: dict[str, Any], coordinator: Any, clinician: Any
) -> None:
    services.consent_withdraw(
        actor=clinician.user, membership=clinician, person=world["beth"].person, withdrawn_on=TODAY()
    )
    people = {row["Given name"]: row for row in sheet_csv(client_for(coordinator), "people")}
    assert (
        people["Beth"]["Consent given on"] == ""
        and people["Amira"]["Consent given on"] == TODAY().isoformat()
    )


def test_the_queries_do_not_grow_with_the_rows(
    world: dict[str, Any], coordinator: Any, peer_worker: Any, django_assert_max_num_queries: Any
) -> None:
    """Thirty more people, each allocated with two contacts: still a fixed number of queries."""
    for n in range(30):
        ps: PeerSupport = refer(coordinator, given_name=f"Mother{n}")
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
        for hours in (1, 2):
            services.contact_log(
                actor=peer_worker.user,
                membership=peer_worker,
                peer_support=ps,
                occurred_at=timezone.now() - dt.timedelta(hours=hours),
                duration_minutes=20,
                mode=Mode.PHONE,
            )
    client = client_for(coordinator)
    # The request's own (session, user, role), one a sheet, the workforce figures, the audit: 22;
    # a query a row would be 33 more for the people alone.
    with django_assert_max_num_queries(25):
        response = download(client, part="everything", format="xlsx")
        book = workbook(response)
    assert len(book["people"]["A"]) == 33 and len(book["contacts"]["A"]) == 63


def test_the_page_offers_each_role_what_she_may_export_and_says_it_holds_personal_information(
    coordinator: Any, peer_worker: Any
) -> None:
    page = client_for(coordinator).get(reverse("exports:index")).content.decode()
    assert "These files hold personal information" in page
    for heading in ("Caseload", "Contacts", "Groups and registers", "Workforce", "Everything"):
        assert f"<h2>{heading}</h2>" in page
    download_url = reverse("exports:download")
    assert f'href="{download_url}?part=caseload&amp;format=xlsx"' in page
    assert f'href="{download_url}?sheet=people&amp;format=csv"' in page
    assert f'href="{download_url}?part=everything&amp;format=csv"' in page
    mine = client_for(peer_worker).get(reverse("exports:index")).content.decode()
    assert "<h2>My caseload</h2>" in mine and "Workforce" not in mine and "sheet=staff" not in mine
    assert "These files hold personal information" in mine
