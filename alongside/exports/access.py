"""Which rows an export may carry, for the role she is acting in (ADR 0002, ADR 0048).

Every person-level query starts from the helper the screen pages use for the same records
(alongside/support/access.py, alongside/training/access.py), so an export can never carry more
than she could open on screen; some narrow it further:

- SERVICE: those who manage the team (co-ordinators and service managers): the service's
  caseload, contacts, groups and registers, and its workforce;
- OWN: a peer worker: the people she supports now (as "My people" shows them), their referrals,
  her allocations, the contacts she recorded, the sessions she led and their attendance;
- REFERRED: a clinician: the people she referred, and their referrals;
- NONE: everyone else (an administrator, a light-touch volunteer; commissioners and national
  reviewers are refused the page before it is reached): no person-level export.
"""

from enum import StrEnum

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from alongside.accounts.rules import AGGREGATE_ONLY_ROLES, Perm, has_perm
from alongside.accounts.scope import is_peer_worker, sees_person_level
from alongside.organisations.models import Membership, Role
from alongside.people.models import Consent, Person
from alongside.support import access as support_access
from alongside.support.models import Allocation, Contact, Group, GroupSession, PeerSupport
from alongside.training import access as training_access
from alongside.training.models import TrainingRecord


class Reach(StrEnum):
    SERVICE = "service"
    OWN = "own"
    REFERRED = "referred"
    NONE = "none"


def reach_of(membership: Membership | None) -> Reach:
    if membership is None or not sees_person_level(membership):
        return Reach.NONE
    if has_perm(membership.role, Perm.MANAGE_TEAM):
        return Reach.SERVICE
    if is_peer_worker(membership):
        return Reach.OWN
    if membership.role == Role.CLINICIAN:
        return Reach.REFERRED
    return Reach.NONE


def peer_supports_for_export(membership: Membership | None) -> QuerySet[PeerSupport]:
    """The referrals (peer support rows) she may export."""
    reach = reach_of(membership)
    if reach == Reach.NONE:
        return PeerSupport.objects.none()
    assert membership is not None
    supports = support_access.peer_supports_for_user(membership)
    if reach == Reach.REFERRED:
        supports = supports.filter(referred_by_id=membership.user_id)
    return supports


def people_for_export(membership: Membership | None) -> QuerySet[Person]:
    """The people she may export, each with the day her consent in force was given (blank when
    she has none, or withdrew it: an export never carries a consent that is not in force)."""
    reach = reach_of(membership)
    if reach == Reach.NONE:
        return Person.objects.none()
    assert membership is not None
    people = support_access.people_for_user(membership)
    if reach == Reach.REFERRED:
        people = people.filter(Exists(peer_supports_for_export(membership).filter(person_id=OuterRef("pk"))))
    today = timezone.localdate()
    in_force = Consent.objects.filter(person_id=OuterRef("pk")).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=today)
    )
    return people.annotate(
        consent_given_on=Subquery(in_force.order_by("-given_on", "-pk").values("given_on")[:1])
    )


def allocations_for_export(membership: Membership | None) -> QuerySet[Allocation]:
    """The allocations of the referrals she may export; a peer worker's own only."""
    reach = reach_of(membership)
    if reach not in (Reach.SERVICE, Reach.OWN):
        return Allocation.objects.none()
    assert membership is not None
    allocations = Allocation.objects.filter(peer_support__in=peer_supports_for_export(membership))
    if reach == Reach.OWN:
        allocations = allocations.filter(peer_worker_id=membership.user_id)
    return allocations


def contacts_for_export(membership: Membership | None) -> QuerySet[Contact]:
    """Contacts, not counting a register's (those are the attendance sheet); a peer worker's own."""
    reach = reach_of(membership)
    if reach not in (Reach.SERVICE, Reach.OWN):
        return Contact.objects.none()
    assert membership is not None
    contacts = support_access.contacts_for_user(membership).filter(group_session__isnull=True)
    if reach == Reach.OWN:
        contacts = contacts.filter(peer_worker_id=membership.user_id)
    return contacts


def sessions_for_export(membership: Membership | None) -> QuerySet[GroupSession]:
    """The service's group sessions; for a peer worker, those she led."""
    reach = reach_of(membership)
    if reach not in (Reach.SERVICE, Reach.OWN):
        return GroupSession.objects.none()
    assert membership is not None
    sessions = support_access.group_sessions_for_user(membership)
    if reach == Reach.OWN:
        sessions = sessions.filter(led_by_id=membership.user_id)
    return sessions


def groups_for_export(membership: Membership | None) -> QuerySet[Group]:
    """The service's groups; for a peer worker, those of the sessions she led."""
    reach = reach_of(membership)
    if reach not in (Reach.SERVICE, Reach.OWN):
        return Group.objects.none()
    assert membership is not None
    groups = support_access.groups_for_user(membership)
    if reach == Reach.OWN:
        groups = groups.filter(pk__in=sessions_for_export(membership).values("group_id"))
    return groups


def attendance_for_export(membership: Membership | None) -> QuerySet[Contact]:
    """Who came to the sessions exported: the contacts a register makes. Only those of people in
    the same export (her contacts_for_user), so every reference in it can be followed."""
    if reach_of(membership) not in (Reach.SERVICE, Reach.OWN):
        return Contact.objects.none()
    return support_access.contacts_for_user(membership).filter(
        group_session__in=sessions_for_export(membership)
    )


def staff_for_export(membership: Membership | None) -> QuerySet[Membership]:
    """Every role held in the service, active or not, for those who manage its team; not the
    commissioners and national reviewers whose role names the service only to place them."""
    if reach_of(membership) != Reach.SERVICE:
        return Membership.objects.none()
    assert membership is not None
    return Membership.objects.filter(service_id=membership.service_id).exclude(role__in=AGGREGATE_ONLY_ROLES)


def training_for_export(membership: Membership | None) -> QuerySet[TrainingRecord]:
    """The training records of the service's team, as its training page reads them."""
    if reach_of(membership) != Reach.SERVICE:
        return TrainingRecord.objects.none()
    assert membership is not None
    return training_access.training_records_for_user(membership.user, membership)
