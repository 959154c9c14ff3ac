"""Demo timetables: what each peer worker offers, her week, and peerworker@'s calendar feed.

Birmingham has added "Walk and talk" to its menu (and retired "Aqua natal", which nobody now
offers). Every demo peer worker, co-ordinator and volunteer has chosen some forms of support and
keeps a few weekly slots; peerworker@ has a full week, Monday to Friday, and a calendar feed that
a calendar app last read forty minutes ago. twoservices@ keeps a week in each of her services,
never two places at once.

The feed's secret is random (secrets), not seeded: a published demo secret would let anyone read
the demo calendar. It is printed nowhere; she resets it on her calendar page to see an address.

Written with bulk_create and without an audit trail, like the rest of the demo. Runs after any
builder that makes workforce Profiles: it adds her choices to the Profile she has, or makes one.
"""

import datetime as dt
import random
import secrets

from alongside.accounts.rules import PEER_SUPPORT_WORKFORCE
from alongside.demo.staff import DOMAIN
from alongside.organisations.models import Membership, Role, Service
from alongside.timetable.access import hash_token
from alongside.timetable.models import CalendarFeed, RetiredForm, Setting, Slot
from alongside.workforce.models import Profile, SupportForm

SEED = 20261128
HER = f"peerworker@{DOMAIN}"
ADDED = ("walk_and_talk", "Walk and talk")
RETIRED = ("aqua_natal", "Aqua natal")
T = dt.time
# (weekday, start, end, form slug or "", activity, setting, place)
Row = tuple[int, dt.time, dt.time, str, str, str, str]

# peerworker@'s week.
_HER_WEEK: list[Row] = [
    (0, T(9, 30), T(12, 30), "one_to_one", "", Setting.COMMUNITY, "Sparkhill Children's Centre"),
    (0, T(13, 30), T(15, 30), "home_visits", "", Setting.COMMUNITY, ""),
    (
        1,
        T(10, 0),
        T(12, 0),
        "coffee_mornings",
        "Tuesday coffee morning",
        Setting.COMMUNITY,
        "St Agatha's hall",
    ),
    (1, T(13, 0), T(16, 0), "accompanying", "", Setting.COMMUNITY, ""),
    (2, T(9, 30), T(11, 30), "", "Team meeting and supervision", Setting.BASE, "Sparkbrook team base"),
    (2, T(13, 0), T(15, 0), ADDED[0], "", Setting.COMMUNITY, "Cannon Hill Park"),
    (3, T(10, 0), T(11, 30), "groups", "Online group for new mums", Setting.ONLINE, ""),
    (3, T(13, 0), T(15, 0), "one_to_one", "Video and phone catch-ups", Setting.ONLINE, ""),
    (4, T(10, 0), T(12, 0), "crafts", "Craft and chat", Setting.COMMUNITY, "Balsall Heath library"),
]
_HER_FORMS = ["one_to_one", "home_visits", "coffee_mornings", "accompanying", "groups", "crafts", ADDED[0]]
_STARTS = [T(9, 30), T(10, 0), T(13, 0), T(13, 30)]
_SETTINGS: dict[str, str] = {Service.Kind.MBU: Setting.WARD}


def build_timetables(now: dt.datetime) -> None:
    rng = random.Random(SEED)
    members = list(
        Membership.objects.filter(
            active=True, role__in=PEER_SUPPORT_WORKFORCE, user__email__endswith=f"@{DOMAIN}"
        )
        .select_related("user", "service")
        .order_by("service_id", "pk")
    )
    birmingham = next(m.service for m in members if m.user.email == HER)
    added = SupportForm.objects.create(slug=ADDED[0], label=ADDED[1], service=birmingham, position=210)
    retired = SupportForm.objects.create(slug=RETIRED[0], label=RETIRED[1], service=birmingham, position=220)
    coordinator = next(m.user for m in members if m.user.email == f"coordinator@{DOMAIN}")
    RetiredForm.objects.create(
        support_form=retired, retired_at=now - dt.timedelta(days=60), retired_by=coordinator
    )
    national = {f.slug: f for f in SupportForm.objects.filter(service=None)}
    menus = {
        m.service_id: {**national, **({ADDED[0]: added} if m.service == birmingham else {})} for m in members
    }

    profiles = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    Profile.objects.bulk_create(Profile(membership=m) for m in members if m.pk not in profiles)
    profiles = {p.membership_id: p for p in Profile.objects.filter(membership__in=members)}
    has_forms = set(
        Profile.forms_of_support.through.objects.filter(profile__in=profiles.values()).values_list(
            "profile_id", flat=True
        )
    )
    links, slots = [], []
    busy: dict[int, set[tuple[int, int]]] = {}  # user: (weekday, half of the day) taken
    for m in members:
        menu = menus[m.service_id]
        if m.user.email == HER:
            chosen = [menu[slug] for slug in _HER_FORMS]
            week = _HER_WEEK
        else:
            chosen = _choose(rng, m, menu)
            week = _week(rng, m, chosen, busy.setdefault(m.user_id, set()))
        if profiles[m.pk].pk not in has_forms:
            links += [
                Profile.forms_of_support.through(profile_id=profiles[m.pk].pk, supportform_id=f.pk)
                for f in chosen
            ]
        added_at = now - dt.timedelta(days=rng.randint(60, 200))
        slots += [
            Slot(
                membership=m,
                weekday=day,
                starts_at=start,
                ends_at=end,
                support_form=menu[slug] if slug else None,
                activity=activity,
                setting=setting,
                place=place,
                created_at=added_at,
                updated_at=added_at,
            )
            for day, start, end, slug, activity, setting, place in week
        ]
    Profile.forms_of_support.through.objects.bulk_create(links)
    Slot.objects.bulk_create(slots)
    her = next(m.user for m in members if m.user.email == HER)
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.create(
        user=her,
        token_hash=hash_token(token),
        token_prefix=token[:6],
        created_at=now - dt.timedelta(days=45),
        last_fetched_at=now - dt.timedelta(minutes=40),
        fetch_count=1060,
        last_fetched_by="Google-Calendar-Importer",
    )


def _choose(rng: random.Random, m: Membership, menu: dict[str, SupportForm]) -> list[SupportForm]:
    if m.role == Role.LIGHT_TOUCH_VOLUNTEER:
        slugs = ["coffee_mornings", *rng.sample(["baking", "crafts", "brunches", "drop_ins"], 1)]
    elif m.service.kind == Service.Kind.MBU:
        slugs = ["one_to_one", "groups", *rng.sample(["music", "crafts", "film_book_clubs", "dance"], 2)]
    else:
        slugs = ["one_to_one", *rng.sample(sorted(set(menu) - {"one_to_one"}), rng.randint(2, 5))]
    return [menu[s] for s in dict.fromkeys(slugs)]


def _week(
    rng: random.Random, m: Membership, chosen: list[SupportForm], busy: set[tuple[int, int]]
) -> list[Row]:
    """Two to five slots on weekdays, mornings or afternoons, never two at once for one person."""
    week = []
    setting = _SETTINGS.get(m.service.kind, Setting.COMMUNITY)
    place = "Ward 4" if setting == Setting.WARD else ""
    for _ in range(rng.randint(2, 5) if m.role != Role.LIGHT_TOUCH_VOLUNTEER else 1):
        day, half = rng.randint(0, 4), rng.randint(0, 1)
        if (day, half) in busy:
            continue
        busy.add((day, half))
        start = _STARTS[half * 2 + rng.randint(0, 1)]
        end = dt.time(start.hour + 2, start.minute)
        form = rng.choice(chosen)
        where = Setting.ONLINE if form.slug == "one_to_one" and rng.random() < 0.3 else setting
        week.append((day, start, end, form.slug, "", where, place if where == setting else ""))
    return week
