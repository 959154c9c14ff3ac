"""The register is corrected in the Django admin, filtered by region, ICB, kind and peer support."""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from alongside.accounts.models import User
from alongside.national.importer import import_births, import_services
from alongside.national.tests.test_importer import GOOD, births, csv
from alongside.organisations.models import Region

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(db: Any) -> Client:
    root = User.objects.create_superuser(username="root", email="root@test.example", password="x" * 16)
    client = Client()
    client.force_login(root)
    return client


def test_the_admin_lists_and_filters_services_and_figures(admin_client: Client) -> None:
    import_services(csv(*GOOD), source="england.csv")
    import_births(births("QHL,2025,12400,1100,ONS 2025"), source="births.csv")
    north_west = Region.objects.get(code="Y62")
    services = reverse("admin:national_perinatalservice_changelist")

    page = admin_client.get(services, {"icb__region__id__exact": north_west.pk}).content.decode()
    assert "Lancashire Team" in page
    assert "Birmingham Team" not in page
    page = admin_client.get(services, {"peer_support__exact": "none", "kind__exact": "mbu"}).content.decode()
    assert "Birmingham MBU" in page
    assert "Black Country Team" not in page

    figures = admin_client.get(reverse("admin:national_icbpopulation_changelist")).content.decode()
    assert "ONS 2025" in figures
