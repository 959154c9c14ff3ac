"""Timetable figures, each defined once (ADR 0004): who keeps a timetable, and how many of them
have chosen the forms of support they offer. The Timetables page and the grid both count here."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE
from alongside.organisations.models import Membership, Service
from alongside.timetable.models import Slot
from alongside.workforce.models import SupportForm


def team(service: Service) -> QuerySet[Membership]:
    """Those who keep a timetable at the service, with their choices and their slots."""
    return (
        Membership.objects.filter(service=service, role__in=PEER_SUPPORT_WORKFORCE, active=True)
        .select_related("user", "profile")
        .prefetch_related(
            Prefetch("profile__forms_of_support", queryset=SupportForm.objects.order_by("position", "label")),
            Prefetch("timetable_slots", queryset=Slot.objects.select_related("support_form")),
        )
        .order_by("user__first_name", "user__last_name", "pk")
    )


def has_chosen(member: Membership) -> bool:
    """She has chosen at least one form of support to offer (the page says "Not chosen yet" otherwise)."""
    profile = getattr(member, "profile", None)
    return profile is not None and bool(profile.forms_of_support.all())


def chosen_count(members: Iterable[Membership]) -> int:
    return sum(1 for m in members if has_chosen(m))
