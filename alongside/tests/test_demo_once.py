"""The shared demo (alongside/tests/demo_once.py): built once for the module, and each test sees
exactly it, nothing an earlier test wrote. The tests run in file order: the first writes, the
second looks. test_demo_once_after.py, run after this module, finds nothing of the demo left."""

from typing import Any

import pytest

from alongside.accounts.models import User
from alongside.demo.builder import LOGINS, build
from alongside.people.models import Person
from alongside.tests.demo_once import misplaced, shared_demo

pytestmark = pytest.mark.django_db

HER = "peerworker@alongside.example"
BUILDS: list[dict[str, Any]] = []


def build_and_count() -> dict[str, Any]:
    built = build(people=10)
    BUILDS.append(built)
    return built


demo_module, demo = shared_demo(build_and_count)


def test_a_test_may_change_the_demo_and_what_it_was_given(demo: dict[str, Any]) -> None:
    User.objects.filter(email=HER).update(first_name="Changed")
    User.objects.create_user(username="intruder", email="intruder@test.example", password="x")
    Person.objects.filter(pk=Person.objects.order_by("pk").values("pk")[:1]).update(given_name="Changed")
    demo["logins"].clear()
    assert User.objects.get(email=HER).first_name == "Changed"
    assert User.objects.filter(username="intruder").exists()
    assert Person.objects.filter(given_name="Changed").count() == 1


def test_the_next_test_sees_the_demo_as_built_and_nothing_the_last_one_wrote(demo: dict[str, Any]) -> None:
    assert len(BUILDS) == 1, "built once for the module"
    assert User.objects.get(email=HER).first_name == "Hannah"
    assert not User.objects.filter(username="intruder").exists()
    assert not Person.objects.filter(given_name="Changed").exists()
    assert Person.objects.count() == demo["counts"]["people"] > 0
    assert demo["logins"] == list(LOGINS)


def test_every_database_test_here_shares_the_demo(
    request: pytest.FixtureRequest, demo: dict[str, Any]
) -> None:
    module = request.node.getparent(pytest.Module)
    assert module is not None and misplaced(module, request.session.items) == []
