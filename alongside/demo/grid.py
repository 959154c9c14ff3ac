"""The demo's self-reflective grid: two past reviews at each service, three months apart, done as a
team would do them: the co-ordinator with two peer workers, two mothers with lived experience,
ratings that mostly rise, a peer worker who sometimes sees it differently, and actions, some done
and one overdue (on the co-ordinator's Today)."""

import datetime as dt
import random

from alongside.demo.common import Context
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.grid.evidence import EVIDENCE, Sources
from alongside.grid.models import DEFAULT_SCALE, GridAction, PeerView, Practice, Rating, Review
from alongside.organisations.models import Role

SAID = {
    "handovers": "Briefings are routine now; debriefs slip on busy evenings.",
    "dual-supervision": "Peer supervision with the charity every month; NHS supervision is patchier.",
    "pay": "Both paid posts are band 4.",
    "role-description": "Rewritten with the two new peer workers at induction.",
    "fathers-and-partners": "A dads' group with the partner charity; still a short wait.",
}
COMMENTS = [
    "It feels better on the ward than the figures show.",
    "We say this, but I have not seen it happen yet.",
    "Much better since the new co-ordinator started.",
    "Mothers tell us this matters most to them.",
]
ACTIONS = [
    ("dual-supervision", "Book NHS supervision for everyone who is overdue"),
    ("staff-awareness", "Give the awareness session at the next team meeting"),
    ("handovers", "Agree who gives the arrival briefing at weekends"),
    ("role-description", "Ask each peer worker to revise her role description"),
]
# A community team has no ward: it looks at its visits instead.
IN_THE_COMMUNITY = {"handovers": ("safe-visits", "Agree a named contact for when the co-ordinator is away")}
WARD_ONLY = {"handovers"}


def build_grid(ctx: Context, places: Places, staff: Staff) -> None:
    rng = random.Random(f"{ctx.today}:grid")  # its own stream: the rest of the demo is unchanged
    every = list(Practice.objects.filter(active=True))
    for service in (places.birmingham, places.lancashire, places.mbu):
        practices = every if service.has_wards else [p for p in every if p.code not in WARD_ONLY]
        coordinators = staff.members(service, Role.COORDINATOR)
        peers = staff.members(service, Role.PEER_WORKER)[:2]
        if not coordinators or not peers:
            continue
        lead = coordinators[0].user
        levels = {p.pk: rng.choice([0, 1, 1, 2]) for p in practices}
        for months_ago, last in ((6, False), (3, True)):
            started = ctx.today - dt.timedelta(days=30 * months_ago)
            completed = started + dt.timedelta(days=7)
            review = Review.objects.create(
                service=service,
                started_on=started,
                started_by=lead,
                completed_on=completed,
                scale=list(DEFAULT_SCALE),
                others="Two mothers with lived experience of the service",
            )
            review.participants.set([lead, *(m.user for m in peers)])
            if last:  # three months on, most rows have moved up a step, one has slipped
                levels = {
                    pk: min(3, max(0, level + rng.choice([0, 1, 1, -1]))) for pk, level in levels.items()
                }
            # Alongside's figures as they stood when each practice was rated, in both forms (the
            # aggregate is what commissioners see of a completed review).
            sources = Sources(service, completed)
            Rating.objects.bulk_create(
                Rating(
                    review=review,
                    practice=p,
                    level=levels[p.pk],
                    evidence=SAID.get(p.code, ""),
                    figures=[EVIDENCE[k].figure(sources).as_json() for k in p.evidence if k in EVIDENCE],
                )
                for p in practices
            )
            for practice in rng.sample(practices, 4):
                level = min(3, max(0, levels[practice.pk] + rng.choice([-1, 0, 1])))
                PeerView.objects.create(
                    review=review,
                    practice=practice,
                    author=peers[0].user,
                    role=Role.PEER_WORKER,
                    level=level,
                    comment=rng.choice(COMMENTS),
                )
            by_code = {p.code: p for p in practices}
            chosen = ACTIONS[:2] if not last else ACTIONS[2:]
            if not service.has_wards:
                chosen = [IN_THE_COMMUNITY.get(code, (code, text)) for code, text in chosen]
            for n, (code, description) in enumerate(chosen):
                due = completed + dt.timedelta(days=60 if n == 0 else 120)
                GridAction.objects.create(
                    review=review,
                    practice=by_code[code],
                    description=description,
                    owner=lead if n == 0 else peers[0].user,
                    due_on=due,
                    done_on=None if last else due - dt.timedelta(days=10),
                )
