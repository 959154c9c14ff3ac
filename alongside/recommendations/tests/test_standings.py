"""Standings: each service's fourteen kept in aggregate form, which the roll-up reads (ADR 0039)."""

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from alongside.organisations.models import Membership, Service
from alongside.recommendations import standings
from alongside.recommendations.measures import RECOMMENDATIONS, quarter_ends
from alongside.recommendations.models import Attestation, Standing
from conftest import client_for

pytestmark = pytest.mark.django_db

ROLLUP = reverse("recommendations:rollup")


def _attest(coordinator: Membership, number: int, evidence: str) -> Attestation:
    return Attestation.objects.create(
        service=coordinator.service,
        number=number,
        status=Attestation.Status.MET,
        evidence=evidence,
        attested_on=timezone.localdate(),
        attested_by=coordinator.user,
        recorded_at=timezone.now(),
    )


def test_a_standing_keeps_statuses_and_counts_never_words_or_names(coordinator: Membership) -> None:
    coordinator.user.first_name = "Ottoline"
    coordinator.user.save()
    _attest(coordinator, 5, "Named in the standards by Ottoline's team")
    standing = standings.take(coordinator.service, timezone.localdate())
    kept = json.dumps(standing.results)
    assert sorted(int(n) for n in standing.results) == [r.number for r in RECOMMENDATIONS]
    assert "Ottoline" not in kept and "Named in the standards" not in kept
    assert standing.results["5"]["status"] == "Met"
    assert standing.results["5"]["attested_on"] == timezone.localdate().isoformat()


def test_a_standing_for_a_past_day_keeps_only_what_can_be_counted_for_it(coordinator: Membership) -> None:
    today = timezone.localdate()
    standing = standings.take(coordinator.service, quarter_ends(today)[0], today=today)
    kept = {int(n) for n in standing.results}
    assert kept == {r.number for r in RECOMMENDATIONS if not r.past}
    assert kept and len(kept) < len(RECOMMENDATIONS)


def test_the_rollup_reads_the_latest_standing_not_the_live_figures(
    coordinator: Membership, commissioner: Membership
) -> None:
    client = client_for(commissioner)
    assert "Not measured yet" in client.get(ROLLUP).content.decode()
    standings.take(coordinator.service, timezone.localdate())
    _attest(coordinator, 8, "Took part in the regional evaluation")  # after the standing was taken
    page = client.get(ROLLUP).content.decode()
    assert "As measured on" in page
    row = page[page.index("8. Research") :]
    assert row.split("</td>")[0].split(">")[-1].strip().startswith("0 of 1 service")
    standings.take(coordinator.service, timezone.localdate())  # tomorrow's run, or an attestation saved
    page = client.get(ROLLUP).content.decode()
    row = page[page.index("8. Research") :]
    assert row.split("</td>")[0].split(">")[-1].strip().startswith("1 of 1 service")


def test_an_attestation_saved_through_the_form_is_in_the_rollup_at_once(
    coordinator: Membership, commissioner: Membership
) -> None:
    body = {"status": "met", "evidence": "Named in the standards", "link": "", "attested_on": ""}
    body["attested_on"] = timezone.localdate().isoformat()
    response = client_for(coordinator).post(f"{reverse('recommendations:attest')}?number=5", body)
    assert response.status_code == 302
    assert Standing.objects.filter(service=coordinator.service, on=timezone.localdate()).exists()
    page = client_for(commissioner).get(ROLLUP).content.decode()
    row = page[page.index("5. Peer support") :]
    assert row.split("</td>")[0].split(">")[-1].strip().startswith("1 of 1 service")


def test_the_trend_is_read_from_the_standings_taken_on_quarter_ends(
    coordinator: Membership, commissioner: Membership
) -> None:
    today = timezone.localdate()
    quarter = quarter_ends(today)[0]
    Attestation.objects.create(
        service=coordinator.service,
        number=14,
        status=Attestation.Status.MET,
        evidence="Recognised",
        attested_on=quarter - dt.timedelta(days=10),
        attested_by=coordinator.user,
        recorded_at=timezone.now(),
    )
    found = standings.standings_for([coordinator.service], today)
    assert found.at(coordinator.service, quarter, 14) is None  # nothing taken that day: not made up
    standings.take(coordinator.service, quarter, today=today)
    found = standings.standings_for([coordinator.service], today)
    kept = found.at(coordinator.service, quarter, 14)
    assert kept is not None and kept.status.value == "Met"
    page = client_for(commissioner).get(ROLLUP).content.decode()
    assert "Services meeting it at the end of each of the last four quarters" in page


def test_the_command_takes_a_standing_for_every_service(service: Service, other_service: Service) -> None:
    call_command("standings")
    assert set(Standing.objects.values_list("service_id", flat=True)) == {service.pk, other_service.pk}
    call_command("standings")  # again the same day: kept once, taken again
    assert Standing.objects.count() == 2
    with pytest.raises(CommandError, match="still to come"):
        call_command("standings", "--on", (timezone.localdate() + dt.timedelta(days=1)).isoformat())


def test_the_command_prunes_old_daily_standings_but_keeps_quarter_ends(service: Service) -> None:
    today = timezone.localdate()
    old_quarter_end = quarter_ends(today - dt.timedelta(days=200))[0]
    days = {
        "old": old_quarter_end + dt.timedelta(days=1),
        "quarter end": old_quarter_end,
        "recent": today - dt.timedelta(days=10),
    }
    for on in days.values():
        Standing.objects.create(service=service, on=on, results={}, taken_at=timezone.now())
    call_command("standings")
    kept = set(Standing.objects.values_list("on", flat=True))
    assert kept == {days["quarter end"], days["recent"], today}
