from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit import services as audit
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.recruitment import access, metrics, services
from alongside.recruitment.forms import CandidateForm, PanelForm, StepForm, VacancyEditForm, VacancyForm
from alongside.recruitment.models import Vacancy

VACANCY_FIELDS = ("title", "post", "employment", "hours_per_week", "band", "closes_on")


@requires(Perm.MANAGE_RECRUITMENT)
def vacancies(request: AuthedRequest) -> HttpResponse:
    found = list(metrics.with_co_production(access.vacancies_for_user(request.membership)))
    context = {"title": "Recruitment", "vacancies": found, "today": timezone.localdate()}
    return render(request, "recruitment/list.jinja", context)


@requires(Perm.MANAGE_RECRUITMENT)
@require_http_methods(["GET", "POST"])
def vacancy_new(request: AuthedRequest) -> HttpResponse:
    form = VacancyForm(posted(request), initial={"post": Vacancy.Post.PEER_WORKER, "employment": "nhs"})
    if done := saved(
        request,
        form,
        lambda data: services.vacancy_create(**acting(request), **data),
        message="Vacancy added. Now choose the selection panel.",
        then=lambda vacancy: reverse("recruitment:vacancy", args=[vacancy.pk]),
    ):
        return done
    return render(request, "recruitment/vacancy_form.jinja", {"title": "Add a vacancy", "form": form})


@requires(Perm.MANAGE_RECRUITMENT)
def vacancy(request: AuthedRequest, pk: int) -> HttpResponse:
    """The vacancy, its panel and its candidates with their steps. Reading it is audited."""
    found = access.get_vacancy_for_user(request.membership, pk)
    panel = found.panel.select_related("user")
    candidates = access.candidates_of(found)
    audit.record_for_request(request, "view", found, summary="Read a vacancy and its candidates")
    context = {
        "title": found.title,
        "vacancy": found,
        "panel": panel,
        "co_produced": metrics.is_co_produced(m.role for m in panel),
        "candidates": candidates,
        "latest_step": metrics.latest_step,
    }
    return render(request, "recruitment/vacancy.jinja", context)


@requires(Perm.MANAGE_RECRUITMENT)
@require_http_methods(["GET", "POST"])
def vacancy_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_vacancy_for_user(request.membership, pk)
    initial = {name: getattr(found, name) for name in (*VACANCY_FIELDS, "status")}
    form = VacancyEditForm(posted(request), initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.vacancy_update(**acting(request), vacancy=found, **data),
        message="Vacancy saved",
        then=reverse("recruitment:vacancy", args=[found.pk]),
    ):
        return done
    context = {"title": f"Change {found.title}", "form": form, "vacancy": found}
    return render(request, "recruitment/vacancy_form.jinja", context)


@requires(Perm.MANAGE_RECRUITMENT)
@require_http_methods(["GET", "POST"])
def panel_add(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_vacancy_for_user(request.membership, pk)
    form = PanelForm(posted(request), people=access.panel_candidates(found))
    if done := saved(
        request,
        form,
        lambda data: services.panel_member_add(**acting(request), vacancy=found, **data),
        message=lambda member: f"{member.user} added to the panel",
        then=reverse("recruitment:vacancy", args=[found.pk]),
    ):
        return done
    context = {"title": f"Add to the panel: {found.title}", "form": form, "vacancy": found}
    return render(request, "recruitment/panel_add.jinja", context)


@requires(Perm.MANAGE_RECRUITMENT)
@require_POST
def panel_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    member = access.get_panel_member_for_user(request.membership, pk)
    services.panel_member_remove(actor=request.user, membership=request.membership, member=member)
    messages.success(request, f"{member.user} is no longer on the panel")
    return redirect("recruitment:vacancy", member.vacancy_id)


@requires(Perm.MANAGE_RECRUITMENT)
@require_http_methods(["GET", "POST"])
def candidate_new(request: AuthedRequest, pk: int) -> HttpResponse:
    found = access.get_vacancy_for_user(request.membership, pk)
    form = CandidateForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.candidate_add(**acting(request), vacancy=found, **data),
        message=lambda candidate: f"{candidate.name} added, with her application received today",
        then=lambda candidate: reverse("recruitment:candidate", args=[candidate.pk]),
    ):
        return done
    context = {"title": f"Add a candidate: {found.title}", "form": form, "vacancy": found}
    return render(request, "recruitment/candidate_new.jinja", context)


@requires(Perm.MANAGE_RECRUITMENT)
@require_http_methods(["GET", "POST"])
def candidate(request: AuthedRequest, pk: int) -> HttpResponse:
    """A candidate, her steps so far, and the form for the next. Reading it is audited."""
    found = access.get_candidate_for_user(request.membership, pk)
    form = StepForm(posted(request), initial={"on": timezone.localdate()})
    if done := saved(
        request,
        form,
        lambda data: services.step_record(**acting(request), candidate=found, **data),
        message=lambda step: f"{step} recorded for {found.name}",
        then=reverse("recruitment:candidate", args=[found.pk]),
    ):
        return done
    audit.record_for_request(request, "view", found, summary="Read a candidate's record")
    context = {
        "title": found.name,
        "candidate": found,
        "steps": found.steps.select_related("recorded_by"),
        "form": form,
    }
    return render(request, "recruitment/candidate.jinja", context)
