"""Co-ordinators and managers keep the directory: by hand, or by importing a file."""

import io
import json
import uuid
from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.directory.importer import import_oruk
from alongside.directory.models import Organization, Service
from alongside.directory.tests.feeds import page, record
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id
from conftest import client_for

pytestmark = pytest.mark.django_db


def form_post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "organization": "",
        "new_organization_name": "Sahara Mothers Network",
        "name": "Sahara coffee mornings",
        "description": "Weekly, with a crèche",
        "url": "https://sahara.example.org",
        "email": "hello@sahara.example.org",
        "status": "active",
        "conditions": [str(term_id(CONDITIONS, "depression-anxiety"))],
        "communities": [str(term_id(COMMUNITIES, "bame"))],
        "modes": [str(term_id(MODES, "cafe-group"))],
        "languages": "urdu, Punjabi, Urdu",
        "districts": "b12, B13 B12",
        "venue_name": "Sahara Centre",
        "venue_address_1": "220 Ladypool Road",
        "venue_city": "Birmingham",
        "venue_postcode": "b128jx",
    }
    data.update(overrides)
    return data


def test_a_coordinator_adds_a_service_by_hand(coordinator: Any) -> None:
    response = client_for(coordinator).post(reverse("directory:service_new"), form_post())
    assert response.status_code == 302
    service = Service.objects.get()
    assert (service.name, service.organization.name, service.status) == (
        "Sahara coffee mornings",
        "Sahara Mothers Network",
        "active",
    )
    assert {t.code for t in service.terms.all()} == {"depression-anxiety", "bame", "cafe-group"}
    assert [lang.name for lang in service.languages.all()] == ["Punjabi", "Urdu"]
    assert [a.district for a in service.service_areas.all()] == ["B12", "B13"]
    assert service.service_at_locations.get().location.postcode == "B12 8JX"
    assert AuditLog.objects.get(model="directory.Service").action == "create"


def test_editing_an_imported_service_keeps_what_the_form_does_not_show(manager: Any) -> None:
    theirs = {
        "id": str(uuid.uuid4()),
        "code": "bfs",
        "name": "Breastfeeding",
        "description": "",
        "taxonomy": "esdNeeds",
    }
    venue = {"id": str(uuid.uuid4()), "location_type": "physical", "name": "Second venue"}
    rec = record(1)
    rec["attributes"].append(
        {"id": str(uuid.uuid4()), "taxonomy_term_id": theirs["id"], "taxonomy_term": theirs}
    )
    rec["service_at_locations"].append({"id": str(uuid.uuid4()), "location": venue})
    rec["service_areas"].append({"id": str(uuid.uuid4()), "name": "All of Birmingham"})
    import_oruk([rec], source="feed.json")
    url = reverse("directory:service_edit", args=[uuid.UUID(int=1)])
    client = client_for(manager)
    form = client.get(url).content.decode()
    assert 'value="Brightside Hub"' in form and 'value="B12"' in form
    org = Organization.objects.get()
    response = client.post(
        url,
        form_post(organization=str(org.pk), new_organization_name="", venue_name="Brightside Hub, upstairs"),
    )
    assert response.status_code == 302
    service = Service.objects.get()
    assert service.name == "Sahara coffee mornings" and service.organization == org
    assert "Breastfeeding" in {t.name for t in service.terms.all()}
    assert "bfs" in {t.code for t in service.terms.all()} and "postpartum-psychosis" not in {
        t.code for t in service.terms.all()
    }
    assert sorted(s.location.name for s in service.service_at_locations.all()) == [
        "Brightside Hub, upstairs",
        "Second venue",
    ]
    assert sorted(a.name for a in service.service_areas.all()) == ["All of Birmingham", "B12", "B13"]
    assert service.source == "feed.json"


def test_clearing_the_venue_takes_it_off_the_service(coordinator: Any) -> None:
    import_oruk([record(1)], source="t")
    url = reverse("directory:service_edit", args=[uuid.UUID(int=1)])
    org = Organization.objects.get()
    blank = {"venue_name": "", "venue_address_1": "", "venue_city": "", "venue_postcode": ""}
    client_for(coordinator).post(url, form_post(organization=str(org.pk), **blank))
    assert not Service.objects.get().service_at_locations.exists()


def test_a_coordinator_imports_a_file_and_sees_each_bad_record(coordinator: Any) -> None:
    upload = io.BytesIO(json.dumps(page(record(1), record(2, status="open"), record(3, id="abc"))).encode())
    upload.name = "feed.json"
    response = client_for(coordinator).post(reverse("directory:import"), {"file": upload})
    body = response.content.decode()
    assert response.status_code == 200
    assert "3 records from feed.json (3 services): 1 new, 0 updated, 2 not imported, 0 warnings" in body
    assert str(uuid.UUID(int=2)) in body and "$.contents[1].status: &#39;open&#39; is not one of" in body
    assert "abc" in body and "$.contents[2].id: &#39;abc&#39; is not a &#39;uuid&#39;" in body
    assert list(Service.objects.values_list("pk", flat=True)) == [uuid.UUID(int=1)]
    assert AuditLog.objects.filter(model="directory.Service", action="create").count() == 1


@pytest.mark.parametrize("role", ["peer_worker", "clinician", "commissioner", "admin_member"])
def test_only_coordinators_and_managers_edit_or_import(role: str, request: pytest.FixtureRequest) -> None:
    import_oruk([record(1)], source="t")
    client = client_for(request.getfixturevalue(role))
    for url in (
        reverse("directory:service_new"),
        reverse("directory:service_edit", args=[uuid.UUID(int=1)]),
        reverse("directory:import"),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, form_post()).status_code == 403, url
    assert Service.objects.get().name == "Service 1"


def test_editing_an_entry_that_is_not_there_is_404(coordinator: Any) -> None:
    url = reverse("directory:service_edit", args=[uuid.UUID(int=77)])
    assert client_for(coordinator).get(url).status_code == 404


def test_a_coordinator_in_another_service_may_edit_the_shared_directory(coordinator_other: Any) -> None:
    import_oruk([record(1)], source="t")
    url = reverse("directory:service_edit", args=[uuid.UUID(int=1)])
    assert client_for(coordinator_other).get(url).status_code == 200
