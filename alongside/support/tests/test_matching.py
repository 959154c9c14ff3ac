"""Suggestions when allocating: ranked by fit, each with its reasons; the co-ordinator decides."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alongside.accounts import scope
from alongside.accounts.scope import partners_for_user
from alongside.organisations.models import Employment, Membership, Organisation, Partnership, Role, Service
from alongside.partners.models import Remit
from alongside.people.models import NeedOrBarrier
from alongside.support import matching, services
from alongside.support.models import Allocation
from alongside.vocabularies.models import COMMUNITIES, CONDITIONS, MODES, term_id
from alongside.workforce.models import Profile, SupportForm
from conftest import client_for, make_member, refer


def profile(member: Membership, **fields: Any) -> Profile:
    """Her profile, with what she is matched on: m2m fields by vocabulary code or support-form slug."""
    conditions = fields.pop("conditions", [])
    communities = fields.pop("communities", [])
    forms = fields.pop("forms", [])
    made = Profile.objects.create(membership=member, **fields)
    made.conditions.set([term_id(CONDITIONS, c) for c in conditions])
    made.communities.set([term_id(COMMUNITIES, c) for c in communities])
    made.forms_of_support.set(SupportForm.objects.filter(slug__in=forms, service=None))
    return made


def suggest(coordinator: Membership, peer_support: Any) -> matching.Suggestions:
    return matching.suggest(
        peer_support,
        candidates=scope.peer_workers_for_user(coordinator),
        partners=partners_for_user(coordinator),
    )


def names(suggestions: list[matching.Suggestion]) -> list[str]:
    return [s.label.split(",")[0] for s in suggestions]


def fill(coordinator: Membership, worker: Membership, n: int, clinician: Membership) -> None:
    for i in range(n):
        services.allocation_create(
            actor=coordinator.user,
            membership=coordinator,
            peer_support=refer(clinician, given_name=f"Other{worker.pk}x{i}"),
            peer_workers=[worker.user],
        )


@pytest.fixture
def urdu_speaker(service: Service) -> Membership:
    member = make_member(service, Role.PEER_WORKER, "urdu")
    profile(member, languages="Urdu, Punjabi")
    return member


def test_a_mother_who_speaks_urdu_gets_the_urdu_speaking_peer_worker_first(
    coordinator: Membership, clinician: Membership, peer_worker: Membership, urdu_speaker: Membership
) -> None:
    profile(peer_worker, languages="Polish")
    her = refer(clinician, preferred_language="Urdu", needs_interpreter=True)
    found = suggest(coordinator, her)
    assert names(found.workers)[0] == "Urdu"
    assert "Speaks Urdu" in found.workers[0].reasons_for
    assert "Does not speak Urdu" in found.workers[1].reasons_against
    body = client_for(coordinator).get(reverse("support:allocate", args=[her.pk])).content.decode()
    assert body.index("Urdu, 0 people") < body.index("Peer, 0 people")
    assert "Why: Speaks Urdu" in body


def test_a_peer_worker_whose_caseload_is_full_is_ranked_lower_and_says_why(
    coordinator: Membership, clinician: Membership, peer_worker: Membership, urdu_speaker: Membership
) -> None:
    profile(peer_worker, languages="Urdu", max_caseload=1)
    Profile.objects.filter(membership=urdu_speaker).update(max_caseload=4)
    fill(coordinator, peer_worker, 1, clinician)
    fill(coordinator, urdu_speaker, 1, clinician)
    found = suggest(coordinator, refer(clinician, preferred_language="Urdu"))
    assert names(found.workers) == ["Urdu", "Coordinator", "Peer"]  # she has no profile: 0 points
    assert "Has room: 1 of 4" in found.workers[0].reasons_for
    assert "Caseload full: 1 of 1" in found.workers[-1].reasons_against
    assert found.workers[-1].score == matching.WEIGHTS["language"] + matching.WEIGHTS["full"]


def test_a_father_is_matched_with_a_peer_worker_who_supports_fathers(
    coordinator: Membership, clinician: Membership, peer_worker: Membership, service: Service
) -> None:
    dads = make_member(service, Role.PEER_WORKER, "dads")
    profile(dads, supports_fathers=True)
    profile(peer_worker)
    father = refer(clinician, given_name="Tom", family_role="father", baby_date_of_birth=None)
    found = suggest(coordinator, father)
    assert names(found.workers)[0] == "Dads"
    assert "Supports fathers and partners" in found.workers[0].reasons_for
    assert "Does not support fathers and partners" in found.workers[1].reasons_against


def test_when_the_service_wants_a_male_peer_worker_for_fathers_a_man_is_suggested_first(
    coordinator: Membership, clinician: Membership, service: Service
) -> None:
    woman = make_member(service, Role.PEER_WORKER, "anna")
    man = make_member(service, Role.PEER_WORKER, "zak", male=True)
    profile(woman, supports_fathers=True)
    profile(man, supports_fathers=True)
    father = refer(clinician, given_name="Tom", family_role="father", baby_date_of_birth=None)
    assert names(suggest(coordinator, father).workers)[:2] == ["Anna", "Zak"]  # a tie: by name
    Service.objects.filter(pk=service.pk).update(wants_male_peer_worker_for_fathers=True)
    father.service.refresh_from_db()
    found = suggest(coordinator, father)
    assert names(found.workers)[:2] == ["Zak", "Anna"]
    assert "A man, as the service wants for fathers and partners" in found.workers[0].reasons_for
    assert "The service wants a male peer worker for fathers and partners" in found.workers[1].reasons_against


def test_her_area_experience_community_and_needs_each_give_a_reason(
    coordinator: Membership, clinician: Membership, peer_worker: Membership
) -> None:
    profile(
        peer_worker,
        areas="b12, B13",
        conditions=["perinatal-ocd"],
        communities=["lgbt"],
        forms=["home_visits", "crafts"],
    )
    her = refer(clinician, postcode="B12 9QP")
    her.person.needs.set(NeedOrBarrier.objects.filter(slug__in=["location-travel", "lgbt-family"]))
    her.person.conditions.set([term_id(CONDITIONS, "perinatal-ocd")])
    reasons = suggest(coordinator, her).workers[0].reasons_for
    assert reasons == [
        "Her own experience: Perinatal OCD",
        "Especially supports: LGBT+ families",
        "Covers B12",
        "Offers home visits",
    ]
    elsewhere = suggest(coordinator, refer(clinician, given_name="Bea", postcode="LS1 4AP"))
    hers = next(s for s in elsewhere.workers if s.membership == peer_worker)
    assert "Does not cover LS1" in hers.reasons_against


def test_partners_are_ranked_by_their_remit_with_reasons(
    coordinator: Membership, clinician: Membership, service: Service, charity: Organisation
) -> None:
    app = Organisation.objects.create(
        name="Action on Postpartum Psychosis", kind=Organisation.Kind.THIRD_SECTOR
    )
    for organisation in (charity, app):
        Partnership.objects.create(
            service=service, organisation=organisation, started_on=timezone.localdate()
        )
    remit = Remit.objects.create(organisation=charity, languages="Urdu, Punjabi", areas="B8, B9")
    remit.communities.set([term_id(COMMUNITIES, "bame")])
    remit.modes.set([term_id(MODES, "cafe-group")])
    Remit.objects.create(organisation=app).conditions.set([term_id(CONDITIONS, "postpartum-psychosis")])
    make_member(service, Role.PEER_WORKER, "nadia", host_organisation=charity, employment=Employment.HOSTED)
    her = refer(clinician, preferred_language="Urdu", postcode="B8 1AA", ethnic_category_id="J")
    her.person.preferred_modes.set([term_id(MODES, "cafe-group")])
    partners = suggest(coordinator, her).partners
    assert [p.label for p in partners] == ["Approachable Parenting", "Action on Postpartum Psychosis"]
    assert partners[0].reasons_for == [
        "Remit: Black, Asian and minority ethnic families",
        "Offers support in Urdu",
        "Covers B8",
        "Offers: Café group",
    ]
    assert [str(m.user) for m in partners[0].peer_workers] == ["Nadia"]
    assert "None of its peer workers works in this service" in partners[1].reasons_against
    body = client_for(coordinator).get(reverse("support:allocate", args=[her.pk])).content.decode()
    assert "Offers support in Urdu" in body and "Nadia, 0 people (Approachable Parenting)" in body


def test_an_ended_partnership_is_not_suggested(
    coordinator: Membership, clinician: Membership, service: Service, charity: Organisation
) -> None:
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Partnership.objects.create(
        service=service, organisation=charity, started_on=yesterday, ended_on=yesterday
    )
    assert suggest(coordinator, refer(clinician)).partners == []


def test_suggestions_never_allocate_anyone_and_tick_no_box(
    coordinator: Membership, clinician: Membership, peer_worker: Membership, urdu_speaker: Membership
) -> None:
    her = refer(clinician, preferred_language="Urdu")
    client = client_for(coordinator)
    body = client.get(reverse("support:allocate", args=[her.pk])).content.decode()
    assert not Allocation.objects.exists()
    assert not re.search(r'<input[^>]*name="peer_workers"[^>]*checked', body)
    response = client.post(reverse("support:allocate", args=[her.pk]), {})
    assert "Choose at least one peer worker" in response.content.decode()
    assert not Allocation.objects.exists()
    her.refresh_from_db()
    assert her.status == "referred"


def test_someone_already_allocated_is_listed_last_and_the_page_says_who_supports_her_now(
    coordinator: Membership, allocated: Any, peer_worker: Membership, partner_peer_worker: Membership
) -> None:
    found = suggest(coordinator, allocated)
    assert found.workers[-1].membership == peer_worker and found.workers[-1].already
    body = client_for(coordinator).get(reverse("support:allocate", args=[allocated.pk])).content.decode()
    assert "Allocated now: Peer, 1 people (NHS team)" in body


def count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def grow(service: Service, charity: Organisation, n: int) -> None:
    """n more peer workers (half hosted by the charity) with profiles, and a partner with a remit."""
    for i in range(n):
        extra = {"host_organisation": charity, "employment": Employment.HOSTED} if i % 2 else {}
        member = make_member(service, Role.PEER_WORKER, f"grow{n}x{i}", **extra)
        profile(member, languages="Urdu", areas="B12", conditions=["baby-loss"], forms=["home_visits"])
    organisation = Organisation.objects.create(name=f"Partner {n}", kind=Organisation.Kind.THIRD_SECTOR)
    Partnership.objects.create(service=service, organisation=organisation, started_on=timezone.localdate())
    remit = Remit.objects.create(organisation=organisation, languages="Urdu")
    remit.conditions.set([term_id(CONDITIONS, "baby-loss")])
    remit.modes.set([term_id(MODES, "phone")])


def test_the_allocation_page_runs_the_same_queries_for_few_peer_workers_and_partners_and_many(
    coordinator: Membership, clinician: Membership, service: Service, charity: Organisation
) -> None:
    Partnership.objects.create(service=service, organisation=charity, started_on=timezone.localdate())
    her = refer(clinician, preferred_language="Urdu", postcode="B12 9QP")
    her.person.conditions.set([term_id(CONDITIONS, "baby-loss")])
    client = client_for(coordinator)
    grow(service, charity, 2)
    few = count(client, reverse("support:allocate", args=[her.pk]))
    grow(service, charity, 12)
    many = count(client, reverse("support:allocate", args=[her.pk]))
    assert few == many, f"{few} queries with few, {many} with many"


def test_what_she_would_like_to_be_matched_on_is_recorded_at_referral_and_can_be_edited(
    clinician: Membership, coordinator: Membership
) -> None:
    from alongside.people.models import Person
    from alongside.support.tests.test_core_loop import referral_post

    ocd, lgbt, cafe = (
        term_id(CONDITIONS, "perinatal-ocd"),
        term_id(COMMUNITIES, "lgbt"),
        term_id(MODES, "cafe-group"),
    )
    response = client_for(clinician).post(
        reverse("support:refer"),
        referral_post(conditions=[str(ocd)], communities=[str(lgbt)], preferred_modes=[str(cafe)]),
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert [t.pk for t in person.conditions.all()] == [ocd]
    assert [t.pk for t in person.communities.all()] == [lgbt]
    assert [t.pk for t in person.preferred_modes.all()] == [cafe]
    page = client_for(coordinator).get(reverse("people:detail", args=[person.pk])).content.decode()
    assert "Perinatal OCD" in page and "LGBT+ families" in page and "Café group" in page
    # A mode offered where a condition belongs is refused.
    wrong = referral_post(given_name="Wrong", nhs_number="", conditions=[str(cafe)])
    assert (
        "Select a valid choice"
        in client_for(clinician).post(reverse("support:refer"), wrong).content.decode()
    )
    assert Person.objects.count() == 1
