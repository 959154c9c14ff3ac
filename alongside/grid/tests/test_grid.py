"""The self-reflective grid: its rows are data, and each figure on it is the figure of the page it
comes from, counted by the same function, shown only to those who may open that page."""

import csv
import html
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.grid.evidence import EVIDENCE
from alongside.grid.models import Practice, Principle
from conftest import client_for

pytestmark = pytest.mark.django_db
DEFAULTS = Practice._meta.apps.get_app_config("grid").path + "/data/practices.csv"


def test_the_rows_are_the_defaults_loaded_as_data() -> None:
    with open(DEFAULTS, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [p.code for p in Practice.objects.all()] == [r["code"] for r in rows]
    assert {p.principle for p in Practice.objects.all()} == set(Principle.values)
    assert all(key in EVIDENCE for p in Practice.objects.all() for key in p.evidence)


def test_a_row_cannot_name_a_figure_that_does_not_exist() -> None:
    practice = Practice.objects.get(code="handovers")
    practice.evidence = ["handovers", "made_up"]
    with pytest.raises(ValidationError, match="No such figure: made_up"):
        practice.full_clean()


def test_every_row_in_use_is_on_the_page_and_a_retired_one_is_not(coordinator: Any) -> None:
    Practice.objects.filter(code="light-touch-roles").update(active=False)
    page = html.unescape(client_for(coordinator).get(reverse("grid:grid")).content.decode())
    for practice in Practice.objects.filter(active=True):
        assert practice.title in page and practice.good in page
    assert "Light-touch roles" not in page
    for principle in Principle:
        assert f"Principle {principle.value}: {principle.label}" in page


def test_a_reworded_row_shows_its_new_words(coordinator: Any) -> None:
    Practice.objects.filter(code="pay").update(title="Paid at band 3 or above")
    page = client_for(coordinator).get(reverse("grid:grid")).content.decode()
    assert "Paid at band 3 or above" in page and "Paid fairly" not in page


def test_commissioners_and_national_reviewers_never_see_it(commissioner: Any) -> None:
    assert client_for(commissioner).get(reverse("grid:grid")).status_code == 403
