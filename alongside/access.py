"""Every lookup of person-level data goes through these helpers (ADR 0002).

They scope by the membership the user is acting in (request.membership):
- a peer worker sees the people she is allocated to, in that service;
- a co-ordinator, clinician, service manager or admin sees her own service;
- a commissioner or national reviewer sees no person at all.
"Missing" and "not yours" both raise Http404, so a URL never tells which it was.
Views must not query person-level models' .objects themselves: a test enforces it.
"""

from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from alongside.accounts.models import User
from alongside.accounts.rules import PERSON_LEVEL_ROLES
from alongside.directory.models import FollowUp, Signposting
from alongside.network.models import DirectoryEntry, GroupMember
from alongside.organisations.models import Membership, Role
from alongside.outcomes.models import (
    FeedbackAnswer,
    FeedbackLink,
    FeedbackResponse,
    Goal,
    GoalRating,
    GoalsDecision,
    GoalWording,
    Story,
    StoryConsent,
)
from alongside.people.models import Family, Person
from alongside.recruitment.models import Candidate, CandidateStep
from alongside.reports.models import ReportQuote
from alongside.safety.access import shared_checkins_q
from alongside.safety.models import (
    Alert,
    ArrivalBriefing,
    BriefingEntry,
    DepartureDebrief,
    Escalation,
    GroundRules,
    Readiness,
    Shift,
    Visit,
    WellbeingCheckIn,
    WellbeingPlan,
    WellbeingShare,
)
from alongside.support.models import OPEN_STATUSES, Allocation, Contact, Group, GroupSession, PeerSupport
from alongside.timetable.models import CalendarFeed, Slot
from alongside.training.models import TrainingRecord
from alongside.transitions.models import ApiCall, PersonReference, Transition, TransitionNotice
from alongside.workforce.models import Action as SupervisionAction
from alongside.workforce.models import NonPeerDuty, Reflection, RoleDescription, Supervision

PERSON_LEVEL_MODELS = (
    Person,
    Family,
    PeerSupport,
    Allocation,
    Contact,
    GroupSession,
    Shift,
    ArrivalBriefing,
    BriefingEntry,
    DepartureDebrief,
    Escalation,
    WellbeingCheckIn,
    Visit,
    Alert,
    GroundRules,
    Readiness,
    Signposting,
    FollowUp,
    Supervision,
    Reflection,
    SupervisionAction,
    TrainingRecord,
    RoleDescription,
    NonPeerDuty,
    Transition,
    TransitionNotice,
    PersonReference,
    ApiCall,
    WellbeingPlan,
    WellbeingShare,
    Candidate,
    CandidateStep,
    DirectoryEntry,
    GroupMember,
    Slot,
    CalendarFeed,
    GoalsDecision,
    Goal,
    GoalWording,
    GoalRating,
    FeedbackLink,
    FeedbackResponse,
    FeedbackAnswer,
    Story,
    StoryConsent,
    ReportQuote,
)


def _sees_person_level(membership: Membership | None) -> bool:
    return membership is not None and membership.role in PERSON_LEVEL_ROLES


def _is_peer_worker(membership: Membership) -> bool:
    return membership.role == Role.PEER_WORKER


def _open_allocation_to(membership: Membership, peer_support_ref: str = "pk") -> Exists:
    return Exists(
        Allocation.objects.filter(
            peer_support=OuterRef(peer_support_ref), peer_worker_id=membership.user_id, ended_on__isnull=True
        )
    )


def peer_supports_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    if not _sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    qs = PeerSupport.objects.filter(service_id=membership.service_id)
    if _is_peer_worker(membership):
        qs = qs.filter(_open_allocation_to(membership))
    return qs


def get_peer_support_for_user(membership: Membership | None, pk: int) -> PeerSupport:
    found = peer_supports_for_user(membership).select_related("person", "service").filter(pk=pk).first()
    if found is None:
        raise Http404("No such peer support relationship")
    return found


def people_for_user(membership: Membership | None) -> QuerySet[Person]:
    if not _sees_person_level(membership):
        return Person.objects.none()
    assert membership is not None
    if _is_peer_worker(membership):
        return Person.objects.filter(
            Exists(peer_supports_for_user(membership).filter(person_id=OuterRef("pk")))
        )
    # The people the service holds a record for, and those it supports: someone accepted here at a
    # transition keeps her record at the service she came from (alongside/transitions).
    supported_here = Exists(
        PeerSupport.objects.filter(person_id=OuterRef("pk"), service_id=membership.service_id)
    )
    return Person.objects.filter(Q(service_id=membership.service_id) | supported_here)


def get_person_for_user(membership: Membership | None, pk: int) -> Person:
    found = people_for_user(membership).select_related("ethnic_category", "family").filter(pk=pk).first()
    if found is None:
        raise Http404("No such person")
    return found


def families_for_user(membership: Membership | None) -> QuerySet[Family]:
    return Family.objects.filter(Exists(people_for_user(membership).filter(family_id=OuterRef("pk"))))


def contacts_for_user(membership: Membership | None) -> QuerySet[Contact]:
    return Contact.objects.filter(peer_support__in=peer_supports_for_user(membership))


def group_sessions_for_user(membership: Membership | None) -> QuerySet[GroupSession]:
    """Groups are a service's: anyone there who may see people may see its groups."""
    if not _sees_person_level(membership):
        return GroupSession.objects.none()
    assert membership is not None
    return GroupSession.objects.filter(service_id=membership.service_id)


def get_group_session_for_user(membership: Membership | None, pk: int) -> GroupSession:
    found = group_sessions_for_user(membership).select_related("led_by").filter(pk=pk).first()
    if found is None:
        raise Http404("No such group session")
    return found


def register_candidates_for_user(membership: Membership | None) -> QuerySet[PeerSupport]:
    """Who can be ticked on a group register: anyone in open peer support at the service.

    Groups are open to everyone the service supports, so the register lists their names
    (and nothing else) even to a peer worker who is not allocated to them (ADR 0002).
    """
    if not _sees_person_level(membership):
        return PeerSupport.objects.none()
    assert membership is not None
    return PeerSupport.objects.filter(service_id=membership.service_id, status__in=OPEN_STATUSES)


def colleagues_for_user(membership: Membership | None, roles: Sequence[str]) -> QuerySet[User]:
    """People holding one of `roles` in the acting service: companions, contacts, supervisors."""
    if membership is None:
        return User.objects.none()
    return (
        User.objects.filter(
            memberships__service_id=membership.service_id,
            memberships__role__in=roles,
            memberships__active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "pk")
    )


def peer_workers_for_user(
    membership: Membership | None, *, include_volunteers: bool = False
) -> QuerySet[Membership]:
    """Peer workers in the acting service (and light-touch volunteers when asked for)."""
    if membership is None:
        return Membership.objects.none()
    roles = [Role.PEER_WORKER, Role.COORDINATOR] + (
        [Role.LIGHT_TOUCH_VOLUNTEER] if include_volunteers else []
    )
    return Membership.objects.filter(
        service_id=membership.service_id, role__in=roles, active=True
    ).select_related("user", "host_organisation")


def allocations_prefetch(*, open_only: bool, to_attr: str | None = None) -> Prefetch:
    """Prefetch the peer workers of peer support rows that were themselves fetched through a helper."""
    qs = Allocation.objects.select_related("peer_worker")
    if open_only:
        qs = qs.filter(ended_on__isnull=True)
    return Prefetch("allocations", queryset=qs, to_attr=to_attr)


# Safety (principle 1) ----------------------------------------------------------------------


def shifts_for_user(membership: Membership | None) -> QuerySet[Shift]:
    """A peer worker sees her own shifts; ward staff, co-ordinators and managers their service's."""
    if not _sees_person_level(membership):
        return Shift.objects.none()
    assert membership is not None
    qs = Shift.objects.filter(service_id=membership.service_id)
    if _is_peer_worker(membership):
        qs = qs.filter(peer_worker_id=membership.user_id)
    return qs


def get_shift_for_user(membership: Membership | None, pk: int) -> Shift:
    found = shifts_for_user(membership).select_related("peer_worker", "service").filter(pk=pk).first()
    if found is None:
        raise Http404("No such shift")
    return found


def ward_people_for_user(membership: Membership | None) -> QuerySet[Person]:
    """On a ward a peer worker meets every mother there, not only those allocated to her: on a
    ward service, staff and peer workers may name anyone in open peer support (names only, as for
    group registers; ADR 0002). Elsewhere, the usual scope applies."""
    if not _sees_person_level(membership):
        return Person.objects.none()
    assert membership is not None
    if not membership.service.has_wards:
        return people_for_user(membership)
    return Person.objects.filter(
        peer_supports__service_id=membership.service_id, peer_supports__status__in=OPEN_STATUSES
    ).distinct()


def get_own_shift_for_user(membership: Membership | None, pk: int) -> Shift:
    """Only she signs out of her shift: anyone else gets 404, whatever else they may see."""
    if membership is None:
        raise Http404("No such shift")
    found = shifts_for_user(membership).filter(pk=pk, peer_worker_id=membership.user_id).first()
    if found is None:
        raise Http404("No such shift")
    return found


def escalations_for_user(membership: Membership | None) -> QuerySet[Escalation]:
    """Clinical staff, co-ordinators and managers of the service; a peer worker those she raised."""
    if not _sees_person_level(membership):
        return Escalation.objects.none()
    assert membership is not None
    qs = Escalation.objects.filter(service_id=membership.service_id)
    if _is_peer_worker(membership):
        qs = qs.filter(raised_by_id=membership.user_id)
    return qs


def get_escalation_for_user(membership: Membership | None, pk: int) -> Escalation:
    found = (
        escalations_for_user(membership)
        .select_related("service", "person", "raised_by")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such concern")
    return found


def visits_for_user(membership: Membership | None) -> QuerySet[Visit]:
    """A peer worker sees her own visits; a co-ordinator or manager the service's; anyone named
    as the lone-working contact for a visit sees that visit."""
    if not _sees_person_level(membership):
        return Visit.objects.none()
    assert membership is not None
    in_service = Q(peer_support__service_id=membership.service_id)
    if membership.role in (Role.COORDINATOR, Role.SERVICE_MANAGER, Role.ADMIN):
        return Visit.objects.filter(in_service)
    return Visit.objects.filter(
        in_service & (Q(peer_worker_id=membership.user_id) | Q(named_contact_id=membership.user_id))
    )


def get_visit_for_user(membership: Membership | None, pk: int) -> Visit:
    found = (
        visits_for_user(membership)
        .select_related(
            "peer_support__person", "peer_support__service", "peer_worker", "companion", "named_contact"
        )
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404("No such visit")
    return found


def wellbeing_for_user(user: object) -> QuerySet[WellbeingCheckIn]:
    """A peer worker's wellbeing records are hers. Others read one only while she shares it: the
    supervisor she chose for it, or a colleague she shares all her check-ins with (ADR 0010).
    No role sees them: not a co-ordinator, manager or admin (ADR 0006)."""
    user_id = getattr(user, "pk", None)
    if user_id is None:
        return WellbeingCheckIn.objects.none()
    return WellbeingCheckIn.objects.filter(
        Q(peer_worker_id=user_id) | Q(shared_with_id=user_id) | shared_checkins_q(user_id)
    )


def get_wellbeing_for_user(user: object, pk: int) -> WellbeingCheckIn:
    found = wellbeing_for_user(user).select_related("peer_worker", "shared_with").filter(pk=pk).first()
    if found is None:
        raise Http404("No such record")
    return found


def groups_for_user(membership: Membership | None) -> QuerySet[Group]:
    if not _sees_person_level(membership):
        return Group.objects.none()
    assert membership is not None
    return Group.objects.filter(service_id=membership.service_id)


def get_group_for_user(membership: Membership | None, pk: int) -> Group:
    found = groups_for_user(membership).filter(pk=pk).first()
    if found is None:
        raise Http404("No such group")
    return found


def readiness_prefetch() -> Prefetch:
    """A team member's own word on her readiness, for the team page of her co-ordinator: she
    writes it for them (ADR 0006). Used only on memberships already scoped to the service."""
    return Prefetch(
        "user__readiness", queryset=Readiness.objects.order_by("-recorded_at"), to_attr="readiness_history"
    )
