"""Demo training: the demo's peer workers part-way through the curriculum, and staff awareness.

Each peer worker did her training over the year or two since she started, from a mix of
providers, some of it accredited; most have a few modules still to do. Scripted: peerworker@'s
safeguarding is overdue for renewal (done fourteen months ago), partnerpeer@'s is due within the
month and she has the most gaps; twoservices@ has done it all; everyone else's safeguarding is
in date. About half of each service's clinical staff (clinicians and service managers) have
attended the session on the peer worker role (recommendation 2).

Written with bulk_create and without an audit trail, like the rest of the demo (nothing here was
done by anyone). Nothing is dated in the future, and every record is for someone on a team.
"""

import datetime as dt
import random

from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import CLINICAL_ROLES
from alongside.demo.staff import DOMAIN
from alongside.organisations.models import Membership, Role
from alongside.training.models import Module, TrainingRecord

SEED = 20261127
HER, PARTNER = f"peerworker@{DOMAIN}", f"partnerpeer@{DOMAIN}"
COMPLETE = f"twoservices@{DOMAIN}"  # has done the whole curriculum
SAFEGUARDING = "Safeguarding"
_PROVIDERS = [
    ("Maternal Mental Health Alliance", True),
    ("Action on Postpartum Psychosis", True),
    ("The trust's learning and development team", False),
    ("Peer support co-ordinator (in-house)", False),
    ("Approachable Parenting", False),
    ("Local authority safeguarding board", True),
]


def build_training(now: dt.datetime) -> None:
    today = timezone.localtime(now).date()
    rng = random.Random(SEED)
    curriculum = list(Module.objects.filter(active=True, for_staff=False))
    session = Module.objects.filter(active=True, for_staff=True).first()
    members = list(
        Membership.objects.filter(active=True, user__email__endswith=f"@{DOMAIN}")
        .select_related("user")
        .order_by("service_id", "pk")
    )
    records: list[TrainingRecord] = []
    workers = list({m.user_id: m.user for m in members if m.role == Role.PEER_WORKER}.values())
    for user in workers:
        started = today - dt.timedelta(days=rng.randint(200, 700))
        if user.email == HER:
            done = len(curriculum) - 2
        elif user.email == PARTNER:
            done = len(curriculum) // 2
        elif user.email == COMPLETE:
            done = len(curriculum)
        else:
            done = rng.randint(len(curriculum) - 6, len(curriculum))
        for module in curriculum[:done]:
            on = started + dt.timedelta(days=rng.randint(0, (today - started).days - 1))
            if module.name == SAFEGUARDING:
                on = _safeguarding_on(user.email, today, rng)
            provider, accredited = rng.choice(_PROVIDERS)
            records.append(_record(user, module, on, provider, accredited, now))
    if session is not None:
        staff: dict[int, dict[int, User]] = {}
        for m in members:
            if m.role in CLINICAL_ROLES:
                staff.setdefault(m.service_id, {})[m.user_id] = m.user
        attended: set[int] = set()
        for people in staff.values():
            for user in list(people.values())[::2]:  # every other one: about half
                if user.pk not in attended:
                    attended.add(user.pk)
                    on = today - dt.timedelta(days=rng.randint(7, 300))
                    records.append(_record(user, session, on, "Peer support co-ordinator", False, now))
    TrainingRecord.objects.bulk_create(records, batch_size=500)


def _safeguarding_on(email: str, today: dt.date, rng: random.Random) -> dt.date:
    if email == HER:
        return today - dt.timedelta(days=425)  # fourteen months: overdue
    if email == PARTNER:
        return today - dt.timedelta(days=350)  # due within the month
    return today - dt.timedelta(days=rng.randint(30, 300))


def _record(
    user: User, module: Module, on: dt.date, provider: str, accredited: bool, now: dt.datetime
) -> TrainingRecord:
    evidence = f"Certificate {module.pk:02d}-{on:%y%m%d}" if accredited else ""
    recorded = min(now, dt.datetime.combine(on, dt.time(16, 0), tzinfo=timezone.get_current_timezone()))
    return TrainingRecord(
        user=user,
        module=module,
        completed_on=on,
        provider=provider,
        accredited=accredited,
        evidence=evidence,
        recorded_by=user,
        recorded_at=recorded,
    )
