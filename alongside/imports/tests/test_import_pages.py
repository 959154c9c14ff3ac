"""The import pages: upload, columns, check, import, progress, result; who may open them."""

import csv
import io
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.imports import services
from alongside.imports.models import ColumnMapping, ImportJob
from alongside.imports.tests.helpers import FILES
from alongside.organisations.models import Membership
from alongside.people.models import Person
from conftest import client_for

PAGES = [
    "imports:start",
    "imports:columns",
    "imports:check",
    "imports:refused",
    "imports:progress",
    "imports:result",
]


def upload(client: Client, name: str, data: bytes | None = None, **extra: Any) -> Any:
    content = data if data is not None else (FILES / name).read_bytes()
    return client.post(reverse("imports:start"), {"file": SimpleUploadedFile(name, content), **extra})


class Selects(HTMLParser):
    """Each <select>'s name and the value a browser would send: its selected option, else its first."""

    def __init__(self) -> None:
        super().__init__()
        self.chosen: dict[str, str] = {}
        self.current = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "select":
            self.current = found.get("name") or ""
        elif tag == "option" and self.current and (self.current not in self.chosen or "selected" in found):
            self.chosen[self.current] = found.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.current = ""


def selects(client: Client) -> dict[str, str]:
    parser = Selects()
    parser.feed(client.get(reverse("imports:columns")).content.decode())
    return parser.chosen


def columns_post(client: Client, **extra: Any) -> Any:
    """Post the columns page as it was suggested (each select at its selected value)."""
    return client.post(reverse("imports:columns"), {**selects(client), **extra})


@pytest.mark.parametrize(
    "role", ["peer_worker", "clinician", "commissioner", "national_reviewer", "admin_member"]
)
def test_only_a_coordinator_or_manager_may_import(role: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(role))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
    assert client.post(reverse("imports:run")).status_code == 403
    assert upload(client, "people.csv").status_code == 403
    assert ImportJob.objects.count() == 0


def test_a_manager_may_import(manager: Membership) -> None:
    assert client_for(manager).get(reverse("imports:start")).status_code == 200


def test_another_services_coordinator_never_sees_her_import(
    coordinator: Membership, coordinator_other: Membership
) -> None:
    client = client_for(coordinator)
    upload(client, "people_bad.csv")
    columns_post(client)
    other = client_for(coordinator_other)
    for name in ("imports:columns", "imports:check", "imports:refused", "imports:progress", "imports:result"):
        response = other.get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("imports:start"), name
    assert "people_bad.csv" not in other.get(reverse("imports:start")).content.decode()


def test_upload_columns_check_import_and_result(coordinator: Membership) -> None:
    client = client_for(coordinator)
    response = upload(client, "people.csv")
    assert response.status_code == 302 and response.url == reverse("imports:columns")
    page = client.get(reverse("imports:columns"))
    assert "Family reference (needed)" in page.content.decode()
    # Under each of her columns, its first values, to help her match it (blanks and spaces skipped).
    assert "In your file: 943 476 5919, " in page.content.decode()
    assert "In your file: Amira, " in page.content.decode()
    response = columns_post(client)
    assert response.url == reverse("imports:check")
    check = client.get(reverse("imports:check"))
    text = check.content.decode()
    assert "Check what the import will do" in text and "Import these records" in text
    assert "People and families</th>" in text.replace("\n", "") or "People and families" in text
    assert Person.objects.count() == 0, "the check writes nothing"
    # Every row it would create is listed, with its reference, not only counted.
    assert text.count("Added as a new record") == 4
    response = client.post(reverse("imports:run"))
    assert response.url == reverse("imports:progress")
    assert client.get(reverse("imports:progress")).url == reverse("imports:result")
    result = client.get(reverse("imports:result")).content.decode()
    assert "4 records created or changed from people.csv" in result
    assert Person.objects.filter(service=coordinator.service).count() == 4
    job = ImportJob.objects.get()
    assert job.state == ImportJob.State.DONE and bytes(job.content) == b"", (
        "the file is not kept once imported"
    )
    assert AuditLog.objects.filter(model="imports.ImportJob", object_id=str(job.pk)).count() >= 4


def test_a_refused_row_stops_the_import_and_is_downloadable(coordinator: Membership) -> None:
    client = client_for(coordinator)
    upload(client, "people_bad.csv")
    columns_post(client)
    check = client.get(reverse("imports:check")).content.decode()
    assert "2 rows are refused" in check and "Import these records" not in check
    assert "Row 3: Date of birth &#39;31/02/1990&#39; is not a real date" in check.replace("&#x27;", "&#39;")
    download = client.get(reverse("imports:refused"))
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert rows == [
        [
            "Reference",
            "Family reference",
            "Family role",
            "Given name",
            "Family name",
            "Date of birth",
            "NHS number",
            "Consent given on",
            "Reason",
        ],
        [
            "P5",
            "F5",
            "Mother",
            "Dee",
            "Smith",
            "31/02/1990",
            "",
            "2026-03-01",
            "Row 3: Date of birth '31/02/1990' is not a real date",
        ],
        [
            "P6",
            "F6",
            "Mother",
            "Eve",
            "Brown",
            "1/1/1991",
            "943 476 5918",
            "2026-03-01",
            "Row 4: NHS number '943 476 5918' is not valid",
        ],
    ]
    assert client.post(reverse("imports:run")).url == reverse("imports:check")
    assert Person.objects.count() == 0
    assert AuditLog.objects.filter(summary="Downloaded the refused rows").count() == 1


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("notes.pdf", b"%PDF-1.4", "The file must be a CSV file (.csv), an Excel workbook (.xlsx)"),
        ("people.csv", b"", "The file is empty"),
        ("people.xlsx", b"PK\x03\x04not really", "The file is not an Excel workbook that can be read"),
        ("people.xlsx", b"just text", "The file is not an Excel workbook that can be read"),
    ],
)
def test_a_bad_file_gets_a_clear_message_and_nothing_is_kept(
    coordinator: Membership, name: str, data: bytes, message: str
) -> None:
    response = upload(client_for(coordinator), name, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_file_over_the_limit_is_refused(coordinator: Membership, settings: Any) -> None:
    from alongside.imports import forms

    big = b"Reference,Given name\n" + b"P1,Amira\n" * (forms.MAX_UPLOAD_BYTES // 9 + 1)
    response = upload(client_for(coordinator), "people.csv", big)
    assert "larger than 10 MB" in response.content.decode()
    assert ImportJob.objects.count() == 0


def test_a_mapping_that_leaves_a_needed_column_unmapped_is_refused(coordinator: Membership) -> None:
    client = client_for(coordinator)
    upload(client, "people.csv")
    response = columns_post(client, **{"col-0-1": ""})  # Family reference: not imported
    assert response.status_code == 200
    assert (
        "no column is mapped to Family reference (People and families), and it is needed"
        in response.content.decode()
    )
    assert ImportJob.objects.get().state == ImportJob.State.UPLOADED


def test_a_saved_mapping_is_offered_and_used_for_the_next_file(coordinator: Membership) -> None:
    client = client_for(coordinator)
    odd = b"Client ID,Household,Relationship,Forename,Surname,Consented\nX1,H1,Mother,Amira,Khan,01/03/2026\n"
    upload(client, "clients.csv", odd)
    assert selects(client)["sheet-0"] == "", "no sheet is guessed from these headings"
    mapping = {"sheet-0": "people"}
    client.post(reverse("imports:columns"), mapping)  # choosing the sheet shows its columns
    chosen = {
        "sheet-0": "people",
        "col-0-0": "reference",
        "col-0-1": "family_reference",
        "col-0-2": "family_role",
        "col-0-3": "given_name",
        "col-0-4": "family_name",
        "col-0-5": "consent_given_on",
        "mapping_name": "Old client list",
    }
    assert client.post(reverse("imports:columns"), chosen).url == reverse("imports:check")
    saved = ColumnMapping.objects.get(service=coordinator.service)
    assert saved.name == "Old client list" and saved.columns["people"]["Forename"] == "given_name"
    # The next file, with the saved mapping chosen on upload: every column matched already.
    upload(client, "clients2.csv", odd.replace(b"X1,H1", b"X2,H2"), mapping="Old client list")
    chosen = selects(client)
    assert chosen["sheet-0"] == "people"
    assert [chosen[f"col-0-{i}"] for i in range(6)] == [
        "reference",
        "family_reference",
        "family_role",
        "given_name",
        "family_name",
        "consent_given_on",
    ]


def test_the_progress_page_answers_the_poller_from_the_progress_file(coordinator: Membership) -> None:
    client = client_for(coordinator)
    job = ImportJob.objects.create(
        service=coordinator.service,
        created_by=coordinator.user,
        file_name="big.csv",
        state=ImportJob.State.RUNNING,
    )
    services.progress_write(job.pk, "written", 1500, 3000)
    page = client.get(reverse("imports:progress"))
    text = page.content.decode()
    assert 'hx-get="/import/progress/"' in text and 'value="75"' in text
    assert "Step 2 of 2, saving the records: 1,500 of 3,000 rows. The whole import is 75% done." in text
    bar = client.get(reverse("imports:progress"), headers={"HX-Request": "true"})
    assert "<html" not in bar.content.decode() and 'value="75"' in bar.content.decode()
    # The poll writes nothing, not even her session (an import may hold SQLite's write lock).
    from django.contrib.sessions.models import Session

    key = client.cookies["sessionid"].value
    expires = Session.objects.get(session_key=key).expire_date
    client.get(reverse("imports:progress"), headers={"HX-Request": "true"})
    assert Session.objects.get(session_key=key).expire_date == expires
    client.get(reverse("imports:start"))
    assert Session.objects.get(session_key=key).expire_date > expires, "any other page saves it"
    job.state = ImportJob.State.DONE
    job.save()
    done = client.get(reverse("imports:progress"), headers={"HX-Request": "true"})
    assert done.status_code == 204 and done["HX-Redirect"] == reverse("imports:result")


def test_a_long_file_is_imported_in_a_background_thread(
    coordinator: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[tuple[Any, ...]] = []

    class FakeThread:
        def __init__(self, target: Any, args: tuple[Any, ...], daemon: bool) -> None:
            started.append(args)

        def start(self) -> None:
            pass

    monkeypatch.setattr(services, "INLINE_ROWS", 2)
    monkeypatch.setattr(services.threading, "Thread", FakeThread)
    client = client_for(coordinator)
    upload(client, "people.csv")
    columns_post(client)
    client.post(reverse("imports:run"))
    job = ImportJob.objects.get()
    assert started == [(job.pk, coordinator.user.pk, coordinator.pk)]
    assert job.state == ImportJob.State.RUNNING
    assert "Starting the import" in client.get(reverse("imports:progress")).content.decode()
    services.job_run(job, actor=coordinator.user, membership=coordinator)  # what the thread runs
    assert client.get(reverse("imports:progress")).url == reverse("imports:result")
    assert Person.objects.count() == 4


def test_stale_uploads_are_emptied_after_seven_days(coordinator: Membership) -> None:
    import datetime as dt

    from django.utils import timezone

    job = services.job_create(
        actor=coordinator.user, membership=coordinator, file_name="x.csv", data=b"a,b\n1,2\n"
    )
    job.plan = {"counts": {"people": {"refused": 1}}, "rows": [{"cells": ["Amira"]}], "sources": {}}
    job.save()
    assert services.purge_stale(timezone.now() + dt.timedelta(days=6)) == 0
    assert services.purge_stale(timezone.now() + dt.timedelta(days=8)) == 1
    job.refresh_from_db()
    assert bytes(job.content) == b""
    assert job.plan == {"counts": {"people": {"refused": 1}}, "sources": {}, "rows": []}
    assert services.purge_stale(timezone.now() + dt.timedelta(days=9)) == 0


def test_an_import_left_running_by_a_dead_server_shows_as_failed(coordinator: Membership) -> None:
    import datetime as dt

    from django.utils import timezone

    job = ImportJob.objects.create(
        service=coordinator.service,
        created_by=coordinator.user,
        file_name="x.csv",
        state=ImportJob.State.RUNNING,
    )
    services.purge_stale(timezone.now() + dt.timedelta(hours=2))
    job.refresh_from_db()
    assert job.state == ImportJob.State.RUNNING
    services.purge_stale(timezone.now() + dt.timedelta(days=2))
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED


def test_one_import_at_a_time_in_a_service(coordinator: Membership, manager: Membership) -> None:
    ImportJob.objects.create(
        service=coordinator.service,
        created_by=manager.user,
        file_name="big.csv",
        state=ImportJob.State.RUNNING,
    )
    client = client_for(coordinator)
    upload(client, "people.csv")
    columns_post(client)
    response = client.post(reverse("imports:run"), follow=True)
    assert "Another import into your service is under way" in response.content.decode()
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "linked"),
    [("coordinator", True), ("manager", True), ("peer_worker", False), ("clinician", False)],
)
def test_the_header_links_to_the_import_for_those_who_may_import(
    role: str, linked: bool, request: pytest.FixtureRequest
) -> None:
    home = client_for(request.getfixturevalue(role)).get(reverse("people:list"), follow=True).content.decode()
    assert (f'href="{reverse("imports:start")}"' in home) is linked


def test_the_dry_run_puts_each_person_whose_record_would_change_on_her_trail(coordinator: Membership) -> None:
    from alongside.imports.tests.helpers import run

    run(coordinator, "people.csv")
    amira = Person.objects.get(given_name="Amira")
    client = client_for(coordinator)
    upload(client, "people.csv", (FILES / "people.csv").read_bytes().replace(b"Amira", b"Amina"))
    columns_post(client)
    page = client.get(reverse("imports:check")).content.decode()
    assert "Given name: Amira → Amina" in page
    seen = AuditLog.objects.filter(person_id=amira.pk, action="view", view="imports:check")
    assert seen.count() == 1 and seen.get().actor == coordinator.user
