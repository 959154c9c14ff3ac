"""A clinician records a discharge in two clicks: the button on her page, then the form's one
button, with every field already filled in. Bad input is refused and saves nothing."""

import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.notifications.models import OutboundEmail
from alongside.transitions.models import Transition, TransitionNotice
from alongside.transitions.tests.conftest import move
from conftest import DaysFromToday, client_for

pytestmark = pytest.mark.django_db


def defaults_on(page: str) -> dict[str, str]:
    """What the form posts if she changes nothing: its checked radios and filled-in inputs."""
    posted: dict[str, str] = {}
    for tag in re.findall(r"<input[^>]*>", page):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or name.group(1) == "csrfmiddlewaretoken":
            continue
        if kind and kind.group(1) == "radio" and "checked" not in tag:
            continue
        posted[name.group(1)] = value.group(1) if value else ""
    return posted


def test_her_page_has_the_button_for_clinicians_and_co_ordinators_only(
    allocated: Any, clinician: Any, coordinator: Any, peer_worker: Any
) -> None:
    href = reverse("transitions:record", args=[allocated.person_id])
    page = reverse("people:detail", args=[allocated.person_id])
    assert href in client_for(clinician).get(page).content.decode()
    assert href in client_for(coordinator).get(page).content.decode()
    assert href not in client_for(peer_worker).get(page).content.decode()


def test_two_clicks_record_a_discharge_to_the_gp_today(
    allocated: Any, clinician: Any, peer_worker: Any
) -> None:
    client = client_for(clinician)
    form = client.get(reverse("transitions:record", args=[allocated.person_id]))
    assert form.status_code == 200
    posted = defaults_on(form.content.decode())
    assert posted == {
        "kind": "discharge",
        "occurred_on": timezone.localdate().isoformat(),
        "destination": "gp",
        "destination_name": "",
    }
    response = client.post(reverse("transitions:record", args=[allocated.person_id]), posted, follow=True)
    assert response.redirect_chain[-1][0] == reverse("people:detail", args=[allocated.person_id])
    recorded = Transition.objects.get()
    assert (recorded.kind, recorded.destination, recorded.occurred_on) == (
        "discharge",
        "gp",
        timezone.localdate(),
    )
    assert recorded.from_service == clinician.service and recorded.to_service is None
    assert recorded.recorded_by == clinician.user and recorded.source == "clinician"
    assert recorded.decision == ""
    assert (
        "Amira Khan discharged from Birmingham Community Perinatal Team to GP. 1 person has been told."
        in (response.content.decode())
    )
    assert TransitionNotice.objects.get().recipient == peer_worker.user
    assert AuditLog.objects.filter(
        model="transitions.Transition", action="create", actor=clinician.user
    ).exists()


def test_an_mbu_discharges_to_a_community_team_by_default(mbu: Any, clinician: Any) -> None:
    from conftest import make_member, refer

    ward = make_member(mbu, "clinician", "wardnurse")
    person = refer(ward).person
    page = client_for(ward).get(reverse("transitions:record", args=[person.pk])).content.decode()
    assert defaults_on(page)["destination"] == "community_perinatal"


def test_a_transfer_to_a_service_on_alongside(allocated: Any, clinician: Any, other_service: Any) -> None:
    data = {
        "kind": "transfer",
        "occurred_on": timezone.localdate().isoformat(),
        "destination": "community_perinatal",
        "to_service": str(other_service.pk),
    }
    client_for(clinician).post(reverse("transitions:record", args=[allocated.person_id]), data)
    recorded = Transition.objects.get()
    assert recorded.to_service == other_service and recorded.decision == "pending"
    assert recorded.going_to == "Lancashire Community Perinatal Team"


@pytest.mark.parametrize("who", ["peer_worker", "commissioner", "manager"])
def test_those_who_may_not_record_are_refused(
    who: str, allocated: Any, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    url = reverse("transitions:record", args=[allocated.person_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"kind": "discharge"}).status_code == 403
    assert not Transition.objects.exists()


def test_a_clinician_of_another_service_gets_404_for_her(allocated: Any, coordinator_other: Any) -> None:
    url = reverse("transitions:record", args=[allocated.person_id])
    assert client_for(coordinator_other).get(url).status_code == 404
    assert client_for(coordinator_other).post(url, {"kind": "discharge"}).status_code == 404


def later(days: int) -> DaysFromToday:
    return DaysFromToday(days)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"destination": "gp", "to_service": "other"}, "GP is not a service on Alongside"),
        (
            {"destination": "mbu", "to_service": "other"},
            "Lancashire Community Perinatal Team is not a mother",
        ),
        ({"to_service": "own"}, "She cannot be transferred to the service she is leaving"),
        ({"kind": "admission", "destination": "gp"}, "An admission is to a mother and baby unit"),
        ({"occurred_on": later(32)}, "The date can be at most 31 days ahead"),
        ({"occurred_on": "soon"}, "Enter a valid date"),
        ({"kind": "moved"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_and_saves_nothing(
    allocated: Any, clinician: Any, other_service: Any, overrides: dict[str, str], message: str
) -> None:
    data = {
        "kind": "transfer",
        "occurred_on": timezone.localdate().isoformat(),
        "destination": "community_perinatal",
        "to_service": "",
    }
    ids = {"other": str(other_service.pk), "own": str(clinician.service_id)}
    data.update({k: ids.get(v, v) for k, v in overrides.items()})
    before = (AuditLog.objects.count(), OutboundEmail.objects.count())
    response = client_for(clinician).post(reverse("transitions:record", args=[allocated.person_id]), data)
    body = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in body
    assert message in body.replace("&#x27;", "'")
    assert not Transition.objects.exists() and not TransitionNotice.objects.exists()
    assert (AuditLog.objects.count(), OutboundEmail.objects.count()) == before


def test_recording_the_same_thing_twice_is_refused(allocated: Any, clinician: Any) -> None:
    move(clinician, allocated.person, kind="discharge", destination="gp")
    data = {"kind": "discharge", "occurred_on": timezone.localdate().isoformat(), "destination": "gp"}
    response = client_for(clinician).post(reverse("transitions:record", args=[allocated.person_id]), data)
    assert "This has already been recorded for her" in response.content.decode()
    assert Transition.objects.count() == 1
