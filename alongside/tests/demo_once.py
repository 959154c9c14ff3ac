"""The demo built once for a test module, as Django's TestCase.setUpTestData builds a class's data.

Building the demo takes seconds (more on PostgreSQL), and most demo tests only read it, so
rebuilding it for each of them made CI slow (docs/adr/0028-ci-two-databases-side-by-side.md). A
module that calls `shared_demo` gets two fixtures:

- a module-scoped one that opens a transaction, builds the demo inside it, keeps it open while
  the module's tests run, and rolls it back after the last one, checking that every table holds
  as many rows as before;
- `demo`, for each test: pytest-django runs the test in a savepoint inside that transaction and
  rolls it back after the test, so each test sees exactly the demo and nothing another test wrote.

Every database test in such a module must ask for `demo`: the transaction stays open between the
module's tests, so a test wanting an empty database or a demo built another way would find this
one. Tests with `transaction=True` or a live server cannot run inside a transaction at all. Both
belong in another module; setting up the module says so if one is there.
"""

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.apps import apps
from django.db import transaction
from pytest_django import DjangoDbBlocker
from pytest_django.plugin import validate_django_db

Builder = Callable[[], Any]

TRANSACTIONAL_FIXTURES = ("transactional_db", "live_server", "django_db_reset_sequences")


def row_counts() -> dict[str, int]:
    """How many rows each table holds: the same before the demo's transaction and after it."""
    models = apps.get_models(include_auto_created=True)
    return {m._meta.label: m._base_manager.count() for m in models if m._meta.managed and not m._meta.proxy}


@contextmanager
def demo_transaction(builder: Builder) -> Iterator[Any]:
    """Run `builder` in a transaction that is rolled back on leaving, whatever happened inside.

    Fails if any row is left behind, so a demo that escaped its transaction is caught in the
    module that built it, not as a puzzling failure in whichever module runs next.
    """
    before = row_counts()
    with transaction.atomic():
        try:
            yield builder()
        finally:
            transaction.set_rollback(True)
    left = {label: n - before[label] for label, n in row_counts().items() if n != before[label]}
    assert not left, f"rows left behind by the demo's transaction: {left}"


def is_transactional(test: pytest.Function) -> bool:
    """Marked `django_db(transaction=True)` (or `reset_sequences=True`), or using a live server."""
    marker = test.get_closest_marker("django_db")
    if marker is not None:
        transactional, reset_sequences, *_ = validate_django_db(marker)
        if transactional or reset_sequences:
            return True
    return any(name in TRANSACTIONAL_FIXTURES for name in test.fixturenames)


def uses_database(test: pytest.Function) -> bool:
    return (
        test.get_closest_marker("django_db") is not None
        or "db" in test.fixturenames
        or is_transactional(test)
    )


def misplaced(module: pytest.Module, items: list[pytest.Item]) -> list[str]:
    """The module's database tests that would not see only the demo, or cannot run in its transaction."""
    mine = [i for i in items if isinstance(i, pytest.Function) and i.getparent(pytest.Module) is module]
    return [
        t.name for t in mine if uses_database(t) and ("demo" not in t.fixturenames or is_transactional(t))
    ]


def shared_demo(builder: Builder) -> tuple[Any, Any]:
    """The fixtures for a module whose tests share one demo: bind them as `demo_module, demo`.

    `builder` builds the demo (for example `lambda: build(people=40)`); what it returns is what
    `demo` gives each test, copied afresh so that no test sees what another changed in it.
    """

    @pytest.fixture(scope="module", name="demo_module")
    def demo_module(
        request: pytest.FixtureRequest, django_db_setup: None, django_db_blocker: DjangoDbBlocker
    ) -> Iterator[Any]:
        assert isinstance(request.node, pytest.Module)
        wrong = misplaced(request.node, request.session.items)
        if wrong:
            pytest.fail(f"these tests cannot share the module's demo; move them to another module: {wrong}")
        with django_db_blocker.unblock():
            shared = demo_transaction(builder)
            built = shared.__enter__()
        try:
            yield built
        finally:
            with django_db_blocker.unblock():
                shared.__exit__(None, None, None)

    @pytest.fixture(name="demo")
    def demo(demo_module: Any, db: None) -> Any:
        return copy.deepcopy(demo_module)

    return demo_module, demo
