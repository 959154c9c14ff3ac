"""Who may read a peer worker's wellbeing plan and check-ins (ADR 0006, ADR 0010).

They are hers. Someone else reads them only while she shares them with that person: a check-in
she shared with one supervisor, or a standing share (WellbeingShare) of her plan, her check-ins
or both. No role reads them otherwise: not a co-ordinator, a manager or an administrator.
A withdrawn share stops at once; a share also stops counting when the colleague no longer works
in the service it was made in. "Missing" and "not yours" both raise Http404.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from alongside.accounts.rules import COLLEAGUE_ROLES
from alongside.accounts.scope import found
from alongside.organisations.models import Membership
from alongside.wellbeing.models import Readiness, WellbeingCheckIn, WellbeingPlan, WellbeingShare


def _user_id(user: Any) -> int | None:
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", True) else None


def open_shares() -> QuerySet[WellbeingShare]:
    """Shares not withdrawn, whose colleague still works in the service they were made in."""
    still_there = Membership.objects.filter(
        user=OuterRef("shared_with"), service=OuterRef("service"), active=True
    )
    return WellbeingShare.objects.filter(Exists(still_there), withdrawn_at__isnull=True)


def shared_checkins_q(user_id: int) -> Q:
    """Check-ins whose owner shares all her check-ins with this user, now."""
    return Q(
        Exists(
            open_shares().filter(peer_worker=OuterRef("peer_worker"), shared_with_id=user_id, checkins=True)
        )
    )


def shares_with_me(user: Any) -> QuerySet[WellbeingShare]:
    """Who shares something with her, now."""
    user_id = _user_id(user)
    if user_id is None:
        return WellbeingShare.objects.none()
    return open_shares().filter(shared_with_id=user_id)


def get_share_with_me(user: Any, owner_pk: int) -> WellbeingShare:
    """What `owner_pk` shares with her now; 404 if nothing (never shared, or withdrawn)."""
    found = shares_with_me(user).select_related("peer_worker").filter(peer_worker_id=owner_pk).first()
    if found is None:
        raise Http404("Nothing shared")
    return found


def my_shares(user: Any) -> QuerySet[WellbeingShare]:
    """Everything she has shared, open and withdrawn: her own record of it."""
    user_id = _user_id(user)
    if user_id is None:
        return WellbeingShare.objects.none()
    return WellbeingShare.objects.filter(peer_worker_id=user_id)


def my_open_shares(user: Any) -> QuerySet[WellbeingShare]:
    """What she shares now, and with whom: the shares that let someone read her wellbeing today
    (not withdrawn, colleague still in the service). What her pages tell her she shares."""
    user_id = _user_id(user)
    if user_id is None:
        return WellbeingShare.objects.none()
    return open_shares().filter(peer_worker_id=user_id).select_related("shared_with")


def reading_all_my_checkins(user: Any) -> list[str]:
    """The names of colleagues who read every check-in of hers, now, for the check-in forms."""
    return [str(s.shared_with) for s in my_open_shares(user).filter(checkins=True)]


def get_my_open_share(user: Any, pk: int) -> WellbeingShare:
    found = my_shares(user).select_related("shared_with").filter(pk=pk, withdrawn_at__isnull=True).first()
    if found is None:
        raise Http404("No such share")
    return found


def own_plan(user: Any) -> WellbeingPlan | None:
    return WellbeingPlan.objects.filter(peer_worker_id=_user_id(user)).first()


def shared_plan(share: WellbeingShare) -> WellbeingPlan | None:
    """Her plan, for a share (from get_share_with_me) that includes it."""
    return WellbeingPlan.objects.filter(peer_worker_id=share.peer_worker_id).first() if share.plan else None


def shared_checkins(share: WellbeingShare) -> QuerySet[WellbeingCheckIn]:
    """Her check-ins, for a share (from get_share_with_me) that includes them."""
    if not share.checkins:
        return WellbeingCheckIn.objects.none()
    return WellbeingCheckIn.objects.filter(peer_worker_id=share.peer_worker_id)


def get_own_checkin(user: Any, pk: int) -> WellbeingCheckIn:
    """Only she changes whom her check-in is shared with."""
    found = WellbeingCheckIn.objects.filter(pk=pk, peer_worker_id=_user_id(user)).first()
    if found is None:
        raise Http404("No such record")
    return found


def with_roles(colleagues: QuerySet[Any], membership: Membership | None) -> QuerySet[Any]:
    """Colleagues (users of the acting service) each annotated with her role there, `role_here`,
    so she can tell whom she is choosing."""
    if membership is None:
        return colleagues
    role = Membership.objects.filter(
        user=OuterRef("pk"), service_id=membership.service_id, role__in=COLLEAGUE_ROLES, active=True
    ).values("role")[:1]
    return colleagues.annotate(role_here=Subquery(role))


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
    return found(wellbeing_for_user(user).select_related("peer_worker", "shared_with"), pk, "record")


def readiness_prefetch() -> Prefetch:
    """A team member's own word on her readiness, for the team page of her co-ordinator: she
    writes it for them (ADR 0006). Used only on memberships already scoped to the service."""
    return Prefetch(
        "user__readiness", queryset=Readiness.objects.order_by("-recorded_at"), to_attr="readiness_history"
    )
