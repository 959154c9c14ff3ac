"""What she offers, her weekly timetable, her calendar feed, and the team's view of them."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from alongside.accounts.decorators import requires
from alongside.accounts.rules import Perm
from alongside.accounts.types import AuthedRequest, acting
from alongside.audit.services import record_for_request
from alongside.lib.http import posted
from alongside.lib.nhsforms import saved
from alongside.people import tables
from alongside.timetable import access, feed, metrics, services
from alongside.timetable.forms import MenuForm, OfferForm, SlotForm
from alongside.timetable.models import Slot, Weekday

# Where the address of a new feed waits to be shown to her, once (it is kept nowhere else).
NEW_FEED_URL = "timetable_new_feed_url"
SLOT_FIELDS = ("weekday", "starts_at", "ends_at", "support_form", "activity", "setting", "place", "note")


def _days(slots: list[Slot]) -> list[tuple[str, list[Slot]]]:
    return [(Weekday(day).label, list(group)) for day, group in groupby(slots, key=lambda s: s.weekday)]


def _hours(slots: list[Slot]) -> float:
    return round(sum(s.minutes for s in slots) / 60, 1)


@requires(Perm.KEEP_TIMETABLE)
@require_http_methods(["GET", "POST"])
def offer(request: AuthedRequest) -> HttpResponse:
    """She chooses what she offers from her service's menu."""
    membership = request.membership
    chosen = list(access.chosen_for(membership))
    form = OfferForm(posted(request), menu=access.menu_for(membership.service_id), initial={"chosen": chosen})
    if done := saved(
        request,
        form,
        lambda data: services.offer_choose(**acting(request), forms=data["chosen"]),
        message="Saved: what you offer",
        then=reverse("timetable:offer"),
    ):
        return done
    context = {
        "title": "What I offer",
        "form": form,
        "chosen": chosen,
        "can_manage": access.can_manage(membership),
    }
    return render(request, "timetable/offer.jinja", context)


@requires(Perm.KEEP_TIMETABLE)
@require_http_methods(["GET", "POST"])
def mine(request: AuthedRequest) -> HttpResponse:
    """Her weekly timetable, and a form to add a slot to it."""
    membership = request.membership
    form = SlotForm(posted(request), menu=access.menu_for(membership.service_id))
    if done := saved(
        request,
        form,
        lambda data: services.slot_save(**acting(request), **data),
        message=lambda slot: f"Added to your timetable: {slot}",
        then=reverse("timetable:mine"),
    ):
        return done
    slots = list(access.slots_for_user(membership))
    context = {
        "title": "My timetable",
        "days": _days(slots),
        "hours": _hours(slots),
        "form": form,
        "feed": access.feed_for_user(request.user),
    }
    return render(request, "timetable/mine.jinja", context)


@requires(Perm.KEEP_TIMETABLE)
@require_http_methods(["GET", "POST"])
def slot_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = request.membership
    slot = access.get_own_slot_for_user(membership, pk)
    initial = {name: getattr(slot, name) for name in SLOT_FIELDS}
    menu = access.menu_for(membership.service_id, also=slot.support_form_id)
    form = SlotForm(posted(request), menu=menu, initial=initial)
    if done := saved(
        request,
        form,
        lambda data: services.slot_save(**acting(request), slot=slot, **data),
        message="Your timetable is saved",
        then=reverse("timetable:mine"),
    ):
        return done
    return render(
        request, "timetable/slot_edit.jinja", {"title": "Change a slot", "form": form, "slot": slot}
    )


@requires(Perm.KEEP_TIMETABLE)
def slot_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up before the method is checked: someone else's slot is 404 either way.
    slot = access.get_own_slot_for_user(request.membership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.slot_delete(actor=request.user, membership=request.membership, slot=slot)
    messages.success(request, f"Removed from your timetable: {slot}")
    return redirect("timetable:mine")


@requires(Perm.KEEP_TIMETABLE)
@require_http_methods(["GET", "POST"])
def calendar(request: AuthedRequest) -> HttpResponse:
    """Her private calendar feed: set it up, reset its address, or turn it off."""
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "stop":
            services.feed_stop(actor=request.user, membership=request.membership)
            messages.success(request, "Your calendar feed is off: its address no longer works")
        elif action == "issue":
            _, token = services.feed_issue(actor=request.user, membership=request.membership)
            address = request.build_absolute_uri(reverse("calendar_feed:feed", args=[token]))
            request.session[NEW_FEED_URL] = address
            messages.success(
                request, "Your calendar feed is ready. Any address you had before no longer works."
            )
        return redirect("timetable:calendar")
    context = {
        "title": "My calendar feed",
        "feed": access.feed_for_user(request.user),
        "address": request.session.pop(NEW_FEED_URL, None),
    }
    return render(request, "timetable/calendar.jinja", context)


@login_not_required
@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself: no login (calendar apps cannot log in), only the secret in its address."""
    found = access.get_feed_for_token(token)
    now = timezone.now()
    body = feed.calendar(
        slots=access.feed_slots(found.user),
        sessions=access.feed_group_sessions(found.user, now - feed.PAST, now + feed.AHEAD),
        visits=access.feed_visits(found.user, now - feed.PAST, now + feed.AHEAD),
        now=now,
    ).to_ical()
    services.feed_fetched(feed=found, user_agent=request.headers.get("User-Agent", ""))
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="alongside.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


# For those who manage the team -------------------------------------------------------------


@requires(Perm.MANAGE_TEAM)
@require_safe
def team(request: AuthedRequest) -> HttpResponse:
    """What each peer worker offers, and how many hours her timetable holds."""
    members = list(access.team_for_user(request.membership))
    rows = [(m, getattr(m, "profile", None), _hours(list(m.timetable_slots.all()))) for m in members]
    # The NHS.UK table drawn once per page, not once per row (alongside/people/tables.py).
    context = {
        "title": "Timetables and what each offers",
        "rows": rows,
        "chosen": metrics.chosen_count(members),
        "table": tables.table,
    }
    return render(request, "timetable/team.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_safe
def member(request: AuthedRequest, pk: int) -> HttpResponse:
    """Her choices and her timetable, to read (supervision reviews it): only she changes them."""
    found = access.get_team_member_for_user(request.membership, pk)
    record_for_request(
        request, "view", found, summary=f"Timetable and forms of support of {found.user} viewed"
    )
    slots = list(found.timetable_slots.all())
    profile = getattr(found, "profile", None)
    context = {
        "title": f"{found.user}: timetable",
        "member": found,
        "chosen": list(profile.forms_of_support.all()) if profile else [],
        "days": _days(slots),
        "hours": _hours(slots),
    }
    return render(request, "timetable/member.jinja", context)


@requires(Perm.MANAGE_TEAM)
@require_http_methods(["GET", "POST"])
def menu(request: AuthedRequest) -> HttpResponse:
    """The service's menu: the national forms of support and its own, which it may extend."""
    service_id = request.membership.service_id
    form = MenuForm(posted(request))
    if done := saved(
        request,
        form,
        lambda data: services.menu_add(**acting(request), **data),
        message=lambda added: f"Added to your service's menu: {added.label}",
        then=reverse("timetable:menu"),
    ):
        return done
    offered = list(access.menu_for(service_id))
    context = {
        "title": "Forms of support your service offers",
        "form": form,
        "national": [f for f in offered if f.service_id is None],
        "own": [f for f in offered if f.service_id is not None],
        "retired": list(access.retired_for(service_id)),
    }
    return render(request, "timetable/menu.jinja", context)


@requires(Perm.MANAGE_TEAM)
def menu_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    # Looked up first: a national form, or another service's, is 404 whatever the method.
    form = access.get_service_form_for_user(request.membership, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.menu_retire(actor=request.user, membership=request.membership, form=form)
    messages.success(request, f"{form.label} is no longer on your service's menu")
    return redirect("timetable:menu")
