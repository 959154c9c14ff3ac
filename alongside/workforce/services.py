"""Writes for supervision, and for her employment and role. Each validates, runs in one
transaction and writes the audit trail (without the notes or the words of her role description:
the trail says what happened, never what was said)."""

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from alongside.accounts.models import User
from alongside.accounts.rules import PEER_SUPPORTER_ROLES, PERSON_LEVEL_ROLES
from alongside.audit import services as audit
from alongside.lib.postcode import DISTRICT_PATTERN
from alongside.lib.refusals import refused
from alongside.organisations.models import Employment, Membership, Role, Service
from alongside.workforce import access
from alongside.workforce.models import (
    NHS_KINDS,
    Action,
    ContractType,
    DutyKind,
    Involvement,
    InvolvementPart,
    Kind,
    NonPeerDuty,
    PayBand,
    Profile,
    Reflection,
    RoleDescription,
    SharedCoordinator,
    Supervision,
    SupervisionGuidance,
    WorkforceSettings,
)

LONGEST_MINUTES = 8 * 60
FEWEST_DAYS, MOST_DAYS = 7, 92  # weekly to quarterly (docs/domain.md, "Supervision frequency")


def works_in(user: Any, service: Service | int) -> bool:
    service_id = service if isinstance(service, int) else service.pk
    return Membership.objects.filter(
        user=user, service_id=service_id, role__in=PERSON_LEVEL_ROLES, active=True
    ).exists()


def check_supervisor(kind: str, supervisor: Any, service: Service, host: Any) -> None:
    """The rule for who may give each kind of supervision (ADR 0009)."""
    if kind in NHS_KINDS:
        if not works_in(supervisor, service):
            raise refused(
                "supervisor",
                f"{supervisor} does not work in {service}: "
                f"{Kind(kind).label.lower()} is given by staff of her service",
            )
    elif kind == Kind.HOST:
        from_host = Membership.objects.filter(user=supervisor, host_organisation=host, active=True).exists()
        if host is None or not from_host:
            raise refused(
                "supervisor",
                f"{supervisor} is not from {host}: supervision from her host organisation "
                "is given by someone there",
            )
    elif not Membership.objects.filter(user=supervisor, role__in=PEER_SUPPORTER_ROLES, active=True).exists():
        raise refused(
            "supervisor",
            f"{supervisor} is not a peer worker or co-ordinator: peer-to-peer supervision is given "
            "by another peer worker",
        )


def _check_session(
    *,
    actor: User,
    service: Service,
    peer_worker: Any,
    kind: str,
    held_on: dt.date,
    duration_minutes: int,
    supervisors: list[Any],
    editing: Supervision | None = None,
) -> None:
    """The rules for a session, whether it is being recorded or changed."""
    own = actor.pk == peer_worker.pk
    if held_on > timezone.localdate():
        raise refused("held_on", "A supervision cannot be dated in the future")
    if not 1 <= duration_minutes <= LONGEST_MINUTES:
        raise refused("duration_minutes", "How long must be between 1 and 480 minutes (8 hours)")
    hers = Membership.objects.filter(
        user=peer_worker, service=service, role=Role.PEER_WORKER, active=True
    ).first()
    if hers is None:
        raise refused("peer_worker", f"{peer_worker} is not a peer worker in {service}")
    if not supervisors:
        raise refused("supervisor", "Name the supervisor")
    if any(s.pk == peer_worker.pk for s in supervisors):
        raise refused(
            "supervisor", "You cannot be your own supervisor" if own else "She cannot supervise herself"
        )
    if not own and all(s.pk != actor.pk for s in supervisors):
        raise refused(
            "supervisor",
            "You can record your own supervision, or one you gave: name yourself as a supervisor",
        )
    if kind == Kind.HOST and hers.host_organisation_id is None:
        raise refused(
            "kind",
            f"{'You are' if own else 'She is'} not hosted by a third-sector organisation: "
            "choose another type of supervision",
        )
    for supervisor in supervisors:
        check_supervisor(kind, supervisor, service, hers.host_organisation)
    same = Supervision.objects.filter(peer_worker=peer_worker, kind=kind, held_on=held_on)
    if editing is not None:
        same = same.exclude(pk=editing.pk)
    if same.exists():
        raise refused(
            "held_on",
            f"{Kind(kind).label} on {held_on:%-d %B %Y} is already recorded for {'you' if own else 'her'}",
        )


def supervision_record(
    *,
    actor: User,
    membership: Membership,
    peer_worker: Any,
    kind: str,
    held_on: dt.date,
    duration_minutes: int,
    supervisors: Sequence[Any],
    wellbeing_discussed: bool,
    plans_reviewed: bool,
    notes: str = "",
    reflection: str = "",
) -> Supervision:
    """Record a supervision, by the peer worker herself or by one of her supervisors.

    Only she may write her reflection. The same kind of supervision is recorded once a day for
    her, so she and her supervisor cannot both record one session.
    """
    service = membership.service
    supervisors = list(dict.fromkeys(s for s in supervisors if s is not None))
    _check_session(
        actor=actor,
        service=service,
        peer_worker=peer_worker,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        supervisors=supervisors,
    )
    if reflection.strip() and actor.pk != peer_worker.pk:
        raise refused("reflection", "Only she can write her reflection")
    with transaction.atomic():
        supervision = Supervision.objects.create(
            peer_worker=peer_worker,
            service=service,
            kind=kind,
            held_on=held_on,
            duration_minutes=duration_minutes,
            wellbeing_discussed=wellbeing_discussed,
            plans_reviewed=plans_reviewed,
            notes=notes.strip(),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        supervision.supervisors.set(supervisors)
        if reflection.strip():
            reflection_save(actor=actor, supervision=supervision, text=reflection)
        audit.record(actor, "create", supervision, membership=membership, summary=f"{supervision} recorded")
    return supervision


def group_supervision_record(
    *,
    actor: User,
    membership: Membership,
    peer_workers: Sequence[Any],
    kind: str,
    held_on: dt.date,
    duration_minutes: int,
    supervisors: Sequence[Any],
    wellbeing_discussed_for: Sequence[Any],
    plans_reviewed: bool,
    notes: str = "",
) -> list[Supervision]:
    """One session with several peer workers, recorded once: a row for each of them (ADR 0009).

    All or nothing: if the session breaks a rule for any one of them, nothing is saved and the
    message names her. Wellbeing is per person: those not ticked were not discussed."""
    peer_workers = list(dict.fromkeys(p for p in peer_workers if p is not None))
    if not peer_workers:
        raise refused("peer_workers", "Choose the peer workers who were there")
    if any(p.pk == actor.pk for p in peer_workers):
        raise refused("peer_workers", "Record your own supervision on its own, not as part of a group")
    present = {p.pk for p in peer_workers}
    if any(p.pk not in present for p in wellbeing_discussed_for):
        raise refused("wellbeing_discussed_for", "Tick only peer workers who were there")
    discussed = {p.pk for p in wellbeing_discussed_for}
    saved = []
    with transaction.atomic():
        for her in peer_workers:
            try:
                saved.append(
                    supervision_record(
                        actor=actor,
                        membership=membership,
                        peer_worker=her,
                        kind=kind,
                        held_on=held_on,
                        duration_minutes=duration_minutes,
                        supervisors=supervisors,
                        wellbeing_discussed=her.pk in discussed,
                        plans_reviewed=plans_reviewed,
                        notes=notes,
                    )
                )
            except ValidationError as error:
                field = next(iter(error.message_dict), None) if hasattr(error, "error_dict") else None
                message = " ".join(error.messages)
                raise refused(
                    "peer_workers" if field == "peer_worker" else field, f"For {her}: {message}"
                ) from error
    return saved


def supervision_update(
    *,
    actor: User,
    membership: Membership,
    supervision: Supervision,
    kind: str,
    held_on: dt.date,
    duration_minutes: int,
    supervisors: Sequence[Any],
    wellbeing_discussed: bool,
    plans_reviewed: bool,
    notes: str = "",
) -> Supervision:
    """Change a recorded session: by whoever recorded it or a supervisor named on it, under the
    rules for recording one. Whose supervision it is does not change, nor does her reflection."""
    current = set(supervision.supervisors.values_list("pk", flat=True))
    if actor.pk != supervision.recorded_by_id and actor.pk not in current:
        raise refused(None, "A supervision is changed by whoever recorded it or one of its supervisors")
    supervisors = list(dict.fromkeys(s for s in supervisors if s is not None))
    _check_session(
        actor=actor,
        service=supervision.service,
        peer_worker=supervision.peer_worker,
        kind=kind,
        held_on=held_on,
        duration_minutes=duration_minutes,
        supervisors=supervisors,
        editing=supervision,
    )
    with transaction.atomic():
        supervision.kind, supervision.held_on, supervision.duration_minutes = kind, held_on, duration_minutes
        supervision.wellbeing_discussed, supervision.plans_reviewed = wellbeing_discussed, plans_reviewed
        supervision.notes = notes.strip()
        supervision.save()
        supervision.supervisors.set(supervisors)
        audit.record(actor, "update", supervision, membership=membership, summary=f"{supervision} changed")
    return supervision


def reflection_save(*, actor: User, supervision: Supervision, text: str) -> Reflection | None:
    """Hers alone: not audited (the trail is read by managers), like her wellbeing (ADR 0006).
    An empty reflection removes it."""
    if supervision.peer_worker_id != actor.pk:
        raise refused("text", "Only she can write her reflection")
    with transaction.atomic():
        if not text.strip():
            Reflection.objects.filter(supervision=supervision).delete()
            return None
        reflection, _ = Reflection.objects.update_or_create(
            supervision=supervision, defaults={"text": text.strip(), "updated_at": timezone.now()}
        )
    return reflection


def action_add(
    *,
    actor: User,
    membership: Membership,
    supervision: Supervision,
    need: str,
    description: str,
    owner: Any,
    due_on: dt.date,
) -> Action:
    """A training or support need identified in supervision becomes an action: who, and by when."""
    supervisor_ids = set(supervision.supervisors.values_list("pk", flat=True))
    if actor.pk != supervision.peer_worker_id and actor.pk not in supervisor_ids:
        raise refused(None, "Actions from a supervision are added by her or her supervisor")
    if not description.strip():
        raise refused("description", "Say what needs to happen")
    if owner.pk not in {supervision.peer_worker_id, *supervisor_ids} and not works_in(
        owner, supervision.service_id
    ):
        raise refused(
            "owner", f"{owner} is not her, one of her supervisors, or on the team of {supervision.service}"
        )
    if due_on < supervision.held_on:
        raise refused("due_on", "The date it is due cannot be before the supervision")
    with transaction.atomic():
        action = Action.objects.create(
            supervision=supervision,
            need=need,
            description=description.strip(),
            owner=owner,
            due_on=due_on,
            created_by=actor,
            created_at=timezone.now(),
        )
        audit.record(actor, "create", action, membership=membership, summary="Supervision action added")
    return action


def action_mark_done(
    *, actor: User, membership: Membership, action: Action, done_on: dt.date | None = None
) -> Action:
    done_on = done_on or timezone.localdate()
    if action.done_on:
        raise refused(None, "This action is already done")
    if done_on > timezone.localdate():
        raise refused("done_on", "It cannot be done in the future")
    with transaction.atomic():
        action.done_on, action.done_by = done_on, actor
        action.save(update_fields=["done_on", "done_by"])
        audit.record(actor, "update", action, membership=membership, summary="Supervision action done")
    return action


def settings_update(
    *, actor: User, membership: Membership, nhs_supervision_days: int, peer_supervision_days: int
) -> WorkforceSettings:
    """How often the service expects each half of dual supervision: weekly to quarterly."""
    for field, days in (
        ("nhs_supervision_days", nhs_supervision_days),
        ("peer_supervision_days", peer_supervision_days),
    ):
        if not FEWEST_DAYS <= days <= MOST_DAYS:
            raise refused(
                field, f"Enter between {FEWEST_DAYS} days (weekly) and {MOST_DAYS} days (quarterly)"
            )
    with transaction.atomic():
        saved, _ = WorkforceSettings.objects.update_or_create(
            service=membership.service,
            defaults={
                "nhs_supervision_days": nhs_supervision_days,
                "peer_supervision_days": peer_supervision_days,
            },
        )
        audit.record(
            actor,
            "update",
            saved,
            membership=membership,
            summary=f"Supervision expected every {nhs_supervision_days} days (NHS) and "
            f"{peer_supervision_days} days (peer)",
        )
    return saved


# Employment and role (principle 4) ----------------------------------------------------------

FEWEST_HOURS_A_WEEK, MOST_HOURS_A_WEEK = Decimal("0.5"), Decimal(48)  # 48: the Working Time Regulations
MOST_HOURS_A_DAY = Decimal(24)
MOST_CASELOAD = 40
NOT_WRITTEN_BY_HER = (
    "Only she or her co-ordinator can write her role description: it is in her own words (recommendation 13)"
)
NOT_LOGGED_BY_HER = "Only she or her co-ordinator can log her time on other duties"


def _profile(subject: Membership) -> Profile:
    profile = Profile.for_membership(subject)
    profile.membership = subject
    return profile


def check_band(band: str, *, paid: bool, on: dt.date) -> str:
    """A band code in force on the day, or nothing for a volunteer. Returns it tidied ("8A" is 8a)."""
    band = band.strip().lower()
    if not band:
        return ""
    if not paid:
        raise refused("band", "A volunteer is not paid, so has no pay band: leave the band empty")
    current = PayBand.current(on)
    if band not in current:
        codes = ", ".join(current)
        raise refused("band", f"There is no Agenda for Change band “{band}”: choose one of {codes}")
    return band


def profile_employment_update(
    *,
    actor: User,
    membership: Membership,
    subject: Membership,
    contract_type: str,
    contract_ends_on: dt.date | None,
    hours_per_week: Decimal | None,
    band: str,
    started_on: dt.date | None,
) -> Profile:
    """Her contract, hours and band: set by a co-ordinator or service manager of her service,
    never by herself. The employment model and host organisation are on her Membership."""
    if not access.can_edit_employment(membership, subject):
        raise refused(
            None,
            "You cannot change your own employment details: ask your service manager"
            if actor.pk == subject.user_id
            else "Employment details are changed by a co-ordinator or service manager of her service",
        )
    volunteer = subject.employment == Employment.VOLUNTEER
    if volunteer and contract_type not in ("", ContractType.VOLUNTEER):
        raise refused("contract_type", "She is a volunteer: her agreement is a volunteer agreement")
    if not volunteer and contract_type == ContractType.VOLUNTEER:
        raise refused(
            "contract_type", f"She is {subject.employment_label}: a volunteer agreement is for volunteers"
        )
    if contract_ends_on and contract_type == ContractType.PERMANENT:
        raise refused("contract_ends_on", "A permanent contract has no end date: leave it empty")
    if contract_ends_on and started_on and contract_ends_on < started_on:
        raise refused("contract_ends_on", "The contract cannot end before she started")
    if started_on and started_on > timezone.localdate():
        raise refused("started_on", "Enter the date she started: it cannot be in the future")
    if hours_per_week is not None and not FEWEST_HOURS_A_WEEK <= hours_per_week <= MOST_HOURS_A_WEEK:
        raise refused("hours_per_week", "Enter hours a week between 0.5 and 48")
    profile = _profile(subject)
    profile.contract_type = contract_type
    band = check_band(band, paid=profile.is_paid, on=timezone.localdate())
    with transaction.atomic():
        profile.contract_ends_on, profile.hours_per_week = contract_ends_on, hours_per_week
        profile.band, profile.started_on = band, started_on
        profile.save()
        audit.record(actor, "update", profile, membership=membership, summary="Employment details changed")
    return profile


def _districts(text: str) -> str:
    found = [part.strip().upper() for part in text.split(",") if part.strip()]
    for district in found:
        if not re.match(DISTRICT_PATTERN, district):
            raise refused(
                "areas",
                f"“{district}” is not a postcode district: use the first half of a postcode, like B12",
            )
    return ", ".join(dict.fromkeys(found))


def _caseload(max_caseload: int | None) -> int | None:
    if max_caseload is not None and not 0 <= max_caseload <= MOST_CASELOAD:
        raise refused("max_caseload", f"Enter a number from 0 to {MOST_CASELOAD}, or leave it empty")
    return max_caseload


def profile_offer_update(
    *,
    actor: User,
    membership: Membership,
    subject: Membership,
    languages: str,
    conditions: Sequence[Any],
    communities: Sequence[Any],
    areas: str,
    supports_fathers: bool,
    max_caseload: int | None,
) -> Profile:
    """What she offers, to be matched on: hers alone to fill in, and all of it optional. What she
    shares of her own experience is her choice (docs/domain.md, "What the product must not do")."""
    if actor.pk != subject.user_id:
        raise refused(None, "Only she can change what she offers")
    profile = _profile(subject)
    profile.areas = _districts(areas)
    profile.max_caseload = _caseload(max_caseload)
    profile.languages = ", ".join(dict.fromkeys(p.strip() for p in languages.split(",") if p.strip()))
    profile.supports_fathers = supports_fathers
    with transaction.atomic():
        profile.save()
        profile.conditions.set(conditions)
        profile.communities.set(communities)
        audit.record(actor, "update", profile, membership=membership, summary="What she offers changed")
    return profile


def profile_caseload_update(
    *, actor: User, membership: Membership, subject: Membership, max_caseload: int | None
) -> Profile:
    """How many people she can support at once: she, or those who manage the team of her service."""
    if not access.can_edit_caseload(membership, subject):
        raise refused(None, "Her caseload is set by her, or a co-ordinator or service manager of her service")
    profile = _profile(subject)
    profile.max_caseload = _caseload(max_caseload)
    with transaction.atomic():
        profile.save()
        audit.record(actor, "update", profile, membership=membership, summary="Caseload changed")
    return profile


def role_description_add(
    *,
    actor: User,
    membership: Membership,
    subject: Membership,
    text: str,
    co_written: bool = False,
    before_recruitment: bool = False,
) -> RoleDescription:
    """A new version of her role description, by her or her co-ordinator; earlier ones are kept."""
    if not access.can_write_for(membership, subject):
        raise refused(None, NOT_WRITTEN_BY_HER)
    if not text.strip():
        raise refused("text", "Write the role description")
    latest = RoleDescription.objects.filter(membership=subject).order_by("-version").first()
    if before_recruitment:
        if latest is not None:
            raise refused(
                "before_recruitment", "Only the first version can be one written before she was recruited"
            )
        if co_written or actor.pk == subject.user_id:
            raise refused(
                "before_recruitment",
                "A version written with her is not one written before she was recruited",
            )
    with transaction.atomic():
        version = RoleDescription.objects.create(
            membership=subject,
            version=(latest.version if latest else 0) + 1,
            text=text.strip(),
            written_by=actor,
            co_written=co_written,
            before_recruitment=before_recruitment,
            created_at=timezone.now(),
        )
        audit.record(
            actor,
            "create",
            version,
            membership=membership,
            summary=f"Role description version {version.version}",
        )
    return version


def non_peer_duty_log(
    *,
    actor: User,
    membership: Membership,
    subject: Membership,
    done_on: dt.date,
    hours: Decimal,
    kind: str,
    chosen: bool,
    description: str = "",
) -> NonPeerDuty:
    """Time she spent on a duty that is not peer support, logged by her or her co-ordinator."""
    if not access.can_write_for(membership, subject):
        raise refused(None, NOT_LOGGED_BY_HER)
    if done_on > timezone.localdate():
        raise refused("done_on", "Log time already spent: the date cannot be in the future")
    if not Decimal(0) < hours <= MOST_HOURS_A_DAY:
        raise refused("hours", "Enter hours between 0.1 and 24")
    if kind == DutyKind.OTHER and not description.strip():
        raise refused("description", "Say what the duty was")
    if kind == DutyKind.INVOLVEMENT_LEAD and chosen:
        raise refused(
            "chosen",
            "Leading service-user involvement by her own choice is part of her role as a peer worker, "
            "so it is not logged here",
        )
    with transaction.atomic():
        duty = NonPeerDuty.objects.create(
            membership=subject,
            done_on=done_on,
            hours=hours,
            kind=kind,
            description=description.strip(),
            chosen=chosen,
            logged_by=actor,
            logged_at=timezone.now(),
        )
        audit.record(
            actor, "create", duty, membership=membership, summary=f"{duty.hours} hours on other duties"
        )
    return duty


def drift_threshold_update(
    *, actor: User, membership: Membership, role_drift_percent: int
) -> WorkforceSettings:
    """The share of her hours on other duties above which role drift is flagged (default 20%)."""
    if not 1 <= role_drift_percent <= 100:
        raise refused("role_drift_percent", "Enter a percentage from 1 to 100")
    with transaction.atomic():
        saved, _ = WorkforceSettings.objects.update_or_create(
            service=membership.service, defaults={"role_drift_percent": role_drift_percent}
        )
        audit.record(
            actor,
            "update",
            saved,
            membership=membership,
            summary=f"Role drift flagged above {role_drift_percent}%",
        )
    return saved


# Co-ordinator cover, supervision guidance and involvement (ADR 0038) -------------------------

MANAGE_ONLY = "A co-ordinator or service manager of the service records this"


def _check_manager(membership: Membership) -> None:
    if not access.can_manage(membership):
        raise refused(None, MANAGE_ONLY)


def _not_future(field: str, day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise refused(field, f"{what} cannot be in the future")


def shared_coordinator_start(
    *, actor: User, membership: Membership, from_service: Service, started_on: dt.date, note: str = ""
) -> SharedCoordinator:
    """Recommendation 9: the acting service shares another service's co-ordinator from a day. An
    arrangement already in force ends the day before; the other service must have a co-ordinator."""
    _check_manager(membership)
    service = membership.service
    if from_service.pk == service.pk:
        raise refused("from_service", "Choose another service: a service cannot share its own co-ordinator")
    if not Membership.objects.filter(service=from_service, role=Role.COORDINATOR, active=True).exists():
        raise refused("from_service", f"{from_service} has no co-ordinator to share")
    if started_on > timezone.localdate() + dt.timedelta(days=366):
        raise refused("started_on", "Enter a start date within the next year")
    note = note.strip()
    if len(note) > 300:
        raise refused("note", "Keep the note to 300 characters or fewer")
    with transaction.atomic():
        for current in SharedCoordinator.objects.select_for_update().filter(service=service, ended_on=None):
            if current.started_on >= started_on:
                raise refused(
                    "started_on",
                    f"An arrangement with {current.from_service} starts on "
                    f"{current.started_on:%-d %B %Y}: start this one after it, or end that one first",
                )
            current.ended_on = started_on - dt.timedelta(days=1)
            current.save(update_fields=["ended_on"])
            audit.record(actor, "update", current, membership=membership, summary=f"{current} ended")
        shared = SharedCoordinator.objects.create(
            service=service,
            from_service=from_service,
            started_on=started_on,
            note=note,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        audit.record(actor, "create", shared, membership=membership, summary=f"{shared} recorded")
    return shared


def shared_coordinator_end(
    *, actor: User, membership: Membership, shared: SharedCoordinator, ended_on: dt.date
) -> SharedCoordinator:
    """End the arrangement on a day (its last day)."""
    _check_manager(membership)
    if shared.service_id != membership.service_id:
        raise refused(None, "That arrangement is another service's")
    if shared.ended_on is not None:
        raise refused("ended_on", f"It already ended on {shared.ended_on:%-d %B %Y}")
    if ended_on < shared.started_on:
        raise refused("ended_on", f"It started on {shared.started_on:%-d %B %Y}: end it on or after that day")
    with transaction.atomic():
        shared.ended_on = ended_on
        shared.save(update_fields=["ended_on"])
        audit.record(actor, "update", shared, membership=membership, summary=f"{shared} ended")
    return shared


def guidance_record(
    *,
    actor: User,
    membership: Membership,
    nhs_supervision_days: int,
    nhs_with: str,
    peer_supervision_days: int,
    peer_with: str,
    covers: str,
    agreed_on: dt.date,
    co_produced_by: Sequence[Any],
) -> SupervisionGuidance:
    """Recommendation 3: the service's co-produced supervision guidance, a new version each time.
    It must be co-produced: at least one of the service's peer workers. The version in force today
    sets the intervals the supervision figures are judged against (WorkforceSettings)."""
    _check_manager(membership)
    service = membership.service
    for field, days in (
        ("nhs_supervision_days", nhs_supervision_days),
        ("peer_supervision_days", peer_supervision_days),
    ):
        if not FEWEST_DAYS <= days <= MOST_DAYS:
            raise refused(
                field, f"Enter between {FEWEST_DAYS} days (weekly) and {MOST_DAYS} days (quarterly)"
            )
    nhs_with, peer_with, covers = nhs_with.strip(), peer_with.strip(), covers.strip()
    if not nhs_with:
        raise refused("nhs_with", "Say who gives NHS supervision")
    if not peer_with:
        raise refused("peer_with", "Say who gives peer supervision")
    if len(nhs_with) > 300 or len(peer_with) > 300:
        raise refused(
            "nhs_with" if len(nhs_with) > 300 else "peer_with", "Keep it to 300 characters or fewer"
        )
    if not covers:
        raise refused("covers", "Say what supervision covers")
    _not_future("agreed_on", agreed_on, "The date it was agreed")
    if not co_produced_by:
        raise refused(
            "co_produced_by",
            "Choose at least one peer worker who co-produced it: guidance must be co-produced",
        )
    team = set(
        Membership.objects.filter(service=service, role=Role.PEER_WORKER, active=True).values_list(
            "user_id", flat=True
        )
    )
    outsiders = [u for u in co_produced_by if u.pk not in team]
    if outsiders:
        raise refused("co_produced_by", f"{outsiders[0]} is not a peer worker of {service}")
    with transaction.atomic():
        guidance = SupervisionGuidance.objects.create(
            service=service,
            nhs_supervision_days=nhs_supervision_days,
            nhs_with=nhs_with,
            peer_supervision_days=peer_supervision_days,
            peer_with=peer_with,
            covers=covers,
            agreed_on=agreed_on,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        guidance.co_produced_by.set(co_produced_by)
        audit.record(actor, "create", guidance, membership=membership, summary=f"{guidance} recorded")
        in_force = (
            SupervisionGuidance.objects.filter(service=service, agreed_on__lte=timezone.localdate())
            .order_by("-agreed_on", "-pk")
            .first()
        )
        if in_force is not None and in_force.pk == guidance.pk:
            settings_update(
                actor=actor,
                membership=membership,
                nhs_supervision_days=nhs_supervision_days,
                peer_supervision_days=peer_supervision_days,
            )
    return guidance


MOST_MOTHERS = 500


def involvement_record(
    *,
    actor: User,
    membership: Membership,
    held_on: dt.date,
    shaped: str,
    mothers: int,
    parts: Sequence[tuple[Membership, bool, Decimal]],
) -> Involvement:
    """Principle 4: an occasion on which mothers with lived experience and peer workers shaped the
    service. Each part is (her membership, whether she chose it, hours). A part she did not choose
    is role drift, so it is also logged as a NonPeerDuty (not chosen), which the drift figure counts."""
    _check_manager(membership)
    service = membership.service
    shaped = shaped.strip()
    if not shaped:
        raise refused("shaped", "Say what was shaped")
    _not_future("held_on", held_on, "The date")
    if not 0 <= mothers <= MOST_MOTHERS:
        raise refused("mothers", f"Enter a number of mothers from 0 to {MOST_MOTHERS}")
    if mothers == 0 and not parts:
        raise refused("mothers", "Say who took part: mothers with lived experience, peer workers, or both")
    seen: set[int] = set()
    for subject, _chosen, hours in parts:
        if subject.service_id != service.pk or subject.role != Role.PEER_WORKER or not subject.active:
            raise refused("peer_workers", f"{subject.user} is not a peer worker of {service}")
        if subject.pk in seen:
            raise refused("peer_workers", f"{subject.user} is named twice")
        seen.add(subject.pk)
        if not Decimal(0) < hours <= MOST_HOURS_A_DAY:
            raise refused("peer_workers", f"Enter hours between 0.1 and 24 for {subject.user}")
    with transaction.atomic():
        involvement = Involvement.objects.create(
            service=service,
            held_on=held_on,
            shaped=shaped,
            mothers=mothers,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
        now = timezone.now()
        for subject, chosen, hours in parts:
            duty = None
            if not chosen:
                duty = NonPeerDuty.objects.create(
                    membership=subject,
                    done_on=held_on,
                    hours=hours,
                    kind=DutyKind.INVOLVEMENT_LEAD,
                    description=shaped[:200],
                    chosen=False,
                    logged_by=actor,
                    logged_at=now,
                )
            InvolvementPart.objects.create(
                involvement=involvement, membership=subject, chosen=chosen, hours=hours, duty=duty
            )
        audit.record(
            actor,
            "create",
            involvement,
            membership=membership,
            summary=f"{involvement} recorded: {mothers} mothers, {len(parts)} peer workers",
        )
    return involvement
