"""Demo data for the directory: the synthetic ORUK feed, and some signpostings with follow-ups.

Called once by the demo builder (alongside/demo/builder.py) as `build_directory(ctx.now)`.
Like the rest of the demo it writes no audit trail: nothing here was done by anyone.
"""

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from alongside.accounts.models import User
from alongside.directory.importer import ImportReport, import_oruk
from alongside.directory.models import FollowUp, Outcome, Service, Signposting, follow_up_days
from alongside.support.models import CASELOAD_STATUSES, PeerSupport

FEED = Path(__file__).resolve().parent / "data" / "demo_oruk.json"
HER = "peerworker@alongside.example"

# (service, days ago she was signposted, [(days after, answer), ...]): one of each state.
STORIES: list[tuple[str, int, list[tuple[int, str]]]] = [
    ("Sahara coffee mornings", 20, []),  # due: never asked
    ("Postpartum psychosis peer support", 45, [(15, Outcome.YES)]),  # connected
    ("Stillwater support group", 40, [(14, Outcome.NO)]),  # went nowhere
    ("Birth reflections listening service", 36, [(15, Outcome.NOT_YET)]),  # due again
    ("Dads Matter phone support", 50, [(14, Outcome.NOT_YET), (30, Outcome.YES)]),  # connected, later
    ("Feeding Friends Birmingham", 3, []),  # not due yet
]


def load_feed() -> Any:
    return json.loads(FEED.read_text(encoding="utf-8"))


def build_directory(now: dt.datetime) -> dict[str, Any]:
    report: ImportReport = import_oruk(load_feed(), source=FEED.name)
    today = timezone.localtime(now).date()
    her = User.objects.filter(email=HER).first()
    made = 0
    if her is not None and not Signposting.objects.filter(signposted_by=her).exists():
        people = list(
            PeerSupport.objects.filter(
                allocations__peer_worker=her, allocations__ended_on__isnull=True, status__in=CASELOAD_STATUSES
            )
            .distinct()
            .order_by("pk")[: len(STORIES)]
        )
        services = {s.name: s for s in Service.objects.filter(name__in=[name for name, _, _ in STORIES])}
        # With a small demo she may support fewer people than there are stories: some get two.
        for i, (name, ago, answers) in enumerate(STORIES if people else []):
            made += _story(people[i % len(people)], services[name], her, today, ago, answers)
    return {"report": report, "signpostings": made}


def _story(
    peer_support: PeerSupport,
    service: Service,
    her: User,
    today: dt.date,
    ago: int,
    answers: list[tuple[int, str]],
) -> int:
    on = max(today - dt.timedelta(days=ago), peer_support.referred_on)
    days = dt.timedelta(days=follow_up_days())
    signposting = Signposting.objects.create(
        peer_support=peer_support,
        service=service,
        signposted_by=her,
        signposted_on=on,
        note="Talked it through; she would like to try it",
        follow_up_on=on + days,
    )
    for after, outcome in answers:
        asked = min(on + dt.timedelta(days=after), today)
        FollowUp.objects.create(signposting=signposting, outcome=outcome, recorded_on=asked, recorded_by=her)
        signposting.outcome = outcome
        signposting.follow_up_on = asked + days if outcome == Outcome.NOT_YET else None
    signposting.save()
    return 1
