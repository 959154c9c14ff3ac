"""Writes for recruitment. Each validates, runs in one transaction and writes the audit trail."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.audit import services as audit
from alongside.lib.refusals import refused
from alongside.organisations.models import Employment, Membership
from alongside.recruitment import access
from alongside.recruitment.models import OUTCOMES, Candidate, CandidateStep, PanelMember, Vacancy

MOST_HOURS = Decimal(48)


def _check_vacancy(*, title: str, post: str, employment: str, hours_per_week: Decimal, band: str) -> None:
    if not title.strip():
        raise refused("title", "Give the vacancy a title")
    if not Decimal(0) < hours_per_week <= MOST_HOURS:
        raise refused("hours_per_week", "Hours a week must be more than 0 and no more than 48")
    volunteer_post = post == Vacancy.Post.VOLUNTEER
    if volunteer_post and employment != Employment.VOLUNTEER:
        raise refused("employment", "A volunteer peer supporter is a volunteer: choose Volunteer")
    if not volunteer_post and employment == Employment.VOLUNTEER:
        raise refused("employment", "A paid role is NHS-employed or hosted: a volunteer role is its own post")
    if volunteer_post and band.strip():
        raise refused("band", "A volunteer role has no pay band: leave the band empty")


def vacancy_create(
    *,
    actor: User,
    membership: Membership,
    title: str,
    post: str,
    employment: str,
    hours_per_week: Decimal,
    closes_on: dt.date,
    band: str = "",
) -> Vacancy:
    _check_vacancy(title=title, post=post, employment=employment, hours_per_week=hours_per_week, band=band)
    if closes_on < timezone.localdate():
        raise refused("closes_on", "The closing date cannot be in the past")
    with transaction.atomic():
        vacancy = Vacancy.objects.create(
            service=membership.service,
            title=title.strip(),
            post=post,
            employment=employment,
            hours_per_week=hours_per_week,
            band=band.strip(),
            closes_on=closes_on,
            created_by=actor,
            created_at=timezone.now(),
        )
        audit.record(actor, "create", vacancy, membership=membership, summary="Vacancy added")
    return vacancy


def vacancy_update(
    *,
    actor: User,
    membership: Membership,
    vacancy: Vacancy,
    title: str,
    post: str,
    employment: str,
    hours_per_week: Decimal,
    closes_on: dt.date,
    status: str,
    band: str = "",
) -> Vacancy:
    """Change what was advertised, or mark it filled or withdrawn."""
    _check_vacancy(title=title, post=post, employment=employment, hours_per_week=hours_per_week, band=band)
    if status == Vacancy.Status.OPEN and closes_on < timezone.localdate() and closes_on != vacancy.closes_on:
        raise refused("closes_on", "An open vacancy's closing date cannot be moved into the past")
    with transaction.atomic():
        vacancy.title, vacancy.post, vacancy.employment = title.strip(), post, employment
        vacancy.hours_per_week, vacancy.band = hours_per_week, band.strip()
        vacancy.closes_on, vacancy.status = closes_on, status
        vacancy.save()
        audit.record(actor, "update", vacancy, membership=membership, summary="Vacancy changed")
    return vacancy


def panel_member_add(*, actor: User, membership: Membership, vacancy: Vacancy, user: Any) -> PanelMember:
    """Add someone to the panel: from the service's team, or a peer worker hosted by one of its
    partner organisations. Anyone else is refused, saying why."""
    service = vacancy.service
    role = access.panel_role(user, service)
    if role is None:
        raise refused(
            "user",
            f"{user} does not work in {service} and is not a peer worker hosted by one of its "
            "partner organisations: the panel is drawn from the service's own team",
        )
    if PanelMember.objects.filter(vacancy=vacancy, user=user).exists():
        raise refused("user", f"{user} is already on the panel")
    with transaction.atomic():
        member = PanelMember.objects.create(
            vacancy=vacancy, user=user, role=role, added_by=actor, added_at=timezone.now()
        )
        audit.record(actor, "create", member, membership=membership, summary="Added to a selection panel")
    return member


def panel_member_remove(*, actor: User, membership: Membership, member: PanelMember) -> None:
    with transaction.atomic():
        audit.record(actor, "delete", member, membership=membership, summary="Removed from a selection panel")
        member.delete()


def candidate_add(
    *, actor: User, membership: Membership, vacancy: Vacancy, name: str, email: str = "", phone: str = ""
) -> Candidate:
    """A candidate is her name and a way to reach her. Her application is received today."""
    if vacancy.status != Vacancy.Status.OPEN:
        raise refused(
            None, f"This vacancy is {vacancy.get_status_display().lower()}: it takes no new candidates"
        )
    if not name.strip():
        raise refused("name", "Enter her name")
    if not email.strip() and not phone.strip():
        raise refused("email", "Give an email address or a phone number, so the panel can reach her")
    now = timezone.now()
    with transaction.atomic():
        candidate = Candidate.objects.create(
            vacancy=vacancy,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            added_by=actor,
            added_at=now,
        )
        CandidateStep.objects.create(
            candidate=candidate,
            kind=CandidateStep.Kind.APPLICATION,
            on=timezone.localdate(),
            outcome=CandidateStep.Outcome.RECEIVED,
            recorded_by=actor,
            recorded_at=now,
        )
        audit.record(actor, "create", candidate, membership=membership, summary="Candidate added")
    return candidate


def step_record(
    *, actor: User, membership: Membership, candidate: Candidate, kind: str, on: dt.date, outcome: str
) -> CandidateStep:
    """Record a step and what came of it. The presentation is hers to give or not: no step
    depends on it. An offer follows a successful interview."""
    allowed = OUTCOMES[kind]
    if outcome not in allowed:
        labels = ", ".join(CandidateStep.Outcome(o).label.lower() for o in allowed)
        raise refused("outcome", f"{CandidateStep.Kind(kind).label} can be: {labels}")
    if outcome != CandidateStep.Outcome.PLANNED and on > timezone.localdate():
        raise refused("on", "Only a planned step can be dated in the future")
    if candidate.vacancy.status == Vacancy.Status.WITHDRAWN:
        raise refused(None, "This vacancy was withdrawn")
    if (
        kind == CandidateStep.Kind.OFFER
        and not candidate.steps.filter(
            kind=CandidateStep.Kind.INTERVIEW, outcome=CandidateStep.Outcome.SUCCESSFUL
        ).exists()
    ):
        raise refused("kind", "Record a successful interview before an offer")
    with transaction.atomic():
        step = CandidateStep.objects.create(
            candidate=candidate,
            kind=kind,
            on=on,
            outcome=outcome,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(actor, "create", step, membership=membership, summary=f"Recruitment step: {step}")
    return step
