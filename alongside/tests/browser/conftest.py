"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

One Chromium for the whole session; each test gets its own contexts (cookies), so tests never
share a login. Where /usr/bin/chromium is missing every test here skips with one line saying
how to install it. See docs/adr/0005-browser-tests.md.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from playwright.sync_api import ViewportSize

from alongside.tests.browser.browsing import CHROMIUM, CHROMIUM_ARGS, DESKTOP, Visitor

NO_CHROMIUM = (
    f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` to run the browser tests"
)
STYLESHEET = Path(settings.BASE_DIR) / "alongside" / "static" / "nhsuk" / "alongside.css"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Where there is no Chromium, one line at the end says so, and how to install it."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NO_CHROMIUM in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} browser tests skipped: {NO_CHROMIUM}", yellow=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    if not STYLESHEET.exists():
        pytest.fail(f"{STYLESHEET} is missing: run `make assets` (or `make test`) first")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio event loop in this thread for as long as it runs,
    # and Django refuses ORM calls from a thread with a loop. Our tests touch the database only
    # between browser actions, never from inside the loop, so the check is switched off while
    # Playwright runs (and only then).
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # It also runs the test from then on in a contextvars context of its own, and Django keeps
    # its database connections per context: the ones pytest-django set up (keeping the database's
    # first contents on them, for serialized rollback) are not the ones the browser tests use.
    # Carry those contents over, and close the connections opened meanwhile before it stops.
    saved = "_test_serialized_contents"
    first_contents = {c.alias: getattr(c, saved) for c in connections.all() if hasattr(c, saved)}
    try:
        with sync_playwright() as playwright:
            for alias, contents in first_contents.items():
                setattr(connections[alias], saved, contents)
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
            connections.close_all()
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


IDLE_SECONDS = 3  # how long the live server waits for a request on a connection that sends none


class _Impatient(QuietWSGIRequestHandler):
    timeout = IDLE_SECONDS  # seconds of silence on a connection before it is closed


class _OneRequestAtATime(WSGIServer):
    """The live server, answering one request at a time.

    On SQLite the test database lives in memory and every thread of the live server shares the
    test's one connection to it; Django's documentation warns that simultaneous queries on that
    shared connection "may sometimes randomly cause the tests to fail", and once in CI a request
    hung until it timed out. Served one at a time (Django then closes each HTTP connection after
    its answer), no two requests ever use the connection at once."""

    def __init__(self, *args: Any, connections_override: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # the server's own thread already uses the shared connection
        # Served one at a time, a connection Chromium opens ahead of need and sends nothing on would
        # hold the server until Chromium dropped it: a request from elsewhere (page.request, say)
        # then waited past its timeout (CI, once). A few seconds of silence closes such a connection.
        self.RequestHandlerClass = _Impatient


@pytest.fixture(scope="session")
def one_request_at_a_time() -> Iterator[None]:
    with mock.patch.object(LiveServerThread, "server_class", _OneRequestAtATime):
        yield


@pytest.fixture
def site(
    browser: Any, one_request_at_a_time: None, live_server: Any, django_db_serialized_rollback: None
) -> str:
    """The live server's address. Its database is emptied after each test, so the reference
    data that migrations load (ethnic categories, needs and barriers) is put back before each.
    (After `browser`, so that on SQLite the server shares the connection the test uses.)"""
    return str(live_server.url)


@pytest.fixture
def visit(browser: Any, site: str) -> Iterator[Callable[..., Visitor]]:
    """Open a browser window for one person: `visit()` or `visit(viewport=PHONE)`.

    At the end of the test every window must have had every page it loaded checked by axe,
    and must have logged no JavaScript or console error.
    """
    opened: list[Visitor] = []

    def open_window(viewport: ViewportSize = DESKTOP, name: str = "") -> Visitor:
        visitor = Visitor(browser, site, viewport=viewport, name=name)
        opened.append(visitor)
        return visitor

    yield open_window
    try:
        for visitor in opened:
            visitor.finish()
    finally:
        for visitor in opened:
            visitor.close()


@pytest.fixture
def demo(site: str) -> dict[str, Any]:
    """The demo data set, small: three services, their staff and about 60 people."""
    from alongside.demo import builder

    return builder.build(people=60)
