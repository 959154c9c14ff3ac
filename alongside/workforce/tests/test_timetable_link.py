"""Her plans and activities are reviewed in supervision: the session links to her timetable."""

from typing import Any

from django.utils import timezone

from alongside.workforce.models import Supervision
from conftest import client_for


def a_supervision(peer_worker: Any, supervisor: Any, kind: str = "line_management") -> Supervision:
    supervision = Supervision.objects.create(
        peer_worker=peer_worker.user,
        service=peer_worker.service,
        kind=kind,
        held_on=timezone.localdate(),
        duration_minutes=60,
        wellbeing_discussed=True,
        plans_reviewed=True,
        recorded_by=supervisor.user,
        recorded_at=timezone.now(),
    )
    supervision.supervisors.add(supervisor.user)
    return supervision


def test_her_supervision_links_to_her_timetable_and_the_team_page_for_her_coordinator(
    peer_worker: Any, coordinator: Any, clinician: Any
) -> None:
    supervision = a_supervision(peer_worker, coordinator)
    url = f"/workforce/supervision/{supervision.pk}/"
    assert 'href="/timetable/">your timetable' in client_for(peer_worker).get(url).content.decode()
    assert (
        f'href="/timetables/{peer_worker.pk}/">her timetable'
        in client_for(coordinator).get(url).content.decode()
    )
    clinical = a_supervision(peer_worker, clinician, "clinical")
    body = client_for(clinician).get(f"/workforce/supervision/{clinical.pk}/").content.decode()
    assert "timetable</a>" not in body  # a clinician cannot open the team's timetables
