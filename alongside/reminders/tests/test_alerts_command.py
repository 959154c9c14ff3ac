"""`alongside alerts` lives here now: it raises alerts, queues the day's digests, then sends."""

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from alongside.notifications.models import OutboundEmail
from alongside.reminders import jobs
from alongside.reminders.tests.conftest import MONDAY, at


@pytest.fixture(autouse=True)
def _from_seven(settings: Any) -> None:
    settings.ALONGSIDE_DIGEST_HOUR = 7


def test_a_run_queues_the_digests_before_it_sends(reminded: Any) -> None:
    result = jobs.run(at(MONDAY))
    assert result == {"raised": 0, "digests": 4, "sent": 4, "failed": 0}
    assert OutboundEmail.objects.filter(sent_at__isnull=True).count() == 0  # sent in the same run
    assert jobs.run(at(MONDAY)) == {"raised": 0, "digests": 0, "sent": 0, "failed": 0}


def test_the_command_says_what_it_did(reminded: Any) -> None:
    jobs.run(at(MONDAY))  # today's digests, made: whatever day the test runs, the command makes none
    out = StringIO()
    call_command("alerts", stdout=out)
    assert out.getvalue() == (
        "Alerts raised: 0. Emails sent: 0; failed, kept to retry: 0.\nReminder digests queued: 0.\n"
    )


def test_the_command_is_the_reminders_apps() -> None:
    from django.core.management import get_commands

    assert get_commands()["alerts"] == "alongside.reminders"
