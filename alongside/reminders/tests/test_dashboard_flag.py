"""A deferral whose review date has passed is flagged on the co-ordinator's dashboard, and counted
at the top; one still to come, or due today, is not called passed."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.support.metrics import deferral_reviews_passed
from alongside.support.models import PeerSupport, Status
from conftest import client_for, refer

FLAG = "Review date passed"


def deferred(clinician: Any, name: str, review_in_days: int) -> PeerSupport:
    ps = refer(clinician, given_name=name)
    PeerSupport.objects.filter(pk=ps.pk).update(
        status=Status.DEFERRED,
        review_on=timezone.localdate() + dt.timedelta(days=review_in_days),
        status_note=f"Unwell {name}",
    )
    return ps


def dashboard(membership: Any) -> str:
    return client_for(membership).get(reverse("dashboard:coordinator")).content.decode()


def test_a_review_date_in_the_past_is_flagged_and_counted(coordinator: Any, clinician: Any) -> None:
    deferred(clinician, "Past", -1)
    deferred(clinician, "Later", 10)
    page = dashboard(coordinator)
    assert page.count(FLAG) == 2  # the callout's heading at the top, and the tag on her row
    assert "1 deferral is past the date the clinical team set to review it." in page
    assert page.index(FLAG) < page.index("Keeping everyone safe")  # at the top
    row = page[page.index("Unwell Past") :].split("</tr>")[0]
    assert FLAG in row
    later = page[page.index("Unwell Later") :].split("</tr>")[0]
    assert FLAG not in later and "Review due today" not in later


def test_a_review_date_in_the_future_is_not_flagged(coordinator: Any, clinician: Any, manager: Any) -> None:
    deferred(clinician, "Later", 3)
    for membership in (coordinator, manager):
        page = dashboard(membership)
        assert "Unwell Later" in page and FLAG not in page


def test_a_review_due_today_is_due_not_passed(coordinator: Any, clinician: Any) -> None:
    deferred(clinician, "Today", 0)
    page = dashboard(coordinator)
    assert "Review due today" in page and FLAG not in page


def test_the_count_is_the_metrics(coordinator: Any, clinician: Any, service: Any) -> None:
    for i in range(3):
        deferred(clinician, f"Past{i}", -(i + 1))
    deferred(clinician, "Today", 0)
    assert deferral_reviews_passed(service, timezone.localdate()).count() == 3
    assert "3 deferrals are past the date the clinical team set to review it." in dashboard(coordinator)
