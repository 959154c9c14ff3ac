"""Which goals, feedback and stories each user may see (ADR 0002). Views use only these.

Goals and feedback belong to a peer support relationship: whoever may see the relationship
(alongside.support.access.peer_supports_for_user) may see them. Stories are the service's: a peer worker
sees those she recorded or told and those of the people she supports; the service's other staff
see all of its stories. "Missing" and "not yours" both raise Http404.
"""

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from alongside.accounts.rules import PERSON_LEVEL_ROLES
from alongside.organisations.models import Membership, Role
from alongside.outcomes.models import FeedbackResponse, Goal, Story, StoryConsent
from alongside.support import access as support_access
from alongside.support.models import Allocation


def goals_for_user(membership: Membership | None) -> QuerySet[Goal]:
    return Goal.objects.filter(peer_support__in=support_access.peer_supports_for_user(membership))


def get_goal_for_user(membership: Membership | None, pk: int) -> Goal:
    found = goals_for_user(membership).select_related("peer_support__person").filter(pk=pk).first()
    if found is None:
        raise Http404("No such goal")
    return found


def feedback_for_user(membership: Membership | None) -> QuerySet[FeedbackResponse]:
    """Named feedback from the relationships she may see; anonymous feedback never appears by person."""
    return FeedbackResponse.objects.filter(peer_support__in=support_access.peer_supports_for_user(membership))


def stories_for_user(membership: Membership | None) -> QuerySet[Story]:
    if membership is None or membership.role not in PERSON_LEVEL_ROLES:
        return Story.objects.none()
    qs = Story.objects.filter(service_id=membership.service_id)
    if membership.role == Role.PEER_WORKER:
        qs = qs.filter(
            Q(recorded_by_id=membership.user_id)
            | Q(told_by_id=membership.user_id)
            | Q(person_id__in=_her_people_ids(membership))
        )
    return qs


def _her_people_ids(membership: Membership) -> QuerySet[Any]:
    """The ids of the people a peer worker supports (alongside.support.access.people_for_user for her).

    Her peer supports (alongside.support.access.peer_supports_for_user, the rule itself), narrowed first to
    those she has an open allocation to, which that rule requires anyway: the database then starts
    from her few dozen allocations rather than testing every person or peer support in the nation."""
    hers = Allocation.objects.filter(peer_worker_id=membership.user_id, ended_on__isnull=True)
    return (
        support_access.peer_supports_for_user(membership)
        .filter(pk__in=hers.values("peer_support_id"))
        .values("person_id")
    )


def get_story_for_user(membership: Membership | None, pk: int) -> Story:
    found = stories_for_user(membership).select_related("person", "told_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such story")
    return found


def get_story_consent_for_user(membership: Membership | None, pk: int) -> StoryConsent:
    found = (
        StoryConsent.objects.filter(story__in=stories_for_user(membership), pk=pk)
        .select_related("story")
        .first()
    )
    if found is None:
        raise Http404("No such consent")
    return found
