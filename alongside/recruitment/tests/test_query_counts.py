"""Recruitment's pages run a fixed number of queries however many vacancies and candidates."""

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alongside.recruitment.models import Vacancy
from alongside.recruitment.tests.test_recruitment import add, candidate, step
from conftest import client_for, make_member


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(coordinator: Any, vacancy: Vacancy, n: int, start: int) -> None:
    from alongside.organisations.models import Role

    for i in range(start, start + n):
        add(coordinator, vacancy, make_member(coordinator.service, Role.PEER_WORKER, f"panel{i}"))
        c = candidate(coordinator, vacancy, name=f"Candidate {i}")
        step(coordinator, c, "application", "shortlisted")


def test_the_list_and_vacancy_pages_run_the_same_queries_for_few_and_many(
    coordinator: Any, vacancy: Vacancy
) -> None:
    client = client_for(coordinator)
    pages = [reverse("recruitment:list"), reverse("recruitment:vacancy", args=[vacancy.pk])]
    grow(coordinator, vacancy, 2, 0)
    few = [count(client, p) for p in pages]
    grow(coordinator, vacancy, 15, 2)
    many = [count(client, p) for p in pages]
    assert few == many
