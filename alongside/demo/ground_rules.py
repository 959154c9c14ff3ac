"""Ground rules: each service's checklist, and what was agreed with whom.

A relationship's ground rules were agreed at the first meeting and, for most seen lately, looked
at again at the latest one. peerworker@'s are scripted so her list always has some due: a couple
of mothers with none agreed yet, and a few agreed more than the service's review weeks ago. Groups agreed
theirs at their first session; most have reviewed them since, one never has.
"""

import datetime as dt
from collections.abc import Sequence

from alongside.accounts.models import User
from alongside.demo.common import Context, days
from alongside.demo.groups import Meetings
from alongside.demo.journeys import Journey
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.organisations.models import Service
from alongside.safety.models import GroundRuleItem, GroundRules
from alongside.support.models import OPEN_STATUSES, Group, PeerSupport

_CHECKLIST = (
    "What we talk about stays between us, unless someone is at risk",
    "Either of us can end a conversation at any time",
    "We'll meet in places where we both feel safe",
    "Phones on silent in groups",
    "Everyone's story is theirs to share",
    "We'll let each other know if we need to cancel",
)
_EXTRA: dict[str, tuple[str, ...]] = {
    Service.Kind.MBU: ("We'll check with the nurse in charge before we meet on the ward",),
}
_RETIRED = "No photos of each other's babies"  # a line Birmingham no longer uses
_OWN_WORDS = [
    "",
    "",
    "",
    "She'd rather I text than ring before I come round",
    "We'll meet at the café near her mum's for now",
    "Her partner may be in; that's fine with her",
    "If she's having a bad day she'll send a thumbs down and we'll rearrange",
]
_GROUP_WORDS = ["", "", "Babies welcome, and so is crying", "Tea and biscuits before we start"]


def build_ground_rules(
    ctx: Context, places: Places, staff: Staff, journeys: list[Journey], meetings: list[Meetings]
) -> None:
    checklists = _checklists(places)
    her = staff.user("peerworker")
    agreed: list[tuple[GroundRules, list[GroundRuleItem]]] = []
    met = [j for j in journeys if j.first_success and j.peer_support and j.workers]
    # Her open relationships, in the order she took them on: the second and fifth have none yet.
    hers = sorted(
        (j for j in met if her in j.workers and j.status in OPEN_STATUSES), key=lambda j: j.referred_on
    )
    her_index = {id(j): n for n, j in enumerate(hers)}
    for j in met:
        assert j.first_success is not None
        mine = id(j) in her_index
        n = her_index.get(id(j), -1)
        if (mine and n in (1, 4)) or (not mine and ctx.chance(0.15)):
            continue  # none agreed yet
        items = checklists[j.service.pk]
        agreed.append(_rules(ctx, items, j.first_success, j.workers[0], peer_support=j.peer_support))
        review = _review_day(ctx, j)
        if review and ((mine and n % 4 != 2) or (not mine and ctx.chance(0.7))):
            agreed.append(_rules(ctx, items, review, j.workers[0], peer_support=j.peer_support))
    for i, meeting in enumerate(meetings):
        agreed += _group_rules(ctx, checklists[meeting.group.service_id], meeting, i)
    GroundRules.objects.bulk_create(rules for rules, _ in agreed)
    through = GroundRules.items.through
    through.objects.bulk_create(
        through(groundrules_id=rules.pk, groundruleitem_id=item.pk)
        for rules, items in agreed
        for item in items
    )


def _checklists(places: Places) -> dict[int, list[GroundRuleItem]]:
    """Each service's active checklist (Birmingham also has a line it has stopped using)."""
    items = {
        service.pk: [
            GroundRuleItem(service=service, text=text, position=n)
            for n, text in enumerate((*_CHECKLIST, *_EXTRA.get(service.kind, ())), start=1)
        ]
        for service in places.services
    }
    retired = GroundRuleItem(service=places.birmingham, text=_RETIRED, position=99, active=False)
    GroundRuleItem.objects.bulk_create([*(item for listed in items.values() for item in listed), retired])
    return items


def _review_day(ctx: Context, j: Journey) -> dt.date | None:
    """Reviewed at her latest meeting, if that was within the review weeks and after the first."""
    weeks = j.service.ground_rules_review_weeks
    last = j.last_success
    if last is None or j.first_success is None or last <= j.first_success:
        return None
    return last if last > ctx.today - days(7 * weeks) else None


def _rules(
    ctx: Context,
    items: list[GroundRuleItem],
    agreed_on: dt.date,
    by: User,
    *,
    peer_support: PeerSupport | None = None,
    group: Group | None = None,
    words: Sequence[str] = _OWN_WORDS,
) -> tuple[GroundRules, list[GroundRuleItem]]:
    chosen = ctx.rng.sample(items, ctx.rng.randint(3, min(5, len(items))))
    rules = GroundRules(
        peer_support=peer_support, group=group, agreed_on=agreed_on, text=ctx.choice(words), recorded_by=by
    )
    return rules, sorted(chosen, key=lambda item: item.position)


def _group_rules(
    ctx: Context, items: list[GroundRuleItem], meeting: Meetings, i: int
) -> list[tuple[GroundRules, list[GroundRuleItem]]]:
    """The fourth group has none; every third from the second only its first; the rest reviewed
    since, some at their latest session and some a few weeks ago."""
    held = meeting.held
    if i == 3 or not held:
        return []
    group = meeting.group

    def agree(n: int) -> tuple[GroundRules, list[GroundRuleItem]]:
        session = held[n]
        day = session.starts_at.astimezone(ctx.tz).date()
        return _rules(ctx, items, day, session.led_by, group=group, words=_GROUP_WORDS)

    agreements = [agree(0)]
    if i % 3 == 0:
        agreements.append(agree(len(held) - 1))
    elif i % 3 == 2:
        weeks_ago = ctx.today - days(7 * ctx.rng.randint(3, 6))
        recent = [n for n, s in enumerate(held) if s.starts_at.astimezone(ctx.tz).date() <= weeks_ago]
        if recent and recent[-1] > 0:
            agreements.append(agree(recent[-1]))
    return agreements
