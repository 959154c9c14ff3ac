"""Recruitment (recommendation 12): panels from the service, co-production shown, steps kept."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from alongside.audit.models import AuditLog
from alongside.recruitment import access, metrics, services
from alongside.recruitment.models import Candidate, CandidateStep, PanelMember, Vacancy
from alongside.recruitment.tests.conftest import vacancy_post
from conftest import client_for

Kind, Outcome = CandidateStep.Kind, CandidateStep.Outcome


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def add(by: Any, vacancy: Vacancy, who: Any) -> PanelMember:
    return services.panel_member_add(actor=by.user, membership=by, vacancy=vacancy, user=who.user)


def candidate(by: Any, vacancy: Vacancy, name: str = "Jo Bright") -> Candidate:
    return services.candidate_add(
        actor=by.user, membership=by, vacancy=vacancy, name=name, email="jo@x.example"
    )


def step(by: Any, c: Candidate, kind: str, outcome: str, on: dt.date | None = None) -> CandidateStep:
    return services.step_record(
        actor=by.user, membership=by, candidate=c, kind=kind, outcome=outcome, on=on or days(0)
    )


@pytest.mark.parametrize("who", ["coordinator", "manager"])
def test_coordinators_and_service_managers_add_vacancies(who: str, request: pytest.FixtureRequest) -> None:
    member = request.getfixturevalue(who)
    response = client_for(member).post(reverse("recruitment:vacancy_new"), vacancy_post(title="Co-ordinator"))
    assert response.status_code == 302
    found = Vacancy.objects.get()
    assert (found.title, found.service, found.status) == ("Co-ordinator", member.service, Vacancy.Status.OPEN)
    assert "Co-ordinator" in client_for(member).get(reverse("recruitment:list")).content.decode()


@pytest.mark.parametrize(
    "who",
    ["peer_worker", "clinician", "admin_member", "commissioner", "national_reviewer", "coordinator_other"],
)
def test_no_one_else_reaches_the_services_recruitment(
    who: str, request: pytest.FixtureRequest, vacancy: Vacancy
) -> None:
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("recruitment:vacancy", args=[vacancy.pk])).status_code in (403, 404)
    assert "Perinatal peer support worker" not in client.get(reverse("recruitment:list")).content.decode()


def test_a_panel_member_from_outside_the_service_is_refused_with_a_clear_message(
    coordinator: Any, peer_worker_other: Any, vacancy: Vacancy
) -> None:
    with pytest.raises(
        ValidationError, match="Otherpeer does not work in Birmingham Community Perinatal Team"
    ):
        add(coordinator, vacancy, peer_worker_other)
    response = client_for(coordinator).post(
        reverse("recruitment:panel_add", args=[vacancy.pk]), {"user": peer_worker_other.user.pk}
    )
    body = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in body
    assert "Choose someone from the list: the panel is drawn from" in body
    assert not PanelMember.objects.exists()


def test_commissioners_and_national_reviewers_are_not_panel_members(
    coordinator: Any, commissioner: Any, national_reviewer: Any, vacancy: Vacancy
) -> None:
    for outsider in (commissioner, national_reviewer):
        with pytest.raises(ValidationError, match="does not work in"):
            add(coordinator, vacancy, outsider)


def test_a_peer_worker_hosted_by_a_partner_organisation_may_sit_on_the_panel(
    coordinator: Any, hosted_elsewhere: Any, vacancy: Vacancy, request: pytest.FixtureRequest
) -> None:
    with pytest.raises(ValidationError):
        add(coordinator, vacancy, hosted_elsewhere)  # her charity is not the service's partner yet
    request.getfixturevalue("partnership")
    assert hosted_elsewhere.user in access.panel_candidates(vacancy)
    member = add(coordinator, vacancy, hosted_elsewhere)
    assert member.role == "peer_worker"


def test_someone_on_the_panel_once_is_not_added_twice(
    coordinator: Any, peer_worker: Any, vacancy: Vacancy
) -> None:
    add(coordinator, vacancy, peer_worker)
    with pytest.raises(ValidationError, match="already on the panel"):
        add(coordinator, vacancy, peer_worker)


def test_a_panel_with_neither_a_coordinator_nor_a_peer_worker_is_flagged_not_co_produced(
    coordinator: Any, manager: Any, clinician: Any, peer_worker: Any, vacancy: Vacancy
) -> None:
    client = client_for(manager)
    page = reverse("recruitment:vacancy", args=[vacancy.pk])
    add(manager, vacancy, manager)
    add(manager, vacancy, clinician)
    assert "Not co-produced" in client.get(page).content.decode()
    listing = client.get(reverse("recruitment:list")).content.decode()
    assert "Not co-produced" in listing and "Perinatal peer support worker." in listing
    add(manager, vacancy, peer_worker)
    assert "Not co-produced" not in client.get(page).content.decode()
    assert "Not co-produced" not in client.get(reverse("recruitment:list")).content.decode()


def test_a_coordinator_alone_makes_a_panel_co_produced(coordinator: Any, vacancy: Vacancy) -> None:
    add(coordinator, vacancy, coordinator)
    assert metrics.with_co_production(Vacancy.objects.all()).get().co_produced


def test_the_co_production_rule_is_the_same_in_python_and_in_the_database(
    coordinator: Any, manager: Any, clinician: Any, vacancy: Vacancy
) -> None:
    for member in (None, manager, clinician, coordinator):
        if member is not None:
            add(coordinator, vacancy, member)
        annotated = metrics.with_co_production(Vacancy.objects.all()).get().co_produced
        assert annotated == metrics.is_co_produced(vacancy.panel.values_list("role", flat=True))


def test_removing_a_panel_member(coordinator: Any, peer_worker: Any, vacancy: Vacancy) -> None:
    member = add(coordinator, vacancy, peer_worker)
    response = client_for(coordinator).post(reverse("recruitment:panel_remove", args=[member.pk]))
    assert response.status_code == 302 and not PanelMember.objects.exists()


def test_a_candidate_goes_from_application_to_offer_without_a_presentation(
    coordinator: Any, vacancy: Vacancy
) -> None:
    c = candidate(coordinator, vacancy)
    assert [(s.kind, s.outcome) for s in c.steps.all()] == [(Kind.APPLICATION, Outcome.RECEIVED)]
    step(coordinator, c, Kind.APPLICATION, Outcome.SHORTLISTED)
    step(coordinator, c, Kind.VISIT, Outcome.PLANNED, days(3))
    step(coordinator, c, Kind.INTERVIEW, Outcome.SUCCESSFUL)
    step(coordinator, c, Kind.OFFER, Outcome.MADE)
    assert metrics.latest_step(c.steps.all()).kind == Kind.VISIT  # the planned visit is latest by date
    assert not c.steps.filter(kind=Kind.PRESENTATION).exists()


def test_the_presentation_is_optional_and_she_may_choose_not_to_give_one(
    coordinator: Any, vacancy: Vacancy
) -> None:
    c = candidate(coordinator, vacancy)
    step(coordinator, c, Kind.PRESENTATION, Outcome.CHOSE_NOT_TO)
    step(coordinator, c, Kind.INTERVIEW, Outcome.SUCCESSFUL)
    step(coordinator, c, Kind.OFFER, Outcome.ACCEPTED)
    page = client_for(coordinator).get(reverse("recruitment:candidate", args=[c.pk])).content.decode()
    assert "She chose not to give one" in page and "optional" in page


def test_an_offer_needs_a_successful_interview_first(coordinator: Any, vacancy: Vacancy) -> None:
    c = candidate(coordinator, vacancy)
    step(coordinator, c, Kind.INTERVIEW, Outcome.NOT_SUCCESSFUL)
    with pytest.raises(ValidationError, match="Record a successful interview before an offer"):
        step(coordinator, c, Kind.OFFER, Outcome.MADE)


def test_viewing_a_candidate_or_a_vacancy_with_candidates_is_audited(
    coordinator: Any, vacancy: Vacancy
) -> None:
    c = candidate(coordinator, vacancy)
    client = client_for(coordinator)
    client.get(reverse("recruitment:candidate", args=[c.pk]))
    client.get(reverse("recruitment:vacancy", args=[vacancy.pk]))
    views = AuditLog.objects.filter(action="view", actor=coordinator.user)
    assert set(views.values_list("model", "object_id")) == {
        ("recruitment.Candidate", str(c.pk)),
        ("recruitment.Vacancy", str(vacancy.pk)),
    }


def test_the_candidate_form_asks_for_her_name_and_contact_only(coordinator: Any, vacancy: Vacancy) -> None:
    from alongside.recruitment.forms import CandidateForm

    assert set(CandidateForm.base_fields) == {"name", "email", "phone"}
    response = client_for(coordinator).post(
        reverse("recruitment:candidate_new", args=[vacancy.pk]),
        {"name": "Jo Bright", "phone": "07700 900111", "discharged_on": days(-30).isoformat()},
    )
    assert response.status_code == 302
    assert list(Candidate.objects.values_list("name", "email", "phone")) == [
        ("Jo Bright", "", "07700 900111")
    ]
