"""The continuity metric, at its edges: which contacts count, when support has lapsed, and where."""

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from alongside.support.models import PeerSupport
from alongside.transitions import metrics, services
from alongside.transitions.models import Transition, TransitionSettings
from alongside.transitions.tests.conftest import contact, days_ago, move
from conftest import client_for, make_member, refer

pytestmark = pytest.mark.django_db


def measure(service: Any, **kwargs: Any) -> metrics.Continuity:
    today = timezone.localdate()
    return metrics.continuity(service, start=today - dt.timedelta(days=365), end=today, today=today, **kwargs)


def outcome_of(service: Any, transition: Transition) -> str:
    rows = [r for r in measure(service).rows if r.transition.pk == transition.pk]
    assert len(rows) == 1
    return rows[0].outcome


@pytest.fixture
def discharged(allocated: Any, clinician: Any) -> Transition:
    """Discharged to her GP 60 days ago; her peer support at `service` may carry on."""
    return move(clinician, allocated.person, kind="discharge", destination="gp", occurred_on=days_ago(60))


@pytest.mark.parametrize(
    ("contact_days_after", "successful", "expected"),
    [
        (28, True, "continued"),  # the last day of the window counts
        (1, True, "continued"),
        (29, True, "lapsed"),  # a day late
        (0, True, "lapsed"),  # on the day itself: perhaps the goodbye
        (-3, True, "lapsed"),  # before the event
        (5, False, "lapsed"),  # an attempt that did not reach her
    ],
)
def test_which_contacts_count(
    discharged: Transition,
    allocated: PeerSupport,
    peer_worker: Any,
    contact_days_after: int,
    successful: bool,
    expected: str,
) -> None:
    contact(
        allocated,
        peer_worker,
        discharged.occurred_on + dt.timedelta(days=contact_days_after),
        successful=successful,
    )
    assert outcome_of(discharged.from_service, discharged) == expected


def test_within_the_window_and_no_contact_yet_she_is_waiting_and_not_in_the_share(
    allocated: Any, clinician: Any
) -> None:
    recent = move(clinician, allocated.person, kind="discharge", destination="gp", occurred_on=days_ago(10))
    result = measure(recent.from_service)
    assert [r.outcome for r in result.rows] == ["waiting"]
    assert result.share is None and result.percent is None


def test_going_to_a_service_on_alongside_only_a_contact_there_counts(
    allocated: Any, clinician: Any, peer_worker: Any, other_service: Any, coordinator_other: Any
) -> None:
    moved = move(clinician, allocated.person, to_service=other_service, occurred_on=days_ago(40))
    contact(allocated, peer_worker, days_ago(35))  # her old service kept in touch: not continuity there
    assert outcome_of(other_service, moved) == "lapsed"
    there = services.transition_accept(
        actor=coordinator_other.user, membership=coordinator_other, transition=moved
    )
    contact(there, coordinator_other, days_ago(30))
    assert outcome_of(other_service, moved) == "continued"


def test_going_somewhere_not_on_alongside_a_contact_with_any_of_our_services_counts(
    allocated: Any, clinician: Any, other_service: Any, coordinator_other: Any
) -> None:
    moved = move(clinician, allocated.person, destination="community_perinatal", occurred_on=days_ago(40))
    elsewhere = PeerSupport.objects.create(
        person=allocated.person,
        service=other_service,
        referred_by=coordinator_other.user,
        referred_on=days_ago(39),
        status="active",
        status_changed_on=days_ago(39),
    )
    contact(elsewhere, coordinator_other, days_ago(38))
    assert outcome_of(clinician.service, moved) == "continued"


def test_the_window_is_the_service_setting(
    discharged: Transition, allocated: PeerSupport, peer_worker: Any
) -> None:
    contact(allocated, peer_worker, discharged.occurred_on + dt.timedelta(days=35))
    assert outcome_of(discharged.from_service, discharged) == "lapsed"
    TransitionSettings.objects.create(service=discharged.from_service, continuity_days=42)
    assert outcome_of(discharged.from_service, discharged) == "continued"
    assert measure(discharged.from_service).days == 42


def test_admissions_do_not_count_and_each_person_counts_once_by_her_latest_event(
    allocated: Any, clinician: Any, peer_worker: Any
) -> None:
    move(clinician, allocated.person, kind="admission", destination="mbu", occurred_on=days_ago(100))
    move(clinician, allocated.person, kind="discharge", destination="gp", occurred_on=days_ago(90))
    latest = move(
        clinician, allocated.person, kind="discharge", destination="general_adult", occurred_on=days_ago(45)
    )
    contact(allocated, peer_worker, days_ago(80))  # after the earlier discharge only
    result = measure(clinician.service)
    assert [(r.transition.pk, r.outcome) for r in result.rows] == [(latest.pk, "lapsed")]


def test_the_share_counts_continued_over_decided_and_by_direction(
    clinician: Any, coordinator: Any, peer_worker: Any, other_service: Any, coordinator_other: Any
) -> None:
    people = [refer(clinician, given_name=f"Mother{i}", nhs_number="") for i in range(4)]
    for ps in people:
        services_allocate = ps  # the relationship her contacts belong to
        move(
            clinician, services_allocate.person, kind="discharge", destination="gp", occurred_on=days_ago(50)
        )
    for ps in people[:3]:
        contact(ps, peer_worker, days_ago(45))
    arriving = refer(coordinator_other, given_name="Arriving", nhs_number="")
    move(coordinator_other, arriving.person, to_service=clinician.service, occurred_on=days_ago(50))
    result = measure(clinician.service)
    assert (result.continued, result.lapsed, result.decided, result.percent) == (3, 2, 5, 60)
    assert measure(clinician.service, direction="from").decided == 4
    assert measure(clinician.service, direction="into").decided == 1
    assert measure(other_service, direction="from").lapsed == 1


def test_the_transitions_page_lists_who_lapsed_and_the_dashboard_shows_the_share(
    discharged: Transition, coordinator: Any, clinician: Any
) -> None:
    page = client_for(coordinator).get(reverse("transitions:list")).content.decode()
    assert "0% kept their peer support" in page and "0 of 1 had a successful contact within 28 days" in page
    lapsed_section = page.split("Peer support lapsed")[1].split("Recent transitions")[0]
    assert "Amira Khan" in lapsed_section
    dashboard = client_for(coordinator).get(reverse("dashboard:coordinator")).content.decode()
    assert "0% kept their peer support after a discharge or transfer" in dashboard


def test_a_person_she_cannot_see_is_named_but_not_linked(
    allocated: Any, clinician: Any, other_service: Any, coordinator_other: Any
) -> None:
    move(clinician, allocated.person, to_service=other_service, occurred_on=days_ago(40))
    page = client_for(coordinator_other).get(reverse("transitions:list")).content.decode()
    assert "Amira Khan" in page
    assert reverse("people:detail", args=[allocated.person_id]) not in page


def test_a_clinician_may_see_the_page_but_a_peer_worker_may_not(
    discharged: Transition, clinician: Any, peer_worker: Any, request: pytest.FixtureRequest
) -> None:
    assert client_for(clinician).get(reverse("transitions:list")).status_code == 200
    assert client_for(peer_worker).get(reverse("transitions:list")).status_code == 403
    settings_url = reverse("transitions:settings")
    assert client_for(clinician).get(settings_url).status_code == 403
    outsider = make_member(clinician.service, "commissioner", "funder")
    assert client_for(outsider).get(reverse("transitions:list")).status_code == 403


def test_the_co_ordinator_sets_the_window_and_bad_input_is_refused(coordinator: Any) -> None:
    client = client_for(coordinator)
    response = client.post(reverse("transitions:settings"), {"continuity_days": "3"})
    assert "Enter between 7 and 92 days" in response.content.decode()
    assert not TransitionSettings.objects.exists()
    client.post(reverse("transitions:settings"), {"continuity_days": "42"})
    assert TransitionSettings.for_service(coordinator.service).continuity_days == 42


@pytest.mark.parametrize(
    ("continued", "lapsed", "national", "expected"),
    [
        (0, 0, False, ("0", "")),
        (3, 9, False, ("10", "*")),  # 3 kept it: a small number, so no share
        (9, 3, False, ("10", "*")),  # 3 lost it: the share would give them away
        (12, 0, False, ("10", "100%")),  # nobody lost it: a true zero discloses nobody
        (9, 12, False, ("20", "45%")),  # 42.9%, to the nearest 5% below national level
        (9, 12, True, ("21", "43%")),
        (2, 0, False, ("*", "*")),
    ],
)
def test_what_leaves_the_service_is_suppressed(
    continued: int, lapsed: int, national: bool, expected: tuple[str, str]
) -> None:
    from alongside.transitions.metrics import Continuity, Outcome, TransitionOutcome, for_aggregates

    rows = [
        TransitionOutcome(Transition(pk=i), outcome, dt.date(2026, 1, 1), None)
        for i, outcome in enumerate(
            [Outcome.CONTINUED] * continued + [Outcome.LAPSED] * lapsed + [Outcome.WAITING]
        )
    ]
    assert for_aggregates(Continuity(days=28, rows=rows), national=national) == expected


def test_the_commissioners_summary_shows_the_suppressed_figures(
    discharged: Transition, commissioner: Any
) -> None:
    page = client_for(commissioner).get(reverse("dashboard:summary")).content.decode()
    assert "Discharged or transferred" in page and "Kept peer support" in page
    assert "Amira" not in page
