"""The service's local population shares: entered as data, checked, and nothing saved when wrong."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.equity.models import Dimension, PopulationShare
from alongside.organisations.models import Membership
from alongside.people.models import EthnicCategory
from alongside.support.tests.test_bad_input import assert_refused
from conftest import client_for


def snapshot() -> dict[str, Any]:
    return {m.__name__: sorted(m.objects.values_list()) for m in (PopulationShare, AuditLog)}


def edit_url(dimension: str) -> str:
    return reverse("equity:population_edit") + f"?dimension={dimension}"


def ethnic_post(source: str = "Census 2021", **percent: str) -> dict[str, str]:
    """The ethnic category form: a box per category, in order (share_0 is A, White British...)."""
    codes = list(EthnicCategory.objects.values_list("code", flat=True))
    return {"source": source, **{f"share_{codes.index(code)}": value for code, value in percent.items()}}


def test_a_coordinator_enters_the_local_population_by_ethnic_category(coordinator: Membership) -> None:
    client = client_for(coordinator)
    response = client.post(edit_url(Dimension.ETHNIC_CATEGORY), ethnic_post(A="38.5", J="17", N="7"))
    assert response.status_code == 302
    saved = dict(PopulationShare.objects.values_list("category", "percent"))
    assert saved == {"A": Decimal("38.50"), "J": Decimal("17.00"), "N": Decimal("7.00")}
    assert AuditLog.objects.filter(summary__contains="Population shares: Ethnic category").exists()
    # Entering them again replaces them.
    client.post(edit_url(Dimension.ETHNIC_CATEGORY), ethnic_post(A="40"))
    assert dict(PopulationShare.objects.values_list("category", "percent")) == {"A": Decimal("40.00")}
    page = client.get(edit_url(Dimension.ETHNIC_CATEGORY)).content.decode()
    assert 'value="40"' in page and "Census 2021" in page


def test_languages_and_areas_are_entered_one_a_line(manager: Membership) -> None:
    client = client_for(manager)
    client.post(
        edit_url(Dimension.LANGUAGE), {"lines": "urdu: 7.5\nPunjabi, 3%\n\n", "source": "Census 2021"}
    )
    client.post(edit_url(Dimension.AREA), {"lines": "b12: 4\nB8 : 10", "source": "Census 2021"})
    assert dict(PopulationShare.objects.filter(dimension="language").values_list("category", "percent")) == {
        "Urdu": Decimal("7.50"),
        "Punjabi": Decimal("3.00"),
    }
    assert set(PopulationShare.objects.filter(dimension="area").values_list("category", flat=True)) == {
        "B12",
        "B8",
    }


@pytest.mark.parametrize(
    ("dimension", "post", "message"),
    [
        ("ethnic_category", {"A": "60", "J": "30", "N": "15"}, "The shares add up to 105%"),
        ("ethnic_category", {"A": "150"}, "The share for White - British must be between 0 and 100"),
        ("ethnic_category", {"A": "-2"}, "The share for White - British must be between 0 and 100"),
        ("ethnic_category", {"A": "lots"}, "Enter the share for White - British as a number"),
        ("ethnic_category", {"A": "4.555"}, "to 2 decimal places at most"),
        ("language", {"lines": "Urdu: 70\nEnglish: 40"}, "The shares add up to 110%"),
        ("language", {"lines": "Urdu 7"}, "Line 1 is not a language and a share"),
        ("language", {"lines": "42: 7"}, "Line 1 is not a language and a share"),
        ("language", {"lines": "Urdu: 7\nurdu: 2"}, "Urdu is given twice"),
        ("language", {"lines": "Urdu: 120"}, "The share for Urdu must be between 0 and 100"),
        ("area", {"lines": "Sparkhill: 7"}, "Line 1 is not a postcode district and a share"),
        ("area", {"lines": "B12: NaN"}, "Line 1 is not a postcode district and a share"),
        ("area", {"lines": "B12: 7", "source": ""}, "Say where the figures come from"),
    ],
)
def test_population_shares_that_cannot_be_are_refused_and_nothing_is_saved(
    coordinator: Membership, dimension: str, post: dict[str, str], message: str
) -> None:
    client = client_for(coordinator)
    client.post(edit_url(Dimension.LANGUAGE), {"lines": "Urdu: 7", "source": "Census 2021"})
    before = snapshot()
    if dimension == Dimension.ETHNIC_CATEGORY:
        data = ethnic_post(**post)
    else:
        data = {"source": "Census 2021", **post}
    assert_refused(client.post(edit_url(dimension), data), message)
    assert snapshot() == before


def test_an_unknown_dimension_is_not_found_and_none_means_ethnic_category(coordinator: Membership) -> None:
    client = client_for(coordinator)
    assert client.get(edit_url("religion")).status_code == 404
    page = client.get(reverse("equity:population_edit")).content.decode()
    assert "Local population by ethnic category" in page


@pytest.mark.parametrize("role", ["commissioner", "national_reviewer", "peer_worker", "clinician"])
def test_only_the_service_enters_its_population(role: str, request: pytest.FixtureRequest) -> None:
    client = client_for(request.getfixturevalue(role))
    assert client.get(reverse("equity:population")).status_code == 403
    response = client.post(edit_url(Dimension.AREA), {"lines": "B12: 7", "source": "x"})
    assert response.status_code == 403 and not PopulationShare.objects.exists()
