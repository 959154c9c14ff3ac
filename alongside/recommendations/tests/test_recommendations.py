"""The fourteen recommendations: a service's page, its attestations (kept, stale after a year,
refused when bad), and the roll-up for commissioners (her ICB only, small numbers suppressed,
nobody named)."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.organisations.models import Membership
from alongside.recommendations.measures import (
    RECOMMENDATIONS,
    Count,
    Sources,
    Status,
    measure,
    measures_for,
    quarter_ends,
)
from alongside.recommendations.models import Attestation
from alongside.recommendations.views import _counts
from conftest import client_for

pytestmark = pytest.mark.django_db

ATTEST = reverse("recommendations:attest")


def attest(coordinator: Membership, number: int = 5, **data: str) -> Any:
    body = {
        "status": "met",
        "evidence": "Peer support standards met at the last quality network review",
        "link": "https://www.rcpsych.ac.uk/improving-care/ccqi/quality-networks-accreditation",
        "attested_on": timezone.localdate().isoformat(),
    } | data
    return client_for(coordinator).post(f"{ATTEST}?number={number}", body)


def test_the_page_lists_all_fourteen_grouped_key_and_further(coordinator: Membership) -> None:
    page = client_for(coordinator).get(reverse("recommendations:service")).content.decode()
    assert "Key recommendations" in page and "Further recommendations" in page
    for r in RECOMMENDATIONS:
        assert f'id="recommendation-{r.number}"' in page
    assert "Not counted for past quarters" in page


def test_an_attestation_is_kept_with_its_history_and_audited(coordinator: Membership) -> None:
    assert attest(coordinator, status="partly").status_code == 302
    assert attest(coordinator).status_code == 302
    assert Attestation.objects.filter(service=coordinator.service, number=5).count() == 2
    assert AuditLog.objects.filter(model="recommendations.Attestation", action="create").count() == 2
    sources = Sources(coordinator.service, timezone.localdate())
    result = measure(RECOMMENDATIONS[4], sources)
    assert result.status == Status.MET and not result.stale
    page = client_for(coordinator).get(reverse("recommendations:service")).content.decode()
    assert "Peer support standards met at the last quality network review" in page


@pytest.mark.parametrize(("days", "stale"), [(365, False), (366, True)])
def test_an_attestation_goes_stale_after_a_year_and_then_counts_as_not_known(
    coordinator: Membership, days: int, stale: bool
) -> None:
    on = timezone.localdate() - dt.timedelta(days=days)
    assert attest(coordinator, number=8, attested_on=on.isoformat()).status_code == 302
    result = measure(RECOMMENDATIONS[7], Sources(coordinator.service, timezone.localdate()))
    assert result.stale is stale
    assert result.status == (Status.NOT_KNOWN if stale else Status.MET)
    page = client_for(coordinator).get(reverse("recommendations:service")).content.decode()
    assert ("Out of date" in page) is stale
    if stale:
        assert f"Last attested on {on:%-d %b %Y}" in page and "attest again" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"evidence": "   "}, "evidence", "Say what shows it"),
        ({"link": "javascript:alert(1)"}, "link", "Enter a valid URL"),
        ({"link": "not a web address"}, "link", "Enter a valid URL"),
        ({"status": "fully"}, "status", "Select a valid choice"),
        ({"attested_on": "9999-01-01"}, "attested_on", "Enter a date no later than"),
    ],
)
def test_bad_attestations_are_refused_with_a_clear_message_and_nothing_is_saved(
    coordinator: Membership, data: dict[str, str], field: str, message: str
) -> None:
    response = attest(coordinator, 5, **data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Attestation.objects.exists()


def test_a_date_in_the_future_is_refused(coordinator: Membership) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = attest(coordinator, attested_on=tomorrow.isoformat())
    assert "cannot be in the future" in response.content.decode()
    assert not Attestation.objects.exists()


def test_no_such_recommendation_is_a_404(coordinator: Membership) -> None:
    assert client_for(coordinator).get(f"{ATTEST}?number=15").status_code == 404
    assert client_for(coordinator).get(f"{ATTEST}?number=x").status_code == 404


def test_a_peer_worker_sees_the_attested_but_not_the_figures_of_pages_she_may_not_open(
    peer_worker: Membership, coordinator: Membership
) -> None:
    attest(coordinator)
    page = client_for(peer_worker).get(reverse("recommendations:service")).content.decode()
    assert "Peer support standards met" in page
    assert "shown to those who may open" in page
    assert "Paid below band 3" not in page
    assert client_for(peer_worker).get(ATTEST).status_code == 403


def test_quarter_ends_are_the_last_four_before_today() -> None:
    assert quarter_ends(dt.date(2026, 12, 4)) == [
        dt.date(2026, 9, 30),
        dt.date(2026, 6, 30),
        dt.date(2026, 3, 31),
        dt.date(2025, 12, 31),
    ]
    assert quarter_ends(dt.date(2026, 1, 1))[0] == dt.date(2025, 12, 31)


def test_the_rollup_suppresses_small_counts_and_names_no_one(
    commissioner: Membership, coordinator: Membership, peer_worker: Membership
) -> None:
    for m, name in ((peer_worker, "Zelphine"), (coordinator, "Ottoline")):
        m.user.first_name = name
        m.user.save()
    attest(coordinator)
    page = client_for(commissioner).get(reverse("recommendations:rollup")).content.decode()
    assert "Services meeting it" in page
    assert "1 of 1 service" in page  # recommendation 5: her one service attested it
    assert "Zelphine" not in page and "Ottoline" not in page
    assert "Peer support standards met" not in page  # the evidence is the team's, not the roll-up's
    assert "0 of * peer workers with accredited training" in page  # one peer worker: hidden


def test_a_commissioner_sees_only_her_own_icb(
    commissioner: Membership, other_service: Any, national_reviewer: Membership
) -> None:
    client = client_for(commissioner)
    page = client.get(reverse("recommendations:rollup")).content.decode()
    assert commissioner.service.name in page and other_service.name not in page
    assert (
        client.get(reverse("recommendations:service_aggregate", args=[other_service.pk])).status_code == 404
    )
    assert client.get(f"{reverse('recommendations:rollup')}?icb={other_service.icb_id}").status_code == 404
    region = other_service.icb.region_id
    assert client.get(f"{reverse('recommendations:rollup')}?region={region}").status_code == 404
    national = client_for(national_reviewer).get(reverse("recommendations:rollup")).content.decode()
    assert other_service.name in national and commissioner.service.name in national


def test_counts_leaving_a_service_are_suppressed_and_rounded() -> None:
    counts = [
        Count("paid below band 3", 2, 9, "peer workers"),
        Count("paid below band 3", 1, 4, "peer workers"),
    ]
    assert _counts(counts, national=False) == ["* of 15 peer workers paid below band 3"]
    assert _counts(counts, national=True) == ["* of 13 peer workers paid below band 3"]
    assert _counts([Count("fathers or partners waiting", 9)], national=False) == [
        "10 fathers or partners waiting"
    ]
    assert _counts([Count("fathers or partners waiting", 0)], national=False) == [
        "0 fathers or partners waiting"
    ]


def test_the_trend_counts_attestations_as_they_stood_at_each_quarter_end(coordinator: Membership) -> None:
    today = timezone.localdate()
    quarters = quarter_ends(today)
    on = quarters[2] + dt.timedelta(days=1)  # after the third quarter end back, before the second
    attest(coordinator, number=14, attested_on=on.isoformat())
    found = measures_for(coordinator.service, today)
    assert found.past[14] == [Status.MET, Status.MET, Status.NOT_KNOWN, Status.NOT_KNOWN]
    assert 2 not in found.past and 7 not in found.past  # not counted for a past date: said so instead
    page = client_for(coordinator).get(reverse("recommendations:service")).content.decode()
    assert "Alongside keeps only how it stands today" in page


def test_an_attestation_beside_a_measured_recommendation_does_not_change_its_status(
    coordinator: Membership,
) -> None:
    attest(coordinator, number=7, evidence="Every post is band 4 from April")
    result = measure(RECOMMENDATIONS[6], Sources(coordinator.service, timezone.localdate()))
    assert result.measured is not None and result.status == result.measured.status
    page = client_for(coordinator).get(reverse("recommendations:service")).content.decode()
    assert "Also attested" in page and "Every post is band 4 from April" in page


def test_the_page_costs_the_same_however_many_attestations(coordinator: Membership) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("recommendations:service"))
        return len(captured.captured_queries)

    client = client_for(coordinator)
    attest(coordinator, number=5)
    before = queries()
    for number in (5, 8, 14, 8):
        attest(coordinator, number=number)
    assert queries() == before
