"""The curriculum is data that those who manage the team change: add, rename, renew, retire."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.support.tests.test_bad_input import assert_refused
from alongside.training import metrics, services
from alongside.training.models import Module, TrainingRecord
from alongside.training.tests.conftest import SAFEGUARDING, module, train
from conftest import client_for

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    return {m.__name__: sorted(m.objects.values_list()) for m in (Module, TrainingRecord, AuditLog)}


def post(name: str = "Infant feeding support", **overrides: Any) -> dict[str, str]:
    data = {
        "name": name,
        "description": "Supporting her with feeding, whatever she chooses",
        "competencies": "Knows where to signpost\n\n  Listens without judging  ",
        "renewal_months": "24",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def test_the_curriculum_page_lists_every_module(coordinator: Any) -> None:
    page = client_for(coordinator).get(reverse("training:curriculum")).content.decode()
    assert "Listening skills" in page and "Every 12 months" in page


def test_a_coordinator_adds_a_module_and_it_becomes_a_gap_for_everyone(
    coordinator: Any, peer_worker: Any
) -> None:
    response = client_for(coordinator).post(reverse("training:module_new"), post())
    assert response.status_code == 302
    added = Module.objects.get(name="Infant feeding support")
    assert added.active and not added.for_staff and added.renewal_months == 24
    assert added.competencies == "Knows where to signpost\nListens without judging"
    assert added.position > module("Using patient notes on NHS IT systems").position
    gaps = metrics.gaps_for([peer_worker.user.pk], timezone.localdate())[peer_worker.user.pk]
    assert added in gaps.missing
    assert AuditLog.objects.filter(model="training.Module", action="create", object_id=str(added.pk)).exists()


def test_a_manager_renames_a_module_and_sets_its_renewal(manager: Any) -> None:
    listening = module("Listening skills")
    url = reverse("training:module_edit", args=[listening.pk])
    assert client_for(manager).get(url).status_code == 200
    response = client_for(manager).post(url, post("Active listening", renewal_months=36, competencies=""))
    assert response.status_code == 302
    listening.refresh_from_db()
    assert (listening.name, listening.renewal_months, listening.competencies) == ("Active listening", 36, "")
    assert AuditLog.objects.filter(
        summary="Curriculum: Listening skills changed (now Active listening)"
    ).exists()


def test_an_empty_renewal_means_once_is_enough(coordinator: Any) -> None:
    safeguarding = module(SAFEGUARDING)
    client_for(coordinator).post(
        reverse("training:module_edit", args=[safeguarding.pk]), post(SAFEGUARDING, renewal_months="")
    )
    safeguarding.refresh_from_db()
    assert safeguarding.renewal_months is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Enter a name for the module"),
        ({"name": "   "}, "Enter a name for the module"),
        ({"renewal_months": "-6"}, "Enter 1 month or more, or leave it empty if once is enough"),
        ({"renewal_months": "0"}, "Enter 1 month or more, or leave it empty if once is enough"),
        ({"renewal_months": "500"}, "Enter 120 months (10 years) or fewer"),
        ({"renewal_months": "a year"}, "Enter the months as a whole number, like 12"),
        ({"name": "safeguarding"}, "There is already a module called Safeguarding"),
    ],
)
def test_a_bad_module_is_refused_with_a_clear_message_and_saves_nothing(
    coordinator: Any, overrides: dict[str, str], message: str
) -> None:
    before = snapshot()
    others = {k: v for k, v in overrides.items() if k != "name"}
    new = post(overrides.get("name", "Infant feeding support"), **others)
    assert_refused(client_for(coordinator).post(reverse("training:module_new"), new), message)
    listening = module("Listening skills")
    changed = post(overrides.get("name", "Listening skills"), **others)
    response = client_for(coordinator).post(reverse("training:module_edit", args=[listening.pk]), changed)
    assert_refused(response, message)
    assert snapshot() == before


def test_retiring_a_module_keeps_its_records_and_takes_it_out_of_the_gaps(
    coordinator: Any, peer_worker: Any
) -> None:
    record = train(peer_worker, peer_worker, "Perinatal OCD")
    ocd = module("Perinatal OCD")
    response = client_for(coordinator).post(
        reverse("training:module_edit", args=[ocd.pk]), {"action": "retire"}
    )
    assert response.status_code == 302
    ocd.refresh_from_db()
    assert not ocd.active
    assert TrainingRecord.objects.filter(pk=record.pk).exists()
    gaps = metrics.gaps_for([peer_worker.user.pk], timezone.localdate())[peer_worker.user.pk]
    assert ocd not in gaps.missing
    assert "Perinatal OCD" in client_for(peer_worker).get(reverse("training:mine")).content.decode()
    assert "Retired" in client_for(coordinator).get(reverse("training:curriculum")).content.decode()
    client_for(coordinator).post(reverse("training:module_edit", args=[ocd.pk]), {"action": "restore"})
    ocd.refresh_from_db()
    assert ocd.active
    assert AuditLog.objects.filter(summary="Curriculum: Perinatal OCD retired").exists()
    assert AuditLog.objects.filter(summary="Curriculum: Perinatal OCD brought back").exists()


def test_the_seeded_curriculum_stays_when_a_module_is_added(coordinator: Any) -> None:
    before = set(Module.objects.values_list("name", flat=True))
    client_for(coordinator).post(reverse("training:module_new"), post())
    assert set(Module.objects.values_list("name", flat=True)) == before | {"Infant feeding support"}


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "admin_member", "commissioner"])
def test_only_those_who_manage_the_team_change_the_curriculum(
    who: str, request: pytest.FixtureRequest
) -> None:
    client = client_for(request.getfixturevalue(who))
    listening = module("Listening skills")
    before = snapshot()
    assert client.get(reverse("training:curriculum")).status_code == 403
    assert client.post(reverse("training:module_new"), post()).status_code == 403
    assert (
        client.post(reverse("training:module_edit", args=[listening.pk]), {"action": "retire"}).status_code
        == 403
    )
    assert snapshot() == before
    member = request.getfixturevalue(who)
    with pytest.raises(ValidationError, match="co-ordinator or service manager changes the curriculum"):
        services.module_set_active(actor=member.user, membership=member, module=listening, active=False)


def test_a_missing_module_is_404(coordinator: Any) -> None:
    assert client_for(coordinator).get(reverse("training:module_edit", args=[999999])).status_code == 404
