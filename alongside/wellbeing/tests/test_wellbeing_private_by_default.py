"""Her wellbeing is private unless she shares it, each time: no form chooses anyone for her, and
what the pages say about who reads it is what happens (issue 11)."""

import re
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.wards.tests.test_handovers import snapshot, start_shift
from alongside.wellbeing import services as wellbeing_services
from alongside.wellbeing.models import WellbeingCheckIn, WellbeingShare
from conftest import client_for


def chosen_option(page: str, name: str) -> str | None:
    """The option the select called `name` arrives with, if any."""
    select = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert select, f"no select {name}"
    picked = re.search(r'<option value="([^"]*)"[^>]*selected', select.group(1))
    return picked.group(1) if picked else None


def checked_radios(page: str, name: str) -> list[str]:
    return re.findall(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"[^>]*checked', page)


def test_the_debrief_arrives_with_nobody_chosen_even_after_she_shared_last_time(
    ward_peer: Any, ward_coordinator: Any
) -> None:
    wellbeing_services.wellbeing_record(
        actor=ward_peer.user, feeling="low", shared_with=ward_coordinator.user
    )
    shift = start_shift(ward_peer)
    page = client_for(ward_peer).get(reverse("wards:debrief", args=[shift.pk])).content.decode()
    assert chosen_option(page, "shared_with") in (None, "")
    assert "Nobody: keep it to myself" in page
    assert checked_radios(page, "feeling") == []


def test_a_debrief_check_in_she_does_not_share_goes_to_nobody(ward_peer: Any, ward_coordinator: Any) -> None:
    wellbeing_services.wellbeing_record(
        actor=ward_peer.user, feeling="low", shared_with=ward_coordinator.user
    )
    shift = start_shift(ward_peer)
    client_for(ward_peer).post(
        reverse("wards:debrief", args=[shift.pk]),
        {"no_concerns": "on", "feeling": "mixed", "wellbeing_note": "Hmm"},
    )
    latest = WellbeingCheckIn.objects.get(shift=shift)
    assert latest.shared_with is None
    url = reverse("wellbeing:wellbeing_detail", args=[latest.pk])
    assert client_for(ward_coordinator).get(url).status_code == 404


def test_id_rather_not_say_is_shown_and_can_be_chosen_after_another_answer(ward_peer: Any) -> None:
    shift = start_shift(ward_peer)
    url = reverse("wards:debrief", args=[shift.pk])
    page = client_for(ward_peer).get(url).content.decode()
    assert re.search(r'<input[^>]*name="feeling"[^>]*value="rather_not_say"', page)
    assert "I&#39;d rather not say" in page or "I'd rather not say" in page
    response = client_for(ward_peer).post(url, {"no_concerns": "on", "feeling": "rather_not_say"})
    assert response.status_code == 302
    assert not WellbeingCheckIn.objects.exists(), "nothing of her wellbeing is kept"


def test_choosing_someone_to_share_with_but_rather_not_saying_is_refused_clearly(
    ward_peer: Any, ward_coordinator: Any
) -> None:
    shift = start_shift(ward_peer)
    before = snapshot()
    response = client_for(ward_peer).post(
        reverse("wards:debrief", args=[shift.pk]),
        {"no_concerns": "on", "feeling": "rather_not_say", "shared_with": ward_coordinator.user.pk},
    )
    assert "Choose how you are, or choose I&#39;d rather not say" in response.content.decode()
    assert snapshot() == before


def test_a_check_in_on_my_wellbeing_arrives_with_nobody_chosen(ward_peer: Any, ward_coordinator: Any) -> None:
    wellbeing_services.wellbeing_record(
        actor=ward_peer.user, feeling="low", shared_with=ward_coordinator.user
    )
    page = client_for(ward_peer).get(reverse("wellbeing:wellbeing")).content.decode()
    assert chosen_option(page, "shared_with") in (None, "")
    client_for(ward_peer).post(reverse("wellbeing:wellbeing"), {"feeling": "good"})
    assert WellbeingCheckIn.objects.filter(shared_with=None).count() == 1


def test_my_wellbeing_names_everyone_who_reads_a_check_in_she_shared(
    ward_peer: Any, ward_coordinator: Any
) -> None:
    wellbeing_services.wellbeing_record(
        actor=ward_peer.user, feeling="low", shared_with=ward_coordinator.user
    )
    page = client_for(ward_peer).get(reverse("wellbeing:wellbeing")).content.decode()
    assert "with nobody" not in page
    assert f"{ward_coordinator.user}: 1 check-in I chose to share with them" in page


def test_the_forms_name_colleagues_who_read_all_her_check_ins(
    ward_peer: Any, ward_coordinator: Any, nurse: Any
) -> None:
    WellbeingShare.objects.create(
        peer_worker=ward_peer.user,
        shared_with=nurse.user,
        service=ward_peer.service,
        plan=False,
        checkins=True,
        shared_at=timezone.now(),
    )
    client = client_for(ward_peer)
    page = client.get(reverse("wellbeing:wellbeing")).content.decode()
    assert f"the colleagues you share all your check-ins with: {nurse.user}" in page
    shift = start_shift(ward_peer)
    assert str(nurse.user) in client.get(reverse("wards:debrief", args=[shift.pk])).content.decode()
    response = client.post(reverse("wellbeing:wellbeing"), {"feeling": "good"}, follow=True)
    assert f"You and {nurse.user} can read it" in response.content.decode()


def test_with_no_share_at_all_every_page_says_only_she_reads_it(ward_peer: Any) -> None:
    client = client_for(ward_peer)
    response = client.post(reverse("wellbeing:wellbeing"), {"feeling": "good"}, follow=True)
    body = response.content.decode()
    assert "Saved. Only you can read it." in body
    assert "You share your plan and check-ins with nobody" in body
    response = client.post(reverse("wellbeing:wellbeing_plan"), {"what_helps": "A walk"}, follow=True)
    assert "Your plan is saved. Only you can read it." in response.content.decode()
