"""Demo wellbeing plans, and whom each peer worker shares hers with (ADR 0010).

peerworker@ shares her plan and her check-ins with her co-ordinator, coordinator@. partnerpeer@
shared her plan with coordinator@ for a while, then withdrew it, so coordinator@ no longer sees
it. A Birmingham colleague shares her plan with peerworker@, so "Shared with me" has something
for a peer worker too. twoservices@ has a plan she shares with nobody.

Every share here is one she chose: a standing share above, or a single check-in she chose to
share when she wrote it (alongside/demo/visits.py, wards.py). No form chooses for her, and
"My wellbeing" lists both kinds under "Who I share with", so the demo and the page agree.

Written with bulk_create and without an audit trail, like the rest of the demo.
"""

from alongside.demo.common import Context, days, hours
from alongside.demo.places import Places
from alongside.demo.staff import Staff
from alongside.wellbeing.models import WellbeingPlan, WellbeingShare

# (staff key, what helps, early signs, who to contact)
_PLANS = [
    (
        "peerworker",
        "A walk at lunchtime, even a short one. Writing a few lines at the end of the day. "
        "Talking things through with Claire after a hard visit.",
        "I stop replying to friends' messages and sleep badly. I start taking work home in my head.",
        "Claire (co-ordinator) first. My partner, Sam, on 07700 900123.",
    ),
    (
        "partnerpeer",
        "Time with my sister on Sundays. The charity's monthly team lunch.",
        "I get snappy and skip meals.",
        "My supervisor at the charity, then Claire.",
    ),
    (
        "bham-peer-nhs",
        "Swimming twice a week. Knowing my diary for the week ahead on a Monday.",
        "Everything feels urgent, and I say yes to too much.",
        "Hannah, or Claire if Hannah is away.",
    ),
    (
        "twoservices",
        "Keeping ward days and community days apart. A podcast on the drive home.",
        "I find it hard to switch off after a ward shift.",
        "My co-ordinator at the MBU.",
    ),
]

# (owner, shared with, plan, check-ins, shared days ago, withdrawn days ago or None)
_SHARES = [
    ("peerworker", "coordinator", True, True, 40, None),
    ("partnerpeer", "coordinator", True, False, 90, 30),
    ("bham-peer-nhs", "peerworker", True, False, 15, None),
]


def build_wellbeing_plans(ctx: Context, staff: Staff, places: Places) -> None:
    WellbeingPlan.objects.bulk_create(
        WellbeingPlan(
            peer_worker=staff.user(key),
            what_helps=helps,
            early_signs=signs,
            who_to_contact=contact,
            updated_at=ctx.now - days(ctx.rng.randint(20, 60)) - hours(ctx.rng.random()),
        )
        for key, helps, signs, contact in _PLANS
    )
    WellbeingShare.objects.bulk_create(
        WellbeingShare(
            peer_worker=staff.user(owner),
            shared_with=staff.user(reader),
            service=places.birmingham,
            plan=plan,
            checkins=checkins,
            shared_at=ctx.now - days(ago),
            withdrawn_at=ctx.now - days(withdrawn) if withdrawn is not None else None,
        )
        for owner, reader, plan, checkins, ago, withdrawn in _SHARES
    )
