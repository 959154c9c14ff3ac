"""Writes for what she offers, her timetable, the service's menu and her calendar feed.

Each validates, runs in one transaction and writes the audit trail. Only she changes her own
choices, slots and feed: every function takes the acting membership and checks it is hers.
"""

import datetime as dt
import secrets
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from alongside.accounts.models import User
from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.timetable import access
from alongside.timetable.models import CalendarFeed, RetiredForm, Setting, Slot, Weekday
from alongside.workforce.models import Profile, SupportForm

TOKEN_BYTES = 32  # 256 bits of randomness: 43 characters in the address
PREFIX_LENGTH = 6


def _check_keeps_timetable(membership: Membership) -> None:
    if membership.role not in PEER_SUPPORT_WORKFORCE:
        raise refused(None, "Only peer workers, volunteers and co-ordinators keep a timetable")


# What she offers ---------------------------------------------------------------------------


def offer_choose(*, actor: User, membership: Membership, forms: Iterable[SupportForm]) -> Profile:
    """She chooses what she offers, from her service's menu. Nobody chooses for her."""
    if membership.user_id != actor.pk:
        raise refused(None, "Only she chooses the forms of support she offers")
    _check_keeps_timetable(membership)
    chosen = list(forms)
    allowed = set(access.menu_for(membership.service_id).values_list("pk", flat=True))
    if any(f.pk not in allowed for f in chosen):
        raise refused("chosen", "Choose from your service's menu")
    with transaction.atomic():
        profile, _ = Profile.objects.get_or_create(membership=membership)
        profile.forms_of_support.set(chosen)
        audit.record(
            actor,
            "update",
            profile,
            membership=membership,
            summary=f"Forms of support chosen: {', '.join(f.label for f in chosen) or 'none'}"[:300],
        )
    return profile


# The service's menu ------------------------------------------------------------------------


def slug_for(label: str) -> str:
    return slugify(label).replace("-", "_")[:50].strip("_")


def menu_add(*, actor: User, membership: Membership, label: str) -> SupportForm:
    """A co-ordinator or manager adds a form of support to her service's menu. One already on
    the menu (by name, whatever the capitals) is refused; one the service retired comes back."""
    if not access.can_manage(membership):
        raise refused(None, "A co-ordinator or service manager extends the service's menu")
    label = " ".join(label.split())
    slug = slug_for(label)
    if not label:
        raise refused("label", "Enter the name of the form of support")
    if not slug:
        raise refused("label", "Enter a name with letters or numbers in it")
    service_id = membership.service_id
    on_menu = access.menu_for(service_id)
    same = on_menu.filter(slug=slug).first() or next(
        (f for f in on_menu if f.label.casefold() == label.casefold()), None
    )
    if same is not None:
        where = "the national menu" if same.service_id is None else "your service's menu"
        raise refused("label", f"{same.label} is already on {where}")
    with transaction.atomic():
        retired = SupportForm.objects.filter(service_id=service_id, slug=slug).first()
        if retired is not None:
            RetiredForm.objects.filter(support_form=retired).delete()
            retired.label = label
            retired.save(update_fields=["label"])
            form = retired
        else:
            last = SupportForm.objects.filter(service_id=service_id).aggregate(last=Max("position"))["last"]
            form = SupportForm.objects.create(
                slug=slug, label=label, service_id=service_id, position=(last or 200) + 10
            )
        audit.record(actor, "create", form, membership=membership, summary=f"Added to the menu: {label}")
    return form


def menu_retire(*, actor: User, membership: Membership, form: SupportForm) -> RetiredForm:
    """Retire a form the service added. It leaves the menu and everyone's choices; a timetable
    slot that names it keeps it. The national menu cannot be retired."""
    if not access.can_manage(membership):
        raise refused(None, "A co-ordinator or service manager changes the service's menu")
    if form.service_id is None:
        raise refused(None, f"{form.label} is on the national menu, which every service keeps")
    if form.service_id != membership.service_id:
        raise refused(None, f"{form.label} was added by another service")
    with transaction.atomic():
        retirement, _ = RetiredForm.objects.get_or_create(
            support_form=form, defaults={"retired_at": timezone.now(), "retired_by": actor}
        )
        form.profiles.clear()
        audit.record(
            actor, "update", form, membership=membership, summary=f"Retired from the menu: {form.label}"
        )
    return retirement


# Her timetable -----------------------------------------------------------------------------


def _clean_slot(
    membership: Membership,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    support_form: SupportForm | None,
    activity: str,
    setting: str,
    exclude_pk: int | None,
) -> None:
    if weekday not in Weekday.values:
        raise refused("weekday", "Choose a day of the week")
    if ends_at <= starts_at:
        raise refused("ends_at", "The end time must be after the start time")
    if setting not in Setting.values:
        raise refused("setting", "Choose where it happens")
    if support_form is None and not activity.strip():
        raise refused("support_form", "Choose a form of support, or say what it is")
    if support_form is not None:
        on_menu = access.menu_for(membership.service_id).filter(pk=support_form.pk).exists()
        kept = (
            exclude_pk is not None and Slot.objects.filter(pk=exclude_pk, support_form=support_form).exists()
        )
        if not on_menu and not kept:
            raise refused("support_form", "Choose from your service's menu")
    for other in access.her_other_slots(membership, weekday, exclude_pk):
        if starts_at < other.ends_at and other.starts_at < ends_at:
            where = "" if other.membership_id == membership.pk else f" at {other.membership.service}"
            raise refused(
                "starts_at",
                f"This overlaps {other.title}{where}, {Weekday(weekday).label} "
                f"{other.starts_at:%H:%M} to {other.ends_at:%H:%M}: change the times or that slot",
            )


def slot_save(
    *,
    actor: User,
    membership: Membership,
    slot: Slot | None = None,
    weekday: int,
    starts_at: dt.time,
    ends_at: dt.time,
    support_form: SupportForm | None,
    activity: str = "",
    setting: str,
    place: str = "",
    note: str = "",
) -> Slot:
    """Add a slot to her timetable, or change one. Her slots in all her services must not overlap."""
    if membership.user_id != actor.pk or (slot is not None and slot.membership_id != membership.pk):
        raise refused(None, "Only she changes her timetable")
    _check_keeps_timetable(membership)
    _clean_slot(
        membership, weekday, starts_at, ends_at, support_form, activity, setting, slot.pk if slot else None
    )
    now = timezone.now()
    with transaction.atomic():
        if slot is None:
            slot = Slot(membership=membership, created_at=now)
        slot.weekday, slot.starts_at, slot.ends_at = weekday, starts_at, ends_at
        slot.support_form, slot.activity, slot.setting = support_form, activity.strip(), setting
        slot.place, slot.note, slot.updated_at = place.strip(), note.strip(), now
        adding = slot.pk is None
        slot.save()
        audit.record(
            actor,
            "create" if adding else "update",
            slot,
            membership=membership,
            summary=f"Timetable: {slot}"[:300],
        )
    return slot


def slot_delete(*, actor: User, membership: Membership, slot: Slot) -> None:
    if membership.user_id != actor.pk or slot.membership_id != membership.pk:
        raise refused(None, "Only she changes her timetable")
    with transaction.atomic():
        audit.record(actor, "delete", slot, membership=membership, summary=f"Timetable: removed {slot}"[:300])
        slot.delete()


# Her calendar feed -------------------------------------------------------------------------


def feed_issue(*, actor: User, membership: Membership) -> tuple[CalendarFeed, str]:
    """Make her feed, or give it a new secret: the old address stops working at once.
    Returns the feed and the secret, which is kept nowhere (only its hash)."""
    if membership.user_id != actor.pk:
        raise refused(None, "Only she sets up her calendar feed")
    _check_keeps_timetable(membership)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        feed, made = CalendarFeed.objects.update_or_create(
            user=actor,
            defaults={
                "token_hash": access.hash_token(token),
                "token_prefix": token[:PREFIX_LENGTH],
                "created_at": timezone.now(),
                "last_fetched_at": None,
                "fetch_count": 0,
                "last_fetched_by": "",
            },
        )
        audit.record(
            actor,
            "create" if made else "update",
            feed,
            membership=membership,
            summary="Calendar feed set up"
            if made
            else "Calendar feed address reset: the old one no longer works",
        )
    return feed, token


def feed_stop(*, actor: User, membership: Membership) -> None:
    """Turn her feed off: its address stops working at once."""
    feed = access.feed_for_user(actor)
    if feed is None:
        return
    with transaction.atomic():
        audit.record(actor, "delete", feed, membership=membership, summary="Calendar feed turned off")
        feed.delete()


def feed_fetched(*, feed: CalendarFeed, user_agent: str) -> None:
    """Note a fetch on the feed every time, and in the audit trail on its first fetch of a day:
    calendar apps fetch hourly, and the trail is for people to read (ADR 0011)."""
    now = timezone.now()
    last = feed.last_fetched_at
    if last is None or timezone.localdate(last) != timezone.localdate(now):
        audit.record(
            None,
            "view",
            feed,
            summary=f"Calendar feed of {feed.user} fetched, first time today, by "
            f"{user_agent[:100] or 'an unnamed app'}",
        )
    CalendarFeed.objects.filter(pk=feed.pk).update(
        last_fetched_at=now, fetch_count=F("fetch_count") + 1, last_fetched_by=user_agent[:200]
    )
