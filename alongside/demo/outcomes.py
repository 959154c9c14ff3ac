"""Demo outcomes: a year of goals and ratings, feedback, and stories with consent.

About half the mothers who have had contacts agreed with their peer worker that goals would help;
about a quarter decided they would not (a respected answer, counted as such); the rest were not
asked yet. Goals are rated at the start and every five to eight weeks, mostly getting closer,
sometimes not. A third of those supported gave feedback (some anonymously, some from a one-time
link that was used; a few links are still waiting or ran out). Each service has stories with
separate consents, one of them withdrawn, and a co-ordinator's choice of quotes for the report.

Deterministic (its own seeded random), written with bulk_create, with no audit trail.
"""

import datetime as dt
import random
import secrets
from collections import defaultdict
from typing import Any

from django.db.models import Count, Min, Q

from alongside.organisations.models import Membership, Role, Service
from alongside.outcomes.models import (
    FeedbackAnswer,
    FeedbackLink,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    GoalWording,
    Item,
    Scope,
    Story,
    StoryConsent,
    Theme,
    hash_token,
)
from alongside.reports.models import MAX_QUOTES, ReportQuote
from alongside.support.models import Allocation, PeerSupport, Status

SEED = 20261127
GOALS = [
    "Take the baby to the park on my own",
    "Go to a baby group",
    "Get out of the house twice a week",
    "Tell my mum how I am really feeling",
    "Feel less scared at bath time",
    "Sleep when the baby sleeps",
    "Cook a meal for us once a week",
    "Go back to my choir",
    "Feel like myself again",
    "Talk to my health visitor about how I feel",
    "Feed the baby without panicking",
    "Meet up with a friend",
]
REWORDED = {
    "Get out of the house twice a week": "Walk to the shop and back with the pram",
    "Feel like myself again": "Do one thing just for me each week",
}
QUOTES = [
    (
        "mother",
        "She had been there herself. I did not have to explain, and that made all the difference.",
        ["hope", "isolation"],
    ),
    ("mother", "For the first time since the baby came I felt someone understood me.", ["isolation"]),
    (
        "mother",
        "Going to the café group got me out of the house when nothing else could.",
        ["engagement", "isolation"],
    ),
    (
        "mother",
        "I stopped thinking I was a bad mum. She showed me I was unwell, not failing.",
        ["stigma", "identity"],
    ),
    (
        "partner",
        "Someone finally asked how I was doing. I didn't know I needed that.",
        ["family", "isolation"],
    ),
    ("mother", "She helped me find the words for my mental health team.", ["engagement"]),
    ("peer_worker", "Using my own story to give someone hope gave my story a purpose.", ["identity", "hope"]),
    ("mother", "Seeing her well again told me I would get there too.", ["hope"]),
    ("mother", "The walk-and-talk group was the only hour of the week I felt like me.", ["self_care"]),
    ("peer_worker", "Supervision that asks how I am keeps me able to do this.", ["self_care"]),
]
TEXTS: dict[str, list[str]] = {
    Item.HEARD: ["She really listened.", "I never felt judged."],
    Item.LESS_ALONE: ["Knowing someone else had been through it.", "The group made me feel normal."],
    Item.HOPEFUL: ["Seeing she got better gave me hope."],
    Item.COPING: ["I have some ideas for the bad days now."],
    Item.UNDERSTANDING: ["She explained what the ward would be like."],
    Item.OTHER_SUPPORT: ["I went to the health visitor clinic with her."],
}


def build_outcomes(now: dt.datetime) -> None:
    rng = random.Random(SEED)
    today = now.date()
    supports: list[Any] = list(
        PeerSupport.objects.filter(status__in=[Status.ACTIVE, Status.PAUSED, Status.ENDED])
        .annotate(
            first=Min("contacts__occurred_at", filter=Q(contacts__successful=True)),
            n=Count("contacts", filter=Q(contacts__successful=True)),
        )
        .filter(n__gt=0)
        .order_by("pk")
    )
    workers = _workers({ps.pk for ps in supports})
    decisions, goals, wordings, ratings = [], [], [], []
    plan: list[tuple[Goal, list[tuple[dt.date, int, str]], str, str | None]] = []
    for ps in supports:
        worker = workers.get(ps.pk)
        if worker is None:
            continue
        first = ps.first.date()
        roll = rng.random()
        if roll > 0.75:
            continue  # not asked yet
        agreed = roll < 0.5
        decided = min(first + dt.timedelta(days=rng.randint(0, 14)), today)
        decisions.append(
            GoalsDecision(
                peer_support=ps,
                choice=GoalsDecision.Choice.AGREED if agreed else GoalsDecision.Choice.DECLINED,
                decided_on=decided,
                recorded_by_id=worker,
                recorded_at=now,
            )
        )
        if not agreed:
            continue
        last = ps.status_changed_on if ps.status == Status.ENDED else today
        for text in rng.sample(GOALS, rng.randint(1, 3)):
            goal = Goal(peer_support=ps, set_on=decided, created_by_id=worker, created_at=now)
            score, day = rng.randint(0, 4), decided
            scored: list[tuple[dt.date, int, str]] = []
            stage: str = GoalRating.Stage.START
            while day <= last:
                scored.append((day, score, stage))
                day += dt.timedelta(days=rng.randint(35, 56))
                score = max(0, min(10, score + rng.choice([-1, 0, 1, 2, 2, 3])))
                stage = GoalRating.Stage.REVIEW
            if ps.status == Status.ENDED and len(scored) > 1:
                scored[-1] = (scored[-1][0], scored[-1][1], GoalRating.Stage.END)
            if ps.status == Status.ENDED:
                goal.ended_on, goal.end_reason = last, Goal.Ended.SUPPORT_ENDED
            goals.append(goal)
            plan.append((goal, scored, text, REWORDED.get(text)))
    GoalsDecision.objects.bulk_create(decisions, batch_size=500)
    Goal.objects.bulk_create(goals, batch_size=500)
    for goal, scored, text, reworded in plan:
        wordings.append(
            GoalWording(
                goal=goal, text=text, from_on=goal.set_on, written_by_id=goal.created_by_id, written_at=now
            )
        )
        if reworded and len(scored) > 2:
            wordings.append(
                GoalWording(
                    goal=goal,
                    text=reworded,
                    from_on=scored[1][0],
                    written_by_id=goal.created_by_id,
                    written_at=now,
                )
            )
        ratings += [
            GoalRating(
                goal=goal, rated_on=d, score=s, stage=st, recorded_by_id=goal.created_by_id, recorded_at=now
            )
            for d, s, st in scored
        ]
    GoalWording.objects.bulk_create(wordings, batch_size=500)
    GoalRating.objects.bulk_create(ratings, batch_size=1000)
    _feedback(rng, supports, workers, now)
    _stories(rng, now)


def _workers(peer_support_ids: set[int]) -> dict[int, int]:
    """Each relationship's first peer worker: she is the one who set goals and asked for feedback."""
    first: dict[int, int] = {}
    for ps_id, user_id in (
        Allocation.objects.filter(peer_support_id__in=peer_support_ids)
        .order_by("started_on", "pk")
        .values_list("peer_support_id", "peer_worker_id")
    ):
        first.setdefault(ps_id, user_id)
    return first


def _feedback(rng: random.Random, supports: list[Any], workers: dict[int, int], now: dt.datetime) -> None:
    responses, links, answers_for = [], [], []
    for ps in supports:
        worker = workers.get(ps.pk)
        if worker is None or ps.n < 3 or rng.random() > 0.35:
            continue
        given = min(ps.first.date() + dt.timedelta(days=rng.randint(20, 200)), now.date())
        anonymous = rng.random() < 0.3
        herself = rng.random() < 0.6
        if herself:
            made = dt.datetime.combine(given, dt.time(10), tzinfo=now.tzinfo) - dt.timedelta(days=2)
            links.append(
                FeedbackLink(
                    peer_support=ps,
                    token_hash=hash_token(secrets.token_urlsafe(24)),
                    created_by_id=worker,
                    created_at=made,
                    expires_at=made + dt.timedelta(days=14),
                    used_at=made + dt.timedelta(days=2),
                )
            )
        responses.append(
            FeedbackResponse(
                service_id=ps.service_id,
                peer_support=None if anonymous else ps,
                how=FeedbackResponse.How.HERSELF if herself else FeedbackResponse.How.WITH_PEER_WORKER,
                anonymous=anonymous,
                given_on=given.replace(day=1) if anonymous else given,
            )
        )
        answers_for.append(
            {
                item: (
                    None if rng.random() < 0.1 else rng.choice([3, 4, 4, 5, 5, 5]),
                    rng.choice(TEXTS[item]) if rng.random() < 0.25 else "",
                )
                for item in Item.values
            }
        )
    # A few links still waiting for her, and one that ran out.
    for ps in supports[:6]:
        worker = workers.get(ps.pk)
        if worker is not None:
            made = now - dt.timedelta(days=rng.choice([1, 3, 30]))
            links.append(
                FeedbackLink(
                    peer_support=ps,
                    token_hash=hash_token(secrets.token_urlsafe(24)),
                    created_by_id=worker,
                    created_at=made,
                    expires_at=made + dt.timedelta(days=14),
                )
            )
    FeedbackLink.objects.bulk_create(links, batch_size=500)
    FeedbackResponse.objects.bulk_create(responses, batch_size=500)
    FeedbackAnswer.objects.bulk_create(
        [
            FeedbackAnswer(response=r, item=item, score=score, text=text)
            for r, answers in zip(responses, answers_for, strict=True)
            for item, (score, text) in answers.items()
            if score is not None or text
        ],
        batch_size=1000,
    )


def _stories(rng: random.Random, now: dt.datetime) -> None:
    themes = {t.slug: t for t in Theme.objects.all()}
    coordinators = dict(
        Membership.objects.filter(role=Role.COORDINATOR, active=True)
        .order_by("pk")
        .values_list("service_id", "user_id")
    )
    stories: list[Story] = []
    consents: list[StoryConsent] = []
    links: list[tuple[Story, list[Theme]]] = []
    for service in Service.objects.filter(pk__in=coordinators).order_by("pk"):
        recorder = coordinators[service.pk]
        mine: list[StoryConsent] = []
        for n, (teller, quote, tags) in enumerate(QUOTES):
            on = now.date() - dt.timedelta(days=rng.randint(10, 350))
            story = Story(
                service=service, teller=teller, quote=quote, recorded_by_id=recorder, recorded_on=on
            )
            stories.append(story)
            links.append((story, [themes[t] for t in tags if t in themes]))
            scopes = [Scope.SERVICE]
            scopes += [Scope.COMMISSIONERS] if n % 5 != 4 else []
            scopes += [Scope.PUBLIC] if n % 3 == 0 else []
            mine += [StoryConsent(story=story, scope=s, given_on=on, recorded_by_id=recorder) for s in scopes]
        # One mother changed her mind about reports to commissioners.
        withdrawn = next(c for c in mine if c.scope == Scope.COMMISSIONERS)
        withdrawn.withdrawn_on = now.date() - dt.timedelta(days=5)
        consents += mine
    Story.objects.bulk_create(stories)
    for story, story_themes in links:
        story.themes.set(story_themes)
    StoryConsent.objects.bulk_create(consents)
    chosen: dict[int, list[Story]] = defaultdict(list)
    for c in consents:
        if (
            c.scope == Scope.COMMISSIONERS
            and c.withdrawn_on is None
            and len(chosen[c.story.service_id]) < MAX_QUOTES - 1
        ):
            chosen[c.story.service_id].append(c.story)
    ReportQuote.objects.bulk_create(
        ReportQuote(service_id=sid, story=s, chosen_by_id=coordinators[sid], chosen_at=now)
        for sid, picked in chosen.items()
        for s in picked
    )
    # The withdrawn one had been chosen before she withdrew: the report now leaves it out.
    first_withdrawn = next(c for c in consents if c.withdrawn_on)
    if not ReportQuote.objects.filter(story=first_withdrawn.story).exists():
        ReportQuote.objects.create(
            service_id=first_withdrawn.story.service_id,
            story=first_withdrawn.story,
            chosen_by_id=coordinators[first_withdrawn.story.service_id],
            chosen_at=now - dt.timedelta(days=30),
        )
