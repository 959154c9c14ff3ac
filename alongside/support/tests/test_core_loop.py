"""The core loop through the HTTP client: refer, allocate, log a contact, run a group, change status."""

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.people.models import Consent, NeedOrBarrier, Person
from alongside.support.models import Allocation, Contact, GroupSession, PeerSupport, Status
from conftest import client_for, refer


def referral_post(**overrides: Any) -> dict[str, Any]:
    data = {
        "family_role": "mother",
        "given_name": "Grace",
        "family_name": "Okafor",
        "due_date": (timezone.localdate() + dt.timedelta(weeks=10)).isoformat(),
        "nhs_number": "943 476 5919",
        "postcode": "b15 2tt",
        "preferred_language": "English",
        "source": "clinician",
        "consent": "on",
        "consent_given_on": timezone.localdate().isoformat(),
        "reason": "Feeling isolated since moving to the area",
    }
    data.update(overrides)
    return data


def test_a_clinician_refers_a_mother_with_consent_and_needs(clinician: Any) -> None:
    childcare = NeedOrBarrier.objects.get(slug="childcare")
    response = client_for(clinician).post(reverse("support:refer"), referral_post(needs=[childcare.pk]))
    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:detail", args=[person.pk])
    assert person.nhs_number == "9434765919"
    assert person.postcode == "B15 2TT"
    assert list(person.needs.all()) == [childcare]
    assert Consent.objects.get(person=person).recorded_by == clinician.user
    peer_support = PeerSupport.objects.get(person=person)
    assert peer_support.status == Status.REFERRED
    assert AuditLog.objects.filter(action="create", model="people.Person", object_id=str(person.pk)).exists()


def test_a_self_referral_is_recorded_as_such(coordinator: Any) -> None:
    client_for(coordinator).post(reverse("support:refer"), referral_post(source="self"))
    assert PeerSupport.objects.get().source == PeerSupport.Source.SELF


def test_a_partner_is_referred_in_his_own_right_in_the_same_family(clinician: Any, referral: Any) -> None:
    data = referral_post(family_role="partner", given_name="Tom", due_date="", nhs_number="", postcode="")
    url = reverse("support:refer") + f"?family_of={referral.person_id}"
    client_for(clinician).post(url, data)
    partner = Person.objects.get(given_name="Tom")
    assert partner.family_id == referral.person.family_id
    assert partner.consents.count() == 1
    assert PeerSupport.objects.filter(person=partner).count() == 1


def test_the_coordinator_sees_unallocated_referrals_oldest_first(coordinator: Any, clinician: Any) -> None:
    newer = refer(clinician, given_name="Newer")
    older = refer(clinician, given_name="Older")
    PeerSupport.objects.filter(pk=older.pk).update(referred_on=timezone.localdate() - dt.timedelta(days=9))
    response = client_for(coordinator).get(reverse("support:unallocated"))
    body = response.content.decode()
    assert body.index("Older Khan") < body.index("Newer Khan")
    assert "9 days" in body
    assert f'<a href="{reverse("people:detail", args=[newer.person_id])}">Newer Khan</a>' in body
    assert f'<a href="{reverse("support:allocate", args=[older.pk])}">Allocate' in body


def test_the_coordinator_allocates_two_peer_workers_jointly(
    coordinator: Any, referral: Any, peer_worker: Any, partner_peer_worker: Any
) -> None:
    response = client_for(coordinator).post(
        reverse("support:allocate", args=[referral.pk]),
        {"peer_workers": [peer_worker.pk, partner_peer_worker.pk]},
    )
    assert response.status_code == 302
    assert Allocation.objects.filter(peer_support=referral, ended_on__isnull=True).count() == 2
    referral.refresh_from_db()
    assert referral.status == Status.ALLOCATED


def test_the_peer_worker_sees_her_people_and_today(peer_worker: Any, allocated: Any) -> None:
    client = client_for(peer_worker)
    assert allocated.person.name in client.get(reverse("people:list")).content.decode()
    today = client.get(reverse("home:today")).content.decode()
    assert allocated.person.name in today  # allocated, never reached: shows as not heard from


def test_the_peer_worker_logs_a_contact_and_support_becomes_active(peer_worker: Any, allocated: Any) -> None:
    now = timezone.localtime().replace(second=0, microsecond=0)
    response = client_for(peer_worker).post(
        reverse("support:contact", args=[allocated.pk]),
        {
            "successful": "yes",
            "contact_with": "both",
            "mode": "community",
            "occurred_at": now.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "45",
            "note": "Coffee at the café near the park",
        },
    )
    assert response.status_code == 302
    contact = Contact.objects.get()
    assert (contact.contact_with, contact.mode, contact.duration_minutes, contact.successful) == (
        "both",
        "community",
        45,
        True,
    )
    allocated.refresh_from_db()
    assert allocated.status == Status.ACTIVE


def test_an_unsuccessful_attempt_is_recorded_and_changes_no_status(peer_worker: Any, allocated: Any) -> None:
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client_for(peer_worker).post(
        reverse("support:contact", args=[allocated.pk]),
        {
            "successful": "no",
            "contact_with": "mother",
            "mode": "phone",
            "occurred_at": now,
            "duration_minutes": "5",
        },
    )
    assert Contact.objects.get().successful is False
    allocated.refresh_from_db()
    assert allocated.status == Status.ALLOCATED


def test_a_group_register_makes_a_contact_for_each_attendee(
    peer_worker: Any, allocated: Any, clinician: Any
) -> None:
    other = refer(clinician, given_name="Bella")
    client = client_for(peer_worker)
    starts = (timezone.localtime() - dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        reverse("support:group_new"),
        {
            "kind": "coffee_morning",
            "title": "Tuesday coffee morning",
            "starts_at": starts,
            "duration_minutes": "90",
            "mode": "community",
        },
    )
    session = GroupSession.objects.get()
    client.post(reverse("support:register", args=[session.pk]), {"attendees": [allocated.pk, other.pk]})
    assert Contact.objects.filter(group_session=session).count() == 2
    # Taking the register again corrects it rather than doubling it.
    client.post(reverse("support:register", args=[session.pk]), {"attendees": [other.pk]})
    assert list(Contact.objects.filter(group_session=session).values_list("peer_support_id", flat=True)) == [
        other.pk
    ]


def test_ending_support_needs_a_reason_and_closes_allocations(coordinator: Any, allocated: Any) -> None:
    client = client_for(coordinator)
    url = reverse("support:status", args=[allocated.pk])
    response = client.post(url, {"status": "ended"})
    assert "Select why peer support ended" in response.content.decode()
    client.post(url, {"status": "ended", "end_reason": "goals_met"})
    allocated.refresh_from_db()
    assert (allocated.status, allocated.end_reason) == (Status.ENDED, "goals_met")
    assert not allocated.allocations.filter(ended_on__isnull=True).exists()


def test_a_deferral_needs_a_reason_and_a_review_date_and_shows_on_the_dashboard(
    clinician: Any, coordinator: Any, referral: Any
) -> None:
    url = reverse("support:status", args=[referral.pk])
    response = client_for(clinician).post(url, {"status": "deferred"})
    body = response.content.decode()
    assert "Enter why the clinical team" in body and "Enter the date the clinical team" in body
    review = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    client_for(clinician).post(
        url, {"status": "deferred", "note": "Too unwell this week", "review_on": review}
    )
    referral.refresh_from_db()
    assert referral.status == Status.DEFERRED
    dashboard = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Too unwell this week" in dashboard


def test_a_peer_worker_cannot_defer_support(peer_worker: Any, allocated: Any) -> None:
    review = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    client_for(peer_worker).post(
        reverse("support:status", args=[allocated.pk]),
        {"status": "deferred", "note": "x", "review_on": review},
    )
    allocated.refresh_from_db()
    assert allocated.status == Status.ALLOCATED


def test_the_dashboard_shows_caseloads_and_waiting_referrals(
    coordinator: Any, allocated: Any, clinician: Any
) -> None:
    refer(clinician, given_name="Waiting")
    body = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "Peer" in body  # the peer worker's name in the caseload table
    assert "Waiting Khan" in body


def test_a_change_can_be_recorded_after_the_fact(coordinator: Any, allocated: Any) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    PeerSupport.objects.filter(pk=allocated.pk).update(referred_on=yesterday, status_changed_on=yesterday)
    client_for(coordinator).post(
        reverse("support:status", args=[allocated.pk]),
        {"status": "ended", "end_reason": "moved", "effective_on": yesterday.isoformat()},
    )
    allocated.refresh_from_db()
    assert (allocated.status, allocated.status_changed_on) == (Status.ENDED, yesterday)
    assert allocated.allocations.get().ended_on == yesterday


def test_withdrawn_consent_is_recorded_and_open_support_becomes_declined(
    clinician: Any, allocated: Any
) -> None:
    client_for(clinician).post(
        reverse("support:withdraw_consent", args=[allocated.person_id]),
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    consent = Consent.objects.get(person=allocated.person)
    assert consent.withdrawn_on == timezone.localdate()
    allocated.refresh_from_db()
    assert allocated.status == Status.DECLINED
    assert not allocated.allocations.filter(ended_on__isnull=True).exists()


def test_the_contact_form_remembers_how_she_last_met_this_person(peer_worker: Any, allocated: Any) -> None:
    client = client_for(peer_worker)
    url = reverse("support:contact", args=[allocated.pk])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    client.post(
        url,
        {
            "successful": "yes",
            "contact_with": "mother",
            "mode": "video",
            "occurred_at": now,
            "duration_minutes": "20",
        },
    )
    body = client.get(url).content.decode()
    assert 'value="video" checked' in body
