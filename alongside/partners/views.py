from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside.accounts import scope
from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm, has_perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.organisations.models import Membership
from alongside.partners import metrics, services
from alongside.partners.forms import FathersForm, RemitForm
from alongside.support import metrics as support_metrics


def _their_peer_workers(request: AuthedRequest) -> dict[int, list[Membership]]:
    """The peer workers each partner hosts in the acting service, by organisation."""
    hosted: dict[int, list[Membership]] = {}
    for m in scope.hosted_peer_workers(request.membership.service):
        hosted.setdefault(m.host_organisation_id or 0, []).append(m)
    return hosted


@requires(Perm.VIEW_PARTNERS)
def partner_list(request: AuthedRequest) -> HttpResponse:
    partners = (
        scope.partners_for_user(request.membership)
        .select_related("partner_remit")
        .prefetch_related("partner_remit__conditions", "partner_remit__communities", "partner_remit__modes")
    )
    context = {
        "title": "Partner organisations",
        "partners": partners,
        "hosted": _their_peer_workers(request),
        "can_manage": has_perm(request.membership.role, Perm.MANAGE_PARTNERS),
    }
    return render(request, "partners/list.jinja", context)


@requires(Perm.VIEW_PARTNERS)
def remit(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = scope.get_partner_for_user(request.membership, pk)
    context = {
        "title": partner.name,
        "partner": partner,
        "remit": getattr(partner, "partner_remit", None),
        "peer_workers": _their_peer_workers(request).get(partner.pk, []),
        "can_manage": has_perm(request.membership.role, Perm.MANAGE_PARTNERS),
    }
    return render(request, "partners/remit.jinja", context)


@requires(Perm.MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def remit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    partner = scope.get_partner_for_user(request.membership, pk)
    current = getattr(partner, "partner_remit", None)
    form = RemitForm(posted(request), initial=RemitForm.initial_for(partner, current))
    if done := saved(
        request,
        form,
        lambda data: services.remit_save(**acting(request), organisation=partner, **data),
        message=f"The remit of {partner.name} has been saved",
        then=reverse("partners:remit", kwargs={"pk": partner.pk}),
    ):
        return done
    context = {"title": f"Remit of {partner.name}", "form": form, "partner": partner}
    return render(request, "partners/remit_edit.jinja", context)


@requires(Perm.MANAGE_PARTNERS)
@require_http_methods(["GET", "POST"])
def fathers(request: AuthedRequest) -> HttpResponse:
    """Support for fathers and partners: who is waiting, who supports them, what the service wants."""
    service = request.membership.service
    wants = "yes" if service.wants_male_peer_worker_for_fathers else "no"
    form = FathersForm(posted(request), initial={"wants_male_peer_worker_for_fathers": wants})
    if done := saved(
        request,
        form,
        lambda data: services.fathers_setting_save(
            **acting(request), wants_male=data["wants_male_peer_worker_for_fathers"]
        ),
        message="Saved",
        then=reverse("partners:fathers"),
    ):
        return done
    context = {
        "title": "Support for fathers and partners",
        "form": form,
        "waiting": support_metrics.fathers_and_partners_waiting(service).count(),
        "support": metrics.fathers_support(service, scope.partners_for_user(request.membership)),
    }
    return render(request, "partners/fathers.jinja", context)
