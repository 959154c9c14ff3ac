"""The demo command, on an empty database: its own module, as test_demo.py's tests share one demo."""

import io
from typing import Any

from django.core.management import call_command

from alongside.demo.builder import LOGINS, PASSWORD
from alongside.people.models import Person


def test_the_demo_command_builds_and_prints_the_logins_without_serving(db: Any) -> None:
    out = io.StringIO()
    call_command("demo", "--no-serve", "--people", "20", stdout=out)
    printed = out.getvalue()
    assert "Demo data built in" in printed
    assert PASSWORD in printed
    assert all(email in printed for _, email in LOGINS)
    assert "http://127.0.0.1:8000/" in printed
    assert Person.objects.count() == 20
