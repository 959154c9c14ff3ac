"""Bad input gets a clear message in the NHS.UK error summary, saves nothing and changes nothing."""

import datetime as dt
import io
import uuid
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.directory.importer import import_oruk
from alongside.directory.models import (
    FollowUp,
    Language,
    Location,
    Organization,
    Service,
    ServiceArea,
    ServiceAtLocation,
    Signposting,
)
from alongside.directory.tests.feeds import record
from alongside.directory.tests.test_editing import form_post
from conftest import client_for

pytestmark = pytest.mark.django_db
MODELS = (
    Organization,
    Service,
    Language,
    ServiceArea,
    Location,
    ServiceAtLocation,
    Signposting,
    FollowUp,
    AuditLog,
)


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {m.__name__: sorted(m.objects.values_list(), key=str) for m in MODELS}


def assert_refused(response: Any, message: str) -> None:
    body = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in body
    assert message in body, f"expected {message!r} on the page"


def day(n: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=n)).isoformat()


@pytest.fixture
def directory() -> None:
    import_oruk([record(1), record(2, name="Closed", status="temporarily closed")], source="t")


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"signposted_on": day(1)}, "The date of the signposting cannot be in the future"),
        ({"signposted_on": day(-400)}, "The date cannot be before she was referred"),
        ({"signposted_on": "last week"}, "Enter a valid date"),
        ({"service": ""}, "Choose the service you told her about"),
        ({"service": str(uuid.UUID(int=2))}, "Choose an active service from the list"),
        ({"service": "nonsense"}, "Choose an active service from the list"),
    ],
)
def test_a_bad_signposting_is_refused_and_saves_nothing(
    peer_worker: Any, allocated: Any, directory: None, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    data = {"service": str(uuid.UUID(int=1)), "signposted_on": day(0), "note": ""} | overrides
    response = client_for(peer_worker).post(reverse("directory:signpost", args=[allocated.pk]), data)
    assert_refused(response, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"outcome": ""}, "Select whether she connected"),
        ({"outcome": "maybe"}, "Select a valid choice"),
        ({"recorded_on": day(1)}, "The date cannot be in the future"),
        ({"recorded_on": day(-5)}, "The date cannot be before the signposting"),
    ],
)
def test_a_bad_follow_up_is_refused_and_changes_nothing(
    peer_worker: Any, allocated: Any, directory: None, overrides: dict[str, str], message: str
) -> None:
    from alongside.directory import services

    signposting = services.signposting_create(
        actor=peer_worker.user,
        membership=peer_worker,
        peer_support=allocated,
        service=Service.objects.get(pk=uuid.UUID(int=1)),
        signposted_on=timezone.localdate(),
    )
    before = snapshot()
    data = {"outcome": "yes", "recorded_on": day(0)} | overrides
    response = client_for(peer_worker).post(reverse("directory:follow_up", args=[signposting.pk]), data)
    assert_refused(response, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"new_organization_name": ""}, "Choose the organisation, or enter the name of a new one"),
        ({"name": ""}, "This field is required"),
        ({"url": "not a web address"}, "Enter a valid URL"),
        ({"email": "nobody"}, "Enter a valid email address"),
        ({"status": "open"}, "Select a valid choice"),
        ({"venue_postcode": "B99"}, "Enter a full UK postcode"),
        ({"venue_name": ""}, "Enter the venue&#39;s name, or clear its address"),
        ({"districts": "B12, Birmingham"}, "Birmingham is not a postcode district"),
    ],
)
def test_a_bad_directory_entry_is_refused_and_saves_nothing(
    coordinator: Any, directory: None, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    response = client_for(coordinator).post(reverse("directory:service_new"), form_post(**overrides))
    assert_refused(response, message)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "The file is not JSON"),
        (b'{"services": []}', "This is not an Open Referral feed"),
        (b"\xff\xfe\x00", "The file is not JSON"),
        (None, "Choose a JSON file to import"),
    ],
)
def test_a_file_that_is_not_an_oruk_feed_is_refused_and_imports_nothing(
    coordinator: Any, directory: None, content: bytes | None, message: str
) -> None:
    before = snapshot()
    data = {}
    if content is not None:
        upload = io.BytesIO(content)
        upload.name = "feed.json"
        data["file"] = upload
    response = client_for(coordinator).post(reverse("directory:import"), data)
    assert_refused(response, message)
    assert snapshot() == before
