"""Writes for goals, feedback and stories. Each validates first and saves nothing on bad input,
runs in one transaction, and writes the audit trail (what happened, never her words)."""

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Membership
from alongside.outcomes.models import (
    HIGHEST,
    LOWEST,
    MAX_GOALS,
    FeedbackAnswer,
    FeedbackLink,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    GoalWording,
    Item,
    OutcomeSettings,
    Scope,
    Story,
    StoryConsent,
    Theme,
    hash_token,
)
from alongside.support.models import PeerSupport


def _not_future(field: str, day: dt.date) -> None:
    if day > timezone.localdate():
        raise refused(field, "The date must be today or in the past")


# Goals -------------------------------------------------------------------------------------


def goals_agreed(peer_support: PeerSupport) -> bool | None:
    """True if they agreed goals would help, False if they decided not, None if not yet asked."""
    latest = peer_support.goals_decisions.first()
    return None if latest is None else latest.choice == GoalsDecision.Choice.AGREED


def decide(
    *, actor: User, membership: Membership, peer_support: PeerSupport, choice: str, decided_on: dt.date
) -> GoalsDecision:
    """Record whether goals would help. Either answer is respected; it can change later."""
    _not_future("decided_on", decided_on)
    if choice not in GoalsDecision.Choice.values:
        raise refused("choice", "Choose whether you agreed goals would help")
    with transaction.atomic():
        decision = GoalsDecision.objects.create(
            peer_support=peer_support,
            choice=choice,
            decided_on=decided_on,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(actor, "create", decision, membership=membership, summary=decision.get_choice_display())
    return decision


def open_goals(peer_support: PeerSupport) -> list[Goal]:
    return list(peer_support.goals.filter(ended_on__isnull=True))


def _check_rating(score: Any, rated_on: dt.date, goal_set_on: dt.date) -> None:
    if not isinstance(score, int) or not LOWEST <= score <= HIGHEST:
        raise refused("score", f"Choose a number from {LOWEST} to {HIGHEST}")
    _not_future("rated_on", rated_on)
    if rated_on < goal_set_on:
        raise refused(
            "rated_on", f"The rating date cannot be before the goal was set ({goal_set_on:%-d %B %Y})"
        )


def goal_set(
    *,
    actor: User,
    membership: Membership,
    peer_support: PeerSupport,
    text: str,
    set_on: dt.date,
    score: int,
    replaces: Goal | None = None,
) -> Goal:
    """A new goal in her words, with its first rating. Only where goals were agreed; at most three."""
    text = text.strip()
    if goals_agreed(peer_support) is not True:
        raise refused(None, "Goals are set only where she and her peer worker have agreed they would help")
    if not text:
        raise refused("text", "Write the goal in her own words")
    _not_future("set_on", set_on)
    _check_rating(score, set_on, set_on)
    if replaces is not None and (replaces.peer_support_id != peer_support.pk or replaces.ended_on):
        raise refused(None, "Only one of her current goals can be replaced")
    if replaces is None and len(open_goals(peer_support)) >= MAX_GOALS:
        raise refused(
            None, f"She already has {MAX_GOALS} goals: reword or replace one, or mark one as finished"
        )
    now = timezone.now()
    with transaction.atomic():
        if replaces is not None:
            replaces.ended_on, replaces.end_reason = set_on, Goal.Ended.REPLACED
            replaces.save(update_fields=["ended_on", "end_reason"])
        goal = Goal.objects.create(
            peer_support=peer_support, set_on=set_on, replaces=replaces, created_by=actor, created_at=now
        )
        GoalWording.objects.create(goal=goal, text=text, from_on=set_on, written_by=actor, written_at=now)
        GoalRating.objects.create(
            goal=goal,
            rated_on=set_on,
            score=score,
            stage=GoalRating.Stage.START,
            recorded_by=actor,
            recorded_at=now,
        )
        audit.record(
            actor, "create", goal, membership=membership, summary="replaced a goal" if replaces else ""
        )
    return goal


def goal_reword(
    *, actor: User, membership: Membership, goal: Goal, text: str, from_on: dt.date
) -> GoalWording:
    """Her new words for the same goal: the ratings carry on, the old wording stays in its history."""
    text = text.strip()
    if goal.ended_on:
        raise refused(None, "This goal has finished: set a new one instead")
    if not text:
        raise refused("text", "Write the goal in her own words")
    _not_future("from_on", from_on)
    if from_on < goal.set_on:
        raise refused("from_on", f"The date cannot be before the goal was set ({goal.set_on:%-d %B %Y})")
    with transaction.atomic():
        wording = GoalWording.objects.create(
            goal=goal, text=text, from_on=from_on, written_by=actor, written_at=timezone.now()
        )
        audit.record(actor, "update", goal, membership=membership, summary="reworded")
    return wording


def goal_rate(
    *, actor: User, membership: Membership, goal: Goal, score: int, rated_on: dt.date, stage: str
) -> GoalRating:
    if goal.ended_on and rated_on > goal.ended_on:
        raise refused("rated_on", f"The goal finished on {goal.ended_on:%-d %B %Y}")
    _check_rating(score, rated_on, goal.set_on)
    if stage not in GoalRating.Stage.values:
        raise refused("stage", "Choose when this rating was made")
    with transaction.atomic():
        rating = GoalRating.objects.create(
            goal=goal,
            rated_on=rated_on,
            score=score,
            stage=stage,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(actor, "create", rating, membership=membership)
    return rating


def goal_end(*, actor: User, membership: Membership, goal: Goal, reason: str, ended_on: dt.date) -> Goal:
    if goal.ended_on:
        raise refused(None, "This goal has already finished")
    if reason not in Goal.Ended.values or reason == Goal.Ended.REPLACED:
        raise refused("reason", "Choose why the goal has finished")
    _not_future("ended_on", ended_on)
    if ended_on < goal.set_on:
        raise refused("ended_on", f"The date cannot be before the goal was set ({goal.set_on:%-d %B %Y})")
    with transaction.atomic():
        goal.ended_on, goal.end_reason = ended_on, reason
        goal.save(update_fields=["ended_on", "end_reason"])
        audit.record(actor, "update", goal, membership=membership, summary=f"finished: {reason}")
    return goal


# Feedback ----------------------------------------------------------------------------------


def feedback_link_create(
    *, actor: User, membership: Membership, peer_support: PeerSupport
) -> tuple[FeedbackLink, str]:
    """A one-time link; the secret is returned once, to show her, and only its hash is kept."""
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    days = OutcomeSettings.for_service(peer_support.service_id).feedback_link_days
    with transaction.atomic():
        link = FeedbackLink.objects.create(
            peer_support=peer_support,
            token_hash=hash_token(token),
            created_by=actor,
            created_at=now,
            expires_at=now + dt.timedelta(days=days),
        )
        audit.record(actor, "create", link, membership=membership)
    return link, token


def usable_link(token: str) -> FeedbackLink | None:
    link = FeedbackLink.objects.filter(token_hash=hash_token(token)).first()
    return link if link is not None and link.usable(timezone.now()) else None


def _answers(response: FeedbackResponse, answers: Mapping[str, tuple[int | None, str]]) -> None:
    unknown = set(answers) - set(Item.values)
    if unknown:
        raise refused(None, f"Unknown feedback questions: {', '.join(sorted(unknown))}")
    FeedbackAnswer.objects.bulk_create(
        FeedbackAnswer(response=response, item=item, score=score, text=text.strip())
        for item, (score, text) in answers.items()
        if score is not None or text.strip()
    )


def _given_on(anonymous: bool) -> dt.date:
    """An anonymous answer keeps only its month, so its date cannot be matched to a visit."""
    today = timezone.localdate()
    return today.replace(day=1) if anonymous else today


def _check_answers(answers: Mapping[str, tuple[int | None, str]]) -> None:
    if not any(score is not None or text.strip() for score, text in answers.values()):
        raise refused(None, "Answer at least one question, or leave the form without sending it")
    for item, (score, _) in answers.items():
        if score is not None and not 1 <= score <= 5:
            raise refused(item, "Choose one of the answers")


def feedback_from_link(
    *, token: str, answers: Mapping[str, tuple[int | None, str]], anonymous: bool
) -> FeedbackResponse | None:
    """Her own answers from a link. None (and nothing saved) if the link is unknown, used or expired."""
    _check_answers(answers)
    now = timezone.now()
    with transaction.atomic():
        link = (
            FeedbackLink.objects.select_for_update()
            .select_related("peer_support")
            .filter(token_hash=hash_token(token))
            .first()
        )
        if link is None or not link.usable(now):
            return None
        link.used_at = now
        link.save(update_fields=["used_at"])
        response = FeedbackResponse.objects.create(
            service_id=link.peer_support.service_id,
            peer_support=None if anonymous else link.peer_support,
            how=FeedbackResponse.How.HERSELF,
            anonymous=anonymous,
            given_on=_given_on(anonymous),
        )
        _answers(response, answers)
        # No person and no actor on the trail of an anonymous answer: only that a link was used.
        audit.record(None, "update", link, summary="feedback given")
    return response


def feedback_with_peer_worker(
    *,
    actor: User,
    membership: Membership,
    peer_support: PeerSupport,
    answers: Mapping[str, tuple[int | None, str]],
    anonymous: bool,
) -> FeedbackResponse:
    _check_answers(answers)
    with transaction.atomic():
        response = FeedbackResponse.objects.create(
            service_id=peer_support.service_id,
            peer_support=None if anonymous else peer_support,
            how=FeedbackResponse.How.WITH_PEER_WORKER,
            anonymous=anonymous,
            given_on=_given_on(anonymous),
        )
        _answers(response, answers)
        audit.record(actor, "create", response, membership=membership)
    return response


# Stories -----------------------------------------------------------------------------------


def story_create(
    *,
    actor: User,
    membership: Membership,
    fields: Mapping[str, Any],
    themes: Iterable[Theme],
    consents: Iterable[str],
    consent_on: dt.date,
) -> Story:
    """A story with the uses she consented to, each its own record. No consent, no story."""
    scopes = sorted(set(consents))
    if not scopes:
        raise refused(
            "consents", "Record at least one use she has agreed to: a story is kept only with consent"
        )
    if set(scopes) - set(Scope.values):
        raise refused("consents", "Choose from the uses listed")
    _not_future("consent_on", consent_on)
    with transaction.atomic():
        story = Story(service_id=membership.service_id, recorded_by=actor, recorded_on=consent_on, **fields)
        story.full_clean()
        story.save()
        story.themes.set(list(themes))
        StoryConsent.objects.bulk_create(
            StoryConsent(story=story, scope=s, given_on=consent_on, recorded_by=actor) for s in scopes
        )
        audit.record(actor, "create", story, membership=membership, summary=", ".join(scopes))
    return story


def consent_withdraw(
    *, actor: User, membership: Membership, consent: StoryConsent, withdrawn_on: dt.date
) -> StoryConsent:
    """From that day the story is left out of that use: every report made afterwards drops it."""
    if consent.withdrawn_on:
        raise refused(None, f"This consent was already withdrawn on {consent.withdrawn_on:%-d %B %Y}")
    _not_future("withdrawn_on", withdrawn_on)
    if withdrawn_on < consent.given_on:
        raise refused(
            "withdrawn_on", f"The date cannot be before consent was given ({consent.given_on:%-d %B %Y})"
        )
    with transaction.atomic():
        consent.withdrawn_on = withdrawn_on
        consent.save(update_fields=["withdrawn_on"])
        audit.record(
            actor, "update", consent.story, membership=membership, summary=f"withdrew {consent.scope}"
        )
    return consent
