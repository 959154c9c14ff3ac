from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.equity import access, metrics, services
from alongside.equity.forms import PeriodForm, PopulationForm, default_period
from alongside.equity.models import Dimension
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.lib.replica import reading_from_replica


@requires(Perm.VIEW_EQUITY)
@reading_from_replica()
def report(request: AuthedRequest) -> HttpResponse:
    """Who is referred, supported and reached, by group, against the local population: suppressed."""
    service = access.get_service_for_equity(request.membership, request.GET.get("service"))
    start, end = default_period(timezone.localdate())
    data = request.GET if {"start", "end"} & request.GET.keys() else None
    form = PeriodForm(
        data,
        services=access.services_for_equity(request.membership),
        initial={"service": service.pk, "start": start, "end": end},
    )
    if data is not None and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    context = {
        "title": f"Equity: {service.name}",
        "form": form,
        "service": service,
        "report": metrics.equity_report(service, start, end) if data is None or form.is_valid() else None,
        "measures": metrics.MEASURES,
        "suppress_max": settings.ALONGSIDE["SUPPRESS_MAX"],
        "round_to": settings.ALONGSIDE["ROUND_TO"],
        "can_edit": has_perm(request.membership.role, Perm.EDIT_POPULATION)
        and service.pk == request.membership.service_id,
    }
    return render(request, "equity/report.jinja", context)


@requires(Perm.EDIT_POPULATION)
def population(request: AuthedRequest) -> HttpResponse:
    shares = access.population_shares(request.membership.service)
    by_dimension = {d: [s for s in shares if s.dimension == d] for d in Dimension.values}
    context = {"title": "Local population", "by_dimension": by_dimension, "dimensions": Dimension}
    return render(request, "equity/population.jinja", context)


@requires(Perm.EDIT_POPULATION)
@require_http_methods(["GET", "POST"])
def population_edit(request: AuthedRequest) -> HttpResponse:
    dimension = request.GET.get("dimension", Dimension.ETHNIC_CATEGORY)
    if dimension not in Dimension.values:
        raise Http404("No such dimension")
    current = list(access.population_shares(request.membership.service, dimension))
    form = PopulationForm(
        posted(request), dimension=dimension, initial=PopulationForm.initial_for(dimension, current)
    )
    # Clearing every share saves an empty list: still saved (saved() takes only None as not saved).
    if done := saved(
        request,
        form,
        lambda data: services.population_shares_save(
            **acting(request), dimension=dimension, shares=data["shares"], source=data["source"]
        ),
        message=f"Local population by {Dimension(dimension).label.lower()} saved",
        then=reverse("equity:population"),
    ):
        return done
    label = Dimension(dimension).label.lower()
    context = {"title": f"Local population by {label}", "form": form, "dimension": dimension}
    return render(request, "equity/population_edit.jinja", context)
