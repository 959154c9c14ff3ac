"""What she offers is her choice, from her service's menu; those who manage the team extend it."""

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from alongside.audit.models import AuditLog
from alongside.support.tests.test_bad_input import assert_refused
from alongside.timetable import services
from alongside.timetable.models import RetiredForm
from alongside.timetable.tests.conftest import add_slot, national
from alongside.workforce.models import Profile, SupportForm
from conftest import client_for

pytestmark = pytest.mark.django_db


def snapshot() -> dict[str, Any]:
    through = Profile.forms_of_support.through
    return {
        m.__name__: sorted(m.objects.values_list())
        for m in (Profile, through, SupportForm, RetiredForm, AuditLog)
    }


def offered(membership: Any) -> set[str]:
    profile = Profile.objects.filter(membership=membership).first()
    return set(profile.forms_of_support.values_list("slug", flat=True)) if profile else set()


def choose(membership: Any, *forms: SupportForm) -> Any:
    return client_for(membership).post(reverse("timetable:offer"), {"chosen": [str(f.pk) for f in forms]})


def test_she_chooses_what_she_offers_and_her_profile_is_made_when_she_first_saves(peer_worker: Any) -> None:
    assert not Profile.objects.filter(membership=peer_worker).exists()
    response = choose(peer_worker, national("home_visits"), national("baking"))
    assert response.status_code == 302
    assert offered(peer_worker) == {"home_visits", "baking"}
    assert AuditLog.objects.filter(model="workforce.Profile", summary__contains="Home visits").exists()
    assert choose(peer_worker, national("music")).status_code == 302
    assert offered(peer_worker) == {"music"}
    assert Profile.objects.filter(membership=peer_worker).count() == 1


def test_she_can_offer_nothing_at_all(peer_worker: Any) -> None:
    choose(peer_worker, national("music"))
    assert client_for(peer_worker).post(reverse("timetable:offer"), {}).status_code == 302
    assert offered(peer_worker) == set()


def test_the_menu_is_the_national_one_and_her_services_own(
    peer_worker: Any, coordinator: Any, coordinator_other: Any
) -> None:
    ours = services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    theirs = services.menu_add(
        actor=coordinator_other.user, membership=coordinator_other, label="Wild swimming"
    )
    page = client_for(peer_worker).get(reverse("timetable:offer")).content.decode()
    assert "Walk and talk" in page and "Drop-ins" in page and "Wild swimming" not in page
    before = snapshot()
    assert_refused(choose(peer_worker, theirs), "Select a valid choice")
    assert snapshot() == before
    assert choose(peer_worker, ours).status_code == 302
    assert offered(peer_worker) == {"walk_and_talk"}


@pytest.mark.parametrize("who", ["coordinator", "manager", "partner_peer_worker", "admin_member"])
def test_nobody_else_sets_her_choices(who: str, request: pytest.FixtureRequest, peer_worker: Any) -> None:
    choose(peer_worker, national("music"))
    before_hers = offered(peer_worker)
    other = request.getfixturevalue(who)
    client = client_for(other)
    client.post(reverse("timetable:offer"), {"chosen": [str(national("dance").pk)]})
    assert client.post(reverse("timetable:member", args=[peer_worker.pk]), {"chosen": "1"}).status_code in (
        403,
        404,
        405,
    )
    assert offered(peer_worker) == before_hers
    with pytest.raises(ValidationError, match="Only she chooses"):
        services.offer_choose(actor=other.user, membership=peer_worker, forms=[national("dance")])
    assert offered(peer_worker) == before_hers


def test_her_coordinator_sees_what_she_chose(peer_worker: Any, coordinator: Any) -> None:
    choose(peer_worker, national("gardening"))
    page = client_for(coordinator).get(reverse("timetable:member", args=[peer_worker.pk])).content.decode()
    assert "Gardening" in page
    assert "Gardening" in client_for(coordinator).get(reverse("timetable:team")).content.decode()


def test_a_coordinator_adds_to_the_menu_with_a_slug_made_from_the_name(coordinator: Any) -> None:
    response = client_for(coordinator).post(reverse("timetable:menu"), {"label": "  Walk and  talk "})
    assert response.status_code == 302
    added = SupportForm.objects.get(service=coordinator.service)
    assert (added.slug, added.label) == ("walk_and_talk", "Walk and talk")
    assert AuditLog.objects.filter(model="workforce.SupportForm", action="create").exists()


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("Home visits", "Home visits is already on the national menu"),
        ("home VISITS", "Home visits is already on the national menu"),
        ("Home-visits!", "Home visits is already on the national menu"),
        ("Walk and talk", "Walk and talk is already on your service"),
        ("", "Enter the name of the form of support"),
        ("!!!", "Enter a name with letters or numbers in it"),
    ],
)
def test_a_duplicate_or_empty_form_is_refused_with_a_clear_message_and_saves_nothing(
    coordinator: Any, label: str, message: str
) -> None:
    services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    before = snapshot()
    assert_refused(client_for(coordinator).post(reverse("timetable:menu"), {"label": label}), message)
    assert snapshot() == before


def test_another_service_may_add_a_form_of_the_same_name(coordinator: Any, coordinator_other: Any) -> None:
    services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    services.menu_add(actor=coordinator_other.user, membership=coordinator_other, label="Walk and talk")
    assert SupportForm.objects.filter(slug="walk_and_talk").count() == 2


@pytest.mark.parametrize("who", ["peer_worker", "clinician", "admin_member"])
def test_only_those_who_manage_the_team_change_the_menu(
    who: str, request: pytest.FixtureRequest, coordinator: Any
) -> None:
    added = services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    before = snapshot()
    client = client_for(request.getfixturevalue(who))
    assert client.post(reverse("timetable:menu"), {"label": "Yoga"}).status_code == 403
    assert client.post(reverse("timetable:menu_retire", args=[added.pk])).status_code == 403
    assert snapshot() == before


def test_retiring_a_form_takes_it_off_the_menu_and_her_choices_but_not_her_timetable(
    peer_worker: Any, coordinator: Any
) -> None:
    added = services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    choose(peer_worker, added, national("music"))
    slot = add_slot(peer_worker, support_form=added)
    response = client_for(coordinator).post(reverse("timetable:menu_retire", args=[added.pk]))
    assert response.status_code == 302
    assert offered(peer_worker) == {"music"}
    assert "Walk and talk" not in client_for(peer_worker).get(reverse("timetable:offer")).content.decode()
    slot.refresh_from_db()
    assert slot.support_form == added and slot.title == "Walk and talk"
    # Her slot keeps it when she changes something else; a new slot cannot name it.
    assert client_for(peer_worker).get(reverse("timetable:slot_edit", args=[slot.pk])).status_code == 200
    assert SupportForm.objects.filter(pk=added.pk).exists()
    assert AuditLog.objects.filter(summary="Retired from the menu: Walk and talk").exists()


def test_adding_a_retired_form_again_brings_it_back(coordinator: Any) -> None:
    added = services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and talk")
    services.menu_retire(actor=coordinator.user, membership=coordinator, form=added)
    again = services.menu_add(actor=coordinator.user, membership=coordinator, label="Walk and Talk")
    assert again.pk == added.pk and again.label == "Walk and Talk"
    assert not RetiredForm.objects.exists()


def test_a_national_form_or_another_services_cannot_be_retired(
    coordinator: Any, coordinator_other: Any
) -> None:
    theirs = services.menu_add(actor=coordinator_other.user, membership=coordinator_other, label="Yoga")
    before = snapshot()
    client = client_for(coordinator)
    for form in (national("home_visits"), theirs):
        assert client.post(reverse("timetable:menu_retire", args=[form.pk])).status_code == 404
    with pytest.raises(ValidationError, match="national menu, which every service keeps"):
        services.menu_retire(actor=coordinator.user, membership=coordinator, form=national("home_visits"))
    with pytest.raises(ValidationError, match="added by another service"):
        services.menu_retire(actor=coordinator.user, membership=coordinator, form=theirs)
    assert snapshot() == before
