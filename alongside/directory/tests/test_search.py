"""Searching the directory by need or condition, community, language, mode and area."""

import re
import uuid
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.directory.importer import import_oruk
from alongside.directory.tests.feeds import attribute, record
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES
from conftest import client_for, refer

pytestmark = pytest.mark.django_db


def svc(
    n: int, name: str, *, terms: list[tuple[Any, str]], languages: list[str], areas: list[str], **extra: Any
) -> dict[str, Any]:
    return record(
        n,
        name=name,
        attributes=[attribute(t, code) for t, code in terms],
        languages=[{"id": str(uuid.uuid5(uuid.UUID(int=n), lang)), "name": lang} for lang in languages],
        service_areas=[{"id": str(uuid.uuid5(uuid.UUID(int=n), a)), "name": a} for a in areas],
        **extra,
    )


@pytest.fixture
def directory() -> None:
    import_oruk(
        [
            svc(
                1,
                "Psychosis cafe B12",
                terms=[(CONDITIONS, "postpartum-psychosis"), (MODES, "cafe-group")],
                languages=["English", "Urdu"],
                areas=["B12", "B13"],
            ),
            svc(
                2,
                "Dads phone line",
                terms=[(CONDITIONS, "depression-anxiety"), (COMMUNITIES, "fathers"), (MODES, "phone")],
                languages=["English"],
                areas=[],
            ),
            svc(
                3,
                "Lancaster loss group",
                terms=[(CONDITIONS, "baby-loss"), (MODES, "face-to-face")],
                languages=["English"],
                areas=["LA1"],
            ),
            svc(
                4,
                "OCD forum",
                terms=[(CONDITIONS, "perinatal-ocd"), (MODES, "online-forum")],
                languages=["Polish"],
                areas=[],
                description="Intrusive thoughts",
            ),
            svc(
                5,
                "Closed psychosis group",
                terms=[(CONDITIONS, "postpartum-psychosis")],
                languages=["English"],
                areas=["B12"],
                status="defunct",
            ),
        ],
        source="test",
    )


def names(response: Any) -> list[str]:
    assert response.status_code == 200
    return re.findall(r'class="nhsuk-card__heading[^"]*"\s*>\s*([^<]+?)\s*<', response.content.decode())


def search(membership: Any, **params: str) -> list[str]:
    return names(client_for(membership).get(reverse("directory:search"), params))


def test_with_no_filters_it_lists_every_active_service(peer_worker: Any, directory: None) -> None:
    assert search(peer_worker) == [
        "Dads phone line",
        "Lancaster loss group",
        "OCD forum",
        "Psychosis cafe B12",
    ]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"condition": "postpartum-psychosis"}, ["Psychosis cafe B12"]),
        ({"condition": "perinatal-ocd"}, ["OCD forum"]),
        ({"community": "fathers"}, ["Dads phone line"]),
        ({"language": "Polish"}, ["OCD forum"]),
        ({"language": "Urdu"}, ["Psychosis cafe B12"]),
        ({"mode": "online-forum"}, ["OCD forum"]),
        ({"mode": "face-to-face"}, ["Lancaster loss group"]),
        ({"q": "intrusive"}, ["OCD forum"]),
        ({"condition": "postpartum-psychosis", "mode": "phone"}, []),
        (
            {"condition": "postpartum-psychosis", "everything": "on"},
            ["Closed psychosis group", "Psychosis cafe B12"],
        ),
    ],
)
def test_each_filter_narrows_the_results(
    peer_worker: Any, directory: None, params: dict[str, str], expected: list[str]
) -> None:
    assert search(peer_worker, **params) == expected


@pytest.mark.parametrize("area", ["B13", "b13 9qp", "B139QP"])
def test_an_area_finds_services_covering_her_district_first_then_those_open_to_anyone(
    peer_worker: Any, directory: None, area: str
) -> None:
    assert search(peer_worker, area=area) == ["Psychosis cafe B12", "Dads phone line", "OCD forum"]


def test_an_area_elsewhere_finds_only_services_open_to_anyone(peer_worker: Any, directory: None) -> None:
    assert search(peer_worker, area="M1") == ["Dads phone line", "OCD forum"]


def test_an_area_that_is_not_a_postcode_is_refused_with_a_clear_message(
    peer_worker: Any, directory: None
) -> None:
    response = client_for(peer_worker).get(reverse("directory:search"), {"area": "Birmingham"})
    body = response.content.decode()
    assert "nhsuk-error-summary" in body and "Enter a postcode or a postcode district" in body
    assert names(response) == []


def test_the_filters_offer_our_vocabularies_and_the_languages_in_the_directory(
    peer_worker: Any, directory: None
) -> None:
    body = client_for(peer_worker).get(reverse("directory:search")).content.decode()
    for text in ("Perinatal OCD", "LGBT+ families", "Café group", ">Polish<", ">Urdu<"):
        assert text in body


def test_searching_for_someone_starts_from_her_district_and_language(
    peer_worker: Any, allocated: Any, directory: None
) -> None:
    person = allocated.person
    person.postcode, person.preferred_language = "B13 9QP", "Urdu"
    person.save()
    response = client_for(peer_worker).get(reverse("directory:search"), {"for": allocated.pk})
    assert names(response) == ["Psychosis cafe B12"]
    body = response.content.decode()
    assert "Find a service for Amira Khan" in body
    signpost = reverse("directory:signpost", args=[allocated.pk]) + f"?service={uuid.UUID(int=1)}"
    assert signpost in body


def test_searching_for_someone_she_does_not_support_is_404(
    peer_worker_other: Any, allocated: Any, directory: None
) -> None:
    client = client_for(peer_worker_other)
    assert client.get(reverse("directory:search"), {"for": allocated.pk}).status_code == 404
    assert client.get(reverse("directory:search"), {"for": "x"}).status_code == 404


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer"])
def test_commissioners_cannot_search_the_directory(role: str, request: pytest.FixtureRequest) -> None:
    assert client_for(request.getfixturevalue(role)).get(reverse("directory:search")).status_code == 403


def test_only_those_who_may_edit_the_directory_see_edit_links(
    peer_worker: Any, coordinator: Any, directory: None
) -> None:
    edit = reverse("directory:service_edit", args=[uuid.UUID(int=1)])
    assert edit not in client_for(peer_worker).get(reverse("directory:search")).content.decode()
    assert edit in client_for(coordinator).get(reverse("directory:search")).content.decode()


def test_the_search_takes_the_same_queries_for_3_services_as_for_30(peer_worker: Any, clinician: Any) -> None:
    ps = refer(clinician)
    person = ps.person
    person.postcode = "B12 0HJ"
    person.save()

    def queries(n: int) -> int:
        import_oruk([record(i, name=f"Service {i:02}") for i in range(1, n + 1)], source="test")
        client = client_for(clinician)
        client.get(reverse("directory:search"))  # the session is set up before counting
        with CaptureQueriesContext(connection) as captured:
            response = client.get(
                reverse("directory:search"), {"for": ps.pk, "condition": "postpartum-psychosis"}
            )
        assert len(names(response)) == min(n, 10)
        return len(captured)

    assert queries(3) == queries(30)


def test_results_come_ten_to_a_page(peer_worker: Any) -> None:
    import_oruk([record(i, name=f"Service {i:02}") for i in range(1, 13)], source="test")
    assert search(peer_worker) == [f"Service {i:02}" for i in range(1, 11)]
    assert search(peer_worker, page="2") == ["Service 11", "Service 12"]
