"""Timetable fixtures: the root personas, and slots, menus and feeds made through the real services."""

import datetime as dt
from typing import Any

from alongside.organisations.models import Membership
from alongside.timetable import services
from alongside.timetable.models import Setting, Slot
from alongside.workforce.models import SupportForm


def national(slug: str) -> SupportForm:
    return SupportForm.objects.get(service=None, slug=slug)


def at(text: str) -> dt.time:
    return dt.time.fromisoformat(text)


def add_slot(
    who: Membership, weekday: int = 1, start: str = "10:00", end: str = "12:00", **extra: Any
) -> Slot:
    details: dict[str, Any] = {"support_form": national("one_to_one"), "setting": Setting.COMMUNITY}
    details.update(extra)
    return services.slot_save(
        actor=who.user, membership=who, weekday=weekday, starts_at=at(start), ends_at=at(end), **details
    )


def slot_post(**overrides: Any) -> dict[str, str]:
    """What the slot form posts: Tuesday 10:00 to 12:00, one-to-one, in the community."""
    data = {
        "weekday": "1",
        "starts_at": "10:00",
        "ends_at": "12:00",
        "support_form": str(national("one_to_one").pk),
        "activity": "",
        "setting": "community",
        "place": "Sparkhill Children's Centre",
        "note": "",
    }
    data.update({k: str(v) for k, v in overrides.items()})
    return data


def issue_feed(who: Membership) -> str:
    """Her feed's address (path only), as she is shown it once."""
    from django.urls import reverse

    _, token = services.feed_issue(actor=who.user, membership=who)
    return reverse("calendar_feed:feed", args=[token])
