"""Writes that span models: a transition and its notices, an acceptance, tokens and settings.

Each validates, runs in one transaction and writes the audit trail (ADR 0003). The clinician's
form and the clinical-systems API both record through transition_record(), so the rules are
the same whichever way an event arrives.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.notifications.models import OutboundEmail
from alongside.organisations.models import Membership, Role, Service
from alongside.people.models import Person
from alongside.support import services as support_services
from alongside.support.models import OPEN_STATUSES, Allocation, PeerSupport, Status, StatusChange
from alongside.transitions.models import (
    SERVICE_KIND_FOR,
    ApiCall,
    ApiToken,
    Destination,
    Kind,
    PersonReference,
    Transition,
    TransitionNotice,
    TransitionSettings,
)

MOST_DAYS_AHEAD = 31  # a planned discharge may be sent ahead of the day, but not months ahead
FEWEST_DAYS, MOST_DAYS = 7, 92  # the continuity window: a week to three months
ADMISSION_DESTINATIONS = (Destination.MBU, Destination.OUT_OF_AREA)
_DONE = {
    Kind.ADMISSION: "admitted to",
    Kind.DISCHARGE: "discharged to",
    Kind.TRANSFER: "transferred to",
}


@dataclass(frozen=True)
class ApiCaller:
    """Stands in for a membership in the audit trail when a clinical system calls: the role says
    it was the API, the service is the token's."""

    service_id: int
    role: str = "api"


def check_transition(
    *,
    from_service: Service,
    kind: str,
    destination: str,
    to_service: Service | None,
    occurred_on: dt.date,
) -> None:
    """The rules for any transition, from a form or the API. Raises ValidationError by field."""
    errors: dict[str, str] = {}
    if kind == Kind.ADMISSION and destination not in ADMISSION_DESTINATIONS:
        errors["destination"] = "An admission is to a mother and baby unit, or to a unit out of area"
    if to_service is not None:
        wanted = SERVICE_KIND_FOR.get(Destination(destination))
        if wanted is None:
            errors["to_service"] = (
                f"{Destination(destination).label} is not a service on Alongside: leave the service "
                "empty and give its name instead"
            )
        elif to_service.kind != wanted:
            errors["to_service"] = f"{to_service} is not a {Destination(destination).label.lower()}"
        elif to_service.pk == from_service.pk and kind != Kind.ADMISSION:
            errors["to_service"] = f"She cannot be {_DONE[Kind(kind)]} the service she is leaving"
    today = timezone.localdate()
    if occurred_on > today + dt.timedelta(days=MOST_DAYS_AHEAD):
        errors["occurred_on"] = (
            f"The date can be at most {MOST_DAYS_AHEAD} days ahead, for a planned discharge"
        )
    if errors:
        raise ValidationError(errors)


def transition_record(
    *,
    person: Person,
    from_service: Service,
    kind: str,
    destination: str,
    occurred_on: dt.date,
    occurred_at: dt.datetime | None = None,
    to_service: Service | None = None,
    destination_name: str = "",
    actor: User,
    membership: Any,
    api_token: ApiToken | None = None,
    external_id: str = "",
    payload_hash: str = "",
) -> Transition:
    """Record an admission, discharge or transfer, and tell everyone who must know, at once."""
    check_transition(
        from_service=from_service,
        kind=kind,
        destination=destination,
        to_service=to_service,
        occurred_on=occurred_on,
    )
    if api_token is None:
        same = Transition.objects.filter(
            person=person,
            kind=kind,
            from_service=from_service,
            destination=destination,
            to_service=to_service,
            occurred_on=occurred_on,
        )
        if same.exists():
            raise refused(None, "This has already been recorded for her: it is in the service's transitions")
    now = timezone.now()
    with transaction.atomic():
        recorded = Transition.objects.create(
            person=person,
            kind=kind,
            from_service=from_service,
            destination=destination,
            to_service=to_service,
            destination_name=destination_name.strip(),
            occurred_on=occurred_on,
            occurred_at=occurred_at,
            source=Transition.Source.API if api_token else Transition.Source.CLINICIAN,
            recorded_by=None if api_token else actor,
            api_token=api_token,
            external_id=external_id,
            payload_hash=payload_hash,
            recorded_at=now,
            decision=Transition.Decision.PENDING if to_service else "",
        )
        how = f"through the API (token {api_token.shown})" if api_token else "by staff"
        audit.record(
            actor,
            "create",
            recorded,
            membership=membership,
            summary=f"{recorded.get_kind_display()} {how}: {recorded.going_to}",
        )
        _notify(recorded, exclude=actor if api_token is None else None, now=now)
    return recorded


# Who is told ------------------------------------------------------------------------------


def recipients(transition: Transition) -> list[tuple[Any, Service, str]]:
    """(user, service, reason) for everyone to tell: each peer worker with an open allocation to
    her who still works in that service, and each active co-ordinator of the receiving service."""
    still_works_there = Exists(
        Membership.objects.filter(
            user_id=OuterRef("peer_worker_id"),
            service_id=OuterRef("peer_support__service_id"),
            active=True,
        )
    )
    allocations = (
        Allocation.objects.filter(
            peer_support__person=transition.person,
            peer_support__status__in=OPEN_STATUSES,
            ended_on__isnull=True,
        )
        .filter(still_works_there)
        .select_related("peer_worker", "peer_support__service")
        .order_by("pk")
    )
    found: dict[tuple[int, int], tuple[Any, Service, str]] = {}
    for allocation in allocations:
        service = allocation.peer_support.service
        key = (allocation.peer_worker_id, service.pk)
        found.setdefault(key, (allocation.peer_worker, service, TransitionNotice.Reason.PEER_WORKER))
    if transition.to_service is not None:
        coordinators = Membership.objects.filter(
            service=transition.to_service, role=Role.COORDINATOR, active=True
        ).select_related("user")
        for membership in coordinators.order_by("pk"):
            key = (membership.user_id, transition.to_service.pk)
            found.setdefault(key, (membership.user, transition.to_service, TransitionNotice.Reason.RECEIVING))
    return list(found.values())


def _email(transition: Transition, service: Service, reason: str) -> tuple[str, str]:
    """No names and no clinical detail in email (ADR 0007): the page has them."""
    done = _DONE[Kind(transition.kind)]
    when = f"{transition.occurred_on:%-d %B %Y}"
    if reason == TransitionNotice.Reason.RECEIVING:
        return (
            f"Alongside: a mother is coming to {service}",
            f"A mother has been {done} {service} from {transition.from_service} ({when}).\n"
            "Please accept her into peer support, or decline, in Alongside: Transitions.",
        )
    return (
        "Alongside: a mother you support is moving on",
        f"A mother you support at {service} has been {done} {transition.going_to} ({when}).\n"
        "Your Today page in Alongside has the details.",
    )


def _notify(transition: Transition, *, exclude: Any, now: dt.datetime) -> list[TransitionNotice]:
    notices = []
    for user, service, reason in recipients(transition):
        if exclude is not None and user.pk == exclude.pk:
            continue  # she recorded it herself
        email = None
        if user.email:
            subject, body = _email(transition, service, reason)
            email = OutboundEmail.objects.create(to=user.email, subject=subject, body=body)
        notices.append(
            TransitionNotice.objects.create(
                transition=transition,
                recipient=user,
                service=service,
                reason=reason,
                created_at=now,
                email=email,
            )
        )
    return notices


def notice_mark_seen(
    *, actor: User, membership: Membership | None, notice: TransitionNotice
) -> TransitionNotice:
    if notice.recipient_id != actor.pk:
        raise refused(None, "Only the person it is for can mark a notice as seen")
    if notice.seen_at is None:
        notice.seen_at = timezone.now()
        notice.save(update_fields=["seen_at"])
        audit.record(actor, "update", notice, membership=membership, summary="Notice of a transition seen")
    return notice


# The receiving co-ordinator's answer ------------------------------------------------------


def keepable_workers(transition: Transition) -> QuerySet[User]:
    """Her peer workers elsewhere who also work, as peer workers, at the receiving service."""
    if transition.to_service_id is None:
        return User.objects.none()
    allocated_elsewhere = Exists(
        Allocation.objects.filter(
            peer_worker_id=OuterRef("pk"), peer_support__person_id=transition.person_id, ended_on__isnull=True
        ).exclude(peer_support__service_id=transition.to_service_id)
    )
    works_there = Exists(
        Membership.objects.filter(
            user_id=OuterRef("pk"), service_id=transition.to_service_id, role=Role.PEER_WORKER, active=True
        )
    )
    return User.objects.filter(allocated_elsewhere, works_there).order_by("first_name", "last_name", "pk")


def current_workers(transition: Transition) -> list[Any]:
    """Her peer workers now, at any of our services: for the receiving co-ordinator to see."""
    allocations = (
        Allocation.objects.filter(
            peer_support__person_id=transition.person_id,
            peer_support__status__in=OPEN_STATUSES,
            ended_on__isnull=True,
        )
        .select_related("peer_worker", "peer_support__service")
        .order_by("pk")
    )
    return [(a.peer_worker, a.peer_support.service) for a in allocations]


def _check_pending(transition: Transition, membership: Membership) -> None:
    if transition.to_service_id is None or transition.to_service_id != membership.service_id:
        raise refused(None, "Only the service she is going to can accept or decline her")
    if transition.decision == Transition.Decision.ACCEPTED:
        raise refused(
            None, f"She was already accepted on {timezone.localtime(transition.decided_at):%-d %B %Y}"
        )
    if transition.decision == Transition.Decision.DECLINED:
        raise refused(
            None, f"This was already declined on {timezone.localtime(transition.decided_at):%-d %B %Y}"
        )


def _check_keep(transition: Transition, keep: list[Any]) -> None:
    to_service_id = transition.to_service_id
    if not keep or to_service_id is None:
        return
    hers = set(
        Allocation.objects.filter(peer_support__person_id=transition.person_id, ended_on__isnull=True)
        .exclude(peer_support__service_id=to_service_id)
        .values_list("peer_worker_id", flat=True)
    )
    works_there = set(
        Membership.objects.filter(service_id=to_service_id, role=Role.PEER_WORKER, active=True).values_list(
            "user_id", flat=True
        )
    )
    for worker in keep:
        if worker.pk not in hers:
            raise refused("keep", f"{worker} is not her peer worker now")
        if worker.pk not in works_there:
            raise refused("keep", f"{worker} does not work as a peer worker at {transition.to_service}")


def transition_accept(
    *, actor: User, membership: Membership, transition: Transition, keep: Iterable[Any] = ()
) -> PeerSupport:
    """Accept her into peer support at the receiving service; keep her peer worker if she works here too."""
    _check_pending(transition, membership)
    kept = list(keep)
    _check_keep(transition, kept)
    consent = transition.person.consents.first()
    if consent is None or not consent.is_current:
        raise refused(
            None, "She has not agreed to peer support, or has withdrawn her agreement: decline, with why"
        )
    today = timezone.localdate()
    with transaction.atomic():
        peer_support = (
            PeerSupport.objects.filter(
                person_id=transition.person_id, service_id=membership.service_id, status__in=OPEN_STATUSES
            )
            .order_by("-referred_on", "-pk")
            .first()
        )
        if peer_support is None:
            peer_support = PeerSupport.objects.create(
                person_id=transition.person_id,
                service_id=membership.service_id,
                source=PeerSupport.Source.CLINICIAN,
                referred_by=actor,
                referred_on=today,
                reason=f"{transition.get_kind_display()} from {transition.from_service}",
                status=Status.REFERRED,
                status_changed_on=today,
            )
            StatusChange.objects.create(
                peer_support=peer_support,
                status=Status.REFERRED,
                changed_on=today,
                changed_by=actor,
                note=f"Accepted after a {transition.get_kind_display().lower()} from "
                f"{transition.from_service}",
            )
            audit.record(
                actor, "create", peer_support, membership=membership, summary="Accepted at a transition"
            )
        if kept:
            try:
                support_services.allocation_create(
                    actor=actor, membership=membership, peer_support=peer_support, peer_workers=kept
                )
            except ValidationError as error:
                raise refused("keep", " ".join(error.messages)) from error
        transition.decision = Transition.Decision.ACCEPTED
        transition.decided_by = actor
        transition.decided_at = timezone.now()
        transition.peer_support = peer_support
        transition.save(update_fields=["decision", "decided_by", "decided_at", "peer_support"])
        kept_names = ", ".join(str(w) for w in kept)
        audit.record(
            actor,
            "update",
            transition,
            membership=membership,
            summary="Accepted into peer support" + (f", keeping {kept_names}" if kept else ""),
        )
    return peer_support


def transition_decline(
    *, actor: User, membership: Membership, transition: Transition, reason: str
) -> Transition:
    _check_pending(transition, membership)
    if not reason.strip():
        raise refused("reason", "Enter why peer support here is not right for her now")
    with transaction.atomic():
        transition.decision = Transition.Decision.DECLINED
        transition.decided_by = actor
        transition.decided_at = timezone.now()
        transition.decline_reason = reason.strip()
        transition.save(update_fields=["decision", "decided_by", "decided_at", "decline_reason"])
        audit.record(
            actor, "update", transition, membership=membership, summary="Declined at the receiving service"
        )
    return transition


# API tokens and settings --------------------------------------------------------------------


def api_token_create(*, actor: User, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """A new token for the acting service. Returns it with its plaintext, which is never kept."""
    name = name.strip()
    if not name:
        raise refused("name", "Enter the name of the system that will use it")
    if ApiToken.objects.filter(service_id=membership.service_id, name=name, revoked_at__isnull=True).exists():
        raise refused(
            "name", f"A token called {name} is in use already: revoke it first, or choose another name"
        )
    prefix, plaintext = ApiToken.new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            service_id=membership.service_id,
            name=name,
            prefix=prefix,
            token_hash=ApiToken.digest(plaintext),
            created_by=actor,
            created_at=timezone.now(),
        )
        audit.record(
            actor, "create", token, membership=membership, summary=f"API token {token.shown} created"
        )
    return token, plaintext


def api_token_revoke(*, actor: User, membership: Membership, token: ApiToken) -> ApiToken:
    if token.revoked_at is not None:
        raise refused(None, f"{token.name} was already revoked")
    with transaction.atomic():
        token.revoked_at = timezone.now()
        token.revoked_by = actor
        token.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            actor, "update", token, membership=membership, summary=f"API token {token.shown} revoked"
        )
    return token


def settings_update(*, actor: User, membership: Membership, continuity_days: int) -> TransitionSettings:
    if not FEWEST_DAYS <= continuity_days <= MOST_DAYS:
        raise refused("continuity_days", f"Enter between {FEWEST_DAYS} and {MOST_DAYS} days")
    with transaction.atomic():
        saved, _ = TransitionSettings.objects.update_or_create(
            service_id=membership.service_id, defaults={"continuity_days": continuity_days}
        )
        audit.record(
            actor,
            "update",
            saved,
            membership=membership,
            summary=f"Peer support counts as carried on after a contact within {continuity_days} days",
        )
    return saved


def api_call_record(**fields: Any) -> ApiCall:
    """An ApiCall row; the API audits it with who called and the answer."""
    return ApiCall.objects.create(**fields)


def person_reference_record(*, service: Service, person: Person, reference: str) -> PersonReference:
    """Remember a clinical system's reference for her, found by NHS number (audited with the event)."""
    return PersonReference.objects.create(
        service=service, person=person, reference=reference, created_at=timezone.now()
    )
