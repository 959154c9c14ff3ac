"""What she offers, to be matched on: hers to fill in, and all optional. Her caseload: hers, or
her co-ordinator's to set."""

from typing import Any

import pytest
from django.urls import reverse

from alongside.support.tests.test_bad_input import assert_refused
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, TaxonomyTerm
from alongside.workforce.models import Profile, SupportForm
from conftest import client_for


def offer(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"languages": "Urdu, Punjabi", "areas": "b12, B13", "max_caseload": "8"}
    data.update(overrides)
    return data


def test_she_says_what_she_would_like_to_be_matched_on(peer_worker: Any) -> None:
    condition = TaxonomyTerm.objects.filter(taxonomy_id=CONDITIONS).first()
    community = TaxonomyTerm.objects.filter(taxonomy_id=COMMUNITIES).first()
    assert condition and community
    response = client_for(peer_worker).post(
        reverse("workforce:role_offer"),
        offer(conditions=[str(condition.pk)], communities=[str(community.pk)], supports_fathers="on"),
    )
    assert response.status_code == 302
    profile = Profile.objects.get(membership=peer_worker)
    assert profile.language_list == ["Urdu", "Punjabi"] and profile.area_list == ["B12", "B13"]
    assert list(profile.conditions.all()) == [condition] and list(profile.communities.all()) == [community]
    assert profile.supports_fathers and profile.max_caseload == 8
    page = client_for(peer_worker).get(reverse("workforce:role_mine")).content.decode()
    assert condition.name in page and "only what you want mothers matched on" in page


def test_every_part_of_it_is_optional(peer_worker: Any) -> None:
    response = client_for(peer_worker).post(reverse("workforce:role_offer"), {})
    assert response.status_code == 302
    assert Profile.objects.get(membership=peer_worker).conditions.count() == 0


def test_the_forms_of_support_she_chose_show_on_her_role_page(peer_worker: Any, coordinator: Any) -> None:
    profile = Profile.objects.create(membership=peer_worker)
    profile.forms_of_support.set(SupportForm.objects.filter(slug__in=["baking", "home_visits"]))
    for who in (peer_worker, coordinator):
        url = (
            reverse("workforce:role_mine")
            if who is peer_worker
            else reverse("workforce:member", args=[peer_worker.pk])
        )
        page = client_for(who).get(url).content.decode()
        assert "Home visits, Baking" in page, who


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"areas": "Birmingham"}, "“BIRMINGHAM” is not a postcode district"),
        ({"max_caseload": "100"}, "Enter a number from 0 to 40"),
        ({"max_caseload": "many"}, "Enter a whole number"),
        ({"conditions": ["not-a-term"]}, "is not a valid"),
    ],
)
def test_bad_details_are_refused_and_save_nothing(
    overrides: dict[str, Any], message: str, peer_worker: Any
) -> None:
    assert_refused(client_for(peer_worker).post(reverse("workforce:role_offer"), offer(**overrides)), message)
    assert not Profile.objects.exists()


def test_her_caseload_can_be_set_by_her_co_ordinator(
    coordinator: Any, manager: Any, peer_worker: Any
) -> None:
    client_for(coordinator).post(reverse("workforce:caseload", args=[peer_worker.pk]), {"max_caseload": "6"})
    assert Profile.objects.get(membership=peer_worker).max_caseload == 6
    client_for(manager).post(reverse("workforce:caseload", args=[peer_worker.pk]), {"max_caseload": "5"})
    assert Profile.objects.get(membership=peer_worker).max_caseload == 5


def test_her_caseload_is_not_set_from_another_service(coordinator_other: Any, peer_worker: Any) -> None:
    response = client_for(coordinator_other).post(
        reverse("workforce:caseload", args=[peer_worker.pk]), {"max_caseload": "6"}
    )
    assert response.status_code == 404 and not Profile.objects.exists()


def test_a_role_page_is_for_peer_workers_and_co_ordinators(clinician: Any) -> None:
    for name in ("workforce:role_mine", "workforce:role_offer"):
        response = client_for(clinician).get(reverse(name))
        assert response.status_code == 302 and response.url == reverse("home")
    client_for(clinician).post(reverse("workforce:role_offer"), offer())
    assert not Profile.objects.exists()
