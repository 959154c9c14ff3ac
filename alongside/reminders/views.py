import datetime as dt

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from alongside.accounts.types import AuthedRequest, acting
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.organisations.models import Membership
from alongside.reminders import services
from alongside.reminders.forms import ChoicesForm
from alongside.reminders.models import kinds_for
from alongside.support.metrics import referral_wait_days


@require_http_methods(["GET", "POST"])
def preferences(request: AuthedRequest) -> HttpResponse:
    """Her own email reminders: which, and how often. Hers alone: no one chooses for anyone else.
    (Commissioners and national reviewers, who have none, are refused by AggregateOnlyMiddleware.)"""
    if request.membership is None:
        return redirect("home")
    kinds = kinds_for(Membership.active_for(request.user))
    form = ChoicesForm(
        posted(request),
        kinds=kinds,
        wait_days=referral_wait_days(),
        initial=services.choices_for(request.user, kinds),
    )
    if done := saved(
        request,
        form,
        lambda data: services.choices_save(**acting(request), frequencies=data),
        message="Your reminder choices are saved",
        then=reverse("reminders:preferences"),
    ):
        return done
    context = {
        "title": "Email reminders",
        "form": form,
        "kinds": kinds,
        "email": request.user.email,
        "from_hour": dt.time(min(settings.ALONGSIDE_DIGEST_HOUR, 23)),
    }
    return render(request, "reminders/preferences.jinja", context)
