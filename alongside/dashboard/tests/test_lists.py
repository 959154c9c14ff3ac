"""The co-ordinator's dashboard lists: their most urgent rows, how many in all, and the way to the rest."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.support import services
from conftest import client_for, refer


def defer(coordinator: Any, clinician: Any, name: str, review_in: int) -> None:
    ps = refer(clinician, given_name=name)
    services.status_change(
        actor=coordinator.user,
        membership=coordinator,
        peer_support=ps,
        status="deferred",
        note=f"Unwell {name}",
        review_on=timezone.localdate() + dt.timedelta(days=review_in),
    )


def test_deferrals_come_25_a_page_soonest_review_first(coordinator: Any, clinician: Any) -> None:
    for i in range(27):
        defer(coordinator, clinician, f"Def{i:02}", review_in=i + 1)
    client = client_for(coordinator)
    first = client.get(reverse("dashboard:coordinator")).content.decode()
    assert "Soonest review first (1 to 25 of 27)" in first
    assert "Unwell Def00" in first and "Unwell Def24" in first and "Unwell Def25" not in first
    assert "?deferred=2#deferred-by-the-clinical-team" in first
    second = client.get(reverse("dashboard:coordinator") + "?deferred=2").content.decode()
    assert "Unwell Def25" in second and "Unwell Def26" in second and "Unwell Def00" not in second


def test_the_quiet_list_links_to_everyone_gone_quiet_when_there_are_more(
    coordinator: Any, clinician: Any, peer_worker: Any
) -> None:
    long_ago = timezone.localdate() - dt.timedelta(days=30)
    for i in range(27):
        ps = refer(clinician, given_name=f"Quiet{i:02}")
        services.allocation_create(
            actor=coordinator.user, membership=coordinator, peer_support=ps, peer_workers=[peer_worker.user]
        )
        ps.status_changed_on = long_ago
        ps.save(update_fields=["status_changed_on"])
    html = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Longest first (the first 25 of 27)" in html
    assert reverse("people:list") + "?status=quiet&amp;order=contact" in html
