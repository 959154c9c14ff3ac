"""After test_demo_once.py (pytest runs the files in name order): nothing of its shared demo is
left; the helper's transaction rolls back on its own too, outside pytest-django's; and a module
sharing the demo would refuse a database test that does not ask for it."""

from typing import Any

import pytest
from pytest_django import DjangoDbBlocker

from alongside.accounts.models import User
from alongside.organisations.models import Region
from alongside.people.models import Person
from alongside.tests.demo_once import demo_transaction, misplaced, row_counts

DEMO_USERS = {"email__endswith": "@alongside.example"}


def _make_rows() -> dict[str, Any]:
    region = Region.objects.create(name="Rolled back")
    User.objects.create_user(username="rolledback", email="rolledback@alongside.example", password="x" * 12)
    return {"built": bool(region.pk)}


@pytest.mark.django_db
def test_no_demo_row_outlives_the_module_that_built_it() -> None:
    assert not User.objects.filter(**DEMO_USERS).exists()
    assert not Person.objects.exists()


def test_the_demo_transaction_leaves_nothing_behind(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> None:
    with django_db_blocker.unblock():
        before = row_counts()
        # Not the whole demo: other tests may have emptied the reference data its builders read
        # (a transactional test flushes every table); rows of two tables show the rollback as well.
        with demo_transaction(_make_rows) as built:
            assert built["built"] and User.objects.filter(**DEMO_USERS).exists()
            assert row_counts() != before
        assert row_counts() == before
        assert not User.objects.filter(**DEMO_USERS).exists()


def test_a_database_test_without_the_demo_would_be_refused(request: pytest.FixtureRequest, db: Any) -> None:
    module = request.node.getparent(pytest.Module)
    assert module is not None and request.node.name in misplaced(module, request.session.items)
